"""Fixtures of the nlp tests: the plan-text set (Drivers, a sanity check), the development set of real
text by the public (its fixed report half) and analyses shared by several tests. No app fixture: nlp
is a plain library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp import AnalysisResult, Document, analyse
from nlp.evaluation import dev_halves

DATA = Path(__file__).parent / "data"
DEV_PATH = DATA / "drivers_dev.jsonl"
REAL_PATH = DATA / "terremotocentro.jsonl"


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="session")
def dev_rows() -> list[dict]:
    return _rows(DEV_PATH)


@pytest.fixture(scope="session")
def dev_docs(dev_rows: list[dict]) -> list[Document]:
    return [Document(r["id"], r["text"]) for r in dev_rows]


@pytest.fixture(scope="session")
def dev_labels(dev_rows: list[dict]) -> list[str]:
    return [r["label"] for r in dev_rows]


@pytest.fixture(scope="session")
def dev_result(dev_docs: list[Document]) -> AnalysisResult:
    return analyse(dev_docs, k=10, seed=0)


@pytest.fixture(scope="session")
def report_rows() -> list[dict]:
    """The half of the real development set that no setting was chosen on."""
    return dev_halves(_rows(REAL_PATH))[1]


@pytest.fixture(scope="session")
def report_docs(report_rows: list[dict]) -> list[Document]:
    return [Document(r["id"], r["text"]) for r in report_rows]


@pytest.fixture(scope="session")
def report_labels(report_rows: list[dict]) -> list[str]:
    return [r["label"] for r in report_rows]


@pytest.fixture(scope="session")
def report_result(report_docs: list[Document]) -> AnalysisResult:
    return analyse(report_docs, k=11, seed=0)
