"""``import nlp`` is lazy (PEP 562): light parts load without spaCy or scikit-learn."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(script: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_importing_nlp_and_its_light_modules_loads_neither_spacy_nor_scikit_learn():
    out = _run(
        "import sys, nlp, nlp.drivers, nlp.stopwords\n"
        "assert len(nlp.default_drivers()) == 10 and 'di' in nlp.stopwords.FUNCTION_WORDS\n"
        "print([m for m in ('spacy', 'sklearn') if m in sys.modules])\n"
    )
    assert out == "[]"


def test_every_exported_name_resolves_and_assign_stays_the_function():
    # nlp.analysis imports the submodule nlp.assign, which must not hide the function nlp.assign.
    out = _run(
        "import nlp\n"
        "nlp.analyse\n"
        "print(all(getattr(nlp, name) is not None for name in nlp.__all__), callable(nlp.assign),"
        " type(nlp.assign).__name__)\n"
    )
    assert out == "True True function"
