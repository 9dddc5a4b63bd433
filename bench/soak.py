"""Soak test: the app under gunicorn on PostgreSQL, mixed readers and writers, then a reconciliation.

    .venv/bin/python bench/soak.py                    # 5 minutes (the issue's soak)
    .venv/bin/python bench/soak.py --duration 30      # a quick run

It creates a fresh database (``forum_soak`` by default: dropped and re-created, never
anything else), migrates it, loads the reference data and a small seed (a consultation
collecting proposals without pre-moderation, seed proposals, writer accounts), starts
gunicorn with the repository's ``gunicorn.conf.py`` on a free port of 127.0.0.1, and runs
concurrent clients for ``--duration`` seconds (and at most ``--max-requests`` requests):

- readers: home page, consultation list and page, proposal pages, full-text search;
- writers, each logged in through the real form with the CSRF tokens of the pages:
  submit proposals (sometimes sending the same form twice, as a double click does),
  support proposals, comment on them.

Every write the server acknowledges is recorded (the proposal id from the redirect, the
success message carried in the session cookie for supports and comments). Afterwards the
database is reconciled: every acknowledged write is there exactly once, the counters
(supports, comments, published proposals) equal the rows, and no request got a 5xx. The
result is printed as JSON; the exit code is 0 only if everything reconciles.

Traffic goes to 127.0.0.1 only. Rate limits are switched off for the server under test
(RATELIMIT_ENABLED=false): every simulated person shares one address here.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from datetime import timedelta
from pathlib import Path

import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from app import create_app  # noqa: E402
from app.accounts.services import create_confirmed_user  # noqa: E402
from app.consultations.models import Consultation  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models_base import utcnow  # noqa: E402
from app.privacy.services import record_consent  # noqa: E402
from app.proposals.services import ProposalInput, submit_proposal  # noqa: E402
from app.reference.models import Driver  # noqa: E402
from app.reference.services import load_reference  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/forum_soak"
PASSWORD = "Lungo-ciclo-pazienza-2026"  # passes app/accounts/passwords.py (no "forum", no e-mail words)
SECRET_KEY = "soak-secret-" + uuid.uuid4().hex
HIDDEN = r'name="{name}"[^>]*value="([^"]*)"'
LOCATION_ID = re.compile(r"/proposte/(\d+)")


# --- database -------------------------------------------------------------------------


def prepare_database(url: str, writers: int, seed_proposals: int) -> dict:
    """Create, migrate and seed a fresh database; return what the clients need."""
    parsed = make_url(url)
    if not parsed.database or "soak" not in parsed.database:
        raise SystemExit("refusing to drop a database whose name does not contain 'soak'")
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY})
    with app.app_context():
        upgrade()
        load_reference()
        drivers = list(db.session.scalars(db.select(Driver).order_by(Driver.number)))
        start = utcnow() - timedelta(days=11)
        day = timedelta(days=1)
        consultation = Consultation(
            slug="soak",
            title="Consultazione di prova (soak)",
            description="Per la prova di durata.",
            is_premoderated=False,
            information_starts_at=start,
            collection_starts_at=start + 10 * day,
            discussion_starts_at=start + 40 * day,
            synthesis_starts_at=start + 60 * day,
            answers_starts_at=start + 80 * day,
            closes_at=start + 100 * day,
        )
        consultation.drivers = drivers
        db.session.add(consultation)
        version = app.config["PRIVACY_NOTICE_VERSION"]
        author = create_confirmed_user("autore@soak.example", "Autore del seme", PASSWORD)
        record_consent(author, version)
        emails = []
        for n in range(1, writers + 1):
            user = create_confirmed_user(f"scrittore{n}@soak.example", f"Scrittore {n}", PASSWORD)
            record_consent(user, version)
            emails.append(user.email)
        seeded = []
        for n in range(seed_proposals):
            proposal, _ = submit_proposal(
                author,
                consultation,
                ProposalInput(**_proposal_fields(f"Proposta seme {n}", drivers[n % len(drivers)].id)),
                final=True,
            )
            seeded.append(proposal.id)
        db.session.commit()
        serializer = app.session_interface.get_signing_serializer(app)
        info = {"slug": consultation.slug, "proposals": seeded, "emails": emails, "serializer": serializer}
        info["drivers"] = [d.id for d in drivers]
        db.engine.dispose()
    return info


def _proposal_fields(title: str, driver_id: int) -> dict:
    return {
        "title": title,
        "summary": "Una rete di percorsi ciclabili sicuri tra i comuni della zona.",
        "need": "Mancano collegamenti sicuri in bicicletta tra i comuni.",
        "action": "Progettare e realizzare nuovi percorsi ciclabili protetti.",
        "expected_results": "Meno traffico, più sicurezza, più persone in bicicletta.",
        "actors_involved": "Comuni, Città metropolitana, associazioni di ciclisti.",
        "driver_id": driver_id,
        "scope": "metropolitan",
    }


# --- server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(url: str, port: int, workers: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET_KEY,
        "RATELIMIT_ENABLED": "false",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_LOGLEVEL": "warning",
    }
    command = [str(Path(sys.executable).with_name("gunicorn")), "wsgi:app"]
    config = ROOT / "gunicorn.conf.py"
    if config.exists():
        command[1:1] = ["-c", str(config)]
    else:
        command[1:1] = ["--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--timeout", "30"]
    (ROOT / "instance").mkdir(exist_ok=True)
    log = open(ROOT / "instance" / "soak-gunicorn.log", "w")  # the server's own log, for a post-mortem
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_ready(base: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/privacy", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise SystemExit("gunicorn did not become ready")


# --- clients --------------------------------------------------------------------------


class Stats:
    """Everything the clients observed, shared between their threads."""

    def __init__(self, max_requests: int, deadline: float):
        self.lock = threading.Lock()
        self.max_requests, self.deadline = max_requests, deadline
        self.requests = 0
        self.statuses: Counter = Counter()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.server_errors: list[str] = []
        self.transport_errors: list[str] = []
        self.unexpected: list[str] = []
        self.proposals: dict[int, str] = {}  # acknowledged: id -> title
        self.double_submits = 0
        self.double_submit_mismatches: list[str] = []
        self.supports: set[tuple[str, int]] = set()  # acknowledged: (email, proposal id)
        self.comments: list[tuple[int, str]] = []  # acknowledged: (proposal id, body)

    def running(self) -> bool:
        return time.monotonic() < self.deadline and self.requests < self.max_requests

    def call(self, session: requests.Session, kind: str, method: str, url: str, **kwargs):
        with self.lock:
            if self.requests >= self.max_requests:
                return None
            self.requests += 1
        started = time.perf_counter()
        try:
            response = session.request(method, url, timeout=30, allow_redirects=False, **kwargs)
        except requests.RequestException as error:
            with self.lock:
                self.transport_errors.append(f"{kind} {url}: {type(error).__name__}")
            return None
        elapsed = time.perf_counter() - started
        with self.lock:
            self.statuses[response.status_code] += 1
            self.latency[kind].append(elapsed)
            if response.status_code >= 500:
                self.server_errors.append(f"{kind} {url}: {response.status_code}")
        return response


def hidden(page: str, name: str) -> str:
    match = re.search(HIDDEN.format(name=name), page)
    return match.group(1) if match else ""


def reader(base: str, seed: dict, stats: Stats, rng: random.Random) -> None:
    session = requests.Session()
    pages = [
        ("home", "/"),
        ("consultations", "/consultazioni/"),
        ("consultation", f"/consultazioni/{seed['slug']}"),
        ("search", f"/consultazioni/{seed['slug']}?q=percorsi+ciclabili"),
    ]
    while stats.running():
        if rng.random() < 0.5:
            with stats.lock:
                known = list(stats.proposals) or seed["proposals"]
            kind, path = "proposal", f"/proposte/{rng.choice(known + seed['proposals'])}"
        else:
            kind, path = rng.choice(pages)
        response = stats.call(session, kind, "GET", base + path)
        if response is not None and response.status_code != 200:
            with stats.lock:
                stats.unexpected.append(f"{kind} {path}: {response.status_code}")


def writer(base: str, seed: dict, email: str, stats: Stats, rng: random.Random) -> None:
    session = requests.Session()
    page = stats.call(session, "login_page", "GET", base + "/account/accedi")
    if page is None:
        return
    data = {"email": email, "password": PASSWORD, "csrf_token": hidden(page.text, "csrf_token")}
    response = stats.call(session, "login", "POST", base + "/account/accedi", data=data)
    if response is None or response.status_code != 302 or "consenso" in response.headers.get("Location", ""):
        with stats.lock:
            stats.unexpected.append(f"login {email}: {getattr(response, 'status_code', None)}")
        return
    own: set[int] = set()
    number = 0
    while stats.running():
        number += 1
        action = rng.choices(("submit", "support", "comment"), weights=(2, 5, 3))[0]
        if action == "submit":
            _submit(base, seed, email, number, session, stats, rng, own)
        else:
            _interact(base, seed, email, number, action, session, stats, rng, own)


def _submit(base, seed, email, number, session, stats, rng, own) -> None:
    form_url = f"{base}/consultazioni/{seed['slug']}/proposte/nuova"
    page = stats.call(session, "proposal_form", "GET", form_url)
    if page is None or page.status_code != 200:
        return
    title = f"Soak {email.split('@')[0]} n. {number}"
    data = {
        **_proposal_fields(title, rng.choice(seed["drivers"])),
        "zone_id": "",
        "intent": "submit",
        "csrf_token": hidden(page.text, "csrf_token"),
        "submission_token": hidden(page.text, "submission_token"),
    }
    response = stats.call(session, "submit", "POST", form_url, data=data)
    if response is None:
        return
    match = LOCATION_ID.search(response.headers.get("Location", ""))
    if response.status_code != 302 or not match:
        with stats.lock:
            stats.unexpected.append(f"submit {title}: {response.status_code}")
        return
    proposal_id = int(match.group(1))
    with stats.lock:
        stats.proposals[proposal_id] = title
    own.add(proposal_id)
    if rng.random() < 0.15:  # the same form sent again, as a double click or a reload does
        again = stats.call(session, "submit_again", "POST", form_url, data=data)
        if again is not None:
            with stats.lock:
                stats.double_submits += 1
                if again.headers.get("Location") != response.headers.get("Location"):
                    stats.double_submit_mismatches.append(f"{title}: {again.status_code}")


def _interact(base, seed, email, number, action, session, stats, rng, own) -> None:
    with stats.lock:
        candidates = [p for p in list(stats.proposals) + seed["proposals"] if p not in own]
    proposal_id = rng.choice(candidates)
    page = stats.call(session, "proposal", "GET", f"{base}/proposte/{proposal_id}")
    if page is None or page.status_code != 200:
        return
    token = hidden(page.text, "csrf_token")
    if action == "support":
        url, kind, data = f"{base}/proposte/{proposal_id}/sostieni", "support", {"csrf_token": token}
    else:
        body = f"Commento di prova {email.split('@')[0]} n. {number} ({uuid.uuid4().hex[:8]})"
        url, kind = f"{base}/proposte/{proposal_id}/commenti", "comment"
        data = {"csrf_token": token, "body": body, "submission_token": uuid.uuid4().hex}
    response = stats.call(session, kind, "POST", url, data=data)
    if response is None:
        return
    flashes = _flashes(seed, session)
    if response.status_code == 302 and any(c in ("success", "info") for c, _ in flashes):
        with stats.lock:
            if kind == "support":
                stats.supports.add((email, proposal_id))
            else:
                stats.comments.append((proposal_id, data["body"]))
    else:
        with stats.lock:
            stats.unexpected.append(f"{kind} {proposal_id}: {response.status_code} {flashes}")


def _flashes(seed, session: requests.Session) -> list:
    """The messages the last response left in the (signed) session cookie."""
    cookie = session.cookies.get("session")
    if not cookie:
        return []
    try:
        return seed["serializer"].loads(cookie).get("_flashes", [])
    except Exception:  # an unreadable cookie means no acknowledgement
        return []


# --- reconciliation -------------------------------------------------------------------


def reconcile(url: str, stats: Stats) -> dict:
    engine = create_engine(url)
    problems: list[str] = []
    with engine.connect() as conn:
        titles = dict(conn.execute(text("SELECT id, title FROM proposals")).all())
        for proposal_id, title in stats.proposals.items():
            if titles.get(proposal_id) != title:
                problems.append(f"acknowledged proposal {proposal_id} missing or changed")
        duplicates = conn.execute(
            text("SELECT title, count(*) FROM proposals GROUP BY title HAVING count(*) > 1")
        ).all()
        problems += [f"proposal {title!r} stored {n} times" for title, n in duplicates]
        support_rows = Counter(
            {
                (email, proposal_id): n
                for email, proposal_id, n in conn.execute(
                    text(
                        "SELECT u.email, s.proposal_id, count(*) FROM supports s "
                        "JOIN users u ON u.id = s.user_id GROUP BY u.email, s.proposal_id"
                    )
                )
            }
        )
        problems += [
            f"support {pair} stored {support_rows[pair]} times"
            for pair in stats.supports
            if support_rows[pair] != 1
        ]
        comment_rows = Counter(conn.execute(text("SELECT body FROM comments")).scalars())
        problems += [
            f"comment {body!r} stored {comment_rows[body]} times"
            for _, body in stats.comments
            if comment_rows[body] != 1
        ]
        counters = conn.execute(
            text(
                "SELECT p.id, p.supports_count, p.comments_count, "
                "(SELECT count(*) FROM supports s WHERE s.proposal_id = p.id), "
                "(SELECT count(*) FROM comments c WHERE c.proposal_id = p.id AND c.state = 'published') "
                "FROM proposals p"
            )
        ).all()
        problems += [
            f"proposal {pid}: counters {sc}/{cc}, rows {sr}/{cr}"
            for pid, sc, cc, sr, cr in counters
            if (sc, cc) != (sr, cr)
        ]
        published = conn.execute(
            text(
                "SELECT c.published_count, (SELECT count(*) FROM proposals p WHERE p.consultation_id = c.id "
                "AND p.state = 'published') FROM consultations c"
            )
        ).all()
        problems += [f"published_count {a} but {b} published" for a, b in published if a != b]
        totals = {
            "proposals": len(titles),
            "supports": conn.execute(text("SELECT count(*) FROM supports")).scalar(),
            "comments": sum(comment_rows.values()),
        }
    engine.dispose()
    unacknowledged = len([t for t in titles.values() if t.startswith("Soak ")]) - len(stats.proposals)
    return {"problems": problems, "rows": totals, "committed_but_not_acknowledged_proposals": unacknowledged}


def _percentiles(values: list[float]) -> dict:
    if not values:
        return {}
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {
        "count": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(pick(0.95) * 1000, 1),
        "p99_ms": round(pick(0.99) * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=300, help="seconds of load (default 300)")
    parser.add_argument("--readers", type=int, default=6)
    parser.add_argument("--writers", type=int, default=6)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--max-requests", type=int, default=200_000, help="stop after this many requests")
    parser.add_argument("--seed-proposals", type=int, default=20)
    parser.add_argument("--database-url", default=os.environ.get("SOAK_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--startup-timeout", type=float, default=240)
    args = parser.parse_args()

    seed = prepare_database(args.database_url, args.writers, args.seed_proposals)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(args.database_url, port, args.workers)
    try:
        wait_ready(base, args.startup_timeout)
        stats = Stats(args.max_requests, time.monotonic() + args.duration)
        rng = random.Random(2026)
        threads = [
            threading.Thread(target=reader, args=(base, seed, stats, random.Random(rng.random())))
            for _ in range(args.readers)
        ] + [
            threading.Thread(target=writer, args=(base, seed, email, stats, random.Random(rng.random())))
            for email in seed["emails"]
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(args.duration + 120)
        elapsed = time.monotonic() - started
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)

    reconciliation = reconcile(args.database_url, stats)
    ok = (
        not stats.server_errors
        and not stats.transport_errors
        and not stats.double_submit_mismatches
        and not reconciliation["problems"]
    )
    result = {
        "ok": ok,
        "duration_s": round(elapsed, 1),
        "clients": {"readers": args.readers, "writers": args.writers},
        "gunicorn_workers": args.workers,
        "requests": stats.requests,
        "requests_per_s": round(stats.requests / elapsed, 1) if elapsed else None,
        "statuses": {str(k): v for k, v in sorted(stats.statuses.items())},
        "server_errors_5xx": len(stats.server_errors),
        "transport_errors": len(stats.transport_errors),
        "unexpected_answers": len(stats.unexpected),
        "acknowledged_writes": {
            "proposals": len(stats.proposals),
            "double_submits_sent": stats.double_submits,
            "supports": len(stats.supports),
            "comments": len(stats.comments),
        },
        "double_submit_mismatches": len(stats.double_submit_mismatches),
        "reconciliation": reconciliation,
        "latency": {kind: _percentiles(values) for kind, values in sorted(stats.latency.items())},
        "examples": {
            "server_errors": stats.server_errors[:5],
            "transport_errors": stats.transport_errors[:5],
            "unexpected": stats.unexpected[:5],
        },
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
