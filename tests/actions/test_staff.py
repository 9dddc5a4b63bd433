"""Analysts link proposals and themes to actions and report progress; people are told."""

from __future__ import annotations

import re
from datetime import date, timedelta
from email.header import decode_header, make_header

from sqlalchemy import func, select

from app.actions.models import ActionLink, ActionUpdate, PlanAction
from app.extensions import db
from app.moderation.models import AuditEntry
from tests import factories
from tests.actions.factories import create_action, link
from tests.proposals.helpers import english, sign_in
from tests.synthesis.factories import create_run, create_theme


def _analyst(client):
    analyst = factories.create_user(roles=["analyst"])
    sign_in(client, analyst)
    return analyst


def _reload(action) -> PlanAction:
    db.session.expire_all()
    return db.session.get(PlanAction, action.id)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _update(**overrides) -> dict:
    data = {
        "happened_on": date.today().isoformat(),
        "status": "in_progress",
        "progress": "40",
        "dup_year": "2026",
        "body": "Avviati i lavori nei primi <b>dieci</b> comuni.",
    }
    data.update(overrides)
    return data


def test_an_analyst_links_a_proposal_and_reports_progress(client):
    proposal = factories.create_proposal(title="Boschi nei cortili delle scuole")
    action = create_action("Progetto ForestaMI")
    analyst = _analyst(client)

    response = client.post(
        f"/dal-forum-al-piano/azioni/{action.id}/proposte",
        data={"proposal_id": str(proposal.id), "link_note": "Confluita nella fase 2."},
    )
    assert response.status_code == 302
    response = client.post(f"/dal-forum-al-piano/azioni/{action.id}/aggiornamenti", data=_update())
    assert response.status_code == 302

    action = _reload(action)
    assert (action.status, action.progress, action.dup_year) == ("in_progress", 40, 2026)
    [update] = db.session.scalars(select(ActionUpdate)).all()
    assert update.body == "Avviati i lavori nei primi dieci comuni."  # markup stripped
    assert (update.previous_status, update.author_id) == ("proposed", analyst.id)
    actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.actor_id == analyst.id)))
    assert {"action.link", "action.report"} <= actions

    visitor = client.application.test_client()
    page = visitor.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert "Confluita in:" in page and "Progetto ForestaMI" in page and "in corso, 40 %" in page
    action_page = visitor.get(f"/dal-forum-al-piano/azioni/{action.id}").get_data(as_text=True)
    assert "Confluita nella fase 2." in action_page and "Avviati i lavori" in action_page


def test_bad_updates_get_a_message_per_field_and_change_nothing(client):
    action = create_action()
    _analyst(client)
    english(client)
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    cases = [
        (_update(progress="140"), "whole number from 0 to 100"),
        (_update(progress="quaranta"), "whole number from 0 to 100"),
        (_update(status="finita"), "Not a valid choice"),
        (_update(body="   "), "Say what happened."),
        (_update(happened_on=tomorrow), "The date cannot be in the future."),
        (_update(dup_year="1999"), "DUP"),
        (_update(status="completed", progress="90"), "A completed action is at 100 %."),
        (_update(happened_on="31/02/2026"), "Not a valid date value."),
    ]
    for data, message in cases:
        response = client.post(f"/dal-forum-al-piano/azioni/{action.id}/aggiornamenti", data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 422, data
        assert message in page, (data, message)
        assert "There is a problem" in page
    action = _reload(action)
    assert (action.status, action.progress) == ("proposed", 0)
    assert _count(ActionUpdate) == 0


def test_a_back_dated_update_joins_the_timeline_without_changing_the_present(client):
    action = create_action()
    _analyst(client)
    url = f"/dal-forum-al-piano/azioni/{action.id}/aggiornamenti"
    client.post(url, data=_update(status="in_progress", progress="60", happened_on=date.today().isoformat()))
    earlier = (date.today() - timedelta(days=90)).isoformat()
    client.post(url, data=_update(status="planned", progress="10", happened_on=earlier))
    action = _reload(action)
    assert (action.status, action.progress) == ("in_progress", 60)
    assert _count(ActionUpdate) == 2


def test_linking_mistakes_are_explained_and_change_nothing(client):
    consultation = factories.create_consultation(phase="answers")
    published = factories.create_proposal(consultation=consultation)
    draft = factories.create_proposal(consultation=consultation, state="draft")
    action = create_action()
    retired = create_action(is_retired=True)
    link(action, published)
    _analyst(client)
    english(client)
    url = f"/dal-forum-al-piano/azioni/{action.id}/proposte"

    for data, message in [
        ({"proposal_id": str(published.id)}, "already linked"),
        ({"proposal_id": str(draft.id)}, "There is no published proposal with this number."),
        ({"proposal_id": "999999"}, "There is no published proposal with this number."),
        ({"proposal_id": "abc"}, "Not a valid integer value."),
        ({"proposal_id": ""}, "Give the number of a published proposal."),
    ]:
        response = client.post(url, data=data)
        assert response.status_code == 422, data
        assert message in response.get_data(as_text=True), data
    response = client.post(
        f"/dal-forum-al-piano/azioni/{retired.id}/proposte",
        data={"proposal_id": str(published.id)},
        follow_redirects=True,
    )
    assert "This action was retired" in response.get_data(as_text=True)
    assert _count(ActionLink) == 1


def test_an_analyst_links_a_theme_from_the_workspace_and_can_undo_it(client):
    consultation = factories.create_consultation(phase="synthesis")
    proposals = [factories.create_proposal(consultation=consultation) for _ in range(2)]
    run = create_run(consultation)
    theme = create_theme(run, members=proposals, label="Navigli e vie d'acqua")
    db.session.commit()
    action = create_action("Vie d'acqua come driver di sviluppo")
    _analyst(client)
    english(client)

    workspace = client.get(f"/sintesi/temi/{theme.id}").get_data(as_text=True)
    assert (
        "Link the theme to this action" in workspace
        and "Vie d&#39;acqua come driver di sviluppo" in workspace
    )
    response = client.post(
        f"/dal-forum-al-piano/temi/{theme.id}/azioni",
        data={"action_id": str(action.id), "link_note": "Tutto il tema."},
    )
    assert response.status_code == 302 and f"/sintesi/temi/{theme.id}" in response.headers["Location"]
    workspace = client.get(f"/sintesi/temi/{theme.id}").get_data(as_text=True)
    assert "The theme is linked to the action." in workspace
    again = client.post(
        f"/dal-forum-al-piano/temi/{theme.id}/azioni",
        data={"action_id": str(action.id)},
        follow_redirects=True,
    )
    assert "This theme is already linked to this action." in again.get_data(as_text=True)
    bad = client.post(
        f"/dal-forum-al-piano/temi/{theme.id}/azioni", data={"action_id": "x"}, follow_redirects=True
    )
    assert bad.status_code == 200 and _count(ActionLink) == 1

    for proposal in proposals:  # every member proposal now shows where it went
        assert "Flowed into:" in client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    [row] = db.session.scalars(select(ActionLink)).all()
    client.post(f"/dal-forum-al-piano/azioni/{action.id}/collegamenti/{row.id}/rimuovi")
    assert _count(ActionLink) == 0
    removal = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "action.unlink"))
    assert removal.details["note"] == "Tutto il tema."


def test_only_analysts_and_admins_link_and_report(client):
    action = create_action()
    proposal = factories.create_proposal()
    anonymous = client.application.test_client()
    assert anonymous.get(f"/dal-forum-al-piano/azioni/{action.id}/gestisci").status_code == 302
    assert (
        anonymous.post(f"/dal-forum-al-piano/azioni/{action.id}/aggiornamenti", data=_update()).status_code
        == 302
    )
    for roles in ([], ["moderator"]):
        sign_in(client, factories.create_user(roles=roles))
        assert client.get(f"/dal-forum-al-piano/azioni/{action.id}/gestisci").status_code == 403
        assert (
            client.post(
                f"/dal-forum-al-piano/azioni/{action.id}/proposte", data={"proposal_id": str(proposal.id)}
            ).status_code
            == 403
        )
        assert (
            client.post(f"/dal-forum-al-piano/azioni/{action.id}/aggiornamenti", data=_update()).status_code
            == 403
        )
        assert "Link proposals and report progress" not in client.get(
            f"/dal-forum-al-piano/azioni/{action.id}"
        ).get_data(as_text=True)
    assert _count(ActionLink) == 0 and _count(ActionUpdate) == 0
    sign_in(client, factories.create_user(roles=["admin"]))
    assert client.get(f"/dal-forum-al-piano/azioni/{action.id}/gestisci").status_code == 200


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def test_a_status_change_mails_authors_supporters_and_theme_members_once_each(client, mailbox):
    consultation = factories.create_consultation(phase="answers")
    author = factories.create_user(email="autrice@example.org", locale="en")
    member_author = factories.create_user(email="membro@example.org")
    supporter = factories.create_user(email="tifoso@example.org")
    bystander = factories.create_user(email="passante@example.org")
    direct = factories.create_proposal(consultation=consultation, author=author, title="Piste ciclabili")
    member = factories.create_proposal(consultation=consultation, author=member_author, title="Bici e treni")
    factories.create_proposal(consultation=consultation, author=bystander)
    factories.create_support(direct, supporter)
    factories.create_support(member, supporter)
    run = create_run(consultation)
    theme = create_theme(run, members=[member], label="Mobilità ciclabile")
    db.session.commit()
    action = create_action("Rete ciclabile metropolitana")
    link(action, direct)
    link(action, theme=theme)
    _analyst(client)

    client.post(f"/dal-forum-al-piano/azioni/{action.id}/aggiornamenti", data=_update())
    messages = mailbox(3)
    by_recipient = {m["To"]: m for m in messages}
    assert set(by_recipient) == {"autrice@example.org", "membro@example.org", "tifoso@example.org"}
    english_mail = by_recipient["autrice@example.org"]
    assert _subject(english_mail) == "“Rete ciclabile metropolitana”: In progress"
    body = english_mail.get_payload(decode=True).decode()
    assert "Proposed → In progress" in body and "Piste ciclabili" in body and "(your proposal)" in body
    assert f"/dal-forum-al-piano/azioni/{action.id}" in body
    italian = by_recipient["tifoso@example.org"].get_payload(decode=True).decode()
    assert "proposta → in corso" in italian and "Riguarda 2 proposte del Forum" in italian
    assert re.search(r"/notifiche/annulla-iscrizione/\S+", italian)  # the outbox's footer

    # Same status, more progress: no new mail (only a change of status is news by e-mail).
    count = len(mailbox(0))
    client.post(f"/dal-forum-al-piano/azioni/{action.id}/aggiornamenti", data=_update(progress="50"))
    assert len(mailbox(count + 1, timeout=0.5)) == count
