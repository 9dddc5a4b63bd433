"""Benchmark of nlp/ in one command: themes on real text by the public (gold k and automatic k, label
checks, standard methods on the same texts), the Driver suggestion, near-duplicates, and speed and
memory against a reference pipeline. Prints one JSON document (and a summary on stderr).

    python bench/nlp_bench.py            # everything (about 15 minutes on 2 cores)
    python bench/nlp_bench.py --quick    # 20,000 instead of 100,000 proposals, one run each

Sets: tests/nlp/data/terremotocentro.jsonl (the development set of real text, split in halves by
id: the report half is the one quoted), ../shared/data/nlp-dev/drivers.jsonl or its copy in
tests/nlp/data (plan text: the suggestion, and the synthetic proposals of the speed runs).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from nlp_data import DEV_SET, load_dev  # noqa: E402
from nlp_demo import demo_labels  # noqa: E402
from nlp_dups import duplicates  # noqa: E402
from nlp_quality import plan_text, real_text  # noqa: E402
from nlp_speed import automatic_k, compare  # noqa: E402

from nlp import Document, analyse, assign  # noqa: E402

FALLBACK_DEV = ROOT / "tests" / "nlp" / "data" / "drivers_dev.jsonl"


def _dev_rows() -> list[dict]:
    return load_dev(DEV_SET if DEV_SET.exists() else FALLBACK_DEV)


def assign_latency(rows: list[dict]) -> dict:
    """Median time to place one new text in existing themes."""
    docs = [Document(r["id"], r["text"]) for r in rows]
    result = analyse(docs, k=10, seed=0)
    times = []
    for d in docs[:60]:
        t0 = time.perf_counter()
        assign(result, d)
        times.append(time.perf_counter() - t0)
    return {"single_assign_ms_median": round(statistics.median(times) * 1000, 2)}


def _summary(report: dict) -> str:
    real = report["real_text"]["report"]
    speed = report["speed"]
    dup = report["duplicates"]
    lines = [
        f"real text, report half: NMI gold k {real['gold_k']['nmi']} (k={real['gold_k']['k_per_seed']}), "
        f"automatic k {real['automatic_k']['nmi']} (k={real['automatic_k']['k_per_seed']}); "
        f"standard methods {real['baselines_gold_k']}",
        f"labels passing checks: gold k {real['gold_k']['labels_passing_checks']}, "
        f"automatic k {real['automatic_k']['labels_passing_checks']}; "
        f"coverage {real['gold_k']['label_coverage_mean']} / {real['automatic_k']['label_coverage_mean']}",
        "demo labels passing checks: "
        + ", ".join(
            f"{c['labels_passing_checks']} (coverage {c['label_coverage_mean']})"
            for c in report["demo"].values()
        ),
        f"duplicates fixture: reworded P {dup['fixture_reworded']['precision_per_seed']} "
        f"R {dup['fixture_reworded']['recall_per_seed']}, clause moved "
        f"R {dup['fixture_clause_moved']['recall_per_seed']}",
        f"speed {speed['compare']['documents']}: engine {speed['compare']['engine']['wall_s_median']} s, "
        f"reference {speed['compare']['reference']['wall_s_median']} s, "
        f"ratio {speed['compare']['engine_over_reference']}, "
        f"peak RSS {speed['compare']['engine_peak_rss_mb_max']} MB, "
        f"NMI engine - reference {speed['compare']['nmi_engine_minus_reference']}; "
        f"{speed['automatic_k']['documents']} automatic k {speed['automatic_k']['wall_s_median']} s",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="20,000 proposals, one run each")
    args = parser.parse_args()
    rows = _dev_rows()
    report: dict = {"machine": {"cpus": os.cpu_count(), "load_avg_1m": os.getloadavg()[0]}}
    report["real_text"] = real_text()
    report["demo"] = demo_labels()
    report["plan_text"] = plan_text(rows)
    report["duplicates"] = duplicates(rows)
    report["latency"] = assign_latency(rows)
    repeats = 1 if args.quick else 3
    report["speed"] = {
        "compare": compare(20_000 if args.quick else 100_000, 10, repeats, rows),
        "automatic_k": automatic_k(20_000, repeats, rows),
    }
    report["machine"]["load_avg_1m_end"] = os.getloadavg()[0]
    print(json.dumps(report, ensure_ascii=False, indent=1, default=float))
    print(_summary(report), file=sys.stderr)


if __name__ == "__main__":
    main()
