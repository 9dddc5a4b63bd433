"""The themes engine on the demo set (the texts `make demo` loads), for bench/nlp_bench.py: each
consultation's published proposals analysed as the app does, and every label checked.

Builds the demo in a temporary SQLite database through the app (migrations, reference data, demo
set), so it needs the app installed, like `make demo`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import select

from app import create_app
from app.demo.services import load_demo
from app.extensions import db
from app.proposals.models import Proposal
from app.reference.services import load_reference
from app.synthesis.runs.engine import proposal_text
from nlp import Document, analyse
from nlp.evaluation import check_labels

ROOT = Path(__file__).resolve().parents[1]


def demo_labels() -> dict:
    """Label checks and coverage of automatic-k themes of each demo consultation (seed 0)."""
    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'demo.sqlite'}"})
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
            load_reference()
            db.session.commit()
            load_demo()
            db.session.commit()
            by_consultation: dict[int, list[Proposal]] = {}
            for p in db.session.scalars(select(Proposal).where(Proposal.state == "published")):
                by_consultation.setdefault(p.consultation_id, []).append(p)
            for consultation_id, proposals in sorted(by_consultation.items()):
                docs = [Document(str(p.id), proposal_text(p)) for p in proposals]
                result = analyse(docs, seed=0)
                checks = check_labels(result, {d.id: d.text for d in docs})
                out[f"consultation_{consultation_id}"] = {
                    "proposals": len(docs),
                    "k": result.k,
                    "labels_passing_checks": f"{sum(c.ok for c in checks)}/{len(checks)}",
                    "label_coverage_mean": round(sum(c.coverage for c in checks) / len(checks), 4),
                    "themes": [
                        {
                            "size": t.size,
                            "label": t.label,
                            "coverage": c.coverage,
                            "problems": list(c.problems),
                        }
                        for t, c in zip(result.themes, checks, strict=True)
                    ],
                    "boilerplate": result.params["boilerplate"],
                }
    return out
