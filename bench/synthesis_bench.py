"""A theme run on 10,000 demo-like proposals in the background, and page latency meanwhile.

    .venv/bin/python bench/synthesis_bench.py                       # both modes, 10,000 proposals
    .venv/bin/python bench/synthesis_bench.py --mode rq --reuse     # keep the seeded database

What it does:

1. (unless ``--reuse``) drops and recreates a PostgreSQL bench database (its name must contain
   "bench"), applies the migrations, loads the reference data and writes one consultation with
   ``--proposals`` published proposals whose texts come from the demo generator
   (:mod:`app.demo.generator`, every Driver and sub-theme, citizens' and organisations' registers);
2. starts the real stack: ``gunicorn -w 2 wsgi:app`` and, in ``rq`` mode, ``rq worker forum-nlp``
   (the README's command) against Redis;
3. measures the home page and the consultation page for a few seconds (baseline), logs in as an
   analyst, starts a run through the workspace form (HTTP POST), keeps requesting the two pages
   while polling the run's JSON status, and reports the run's duration, the latencies during the
   run against the baseline, and the peak memory of the process that ran the job.

``thread`` mode runs the job inside a gunicorn worker (no ``REDIS_URL``), as the demo does.
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
import time
from datetime import timedelta
from pathlib import Path

import psycopg
import requests
from _common import ROOT, bench_url, psycopg_dsn
from flask_migrate import upgrade
from psycopg import sql
from sqlalchemy import insert, select
from sqlalchemy.engine import make_url
from werkzeug.security import generate_password_hash

from app import create_app
from app.accounts.models import RoleAssignment, User
from app.consultations.models import Consultation
from app.demo import content, generator
from app.extensions import db
from app.models_base import utcnow
from app.privacy.services import record_consent
from app.proposals.models import Proposal
from app.reference.models import ActorType, Driver
from app.reference.services import load_reference

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/forum_bench_synthesis"
ANALYST_EMAIL = "analista@bench.forum.example"
ANALYST_PASSWORD = "Bench-Forum-2026"
SLUG = "consultazione-bench-sintesi"
ORGANISATIONS = ["Legambiente Lombardia", "Fondazione Cariplo", "Assolombarda", "Politecnico di Milano"]


def create_database(url: str) -> None:
    name = make_url(url).database
    if "bench" not in name:
        raise SystemExit(f"refusing to drop {name!r}: bench database names contain 'bench'")
    admin = psycopg_dsn(str(make_url(url).set(database="postgres").render_as_string(hide_password=False)))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def demo_texts(count: int, seed: int) -> list[tuple[int, generator.ProposalText]]:
    """``count`` (driver number, text) pairs recombined by the demo generator."""
    rng = random.Random(seed)
    used: set[str] = set()
    numbers = sorted(content.DRIVERS)
    out = []
    for index in range(count):
        number = numbers[index % len(numbers)]
        subtheme = rng.choice(content.DRIVERS[number]["subthemes"])
        kind = rng.choice(("citizen", "citizen", "citizen", "organisation"))
        author = generator.Author(kind, rng.choice(ORGANISATIONS) if kind == "organisation" else "")
        text = generator.proposal_text(
            rng, number, subtheme, generator.Territory("metropolitan"), author, used
        )
        out.append((number, text))
    return out


def seed(url: str, proposals: int) -> None:
    create_database(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        load_reference()
        db.session.commit()
        analyst = User(
            email=ANALYST_EMAIL,
            display_name="Analista bench",
            password_hash=generate_password_hash(ANALYST_PASSWORD),
            confirmed_at=utcnow(),
        )
        author = User(
            email="autore@bench.forum.example",
            display_name="Autore",
            password_hash="x",
            confirmed_at=utcnow(),
        )
        db.session.add_all([analyst, author])
        db.session.flush()
        db.session.add(RoleAssignment(user_id=analyst.id, role="analyst"))
        record_consent(analyst, app.config["PRIVACY_NOTICE_VERSION"])
        start = utcnow() - timedelta(days=61)
        day = timedelta(days=1)
        consultation = Consultation(
            slug=SLUG,
            title="Consultazione di prova (10.000 proposte)",
            description="Benchmark.",
            information_starts_at=start,
            collection_starts_at=start + 10 * day,
            discussion_starts_at=start + 40 * day,
            synthesis_starts_at=start + 60 * day,
            answers_starts_at=start + 80 * day,
            closes_at=start + 100 * day,
            published_count=proposals,
        )
        consultation.drivers = list(db.session.scalars(select(Driver)))
        db.session.add(consultation)
        db.session.flush()
        drivers = {d.number: d.id for d in db.session.scalars(select(Driver))}
        citizen = db.session.scalar(select(ActorType.id).where(ActorType.code == "cittadino"))
        now = utcnow()
        rows = [
            {
                "consultation_id": consultation.id,
                "author_id": author.id,
                "actor_type_id": citizen,
                "title": text.title,
                "summary": text.summary,
                "need": text.need,
                "action": text.action,
                "expected_results": text.expected_results,
                "actors_involved": text.actors_involved,
                "driver_id": drivers[number],
                "state": "published",
                "submitted_at": now,
                "published_at": now,
            }
            for number, text in demo_texts(proposals, 2026)
        ]
        db.session.execute(insert(Proposal), rows)
        db.session.commit()
        db.engine.dispose()
    print(f"seeded {proposals} proposals", file=sys.stderr)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def descendants(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                children.append(int(entry.name))
    return children + [g for c in children for g in descendants(c)]


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def wait_http(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            requests.get(base + "/", timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.3)
    raise SystemExit("the server did not start")


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def login(base: str) -> requests.Session:
    session = requests.Session()
    page = session.get(base + "/account/accedi")
    answer = session.post(
        base + "/account/accedi",
        data={"csrf_token": csrf_of(page.text), "email": ANALYST_EMAIL, "password": ANALYST_PASSWORD},
    )
    if "/sintesi/" not in session.get(base + "/sintesi/").url:
        raise SystemExit(f"analyst login failed ({answer.status_code})")
    return session


def timed_get(url: str) -> float:
    started = time.perf_counter()
    response = requests.get(url, timeout=60)
    response.raise_for_status()
    return (time.perf_counter() - started) * 1000


def summary(samples: list[float]) -> dict:
    if not samples:
        return {}
    ordered = sorted(samples)
    return {
        "n": len(samples),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "max_ms": round(ordered[-1], 1),
    }


def measure(mode: str, url: str, redis_url: str, baseline_seconds: float) -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench-secret", "REDIS_URL": ""}
    if mode == "rq":
        env["REDIS_URL"] = redis_url
    processes = []
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    processes.append(server)
    job_owner = server
    if mode == "rq":
        worker = subprocess.Popen(
            [str(ROOT / ".venv/bin/rq"), "worker", "forum-nlp", "--url", redis_url],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes.append(worker)
        job_owner = worker
    try:
        wait_http(base)
        pages = [base + "/", base + f"/consultazioni/{SLUG}"]
        for page in pages:  # warm both workers' caches and templates
            for _ in range(4):
                timed_get(page)
        baseline: list[float] = []
        until = time.monotonic() + baseline_seconds
        while time.monotonic() < until:
            baseline.extend(timed_get(page) for page in pages)

        analyst = login(base)
        form = analyst.get(base + f"/sintesi/consultazioni/{SLUG}")
        started = time.perf_counter()
        answer = analyst.post(
            base + f"/sintesi/consultazioni/{SLUG}/esecuzioni",
            data={"csrf_token": csrf_of(form.text), "driver": "all", "k": "", "seed": "0"},
            allow_redirects=False,
        )
        post_ms = (time.perf_counter() - started) * 1000
        location = answer.headers.get("Location", "")
        if answer.status_code != 302 or "/esecuzioni/" not in location:
            raise SystemExit(f"the run did not start: {answer.status_code} {answer.text[:500]}")
        run_url = base + location.split(f"127.0.0.1:{port}")[-1] + ".json"
        during: list[float] = []
        peak = 0.0
        status: dict = {}
        last_poll = 0.0
        while True:
            during.extend(timed_get(page) for page in pages)
            peak = max([peak] + [rss_mb(p) for p in [job_owner.pid, *descendants(job_owner.pid)]])
            if time.monotonic() - last_poll > 1:
                last_poll = time.monotonic()
                status = analyst.get(run_url).json()
                if status["status"] in ("succeeded", "failed"):
                    break
            if time.perf_counter() - started > 3600:
                raise SystemExit("the run did not finish in an hour")
        elapsed = time.perf_counter() - started
        return {
            "mode": mode,
            "run": {
                k: status.get(k) for k in ("id", "status", "documents", "themes", "code_version", "error")
            },
            "post_returned_ms": round(post_ms, 1),
            "run_seconds": round(elapsed, 1),
            "engine_k": status.get("params", {}).get("k"),
            "pages_before": summary(baseline),
            "pages_during": summary(during),
            "peak_rss_mb_of_job_process": round(peak),
        }
    finally:
        for process in reversed(processes):
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=None, help=f"default: $BENCH_DATABASE_URL or {DEFAULT_URL}")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"))
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--mode", choices=("rq", "thread", "both"), default="both")
    parser.add_argument("--reuse", action="store_true", help="keep the database seeded by a previous call")
    parser.add_argument("--baseline-seconds", type=float, default=8.0)
    args = parser.parse_args(argv)
    url = args.database_url or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL
    if url == bench_url():  # never the shared forum_bench of seed_large.py by accident
        url = DEFAULT_URL
    if not args.reuse:
        seed(url, args.proposals)
    results = []
    for mode in ("rq", "thread") if args.mode == "both" else (args.mode,):
        result = measure(mode, url, args.redis_url, args.baseline_seconds)
        print(json.dumps(result, indent=2))
        results.append(result)
    return 0 if all(r["run"]["status"] == "succeeded" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
