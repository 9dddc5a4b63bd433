"""Texts of demo proposals and comments, built from the per-Driver vocabularies.

Pure functions over a seeded :class:`random.Random`: no database, no Flask. The same seed and
the same inputs always give the same texts.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field

from app.demo import content, content_places

# Placeholders that need named comuni (a local proposal).
LOCAL_KEYS = {"comune", "comune2", "stazione", "parco", "acqua", "area", "scuola"}
METRO_PHRASES = [
    "in tutta l'area metropolitana",
    "nell'area metropolitana",
    "nei comuni della Città metropolitana",
]
_FORMATTER = string.Formatter()


@dataclass
class Territory:
    """Where a proposal is about: scope, zone name and comune names (first is the main one)."""

    scope: str
    zone_name: str | None = None
    comuni: list[str] = field(default_factory=list)
    # Other comuni of the same zone, for "between A and B" texts.
    neighbours: list[str] = field(default_factory=list)
    # The text may name Milano (the bus to Milano, a student room in Milano): always about the
    # whole area; about comuni outside Milano in a consultation of the whole area (Milano then
    # joins their scope). Never in a zone's consultation: Milano is not in the zone.
    may_name_milano: bool = False


@dataclass
class Author:
    """How the author writes: ``citizen``, ``organisation`` or ``comune``, and the entity's name."""

    kind: str
    entity: str = ""


@dataclass
class ProposalText:
    title: str
    summary: str
    need: str
    action: str
    expected_results: str
    actors_involved: str
    subtheme: str
    keywords: list[str]
    # Comuni the text names besides the territory's own (a neighbour, Milano): the scope
    # follows the text, so the caller adds them to the proposal's comuni.
    also_named: list[str] = field(default_factory=list)


class _Values(dict):
    """The placeholders' values, remembering which ones the chosen templates used."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.used: set[str] = set()

    def __getitem__(self, key):
        self.used.add(key)
        return super().__getitem__(key)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in _FORMATTER.parse(template) if name}


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def preposition_a(name: str) -> str:
    """ "a Rho", "ad Arese" (the euphonic d before a vowel a)."""
    return f"ad {name}" if name[:1] in "Aa" else f"a {name}"


def place_values(rng: random.Random, territory: Territory) -> dict[str, str]:
    """The values of every placeholder available for ``territory``."""
    values: dict[str, str] = {}
    may_name_milano = territory.may_name_milano or territory.scope == "metropolitan"
    if may_name_milano and territory.comuni[:1] != ["Milano"]:
        values["milano"] = "Milano"
    if territory.scope == "metropolitan":
        values["dove"] = rng.choice(METRO_PHRASES)
        values["nei_comuni"] = "in tutti i comuni dell'area metropolitana"
    elif territory.scope == "zone":
        values["zona"] = territory.zone_name or ""
        values["dove"] = (
            "a Milano" if territory.zone_name == "Milano" else f"nella zona {territory.zone_name}"
        )
        values["nei_comuni"] = (
            "a Milano" if territory.zone_name == "Milano" else f"nei comuni della zona {territory.zone_name}"
        )
    else:
        comune = territory.comuni[0]
        values["zona"] = territory.zone_name or ""
        values["comune"] = comune
        values["dove"] = preposition_a(comune)
        values["nei_comuni"] = f"{preposition_a(comune)} e nei comuni vicini"
        named = content_places.NAMED_PLACES.get(comune, {})
        if comune == "Milano":
            quartiere = rng.choice(content_places.MILANO_QUARTIERI)
            values["dove"] = f"nel quartiere {quartiere}"
            values["scuola"] = f"l'istituto superiore del quartiere {quartiere}"
        else:
            values["scuola"] = f"l'istituto superiore di {comune}"
        fallbacks = {
            "stazione": f"il nodo di interscambio di {comune}",
            "parco": f"il parco comunale di {comune}",
            "acqua": f"le rogge e i canali irrigui di {comune}",
            "area": f"l'ex area industriale vicino al centro di {comune}",
        }
        for kind, fallback in fallbacks.items():
            values[kind] = rng.choice(named[kind]) if named.get(kind) else fallback
        others = [name for name in territory.comuni[1:] + territory.neighbours if name != comune]
        if others:
            values["comune2"] = others[0]
    for key in list(values):
        values[f"{key}_cap"] = _cap(values[key])
    return values


def _usable(templates: list[str], values: dict[str, str]) -> list[str]:
    return [t for t in templates if placeholders(t) <= values.keys()]


def _pick(rng: random.Random, templates: list[str], values: dict[str, str], count: int = 1) -> list[str]:
    usable = _usable(templates, values)
    chosen = rng.sample(usable, min(count, len(usable)))
    return [t.format_map(values) for t in chosen]


def _join(parts: list[str]) -> str:
    return " ".join(part for part in parts if part)


def proposal_text(
    rng: random.Random,
    driver_number: int,
    subtheme: dict,
    territory: Territory,
    author: Author,
    used_titles: set[str],
) -> ProposalText:
    """One proposal's fields, in a register that fits the author (short, informal or formal)."""
    vocabulary = content.DRIVERS[driver_number]
    values = _Values(place_values(rng, territory))
    values["org"] = author.entity
    title = ""
    for _ in range(6):
        values.used.clear()  # only the title kept counts
        title = _cap(_pick(rng, subtheme["titles"], values)[0])
        if title not in used_titles:
            break
    used_titles.add(title)

    summary = _pick(rng, subtheme["summaries"], values)[0]
    if author.kind == "citizen":
        register = rng.choice(("short", "informal", "informal"))
    else:
        register = "formal"
    if register == "short":
        need = _pick(rng, subtheme["needs"], values)[0]
        action = _pick(rng, subtheme["actions"], values)[0]
        results = _pick(rng, subtheme["results"], values)[0]
        actors = rng.sample(subtheme.get("actors", vocabulary["actors"]), 1)
    elif register == "informal":
        opener = rng.choice(content.CITIZEN_OPENERS).format_map(values)
        need = _join([opener, *_pick(rng, subtheme["needs"], values, rng.choice((1, 2)))])
        closer = rng.choice(content.CITIZEN_CLOSERS)
        action = _join([*_pick(rng, subtheme["actions"], values, rng.choice((1, 2))), closer])
        results = _join(_pick(rng, subtheme["results"], values, 1))
        actors = rng.sample(vocabulary["actors"], 2)
    else:
        if author.kind == "comune":
            opener, closer = rng.choice(content.COMUNE_OPENERS), rng.choice(content.COMUNE_CLOSERS)
            values.setdefault("comune", author.entity.removeprefix("Comune di "))
        else:
            opener = rng.choice(content.ORGANISATION_OPENERS)
            closer = rng.choice(content.ORGANISATION_CLOSERS)
        need = _join([opener.format_map(values), *_pick(rng, subtheme["needs"], values, 2)])
        action = _join([*_pick(rng, subtheme["actions"], values, 2), closer.format_map(values)])
        results = _join(_pick(rng, subtheme["results"], values, 2))
        actors = rng.sample(vocabulary["actors"], 3)
        if author.kind == "organisation":
            actors.append(author.entity)
    return ProposalText(
        title=title[:200],
        summary=summary,
        need=need,
        action=action,
        expected_results=results,
        actors_involved=_cap(", ".join(actors)) + ".",
        subtheme=subtheme["key"],
        keywords=list(subtheme["keywords"]),
        also_named=[values[key] for key in ("comune2", "milano") if {key, f"{key}_cap"} & values.used],
    )


def comment_text(rng: random.Random, driver_number: int, comune: str) -> str:
    """A top-level comment: about the Driver's theme half the time, generic otherwise."""
    if rng.random() < 0.5:
        return rng.choice(content.DRIVERS[driver_number]["comments"])
    return rng.choice(content.GENERIC_COMMENTS).format(comune=comune)


def reply_text(rng: random.Random, by_author: bool) -> str:
    return rng.choice(content.AUTHOR_REPLIES if by_author else content.REPLIES)
