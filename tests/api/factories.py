"""A small open-data world: public rows plus private ones that must never come out."""

from __future__ import annotations

from app.extensions import db
from tests import factories
from tests.actions.factories import create_action, link
from tests.meetings.helpers import create_meeting
from tests.synthesis.factories import create_run, create_synthesis, create_theme

# Strings that must never appear in any output of the API.
SECRETS = (
    "segretissima@example.org",
    "riservato@example.org",
    "scrypt:",
    "Nome Privatissimo",
    "BOZZA-INVISIBILE",
    "RESPINTA-INVISIBILE",
    "NASCOSTA-INVISIBILE",
    "RITIRATA-INVISIBILE",
    "INVIATA-INVISIBILE",
    "motivo riservato del moderatore",
    "TEMA-DI-BOZZA",
    "nota interna della bozza",
)


def build_open_data_world() -> dict:
    citizen = factories.create_user(email="segretissima@example.org", display_name="Nome Privatissimo")
    other = factories.create_user(email="riservato@example.org", display_name="Nome Privatissimo Due")
    consultation = factories.create_consultation(phase="answers", title="Consultazione aperta")
    draft_consultation = factories.create_consultation(phase="synthesis", title="Consultazione in sintesi")
    organisation = factories.create_organisation(name="Legambiente Lombardia")
    public = [
        factories.create_proposal(
            consultation=consultation,
            author=citizen,
            title="Piste ciclabili tra Rho e Milano",
            driver_number=5,
            zone_id=factories.zone("nord-ovest").id,
            answer_kind="accolta",
            answer_text="Accolta nel Piano.",
        ),
        factories.create_proposal(
            consultation=consultation,
            author=other,
            title='=HYPERLINK("http://evil.example","clic")',
            driver_number=2,
            organisation_id=organisation.id,
        ),
        factories.create_proposal(consultation=consultation, author=citizen, title="Scuole aperte la sera"),
    ]
    factories.create_support(public[0], other)
    private = [
        factories.create_proposal(
            consultation=consultation, author=citizen, state=state, title=title, **extra
        )
        for state, title, extra in (
            ("draft", "BOZZA-INVISIBILE", {}),
            ("rejected", "RESPINTA-INVISIBILE", {"state_reason": "motivo riservato del moderatore"}),
            ("hidden", "NASCOSTA-INVISIBILE", {"answer_kind": "non_accolta", "answer_text": "x"}),
            ("withdrawn", "RITIRATA-INVISIBILE", {}),
            ("submitted", "INVIATA-INVISIBILE", {}),
        )
    ]
    run = create_run(consultation, params={"k": 2, "seed": 0, "min_df": 1}, code_version="nlp-9.9")
    theme = create_theme(run, members=[public[0], public[2], private[2]], label="Mobilità dolce")
    other_theme = create_theme(run, members=[public[1]], label="Verde urbano")
    create_synthesis(consultation, run)
    # A draft synthesis: its themes stay in the analysts' workspace.
    draft_proposal = factories.create_proposal(consultation=draft_consultation, title="Proposta in sintesi")
    draft_run = create_run(draft_consultation)
    create_theme(
        draft_run,
        members=[draft_proposal],
        label="TEMA-DI-BOZZA",
        note="nota interna della bozza",
    )
    create_synthesis(draft_consultation, draft_run, status="draft")
    # A plan action: its public proposal and theme come out, its hidden proposal never does.
    action = create_action("Rete ciclabile metropolitana")
    link(action, public[0], note="Confluita nel progetto.")
    link(action, private[2])
    link(action, theme=theme)
    # A meeting of the consultation (issue 17): the open data lists it with its calendar file.
    create_meeting(title="Forum plenario sulla mobilità", consultation_id=consultation.id, capacity=80)
    db.session.commit()
    return {
        "consultation": consultation,
        "draft_consultation": draft_consultation,
        "public": public,
        "private": private,
        "run": run,
        "theme": theme,
        "other_theme": other_theme,
        "draft_proposal": draft_proposal,
    }
