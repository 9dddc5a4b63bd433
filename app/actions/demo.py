"""The demo's "Dal Forum al Piano": the plan's actions, the accepted proposals that flowed
into them and a short timeline each (``forum load-demo``; no e-mail is sent)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.actions.admin_services import load_plan_actions
from app.actions.models import ActionLink, ActionUpdate, PlanAction
from app.extensions import db

# The operational project each Driver's accepted proposals flow into in the demo.
ACTION_OF_DRIVER = {
    1: "PO-1.1",  # Campus metropolitano smart → digitalisation of the services
    2: "PO-5.5",  # Politiche verdi e blu → ForestaMI
    3: "PO-5.3",  # Sustain-Ability → energy and water monitoring
    4: "PO-5.2",  # Metabolismo circolare → Verso l'Economia Circolare
    5: "PO-6.1",  # Il diritto alla mobilità → NET.I.S.
    6: "PO-3.1",  # Produzione e logistica → SUAP associato
    7: "PO-4.1",  # Scuole avamposto → sports facilities of the schools
    8: "PO-3.3",  # Il lavoro al lavoro → collaborative network
    9: "PO-4.2",  # Ri-generation housing → Regolamento Beni Comuni
    10: "PO-3.6",  # Sistema salute territorio → training of the care network
}
ACCEPTED = ("accolta", "accolta_in_parte", "gia_prevista")
TIMELINE = (
    (
        "planned",
        10,
        "Il progetto è inserito nel Documento Unico di Programmazione con le risorse del triennio.",
    ),
    (
        "in_progress",
        40,
        "Avviate le attività con i primi Comuni aderenti; le proposte del Forum sono nel capitolato.",
    ),
)


def create_demo_actions(demo) -> None:
    """Load the plan's actions, link the demo's accepted proposals and date two updates."""
    load_plan_actions()
    db.session.flush()  # the proposals' ids
    actions = {a.code: a for a in db.session.scalars(select(PlanAction))}
    analyst = demo.accounts["analyst"]
    linked: dict[str, list] = {}
    for item in demo.planned:
        proposal = item.proposal
        if proposal.answer_kind not in ACCEPTED or proposal.driver is None:
            continue
        code = ACTION_OF_DRIVER.get(proposal.driver.number)
        if code in actions:
            linked.setdefault(code, []).append(proposal)
            db.session.add(
                ActionLink(
                    action_id=actions[code].id,
                    proposal_id=proposal.id,
                    note="Accolta nella risposta del Piano.",
                    created_by_id=analyst.id,
                    created_at=proposal.answered_at or demo.now,
                )
            )
    for position, code in enumerate(sorted(linked)):
        action = actions[code]
        status, progress = "proposed", 0
        steps = TIMELINE[: 1 + position % 2]  # some planned, some in progress
        for days_ago, (new_status, new_progress, body) in zip((120, 30), steps, strict=False):
            day = (demo.now - timedelta(days=days_ago)).date()
            db.session.add(
                ActionUpdate(
                    action_id=action.id,
                    author_id=analyst.id,
                    body=body,
                    happened_on=day,
                    dup_year=day.year,
                    status=new_status,
                    progress=new_progress,
                    previous_status=status,
                    previous_progress=progress,
                )
            )
            status, progress = new_status, new_progress
        action.status, action.progress, action.dup_year = status, progress, demo.now.year
    demo.counts["action_links"] = sum(len(p) for p in linked.values())
    db.session.flush()
