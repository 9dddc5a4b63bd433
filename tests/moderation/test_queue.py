"""The moderation queue: proposals awaiting review and open reports."""

import re
from datetime import timedelta

from app.extensions import db
from app.models_base import utcnow
from app.proposals import workflow
from tests.factories import create_comment, create_consultation, create_flag, create_proposal, create_user
from tests.moderation.conftest import english


def _text(html):
    """What a reader sees of a fragment: no tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _cells_text(page, css_class):
    return [_text(cell) for cell in re.findall(rf'<td class="{css_class}">(.*?)</td>', page, re.S)]


def _heading_text(page, heading_id):
    return _text(re.search(rf'<h2 id="{heading_id}"[^>]*>(.*?)</h2>', page, re.S).group(1))


def _submitted(title, minutes_ago, consultation=None):
    proposal = create_proposal(consultation=consultation, state="submitted", title=title)
    proposal.submitted_at = utcnow() - timedelta(minutes=minutes_ago)
    db.session.commit()
    return proposal


def test_queue_lists_submitted_proposals_oldest_first_and_nothing_else(client, moderator):
    consultation = create_consultation()
    _submitted("Proposta recente", 5, consultation)
    _submitted("Proposta più vecchia", 60, consultation)
    _submitted("Proposta di mezzo", 30, consultation)
    create_proposal(consultation=consultation, state="published", title="Già pubblicata")
    create_proposal(consultation=consultation, state="draft", title="Bozza privata")

    page = client.get("/moderazione/").get_data(as_text=True)
    positions = [page.index(t) for t in ("Proposta più vecchia", "Proposta di mezzo", "Proposta recente")]
    assert positions == sorted(positions)
    assert "Già pubblicata" not in page
    assert "Bozza privata" not in page


def test_resubmitted_proposals_are_back_in_the_queue_and_marked(client, moderator):
    proposal = create_proposal(state="submitted", title="Da rivedere")
    workflow.change_state(proposal, "changes_requested", moderator, "Aggiungere i costi")
    workflow.change_state(proposal, "submitted", proposal.author)
    db.session.commit()
    english(client)
    page = client.get("/moderazione/").get_data(as_text=True)
    assert "Da rivedere" in page
    assert "Resubmitted after changes" in page


def test_open_flags_are_grouped_by_target_with_counts_and_reasons(client, moderator):
    published = create_proposal(state="published", title="Proposta segnalata")
    create_flag(published, reason="spam")
    create_flag(published, reason="spam")
    create_flag(published, reason="offensive")
    comment = create_comment(published, author=create_user(display_name="Commentatore"))
    create_flag(comment.proposal, comment=comment, reason="personal_data")
    create_flag(create_proposal(state="published", title="Segnalazione chiusa"), status="dismissed")

    english(client)
    page = client.get("/moderazione/").get_data(as_text=True)
    assert "Proposta segnalata" in page
    assert "Comment by Commentatore" in page
    assert "Segnalazione chiusa" not in page
    assert "Spam or advertising (2)" in page
    assert "Offensive or hateful (1)" in page
    assert "Contains personal data (1)" in page
    assert _cells_text(page, "flag-count") == ["3", "1"]
    assert _heading_text(page, "queue-flags") == "Open reports 2"


def test_navigation_shows_the_queue_counts(client, moderator):
    create_proposal(state="submitted")
    create_proposal(state="submitted")
    published = create_proposal(state="published")
    create_flag(published)
    english(client)
    page = client.get("/").get_data(as_text=True)
    assert "2 proposals and 1 reported item waiting" in page
    assert 'href="/moderazione/"' in page


def test_queue_is_paginated(client, moderator):
    consultation = create_consultation()
    for n in range(23):
        _submitted(f"Attesa {n:02d}", 100 - n, consultation)
    first = client.get("/moderazione/").get_data(as_text=True)
    second = client.get("/moderazione/?page=2").get_data(as_text=True)
    assert "Attesa 00" in first and "Attesa 19" in first and "Attesa 20" not in first
    assert "Attesa 20" in second and "Attesa 22" in second and "Attesa 19" not in second


def test_queue_loads_in_a_fixed_number_of_queries(client, moderator, count_queries):
    def fill(n):
        consultation = create_consultation()
        for i in range(n):
            proposal = create_proposal(consultation=consultation, state="submitted")
            if i % 2:
                workflow.change_state(proposal, "changes_requested", moderator, "Dettagli")
                workflow.change_state(proposal, "submitted", proposal.author)
            published = create_proposal(consultation=consultation, state="published")
            create_flag(published, reason="spam")
            create_flag(published, reason="other")
            create_flag(published, comment=create_comment(published), reason="offensive")
        db.session.commit()

    fill(2)
    with count_queries() as few:
        assert client.get("/moderazione/").status_code == 200
    fill(6)
    with count_queries() as many:
        assert client.get("/moderazione/").status_code == 200
    assert many.count == few.count
