"""What a verified identity changes: supports counted apart, consultations reserved to verified
identities, the "verified identity" mark (issue 18). Identities are linked through the service, as
the sign-in does (tests/identity/test_sign_in.py covers the sign-in itself)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from app.consultations.models import Consultation
from app.extensions import db
from app.identity import services
from app.identity.fiscal import fiscal_number_digest
from app.proposals.models import Support
from tests import factories
from tests.accounts.helpers import english
from tests.consultations.test_manage import _form
from tests.identity.conftest import IDENTITY_HASH_KEY

CODES = iter(f"RSSMRA80A41F2{n:02d}X" for n in range(10, 99))


def verified_user(**overrides):
    user = factories.create_user(**overrides)
    pending = services.PendingIdentity(
        digest=fiscal_number_digest(next(CODES), IDENTITY_HASH_KEY),
        issuer="https://gateway.example.it",
        given_name="Maria",
        family_name="Rossi",
        email=None,
    )
    services.link_identity(user, user, pending)
    db.session.commit()
    return user


def _supports(proposal) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Support).where(Support.proposal_id == proposal.id)
    )


def test_the_proposal_page_counts_supports_from_verified_identities_apart(client):
    proposal = factories.create_proposal()
    factories.create_support(proposal, verified_user())
    factories.create_support(proposal, verified_user())
    factories.create_support(proposal, factories.create_user())
    html = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert "3 persone e organizzazioni hanno aderito a questa proposta." in re.sub(r"\s+", " ", html)
    assert "di cui 2 da identità verificate (SPID o CIE)." in html


def test_a_consultation_reserved_to_verified_identities_refuses_others_with_a_clear_message(client):
    consultation = factories.create_consultation(requires_verified_identity=True)
    proposal = factories.create_proposal(consultation)
    citizen = factories.create_user()
    factories.login(client, citizen)

    page = client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert "possono aderire alle proposte solo le persone entrate con SPID o CIE" in page
    assert "Aderisci a questa proposta" not in page

    refused = client.post(f"/proposte/{proposal.id}/sostieni")
    assert refused.status_code == 403
    assert "accetta proposte e adesioni solo da chi è entrato con SPID o CIE" in refused.get_data(
        as_text=True
    )
    assert _supports(proposal) == 0

    new_proposal = client.get(f"/consultazioni/{consultation.slug}/proposte/nuova")
    assert new_proposal.status_code == 403
    assert "solo da chi è entrato con SPID o CIE" in new_proposal.get_data(as_text=True)


def test_a_verified_person_supports_and_submits_in_a_reserved_consultation(client):
    consultation = factories.create_consultation(requires_verified_identity=True)
    proposal = factories.create_proposal(consultation)
    person = verified_user()
    factories.login(client, person)
    assert "Aderisci a questa proposta" in client.get(f"/proposte/{proposal.id}").get_data(as_text=True)
    assert client.post(f"/proposte/{proposal.id}/sostieni").status_code == 302
    assert _supports(proposal) == 1
    assert client.get(f"/consultazioni/{consultation.slug}/proposte/nuova").status_code == 200


def test_other_consultations_stay_open_to_every_confirmed_account(client):
    proposal = factories.create_proposal()
    factories.login(client, factories.create_user())
    assert client.post(f"/proposte/{proposal.id}/sostieni").status_code == 302
    assert _supports(proposal) == 1


def test_an_admin_reserves_a_consultation_to_verified_identities_in_its_form(client):
    factories.login(client, factories.create_user(roles=["admin"]))
    assert "Solo le identità verificate (SPID o CIE)" in client.get("/consultazioni/nuova").get_data(
        as_text=True
    )
    assert client.post("/consultazioni/nuova", data=_form(requires_verified_identity="y")).status_code == 302
    consultation = db.session.scalar(select(Consultation))
    assert consultation.requires_verified_identity is True
    data = _form()  # the box unticked
    assert client.post(f"/consultazioni/{consultation.slug}/modifica", data=data).status_code == 302
    db.session.refresh(consultation)
    assert consultation.requires_verified_identity is False


def test_the_profile_carries_the_verified_identity_mark(client):
    person = verified_user()
    factories.login(client, person)
    assert "identità verificata" in client.get("/account/profilo").get_data(as_text=True)
    english(client)
    assert "verified identity" in client.get("/account/profilo").get_data(as_text=True)


def _theme_block(page: str, labelled_by: str) -> str:
    """The card (or printed section) of one theme, whitespace collapsed."""
    match = re.search(rf'aria-labelledby="{labelled_by}">(.*?)</(?:article|section)>', page, re.S)
    assert match, labelled_by
    return re.sub(r"\s+", " ", match.group(1))


def test_the_published_synthesis_counts_each_themes_verified_supports_apart(client):
    from tests.synthesis.factories import add_members, create_run, create_synthesis, create_theme

    consultation = factories.create_consultation(phase="synthesis")
    run = create_run(consultation)
    green, transport = create_theme(run, "Verde urbano"), create_theme(run, "Trasporto serale")
    trees, parks = factories.create_proposal(consultation), factories.create_proposal(consultation)
    hidden = factories.create_proposal(consultation, state="hidden")
    buses = factories.create_proposal(consultation)
    add_members(run, green, [trees, parks, hidden])
    add_members(run, transport, [buses])
    maria, luca = verified_user(), verified_user()
    for proposal, supporters in (
        (trees, [maria, luca, factories.create_user()]),
        (parks, [maria]),
        (hidden, [verified_user(), verified_user()]),  # not public: not counted
        (buses, [factories.create_user()]),
    ):
        for supporter in supporters:
            factories.create_support(proposal, supporter)
    create_synthesis(consultation, run, status="published")
    db.session.commit()

    base = f"/consultazioni/{consultation.slug}/sintesi"
    for address, prefix in ((base, "theme"), (f"{base}/stampa", "print-theme")):
        page = client.get(address).get_data(as_text=True)
        green_card = _theme_block(page, f"{prefix}-{green.id}")
        verified = '<span class="supports-verified">di cui 3 da identità verificate (SPID o CIE).'
        assert f"4 adesioni · {verified}" in green_card
        transport_card = _theme_block(page, f"{prefix}-{transport.id}")
        assert "1 adesione</p>" in transport_card and "verificat" not in transport_card
    english(client)
    green_card = _theme_block(client.get(base).get_data(as_text=True), f"theme-{green.id}")
    verified = '<span class="supports-verified">3 of them from verified identities (SPID or CIE).'
    assert f"4 supports · {verified}" in green_card
