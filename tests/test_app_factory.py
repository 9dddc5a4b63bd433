"""The web process stays light: the NLP stack is loaded only by theme-run workers."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_creating_the_web_app_does_not_load_spacy_or_the_nlp_library(tmp_path):
    script = (
        "import sys\n"
        "from app import create_app\n"
        "create_app({'SQLALCHEMY_DATABASE_URI': 'sqlite:///%s'})\n"
        "heavy = [m for m in ('nlp', 'spacy', 'sklearn') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    ) % (tmp_path / "x.sqlite")
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"the web app imported {result.stdout.strip()}"
