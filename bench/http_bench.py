"""HTTP benchmark: the app under gunicorn on PostgreSQL, driven over loopback.

    .venv/bin/python bench/seed_large.py --create        # once: the data set
    .venv/bin/python bench/http_bench.py                 # JSON on stdout

1. Serves ``bench/hello_app.py`` (a bare Flask "hello world") with the repository's
   ``gunicorn.conf.py`` and measures it: the baseline.
2. Serves the app (``wsgi:app``) with the same settings against the bench database and
   measures each scenario for ``--duration`` seconds after ``--warmup`` seconds, with
   ``--clients`` concurrent clients in a separate process (``bench/_loadgen.py``), right
   after measuring the hello world again for 4 seconds (``hello_rps``).
3. Checks the writes left exact counters (rows created == counter increments) and reads
   the resident memory of every gunicorn worker.

Before the statistics scenarios it runs ``flask forum statistics-refresh --if-stale``: the
figures are then current from the first request (writes keep them so), as in production
after the first refresh. ``statistics_lag`` (not a load scenario) measures how long after a
support ``/statistiche`` shows it (bench/_statistics_lag.py).

Prints one JSON document: per scenario requests/s, p50/p95/p99 latency (ms), errors,
``ratio`` = requests/s ÷ the adjacent hello-world requests/s (the figure we track across
machines and across the drifts of one), ``x_cache`` (the page cache's answers) and
``other_cpu_s``: CPU seconds used meanwhile by processes foreign to the benchmark, out of
``machine_cpu_s`` (a figure measured while something else ran is not one to compare).
The app runs with ``RATELIMIT_ENABLED=0``: 16 clients on one address would otherwise hit
the per-IP limits, which is what they are for, not what is measured here.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import cycle
from pathlib import Path
from urllib.parse import quote_plus

import psycopg
from _common import BENCH_PASSWORD, ROOT, bench_url, psycopg_dsn, user_email
from _statistics_lag import measure_lag
from sqlalchemy.engine import make_url

BENCH_DIR = Path(__file__).resolve().parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
BOOT_TIMEOUT = 180
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
SEARCHES = (
    "pista ciclabile",
    "scuole aperte",
    "energia rinnovabile",
    "trasporto pubblico serale",
    "case di comunità",
    "riuso aree dismesse",
    "rete verde",
    "lavoro giovani",
)
READ_SCENARIOS = (
    "home",
    "consultation_filtered",
    "list_page_1",
    "list_page_500",
    "search",
    "proposal_500_comments",
    "statistics",
    "statistics_analyst",
    "actions_index",
    "action_page",
    "meetings",
    "meeting_1000_registrations",
)
WRITE_SCENARIOS = ("submit", "support", "mixed")
# Measured once the load scenarios are done: a support, then until /statistiche shows it.
LAG_SAMPLES = 5
# The seeded plan-office analyst (bench/_seed_rows.py STAFF).
ANALYST = 5
# In "mixed", this many of the clients support proposals non-stop while the others read.
MIXED_WRITERS = 2
# ... and the readers go round the read scenarios' pages and this many proposal pages.
MIXED_PROPOSAL_PAGES = 300


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="default: $BENCH_DATABASE_URL or forum_bench on localhost")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds per scenario")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds before each")
    parser.add_argument("--port", type=int, default=8811)
    parser.add_argument("--workers", help="GUNICORN_WORKERS for both servers (default: gunicorn.conf.py)")
    parser.add_argument("--threads", help="GUNICORN_THREADS for both servers")
    parser.add_argument("--only", nargs="*", help="run only these scenarios (hello always runs)")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL),
        help=f"REDIS_URL of the app (page cache, rate limits); '' for none (default {DEFAULT_REDIS_URL})",
    )
    parser.add_argument(
        "--no-page-cache", action="store_true", help="PAGE_CACHE_ENABLED=0: every page is rendered"
    )
    args = parser.parse_args(argv)
    url = bench_url(args.database_url)
    database = make_url(url).database
    vacuumed = _vacuum_if_autovacuum_is_off(url)
    facts = _facts(url)
    # PYTHONFAULTHANDLER: a worker that crashes in C code prints every thread's Python
    # traceback to the run's stderr.
    env = {**os.environ, "GUNICORN_LOGLEVEL": "warning", "PYTHONFAULTHANDLER": "1"}
    if args.workers:
        env["GUNICORN_WORKERS"] = args.workers
    if args.threads:
        env["GUNICORN_THREADS"] = args.threads
    base_spec = {
        "host": "127.0.0.1",
        "port": args.port,
        "clients": args.clients,
        "duration": args.duration,
        "warmup": args.warmup,
        "password": BENCH_PASSWORD,
        "consultation": facts["slug"],
        "proposal_ids": facts["support_ids"],
        "accounts": facts["accounts"],
    }
    result: dict = {
        "settings": {
            "clients": args.clients,
            "duration_s": args.duration,
            "workers": env.get("GUNICORN_WORKERS", "default"),
            "threads": env.get("GUNICORN_THREADS", "1"),
            "page_cache": "off" if args.no_page_cache else ("redis" if args.redis_url else "in-process"),
            "data": facts["sizes"],
            "vacuumed_first": vacuumed,
        }
    }
    # The baseline stays up (idle) while the app is measured: it is measured again, briefly,
    # just before each scenario, because the speed of a shared or virtual machine drifts
    # (by a factor of two within minutes on the 2-core VM of docs/performance.md); each
    # scenario's ratio divides by that adjacent figure.
    hello_port = args.port + 1
    hello_spec = {
        **base_spec,
        "port": hello_port,
        "scenario": {"name": "hello", "kind": "get", "paths": ["/"]},
    }
    hello_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{hello_port}"}
    with Server(["--pythonpath", str(BENCH_DIR), "hello_app:app"], hello_env, hello_port, "/"):
        result["hello_world"] = _measure(hello_spec, database)
        app_env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{args.port}",
            "DATABASE_URL": url,
            "RATELIMIT_ENABLED": "0",
            "SECRET_KEY": "bench-only-secret",
            "REDIS_URL": args.redis_url,
            "PAGE_CACHE_ENABLED": "0" if args.no_page_cache else "1",
            # A namespace of its own per run: no page cached by an earlier run is served.
            "PAGE_CACHE_KEY_PREFIX": f"forum-bench-{os.getpid()}-{int(time.time())}",
        }
        chosen = [s for s in (*READ_SCENARIOS, *WRITE_SCENARIOS) if not args.only or s in args.only]
        if any(name.startswith("statistics") for name in chosen + (args.only or [])):
            result["statistics_refresh"] = _refresh_statistics_if_stale(app_env)
        with Server(["wsgi:app"], app_env, args.port, "/") as server:
            result["pages"] = {
                name: _scenario(name, url, database, facts, base_spec, {**hello_spec, **ADJACENT_HELLO})
                for name in chosen
            }
            if not args.only or "statistics_lag" in args.only:
                base = f"http://127.0.0.1:{args.port}"
                result["statistics_lag"] = measure_lag(
                    base, facts, BENCH_PASSWORD, user_email(ANALYST), samples=LAG_SAMPLES
                )
                print(f"statistics_lag: {result['statistics_lag']}", file=sys.stderr)
            result["worker_rss_mb"] = server.worker_rss_mb()
    print(json.dumps(result, indent=2))
    return 0


def _refresh_statistics_if_stale(env: dict) -> dict:
    """The full refresh, if the stored figures are not current (a fresh seed, a bulk load)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "forum", "statistics-refresh", "--if-stale"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return {"output": done.stdout.strip(), "wall_s": round(time.perf_counter() - started, 1)}


# The short hello-world measurement just before each scenario.
ADJACENT_HELLO = {"duration": 4.0, "warmup": 1.0}


def _scenario(name: str, url: str, database: str, facts: dict, base_spec: dict, hello_spec: dict) -> dict:
    """Measure one scenario (after the adjacent hello world); writes get their counts checked."""
    hello_rps = _measure(hello_spec, database)["rps"]
    before = _counters(url, facts) if name in WRITE_SCENARIOS else None
    measured = _measure({**base_spec, "scenario": {"name": name, **_scenarios(facts)[name]}}, database)
    if before is not None:
        measured["counts"] = _check_counts(name, before, _counters(url, facts))
    measured["hello_rps"] = hello_rps
    measured["ratio"] = round(measured["rps"] / hello_rps, 3) if hello_rps else None
    print(
        f"{name}: {measured['rps']} req/s, p95 {measured['p95_ms']} ms, ratio {measured['ratio']}",
        file=sys.stderr,
    )
    return measured


def _scenarios(facts: dict) -> dict:
    base = f"/consultazioni/{facts['slug']}"
    statistics_pages = [
        "/statistiche",
        f"/statistiche?consultazione={facts['slug']}",
        f"/statistiche?zona={facts['zones'][-1]}",
        f"/statistiche?consultazione={facts['slug']}&zona={facts['zones'][1]}",
    ]
    filters = [f"{base}?driver={n}&sort=supported" for n in facts["drivers"]]
    filters += [f"{base}?zone={z}" for z in facts["zones"]]
    filters += [f"{base}?actor=associazione&sort=commented", f"{base}?driver=5&zone={facts['zones'][0]}"]
    scenarios = {
        "home": {"kind": "get", "paths": ["/"]},
        "consultation_filtered": {"kind": "get", "paths": filters},
        "list_page_1": {"kind": "get", "paths": [base]},
        "list_page_500": {"kind": "get", "paths": [f"{base}?page={facts['deep_page']}"]},
        "search": {"kind": "get", "paths": [f"{base}?q={quote_plus(q)}" for q in SEARCHES]},
        "proposal_500_comments": {"kind": "get", "paths": [f"/proposte/{facts['heavy_id']}"]},
        # /statistiche for visitors (the page cache) and for an analyst (exact figures,
        # rendered on every request from the pre-aggregated documents).
        "statistics": {"kind": "get", "paths": statistics_pages},
        "statistics_analyst": {"kind": "get_as", "account": user_email(ANALYST), "paths": statistics_pages},
        # From the Forum to the plan (issue 17): the list with its filters, and the pages of
        # the actions that gathered the most proposals (first page of their proposals).
        "actions_index": {"kind": "get", "paths": _action_list_paths(facts)},
        "action_page": {
            "kind": "get",
            "paths": [f"/dal-forum-al-piano/azioni/{a}" for a in facts["actions"]],
        },
        # Issue 17: the meetings' calendar (filtered by zone too) and the busiest meeting.
        "meetings": {
            "kind": "get",
            "paths": ["/incontri/", *[f"/incontri/?zone={z}" for z in facts["zones"]], "/incontri/?page=5"],
        },
        "meeting_1000_registrations": {
            "kind": "get",
            "paths": [
                f"/incontri/{facts['heavy_meeting']}",
                f"/incontri/{facts['heavy_meeting']}/calendario.ics",
            ],
        },
        "submit": {"kind": "submit"},
        "support": {"kind": "support"},
    }
    # Everyday traffic: visitors reading every kind of page (the proposal pages of a long
    # tail among them) while supports keep coming; the page cache must keep serving.
    # (Without the statistics pages: "mixed" stays comparable with the runs before them.)
    read_pages = [
        path
        for name, scenario in scenarios.items()
        if scenario["kind"] == "get" and name != "statistics"
        for path in scenario["paths"]
    ]
    proposal_pages = [f"/proposte/{pid}" for pid in facts["support_ids"][:MIXED_PROPOSAL_PAGES]]
    mixed_paths = [page for pair in zip(proposal_pages, cycle(read_pages)) for page in pair]
    scenarios["mixed"] = {"kind": "mixed", "writers": MIXED_WRITERS, "paths": mixed_paths}
    return scenarios


def _action_list_paths(facts: dict) -> list[str]:
    base = "/dal-forum-al-piano/"
    paths = [base, f"{base}?page=2", f"{base}?stato=in_progress", f"{base}?tipo=agreement"]
    paths += [f"{base}?driver={n}" for n in facts["drivers"]]
    paths += [f"{base}?zona={z}" for z in facts["zones"]]
    return paths


def _vacuum_if_autovacuum_is_off(url: str) -> bool:
    """VACUUM ANALYZE the bench database when the server runs without autovacuum (as CI
    machines do, for speed): earlier runs' writes would otherwise leave the visibility map
    stale and turn the list pages' index-only scans into heap visits — a state production
    (autovacuum on, thresholds of migration a9b8c7d6e5f4) does not stay in."""
    with psycopg.connect(psycopg_dsn(url), autocommit=True) as connection:
        if connection.execute("SHOW autovacuum").fetchone()[0] == "on":
            return False
        connection.execute("VACUUM (ANALYZE)")
    return True


def _facts(url: str) -> dict:
    """What the scenarios need from the seeded database."""
    with psycopg.connect(psycopg_dsn(url)) as connection:
        one = lambda query, *args: connection.execute(query, args).fetchone()  # noqa: E731
        cid, slug, published = one(
            "SELECT id, slug, published_count FROM consultations ORDER BY published_count DESC LIMIT 1"
        )
        heavy_id, heavy_comments = one(
            "SELECT id, comments_count FROM proposals ORDER BY comments_count DESC LIMIT 1"
        )
        drivers = [
            r[0]
            for r in connection.execute(
                "SELECT d.number FROM consultation_drivers cd JOIN drivers d ON d.id = cd.driver_id "
                "WHERE cd.consultation_id = %s ORDER BY d.number",
                (cid,),
            )
        ]
        zones = [r[0] for r in connection.execute("SELECT slug FROM zones ORDER BY id")]
        support_ids = [
            r[0]
            for r in connection.execute(
                "SELECT id FROM proposals WHERE consultation_id = %s AND state = 'published' "
                "ORDER BY random() LIMIT 5000",
                (cid,),
            )
        ]
        # Citizens without a representation (no "on behalf" choice on their forms).
        accounts = [
            user_email(r[0])
            for r in connection.execute(
                "SELECT id FROM users u WHERE id > 100 AND NOT EXISTS "
                "(SELECT 1 FROM representations r WHERE r.user_id = u.id) ORDER BY random() LIMIT 64"
            )
        ]
        sizes = {
            table: one(f"SELECT count(*) FROM {table}")[0]  # noqa: S608 (fixed names)
            for table in (
                "users",
                "proposals",
                "supports",
                "comments",
                "plan_actions",
                "action_links",
                "meetings",
                "meeting_registrations",
            )
        }
        actions = [
            r[0]
            for r in connection.execute(
                "SELECT action_id FROM action_links GROUP BY action_id ORDER BY count(*) DESC LIMIT 20"
            )
        ]
        heavy_meeting = one(
            "SELECT meeting_id FROM meeting_registrations GROUP BY meeting_id ORDER BY count(*) DESC LIMIT 1"
        )[0]
    return {
        "slug": slug,
        "drivers": drivers,
        "zones": zones,
        "heavy_id": heavy_id,
        "heavy_comments": heavy_comments,
        "heavy_meeting": heavy_meeting,
        "deep_page": max(1, min(500, published // 20)),
        "support_ids": support_ids,
        "accounts": accounts,
        "sizes": sizes,
        "actions": actions,
    }


def _counters(url: str, facts: dict) -> dict:
    with psycopg.connect(psycopg_dsn(url)) as connection:
        return dict(
            zip(
                ("supports", "supports_count", "proposals", "published", "published_count"),
                connection.execute(
                    "SELECT (SELECT count(*) FROM supports), (SELECT sum(supports_count) FROM proposals), "
                    "(SELECT count(*) FROM proposals), "
                    "(SELECT count(*) FROM proposals WHERE state = 'published'), "
                    "(SELECT sum(published_count) FROM consultations)"
                ).fetchone(),
                strict=True,
            )
        )


def _check_counts(name: str, before: dict, after: dict) -> dict:
    """Rows created by the scenario and the counters' increments must agree exactly."""
    delta = {key: int(after[key] - before[key]) for key in before}
    if name in ("support", "mixed"):
        exact = delta["supports"] == delta["supports_count"]
    else:
        exact = delta["published"] == delta["published_count"]
    return {**delta, "exact": exact}


def _measure(spec: dict, database: str) -> dict:
    """Run one scenario in the load generator; its figures, with ``other_cpu_s``: the CPU
    seconds used meanwhile by processes that are not part of the benchmark (not
    gunicorn, PostgreSQL, Redis or the load generator). Other work on the machine skews
    every figure; this says how much there was."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(spec, handle)
    before = _cpu_snapshot(database)
    try:
        done = subprocess.run(
            [sys.executable, str(BENCH_DIR / "_loadgen.py"), handle.name], capture_output=True, text=True
        )
        if done.returncode:
            raise SystemExit(f"load generator failed on {spec['scenario']['name']}:\n{done.stderr}")
        output = done.stdout
    finally:
        os.unlink(handle.name)
    after = _cpu_snapshot(database)
    machine = after.machine - before.machine
    ours = after.children - before.children
    ours += sum(seconds - before.processes.get(pid, 0.0) for pid, seconds in after.processes.items())
    return {
        **json.loads(output),
        "other_cpu_s": round(max(0.0, machine - ours), 1),
        "machine_cpu_s": round(machine, 1),
    }


@dataclass
class CpuSnapshot:
    machine: float  # busy CPU seconds of the whole machine since boot
    children: float  # CPU seconds of this process's finished children (the load generators)
    processes: dict[int, float]  # CPU seconds of each live benchmark process


def _cpu_snapshot(database: str) -> CpuSnapshot:
    """What the machine and the benchmark's processes have used so far: gunicorn, Redis,
    and the PostgreSQL processes serving the bench database or the whole server (not the
    backends of other databases, e.g. another test suite's)."""
    ticks = os.sysconf("SC_CLK_TCK")
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    # user nice system idle iowait irq softirq steal: busy = all but idle and iowait
    machine = sum(int(value) for index, value in enumerate(fields[:8]) if index not in (3, 4)) / ticks
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    processes = {}
    for directory in Path("/proc").glob("[0-9]*"):
        try:
            name, rest = (directory / "stat").read_text().split(" (", 1)[1].rsplit(") ", 1)
            title = (directory / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError, IndexError):
            continue
        if _is_bench_process(name, title, database):
            values = rest.split()
            processes[int(directory.name)] = (int(values[11]) + int(values[12])) / ticks
    return CpuSnapshot(machine, usage.ru_utime + usage.ru_stime, processes)


# A client backend's title: "postgres: [CLUSTER: ]USER DATABASE HOST(PORT)|[local] STATE".
POSTGRES_BACKEND = re.compile(r"^postgres: (?:\S+: )?\S+ (\S+) (?:\S+\(\d+\)|\[local\])")


def _is_bench_process(name: str, title: str, database: str) -> bool:
    if name.startswith(("gunicorn", "redis-server")):
        return True
    if not name.startswith("postgres"):
        return False
    backend = POSTGRES_BACKEND.match(title)
    return backend is None or backend.group(1) == database


class Server:
    """A gunicorn master with the repository's configuration, stopped on exit."""

    def __init__(self, target: list[str], env: dict, port: int, probe: str):
        self.command = [GUNICORN, "-c", str(ROOT / "gunicorn.conf.py"), *target]
        self.env, self.port, self.probe = env, port, probe
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env)
        deadline = time.monotonic() + BOOT_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock:
                    sock.sendall(f"GET {self.probe} HTTP/1.0\r\nHost: localhost\r\n\r\n".encode())
                    if sock.recv(12).startswith(b"HTTP/1."):
                        self._warm_every_worker()
                        return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise SystemExit(f"gunicorn did not answer within {BOOT_TIMEOUT} s")

    def _warm_every_worker(self) -> None:
        """Send a burst of concurrent requests, so every worker has imported the app and
        served once (the first request of a process loads templates and locale data)."""

        def probe(_n: int) -> None:
            with socket.create_connection(("127.0.0.1", self.port), timeout=BOOT_TIMEOUT) as sock:
                sock.sendall(f"GET {self.probe} HTTP/1.0\r\nHost: localhost\r\n\r\n".encode())
                while sock.recv(65536):
                    pass

        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(probe, range(64)))

    def worker_pids(self) -> list[int]:
        pids = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if f"\nPPid:\t{self.process.pid}\n" in text:
                pids.append(int(status.parent.name))
        return pids

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each worker process (children of the master), in MB."""
        sizes = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            rss_kb = next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))
            sizes.append(round(int(rss_kb) / 1024, 1))
        return sorted(sizes)

    def __exit__(self, *_exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


if __name__ == "__main__":
    sys.exit(main())
