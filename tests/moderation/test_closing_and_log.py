"""Hiding reported content closes its reports; the menu counts what the queue lists;
moderators read the moderation log, in words, in both languages."""

import re

from sqlalchemy import select

from app.extensions import db
from app.moderation.models import AuditEntry
from app.proposals.models import Flag
from app.synthesis.answers.services import answer_proposal
from tests.factories import create_comment, create_flag, create_proposal, create_user
from tests.moderation.conftest import english, sign_in


def _words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace(" ;", ";")


def _statuses(target_flags):
    db.session.expire_all()
    return sorted(db.session.get(Flag, f.id).status for f in target_flags)


def _queue_open_reports(client) -> str:
    page = client.get("/moderazione/").get_data(as_text=True)
    return " ".join(
        re.sub(r"<[^>]+>", " ", re.search(r'<h2 id="queue-flags"[^>]*>(.*?)</h2>', page, re.S)[1]).split()
    )


def test_hiding_a_reported_proposal_from_its_page_closes_its_reports(client, moderator):
    proposal = create_proposal(state="published", title="Pubblicità occulta")
    flags = [create_flag(proposal) for _ in range(2)]
    english(client)
    assert _queue_open_reports(client) == "Open reports 1"

    response = client.post(
        f"/moderazione/proposte/{proposal.id}/nascondi",
        data={"expected_state": "published", "reason": "Pubblicità"},
    )
    assert response.status_code == 302
    assert _statuses(flags) == ["upheld", "upheld"]
    assert _queue_open_reports(client) == "Open reports 0"
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "flag.uphold")).one()
    assert entry.details["flag_ids"] == sorted(f.id for f in flags)


def test_hiding_a_reported_comment_closes_its_reports_but_not_the_proposals(client, moderator):
    proposal = create_proposal(state="published")
    comment = create_comment(proposal, body="Offesa")
    on_comment = create_flag(proposal, comment, reason="offensive")
    on_proposal = create_flag(proposal)
    response = client.post(
        f"/moderazione/commenti/{comment.id}/nascondi",
        data={"expected_state": "published", "reason": "Offensivo"},
    )
    assert response.status_code == 302
    assert _statuses([on_comment]) == ["upheld"]
    assert _statuses([on_proposal]) == ["open"]


def test_a_moderators_own_report_stays_for_another_moderator(client, moderator):
    proposal = create_proposal(state="published")
    own = create_flag(proposal, reporter=moderator)
    other = create_flag(proposal)
    client.post(
        f"/moderazione/proposte/{proposal.id}/nascondi",
        data={"expected_state": "published", "reason": "Spam"},
    )
    assert _statuses([own]) == ["open"]
    assert _statuses([other]) == ["upheld"]


def test_menu_badge_counts_reported_items_like_the_queue(client, moderator):
    proposal = create_proposal(state="published")
    for _ in range(3):
        create_flag(proposal)
    comment = create_comment(proposal)
    create_flag(proposal, comment)
    create_proposal(state="submitted")
    english(client)
    page = client.get("/").get_data(as_text=True)
    assert 'aria-label="1 proposal and 2 reported items waiting">1 / 2<' in page
    assert _queue_open_reports(client) == "Open reports 2"


def test_moderators_read_the_moderation_log_in_words(client, moderator):
    proposal = create_proposal(state="published", title="Da nascondere")
    create_flag(proposal)
    client.post(
        f"/moderazione/proposte/{proposal.id}/nascondi",
        data={"expected_state": "published", "reason": "Fuori tema"},
    )
    # Acts that are not moderation stay in the admins' log only.
    answer_proposal(create_user(roles=["analyst"]), create_proposal(), "accolta", "Sì.")
    db.session.commit()

    english(client)
    response = client.get("/moderazione/registro")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    text = _words(page)
    assert "Proposal hidden" in text and "Reports upheld" in text
    assert f"Proposal #{proposal.id}" in text
    assert "From: Published; To: Hidden by a moderator; Reason: Fuori tema" in text
    assert "Official answer" not in text
    assert "proposal.hide" not in text.replace('data-action="proposal.hide"', "")
    assert "None" not in text

    client.get("/lingua/it")
    text = _words(client.get("/moderazione/registro").get_data(as_text=True))
    assert "Proposta nascosta" in text and "Segnalazioni accolte" in text
    assert "Da: Pubblicata; A: Non visibile (intervento di moderazione); Motivo: Fuori tema" in text
    # No edit or delete control: the log is read-only.
    assert 'method="post" action="/moderazione' not in client.get("/moderazione/registro").get_data(
        as_text=True
    )


def test_the_moderation_log_is_for_moderators_only(client):
    assert client.get("/moderazione/registro").status_code == 302  # to the login page
    sign_in(client, create_user())
    assert client.get("/moderazione/registro").status_code == 403


def test_admin_audit_log_shows_codes_in_words(client):
    admin = create_user(roles=["admin"])
    answer_proposal(create_user(roles=["analyst"]), create_proposal(), "accolta", "Sì.")
    db.session.commit()
    sign_in(client, admin)
    english(client)
    text = _words(client.get("/admin/registro").get_data(as_text=True))
    assert "Official answer given" in text
    assert "Answer: Accepted" in text
    assert "previous_kind" not in text and "None" not in text
    assert "1 entry, newest first" in text or "entries, newest first" in text
