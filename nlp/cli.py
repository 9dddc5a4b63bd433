"""Command line: ``python -m nlp themes|evaluate|duplicates|suggest`` (see ``--help``).

Input is JSON Lines, one object per line with ``id`` and ``text`` (and ``label`` for ``evaluate``).
Bad input stops with a message naming the line and exit status 2; nothing is written then.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from .analysis import analyse
from .duplicates import DEFAULT_THRESHOLD, find_duplicates
from .evaluation import cluster_scores
from .suggest import suggest_driver, train_suggester
from .types import Document, LabelledText, SeedTheme, Theme


class InputError(ValueError):
    """Unreadable or malformed input file."""


def read_jsonl(path: str, need_label: bool = False) -> list[dict[str, Any]]:
    """Rows of a JSON Lines file (``-`` = stdin), validated: ``id`` (str or int), ``text`` (str) and,
    if ``need_label``, ``label``. Blank lines are skipped.

    :raises InputError: on unreadable files, bad JSON, missing or mistyped fields, repeated ids.
    """
    try:
        stream: TextIO = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    try:
        for n, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}: not valid JSON ({exc.msg})") from exc
            if not isinstance(row, dict):
                raise InputError(f"{path}:{n}: expected a JSON object")
            if not isinstance(row.get("id"), (str, int)) or isinstance(row.get("id"), bool):
                raise InputError(f"{path}:{n}: 'id' must be a string or an integer")
            if not isinstance(row.get("text"), str):
                raise InputError(f"{path}:{n}: 'text' must be a string")
            if need_label and not isinstance(row.get("label"), (str, int)):
                raise InputError(f"{path}:{n}: 'label' is required")
            row["id"] = str(row["id"])
            if row["id"] in seen:
                raise InputError(f"{path}:{n}: id {row['id']!r} repeats an earlier line")
            seen.add(row["id"])
            rows.append(row)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text") from exc
    finally:
        if stream is not sys.stdin:
            stream.close()
    if not rows:
        raise InputError(f"{path}: no input lines")
    return rows


def _write_lines(path: str | None, objs: Sequence[dict[str, Any]]) -> None:
    text = "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs)
    if path is None or path == "-":
        sys.stdout.write(text)
    else:
        Path(path).write_text(text, encoding="utf-8")


def read_seeds(path: str) -> list[SeedTheme]:
    """Guided seed themes from a JSON file: ``[{"name": "...", "words": ["...", ...]}, ...]``.

    :raises InputError: if the file cannot be read or has another shape.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the seed themes in {path}: {exc}") from exc
    ok = isinstance(data, list) and all(
        isinstance(d, dict)
        and isinstance(d.get("name"), str)
        and isinstance(d.get("words"), list)
        and d["words"]
        and all(isinstance(w, str) for w in d["words"])
        for d in data
    )
    if not ok:
        raise InputError(f'{path}: expected [{{"name": "...", "words": ["...", ...]}}, ...]')
    return [SeedTheme(d["name"], tuple(d["words"])) for d in data]


def _cmd_themes(args: argparse.Namespace) -> int:
    rows = read_jsonl(args.input)
    docs = [Document(r["id"], r["text"]) for r in rows]
    previous = None
    if args.previous:
        data = json.loads(Path(args.previous).read_text(encoding="utf-8"))
        previous = [Theme.from_dict(t) for t in data.get("themes", data)]
    seeds = read_seeds(args.seeds) if args.seeds else []
    stop_words = [w.strip() for w in (args.stop_words or "").split(",") if w.strip()]
    result = analyse(
        docs,
        k=args.k,
        seed=args.seed,
        previous=previous,
        stop_words=stop_words,
        seeds=seeds,
        progress=args.progress,
    )
    _write_lines(
        args.output,
        [{"id": a.doc_id, "theme": a.theme, "score": round(a.score, 4)} for a in result.assignments],
    )
    themes = {
        "k": result.k,
        "k_chosen_automatically": result.k_chosen_automatically,
        "code_version": result.code_version,
        "params": result.params,
        "themes": [t.to_dict() for t in result.themes],
    }
    text = json.dumps(themes, ensure_ascii=False, indent=1)
    if args.themes:
        Path(args.themes).write_text(text + "\n", encoding="utf-8")
    elif args.output not in (None, "-"):
        print(text)
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    rows = read_jsonl(args.input, need_label=True)
    docs = [Document(r["id"], r["text"]) for r in rows]
    labels = [str(r["label"]) for r in rows]
    n_labels = len(set(labels))
    out: dict[str, Any] = {"documents": len(docs), "labels": n_labels}
    settings = [("k_labels", args.k or n_labels), ("k_auto", None)]
    for name, k in settings:
        per_seed = []
        for seed in range(args.seeds):
            scores = cluster_scores(analyse(docs, k=k, seed=seed, progress=args.progress), labels)
            per_seed.append(scores)
        out[name] = {
            "k": [s.k for s in per_seed],
            "nmi": round(sum(s.nmi for s in per_seed) / len(per_seed), 4),
            "ari": round(sum(s.ari for s in per_seed) / len(per_seed), 4),
            "v_measure": round(sum(s.v_measure for s in per_seed) / len(per_seed), 4),
            "nmi_per_seed": [round(s.nmi, 4) for s in per_seed],
        }
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


def _cmd_duplicates(args: argparse.Namespace) -> int:
    rows = read_jsonl(args.input)
    groups = find_duplicates([Document(r["id"], r["text"]) for r in rows], args.threshold)
    _write_lines(
        args.output,
        [{"ids": list(g.doc_ids), "similarity": g.similarity, "exact": g.exact} for g in groups],
    )
    return 0


def _cmd_suggest(args: argparse.Namespace) -> int:
    model = None
    if args.train:
        items = [
            LabelledText(r["id"], r["text"], str(r["label"])) for r in read_jsonl(args.train, need_label=True)
        ]
        model = train_suggester(items)
    if args.text is not None:
        inputs = [{"id": "", "text": args.text}]
    elif args.input:
        inputs = read_jsonl(args.input)
    else:
        raise InputError("give --text or --input")
    out = []
    for row in inputs:
        ranking = suggest_driver(row["text"], model).ranking[: args.top]
        out.append(
            {
                "id": row["id"],
                "drivers": [
                    {"driver": s.driver, "title": s.title, "score": round(s.score, 4)} for s in ranking
                ],
            }
        )
    _write_lines(args.output, out)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m nlp``."""
    p = argparse.ArgumentParser(prog="python -m nlp", description="Italian themes engine")
    sub = p.add_subparsers(dest="command", required=True)

    t = sub.add_parser("themes", help="cluster texts into themes")
    t.add_argument("--input", required=True, help="JSONL with id, text ('-' = stdin)")
    t.add_argument("--output", help="JSONL of id, theme, score (default stdout)")
    t.add_argument("--themes", help="write the themes JSON here (default: print it)")
    t.add_argument("--previous", help="themes JSON of an earlier run, to keep theme ids")
    t.add_argument("--k", type=int, help="number of themes (default: chosen automatically)")
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--stop-words", help="this corpus's own stop words and two-word phrases, comma-separated")
    t.add_argument("--seeds", help='guided themes, JSON: [{"name": "...", "words": ["...", ...]}]')
    t.set_defaults(func=_cmd_themes)

    e = sub.add_parser("evaluate", help="NMI, ARI, V-measure against labels")
    e.add_argument("--input", required=True, help="JSONL with id, text, label")
    e.add_argument("--k", type=int, help="k for the labelled setting (default: number of labels)")
    e.add_argument("--seeds", type=int, default=5, help="seeds to average (default 5)")
    e.set_defaults(func=_cmd_evaluate)

    d = sub.add_parser("duplicates", help="groups of near-duplicate texts")
    d.add_argument("--input", required=True)
    d.add_argument("--output", help="JSONL, one group a line (default stdout)")
    d.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    d.set_defaults(func=_cmd_duplicates)

    s = sub.add_parser("suggest", help="rank the Drivers for texts")
    s.add_argument("--text", help="one text to rank")
    s.add_argument("--input", help="JSONL with id, text")
    s.add_argument("--train", help="JSONL of filed proposals (id, text, label = Driver id)")
    s.add_argument("--output", help="JSONL (default stdout)")
    s.add_argument("--top", type=int, default=3)
    s.set_defaults(func=_cmd_suggest)

    for sp_ in (t, e, d, s):
        sp_.add_argument("--no-progress", dest="progress", action="store_false", help="no progress bar")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 2 bad input).

    :raises SystemExit: on ``--help`` or unknown arguments (argparse).
    """
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (InputError, ValueError, TypeError, OSError) as exc:
        # a progress bar may have left its line open
        prefix = "\n" if getattr(args, "progress", False) else ""
        print(f"{prefix}error: {exc}", file=sys.stderr)
        return 2
