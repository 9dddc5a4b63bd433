"""Helpers shared by the proposal tests."""

from __future__ import annotations

from flask import g
from sqlalchemy import func, select

from app.extensions import db
from app.proposals.models import Proposal
from tests import factories


def sign_in(client, user) -> None:
    """Log ``user`` in by setting the Flask-Login session (no slow password hashing).

    The real login form is tested by the accounts tests. The tests' app context is
    shared by every request, so Flask-Login's cached user in ``g`` is dropped too.
    """
    g.pop("_login_user", None)
    session_id = factories.session_id_for(user)
    with client.session_transaction() as session:
        session["_user_id"] = session_id
        session["_fresh"] = True


def english(client) -> None:
    client.get("/lingua/en")


def proposal_count() -> int:
    return db.session.scalar(select(func.count(Proposal.id)))


def full_form(**overrides) -> dict:
    """A complete, valid submission form for a metropolitan consultation."""
    data = {
        "title": "Più piste ciclabili tra i comuni",
        "summary": "Una rete ciclabile che colleghi i comuni della zona.",
        "need": "Mancano collegamenti sicuri in bicicletta.",
        "action": "Progettare e realizzare 50 km di piste ciclabili.",
        "expected_results": "Meno traffico e più sicurezza.",
        "actors_involved": "Comuni, Città metropolitana, associazioni di ciclisti.",
        "driver_id": str(factories.driver(5).id),
        "scope": "metropolitan",
        "zone_id": "",
        "submission_token": "tok-" + str(factories._next()),
        "intent": "submit",
    }
    data.update(overrides)
    return data
