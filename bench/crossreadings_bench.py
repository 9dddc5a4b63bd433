"""How long the analysts' cross-readings page takes on the demo data (issue 15: under 500 ms).

    .venv/bin/python bench/crossreadings_bench.py                 # builds the demo in a temp file
    .venv/bin/python bench/crossreadings_bench.py --database PATH # reuse a demo SQLite file
    .venv/bin/python bench/crossreadings_bench.py --runs 7 --warm 5 > result.json

The demo database is built as ``make demo`` builds it (migrations, reference data, demo
set, the themes of every consultation, their charts drawn when each run ends). Each measured
run is a fresh Python process (the "first render" people saw: cold imports, no reference
snapshot, no page cache) with an empty temporary directory of its own, so nothing an earlier
process kept on disk helps it (charts drawn on demand, compiled templates; matplotlib's font
cache is kept: a host builds it once) unless ``--keep-disk-caches``; each process
logs the demo analyst in and times the first GET of every consultation's cross-readings
page, then ``--warm`` more GETs of the same pages. Prints JSON: the medians, the worst
first render, the pages measured, and whether any measured process loaded matplotlib (the
charts are drawn when a run ends, so the pages should only read them). Speed is measured here,
never in the unit tests.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_MS = 500


def _app(database: Path):
    from app import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "WTF_CSRF_ENABLED": False,
            "REDIS_URL": "",
            "TESTING": False,
        }
    )


def build_demo(database: Path) -> None:
    """The demo database, as ``make demo`` leaves it (with its themes computed)."""
    from flask_migrate import upgrade

    from app.demo.services import load_demo
    from app.extensions import db
    from app.reference.services import load_reference

    app = _app(database)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        load_reference()
        db.session.commit()
        load_demo()
        db.session.commit()
    result = app.test_cli_runner().invoke(
        args=["synthesis", "run", "--consultation", "all", "--skip-existing"]
    )
    if result.exit_code != 0:
        raise SystemExit(result.output)


def measure_once(database: Path, warm: int) -> dict:
    """In this (fresh) process: the first render of each page, then ``warm`` more."""
    from sqlalchemy import select

    from app.consultations.models import Consultation
    from app.demo.content import DEMO_PASSWORD
    from app.demo.services import demo_logins
    from app.extensions import db
    from app.synthesis.runs.queries import get_current_run

    app = _app(database)
    with app.app_context():
        email = next(e for name, e in demo_logins() if name.startswith("analista"))
        slugs = [
            c.slug
            for c in db.session.scalars(select(Consultation).order_by(Consultation.id))
            if get_current_run(c.id, "all") is not None
        ]
        db.session.remove()
    client = app.test_client()
    response = client.post("/account/accedi", data={"email": email, "password": DEMO_PASSWORD})
    if response.status_code != 302:
        raise SystemExit(f"could not log in as {email}: HTTP {response.status_code}")
    first, warm_times = {}, {}
    for slug in slugs:
        started = time.perf_counter()
        response = client.get(f"/sintesi/consultazioni/{slug}/letture")
        first[slug] = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{slug}: HTTP {response.status_code}")
    for slug in slugs:
        times = []
        for _ in range(warm):
            started = time.perf_counter()
            client.get(f"/sintesi/consultazioni/{slug}/letture")
            times.append((time.perf_counter() - started) * 1000)
        warm_times[slug] = statistics.median(times)
    loaded = any(name.split(".")[0] == "matplotlib" for name in sys.modules)
    return {"first_ms": first, "warm_ms": warm_times, "matplotlib_loaded": loaded}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, help="a demo SQLite file (built if missing)")
    parser.add_argument("--runs", type=int, default=5, help="fresh processes (first renders)")
    parser.add_argument("--warm", type=int, default=5, help="more renders per page in each process")
    parser.add_argument(
        "--keep-disk-caches",
        action="store_true",
        help="let the processes share the system's temporary directory (charts drawn on demand, "
        "compiled templates kept by earlier processes)",
    )
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure_only:
        print(json.dumps(measure_once(args.database, args.warm)))
        return
    database = args.database or Path(tempfile.mkdtemp(prefix="forum-bench-")) / "demo.sqlite"
    if not database.exists():
        print(f"building the demo database in {database} (a few minutes)…", file=sys.stderr)
        build_demo(database)
    runs = []
    fonts = os.path.join(tempfile.gettempdir(), "forum-matplotlib")
    for n in range(args.runs):
        env = dict(os.environ)
        if not args.keep_disk_caches:
            env.update(TMPDIR=tempfile.mkdtemp(prefix="forum-bench-tmp-"), MPLCONFIGDIR=fonts)
        output = subprocess.run(
            [
                sys.executable,
                __file__,
                "--measure-only",
                "--database",
                str(database),
                "--warm",
                str(args.warm),
            ],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
        ).stdout
        runs.append(json.loads(output.strip().splitlines()[-1]))
        print(f"run {n + 1}/{args.runs} done", file=sys.stderr)
    firsts = [ms for run in runs for ms in run["first_ms"].values()]
    warms = [ms for run in runs for ms in run["warm_ms"].values()]
    result = {
        "database": str(database),
        "pages": sorted(runs[0]["first_ms"]),
        "runs": args.runs,
        "disk_caches_kept_between_processes": args.keep_disk_caches,
        "first_render_median_ms": round(statistics.median(firsts), 1),
        "first_render_worst_ms": round(max(firsts), 1),
        "warm_median_ms": round(statistics.median(warms), 1),
        "target_ms": TARGET_MS,
        "first_render_median_under_target": statistics.median(firsts) < TARGET_MS,
        "matplotlib_loaded_by_a_page": any(run["matplotlib_loaded"] for run in runs),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
