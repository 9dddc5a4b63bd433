"""Fixtures of the nlp tests: the labelled dev set (a copy of shared/data/nlp-dev, public plan text)
and analyses shared by several tests. No app fixture: nlp is a plain library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp import AnalysisResult, Document, analyse

DEV_PATH = Path(__file__).parent / "data" / "drivers_dev.jsonl"


@pytest.fixture(scope="session")
def dev_rows() -> list[dict]:
    with open(DEV_PATH, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="session")
def dev_docs(dev_rows: list[dict]) -> list[Document]:
    return [Document(r["id"], r["text"]) for r in dev_rows]


@pytest.fixture(scope="session")
def dev_labels(dev_rows: list[dict]) -> list[str]:
    return [r["label"] for r in dev_rows]


@pytest.fixture(scope="session")
def dev_result(dev_docs: list[Document]) -> AnalysisResult:
    return analyse(dev_docs, k=10, seed=0)
