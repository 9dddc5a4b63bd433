"""The demo's proposals are about the places they name (issue 15: "demo texts whose scope
contradicts the text", e.g. a text about Rho filed on a comune of another zone).

Over the whole demo set: every comune or zone a proposal's text names by name is inside its
territorial scope — one of its comuni (or a zone holding them), its zone (or a comune of
it) — unless the scope is the whole metropolitan area.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from app.demo import services
from app.extensions import db
from app.proposals.models import TEXT_FIELDS, Proposal
from app.reference.models import Comune, Zone

# Names that contain a comune's name without naming that comune as a place.
NOT_PLACES = ("Città metropolitana di Milano", "Parco Agricolo Sud Milano")


def _names_in(text: str, names: list[str]) -> set[str]:
    """The ``names`` found as whole words, longest first, each match hiding what it covers
    ("San Giorgio su Legnano" is not also "Legnano"; "zona Nord Milano" is not "Milano")."""
    found = set()
    for name in sorted(names, key=len, reverse=True):
        pattern = re.compile(rf"(?<![\w']){re.escape(name)}(?![\w])")
        if pattern.search(text):
            found.add(name)
            text = pattern.sub(" ", text)
    return found


def _text_of(proposal: Proposal) -> str:
    text = "\n".join(getattr(proposal, name) or "" for name in ("title", *TEXT_FIELDS))
    # The author's own organisation ("Consorzio Est Milano Lavoro") is a name, not a place.
    for phrase in (*NOT_PLACES, *([proposal.organisation.name] if proposal.organisation else [])):
        text = text.replace(phrase, " ")
    return text


def _contradictions(proposal: Proposal, zones: dict[str, Zone], comuni: dict[str, Comune]) -> list[str]:
    if proposal.scope == "metropolitan":
        return []
    named = _names_in(_text_of(proposal), [*zones, *comuni])
    if proposal.scope == "zone":
        return [n for n in named if (zones[n].id if n in zones else comuni[n].zone_id) != proposal.zone_id]
    scope_comuni = {c.name for c in proposal.comuni}
    scope_zones = {c.zone_id for c in proposal.comuni}
    return sorted(
        n
        for n in named
        if (n in comuni and n not in scope_comuni) or (n in zones and zones[n].id not in scope_zones)
    )


def test_every_place_a_demo_proposal_names_is_inside_its_scope(app):
    services.load_demo()
    db.session.flush()
    zones = {z.name: z for z in db.session.scalars(select(Zone))}
    comuni = {c.name: c for c in db.session.scalars(select(Comune))}
    proposals = list(db.session.scalars(select(Proposal).order_by(Proposal.id)))
    assert len(proposals) >= 300

    wrong = {
        p.id: (p.scope, sorted(c.name for c in p.comuni), p.zone.name if p.zone else None, found)
        for p in proposals
        if (found := _contradictions(p, zones, comuni))
    }

    assert not wrong, f"{len(wrong)} proposals name places outside their scope: {list(wrong.items())[:8]}"
    # The check does read the places: most local proposals name theirs.
    local = [p for p in proposals if p.scope != "metropolitan"]
    naming = [p for p in local if _names_in(_text_of(p), [*zones, *comuni])]
    assert len(naming) > len(local) / 2
    # And the scope followed the text where a text names two comuni ("tra Rho e Pero").
    assert any(len(p.comuni) >= 2 and len(_names_in(_text_of(p), list(comuni))) >= 2 for p in local)


def test_the_check_finds_a_text_filed_on_another_zone(app):
    """The example of the issue: a text about Rho (Nord Ovest) filed on a comune of Adda Martesana."""
    zones = {z.name: z for z in db.session.scalars(select(Zone))}
    comuni = {c.name: c for c in db.session.scalars(select(Comune))}
    proposal = Proposal(
        title="Ciclabile tra Rho e la stazione di Rho Fiera",
        summary="Una pista ciclabile a Rho.",
        scope="comuni",
        comuni=[comuni["Gorgonzola"]],
    )
    assert _contradictions(proposal, zones, comuni) == ["Rho"]
    proposal.comuni = [comuni["Rho"]]
    assert _contradictions(proposal, zones, comuni) == []
    proposal.title = "Ciclabile nella zona Nord Milano, a San Giorgio su Legnano"
    assert sorted(_contradictions(proposal, zones, comuni)) == ["Nord Milano", "San Giorgio su Legnano"]
