"""The web process stays light: the NLP stack is loaded only by theme-run workers."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_creating_the_web_app_does_not_load_spacy_or_scikit_learn(tmp_path):
    # ``import nlp`` is lazy (PEP 562): the app imports nlp.drivers and nlp.stopwords, and the
    # engine module to name its jobs, but nothing that loads spaCy or scikit-learn.
    script = (
        "import sys\n"
        "from app import create_app\n"
        "create_app({'SQLALCHEMY_DATABASE_URI': 'sqlite:///%s'})\n"
        "heavy = [m for m in ('spacy', 'sklearn', 'nlp.preprocess', 'nlp.analysis') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    ) % (tmp_path / "x.sqlite")
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"the web app imported {result.stdout.strip()}"
