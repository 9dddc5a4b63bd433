"""``make demo`` ends with a published synthesis (issue 15): the closed consultation, whose
published proposals all have an official answer, is published after its theme run; the
step is idempotent like the others."""

from __future__ import annotations

from sqlalchemy import select

from app.consultations.models import Consultation
from app.extensions import db
from app.synthesis.models import Synthesis


def _invoke(runner, *args) -> str:
    result = runner.invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_demo_publishes_the_synthesis_of_the_closed_answered_consultation_once(runner, client):
    _invoke(runner, "forum", "load-demo")
    # Before any theme run there is nothing to publish, and nothing breaks.
    assert "No demo synthesis to publish" in _invoke(runner, "forum", "publish-demo-synthesis")
    closed = [c for c in db.session.scalars(select(Consultation)) if c.is_closed and c.published_count]
    assert len(closed) == 1
    consultation = closed[0]
    _invoke(runner, "synthesis", "run", "--consultation", str(consultation.id))
    output = _invoke(runner, "forum", "publish-demo-synthesis")
    assert f"/consultazioni/{consultation.slug}/sintesi" in output
    [synthesis] = db.session.scalars(select(Synthesis)).all()
    assert (synthesis.consultation_id, synthesis.status, synthesis.scope) == (
        consultation.id,
        "published",
        "all",
    )
    published_at = synthesis.published_at
    # Again: nothing changes.
    assert "No demo synthesis to publish" in _invoke(runner, "forum", "publish-demo-synthesis")
    db.session.expire_all()
    assert db.session.scalar(select(Synthesis.published_at)) == published_at
    # A newcomer finds it from the home page and the consultation's page.
    assert f"/consultazioni/{consultation.slug}/sintesi" in client.get("/").get_data(as_text=True)
    page = client.get(f"/consultazioni/{consultation.slug}").get_data(as_text=True)
    assert f"/consultazioni/{consultation.slug}/sintesi" in page
    assert client.get(f"/consultazioni/{consultation.slug}/sintesi").status_code == 200
