"""Synthetic proposals for the nlp benchmark, built by recombining the dev sentences.

Each synthetic proposal picks a Driver, then sentences of that Driver (and, one time in four, one
sentence of another Driver, as real proposals wander), until it has about 75 words. The result has the
vocabulary and the theme structure of real plan text at any size.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

DEV_SET = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "nlp-dev" / "drivers.jsonl"
TARGET_WORDS = 75


def load_dev(path: Path = DEV_SET) -> list[dict]:
    """The labelled dev rows (id, text, label).

    :raises OSError: if the file cannot be read.
    """
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def synthetic_proposals(n: int, seed: int = 0, rows: list[dict] | None = None) -> list[dict]:
    """``n`` proposals ``{"id", "text", "label"}`` of about :data:`TARGET_WORDS` words.

    :raises OSError: if the dev set cannot be read.
    """
    rows = rows if rows is not None else load_dev()
    rng = random.Random(seed)
    by_label: dict[str, list[str]] = {}
    for r in rows:
        by_label.setdefault(r["label"], []).append(r["text"])
    labels = sorted(by_label)
    out = []
    for i in range(n):
        label = rng.choice(labels)
        words: list[str] = []
        while len(words) < TARGET_WORDS:
            source = label if rng.random() > 0.25 or not words else rng.choice(labels)
            words += rng.choice(by_label[source]).split()
        out.append({"id": f"p{i}", "text": " ".join(words[:TARGET_WORDS]), "label": label})
    return out
