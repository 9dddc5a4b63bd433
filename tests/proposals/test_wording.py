"""Wording a comune would notice: who proposed, counts in the singular, names in English."""

from __future__ import annotations

import re

from app.extensions import db
from tests import factories
from tests.proposals.helpers import english, sign_in


def _words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _byline(client, proposal) -> str:
    page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    return _words(re.search(r'<p class="proposal-meta">(.*?)</p>', page, re.S).group(1))


def test_who_proposed_reads_as_a_sentence_for_a_person_a_comune_and_an_organisation(client):
    person = factories.create_user(display_name="Giorgio Fumagalli")
    rho = factories.comune("Rho")
    legambiente = factories.create_organisation(name="Legambiente Lombardia")
    own = factories.create_proposal(author=person)
    for_comune = factories.create_proposal(author=person, on_behalf_comune_id=rho.id)
    for_organisation = factories.create_proposal(author=person, organisation_id=legambiente.id)
    db.session.commit()

    assert _byline(client, own).startswith("Proposta da Giorgio Fumagalli")
    assert _byline(client, for_comune).startswith(
        "Proposta dal Comune di Rho (presentata da Giorgio Fumagalli)"
    )
    assert _byline(client, for_organisation).startswith(
        "Proposta da Legambiente Lombardia (presentata da Giorgio Fumagalli)"
    )
    english(client)
    assert _byline(client, own).startswith("Proposed by Giorgio Fumagalli")
    assert _byline(client, for_comune).startswith(
        "Proposed by the Comune di Rho (submitted by Giorgio Fumagalli)"
    )
    assert "on behalf of" not in _byline(client, for_organisation)


def test_actor_types_are_named_in_english_for_an_english_reader(client):
    proposal = factories.create_proposal()
    english(client)
    page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert "Citizen" in page and "Cittadino" not in page
    client.get("/lingua/it")
    assert "Cittadino" in client.get(f"/proposte/{proposal.id}").get_data(as_text=True)


def test_counts_of_one_are_singular(client):
    admin = factories.create_user(roles=["admin"])
    sign_in(client, admin)
    page = _words(client.get("/admin/utenti?q=" + admin.email).get_data(as_text=True))
    assert "1 persona" in page and "1 persone" not in page
    english(client)
    page = _words(client.get("/admin/utenti?q=" + admin.email).get_data(as_text=True))
    assert "1 person" in page and "1 people" not in page
    page = _words(client.get("/admin/rappresentanze").get_data(as_text=True))
    assert "1 requests" not in page


def test_open_data_collections_are_named_in_words(client):
    page = _words(client.get("/dati-aperti").get_data(as_text=True))
    assert "Risposte ufficiali" in page and "Proposte di ciascun tema" in page
    english(client)
    page = _words(client.get("/dati-aperti").get_data(as_text=True))
    assert "Official answers in CSV" in page


def test_a_report_already_sent_is_said_before_the_form_opens(client):
    proposal = factories.create_proposal()
    reporter = factories.create_user()
    sign_in(client, reporter)
    english(client)
    assert client.get(f"/proposte/{proposal.id}/segnala").status_code == 200
    client.post(f"/proposte/{proposal.id}/segnala", data={"reason": "spam"})
    page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert "You have reported this proposal to the moderators." in page
    assert f'href="/proposte/{proposal.id}/segnala"' not in page
    response = client.get(f"/proposte/{proposal.id}/segnala")
    assert response.status_code == 302
    assert "You have already reported this." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_my_proposals_show_the_official_answer(client):
    author = factories.create_user()
    proposal = factories.create_proposal(author=author, title="Orti condivisi")
    proposal.answer_kind = "accolta_in_parte"
    proposal.answer_text = "In parte."
    db.session.commit()
    sign_in(client, author)
    english(client)
    page = _words(client.get("/le-mie-proposte").get_data(as_text=True))
    assert "Partly accepted Read the answer to “Orti condivisi”" in page
