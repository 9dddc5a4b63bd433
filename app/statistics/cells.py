"""Where one act counts, and the arithmetic of the stored documents.

No database here: the full refresh (:mod:`app.statistics.services`) and the changes kept by
each write (:mod:`app.statistics.live`) share these rules, and a test checks that both
give the same documents.

A document (one per scope: ``all``, ``c<id>``, ``z<id>``, ``c<id>-z<id>``) holds
``[proposals, supports, comments, participants]`` in ``total`` and per ``driver``,
``actor_type`` and ``week`` (the unfiltered scopes also per ``comune`` and ``zone``), and
``[comuni, zones]`` per Driver in ``coverage``. Entries that are all zeros are left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

ALL = "all"
# The zone a week is counted in: Monday 00:00 in Milan (SQLite has no time zones: UTC there).
TIMEZONE = "Europe/Rome"
MEASURES = {"proposal": 0, "support": 1, "comment": 2}
PARTICIPANTS = 3
PLACE_SECTIONS = ("comune", "zone")


def scope_key(consultation_id: int | None, zone_id: int | None) -> str:
    parts = []
    if consultation_id is not None:
        parts.append(f"c{consultation_id}")
    if zone_id is not None:
        parts.append(f"z{zone_id}")
    return "-".join(parts) or ALL


def has_places(key: str) -> bool:
    """The unfiltered scopes (``all``, ``c<id>``) keep the per-comune and per-zone sections."""
    return "z" not in key


def empty_document(with_places: bool) -> dict:
    document = {"total": [0, 0, 0, 0], "driver": {}, "actor_type": {}, "week": {}, "coverage": {}}
    if with_places:
        document.update(comune={}, zone={})
    return document


def week_of(moment: datetime | None, dialect: str) -> str:
    """The Monday of ``moment``'s week, as the full refresh's SQL computes it."""
    if moment is None:
        return "None"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(ZoneInfo(TIMEZONE) if dialect == "postgresql" else UTC)
    day = local.date()
    return (day - timedelta(days=day.weekday())).isoformat()


@dataclass(frozen=True)
class ProposalInfo:
    consultation_id: int
    driver_id: int | None
    state: str
    comuni: frozenset[int]
    zones: frozenset[int]


@dataclass(frozen=True)
class CountedAct:
    """An act that counts: a published proposal, a support of one, a published comment on
    one. ``participant`` is None for a support unlinked from a deleted account."""

    key: tuple[str, int]  # (kind, row id)
    participant: int | None
    proposal_id: int
    actor_type_id: int | None
    week: str


Cell = tuple[str, str, str | None]  # (document, section, key or None for "total")


def act_cells(act: CountedAct, info: ProposalInfo) -> list[Cell]:
    """Every cell ``act`` counts in (the same grouping as the full refresh)."""
    plain = (("driver", str(info.driver_id)), ("actor_type", str(act.actor_type_id)), ("week", act.week))
    cells: list[Cell] = []
    for consultation_id in (None, info.consultation_id):
        document = scope_key(consultation_id, None)
        cells.append((document, "total", None))
        cells += [(document, section, key) for section, key in plain]
        cells += [(document, "comune", str(comune)) for comune in info.comuni]
        cells += [(document, "zone", str(zone)) for zone in info.zones]
        for zone in info.zones:
            zoned = scope_key(consultation_id, zone)
            cells.append((zoned, "total", None))
            cells += [(zoned, section, key) for section, key in plain]
    return cells


Delta = dict[str, dict[tuple[str, str | None], list[int]]]


def act_delta(before: set[CountedAct], after: set[CountedAct], infos: dict[int, ProposalInfo]) -> Delta:
    """What changes in the documents when the counted acts go from ``before`` to ``after``.

    Counts of acts add up; a participant is added to (or taken from) a cell only when their
    first act in it appears (or their last one goes), so only the people whose acts changed
    are looked at, each against their own other acts.
    """
    memo: dict[CountedAct, list[Cell]] = {}

    def cells(act: CountedAct) -> list[Cell]:
        if act not in memo:
            memo[act] = act_cells(act, infos[act.proposal_id])
        return memo[act]

    changes: dict[Cell, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    added, removed = after - before, before - after
    for acts, sign in ((added, 1), (removed, -1)):
        for act in acts:
            for cell in cells(act):
                changes[cell][MEASURES[act.key[0]]] += sign
    people = {a.participant for a in added | removed if a.participant is not None}
    unchanged_by: dict[int, list[CountedAct]] = defaultdict(list)
    for act in before & after:
        if act.participant in people:
            unchanged_by[act.participant].append(act)
    for person in people:
        gained = {c for a in added if a.participant == person for c in cells(a)}
        lost = {c for a in removed if a.participant == person for c in cells(a)}
        touched = gained | lost
        kept = _cells_kept(unchanged_by[person], touched, cells)
        for cell in touched:
            changes[cell][PARTICIPANTS] += int(cell in kept or cell in gained) - int(
                cell in kept or cell in lost
            )
    delta: Delta = defaultdict(dict)
    for (document, section, key), values in changes.items():
        if any(values):
            delta[document][(section, key)] = values
    return dict(delta)


def _cells_kept(unchanged: list[CountedAct], touched: set[Cell], cells) -> set[Cell]:
    """Which of the ``touched`` cells the person's unchanged acts keep them in (stops as
    soon as all are: a busy person's first few acts usually cover them)."""
    kept: set[Cell] = set()
    for act in unchanged:
        kept.update(cell for cell in cells(act) if cell in touched)
        if len(kept) == len(touched):
            break
    return kept


def merge_delta(into: Delta, more: Delta) -> None:
    for document, entries in more.items():
        target = into.setdefault(document, {})
        for entry, values in entries.items():
            current = target.get(entry, [0] * len(values))
            target[entry] = [a + b for a, b in zip(current, values, strict=True)]


def apply_delta(document: dict, entries: dict[tuple[str, str | None], list[int]]) -> None:
    """Add ``entries`` to ``document`` in place, dropping entries that fall to zero."""
    for (section, key), values in entries.items():
        if key is None:
            document[section] = [a + b for a, b in zip(document[section], values, strict=True)]
            continue
        part = document.setdefault(section, {})
        current = part.get(key, [0] * len(values))
        new = [a + b for a, b in zip(current, values, strict=True)]
        if any(new):
            part[key] = new
        else:
            part.pop(key, None)


def _combine_values(values: Iterable[tuple[int, list[int] | None]]) -> list[int] | None:
    total: list[int] | None = None
    for sign, vector in values:
        if vector is None:
            continue
        total = total or [0] * len(vector)
        total = [a + sign * b for a, b in zip(total, vector, strict=True)]
    return total


def combine(fresh: dict, current: dict, base: dict) -> dict:
    """``fresh + current - base``, section by section: a refresh computed from a snapshot
    (``fresh``) plus what the writes committed since that snapshot added (``current`` is
    the stored document now, ``base`` the stored document the snapshot saw)."""
    result = empty_document(has_places_document(fresh) or has_places_document(current))
    for section in result:
        parts = [(1, fresh.get(section)), (1, current.get(section)), (-1, base.get(section))]
        if section == "total":
            result[section] = _combine_values(parts) or [0, 0, 0, 0]
            continue
        keys = set().union(*((part or {}).keys() for _sign, part in parts))
        for key in keys:
            vector = _combine_values((sign, (part or {}).get(key)) for sign, part in parts)
            if vector and any(vector):
                result[section][key] = vector
    return result


def has_places_document(document: dict) -> bool:
    return "comune" in document


def normalised(document: dict | None, with_places: bool) -> dict:
    """The document with zero entries dropped: what a comparison should look at."""
    base = empty_document(with_places)
    return combine(document or base, base, base)
