"""The rows of the bench data set, generated lazily table by table for ``COPY``.

Pure Python over a seeded :class:`random.Random`; texts come from the demo vocabularies
(:mod:`app.demo.generator`), so proposals read as Italian and the Italian full-text
configuration has real words to stem. Counters are planned before the proposals are
written and the supports and comments then produce exactly those numbers.
"""

from __future__ import annotations

import json
import random
import secrets
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from _common import user_email

from app.demo import content, content_people
from app.demo.generator import Author, Territory, comment_text, proposal_text, reply_text

NOW = datetime.now(UTC).replace(microsecond=0)
STATE_WEIGHTS = {
    "published": 88,
    "submitted": 4,
    "changes_requested": 2,
    "rejected": 2,
    "withdrawn": 2,
    "hidden": 1,
    "draft": 1,
}
STAFF = {
    1: ("admin", "Amministrazione Forum"),
    2: ("moderator", "Moderazione 1"),
    3: ("moderator", "Moderazione 2"),
    4: ("moderator", "Moderazione 3"),
    5: ("analyst", "Ufficio Piano"),
}
MODERATORS = (2, 3, 4)
HEAVY_COMMENTS = 500
ORG_TYPES = ("associazione", "universita", "camera_commercio", "impresa", "sindacato", "ente_pubblico")


@dataclass(frozen=True)
class Sizes:
    users: int
    representatives: int
    organisations: int
    consultations: int
    proposals: int
    supports: int
    comments: int
    flags: int
    follows: int

    @classmethod
    def at(cls, scale: float) -> Sizes:
        representatives = max(4, int(2_000 * scale))
        return cls(
            users=max(60, int(50_000 * scale)),
            representatives=representatives,
            organisations=max(2, representatives * 3 // 4),
            consultations=20,
            proposals=max(100, int(100_000 * scale)),
            supports=int(1_000_000 * scale),
            comments=max(HEAVY_COMMENTS + 100, int(300_000 * scale)),
            flags=max(10, int(5_000 * scale)),
            follows=int(20_000 * scale),
        )


@dataclass
class BenchData:
    rng: random.Random
    sizes: Sizes
    password_hash: str
    drivers: dict[int, int]
    driver_missions: list[tuple[int, int]]
    keywords: dict[str, int]
    zones: list[tuple[int, str]]
    comuni: list[tuple[int, str, int | None]]
    actor_types: dict[str, int]
    privacy_version: str = ""
    # filled while generating
    consultations: list[dict] = field(default_factory=list)
    published: list[tuple[int, datetime, int, int]] = field(default_factory=list)  # id, when, author, driver
    history: list[tuple] = field(default_factory=list)
    audit: list[tuple] = field(default_factory=list)
    m2m_comuni: list[tuple[int, int]] = field(default_factory=list)
    m2m_keys: list[tuple[int, int, tuple]] = field(default_factory=list)
    org_actor_type: dict[int, int] = field(default_factory=dict)
    rep_entity: dict[int, tuple[int | None, int | None]] = field(
        default_factory=dict
    )  # user -> (org, comune)

    def add_audit(self, actor, action: str, object_type: str, object_id: int, when, **details) -> None:
        self.audit.append((actor, action, object_type, object_id, json.dumps(details), when))


def generate(data: BenchData) -> Iterator[tuple[str, Iterator[tuple], int]]:
    """``(table, rows, expected count)`` in load order."""
    s = data.sizes
    yield "users", _users(data), s.users
    yield (
        "role_assignments",
        ((uid, role, None, NOW - timedelta(days=400)) for uid, (role, _n) in STAFF.items()),
        len(STAFF),
    )
    yield "organisations", _organisations(data), s.organisations
    yield "representations", _representations(data), s.representatives
    _plan_consultations(data)
    # The proposals are planned first: the consultations carry their published_count.
    proposals = list(_proposals(data))
    published_count = {}
    for row in proposals:
        if row[15] == "published":
            published_count[row[1]] = published_count.get(row[1], 0) + 1
    yield (
        "consultations",
        (_consultation_row(c, published_count.get(c["id"], 0)) for c in data.consultations),
        20,
    )
    yield (
        "consultation_drivers",
        ((c["id"], data.drivers[n]) for c in data.consultations for n in c["drivers"]),
        0,
    )
    supports_plan = _plan_counts(data, s.supports, cap=min(s.users - 10, 4_000), alpha=1.1)
    heavy = _heavy_proposal(data)
    comments_plan = _plan_counts(data, s.comments - HEAVY_COMMENTS, cap=300, alpha=1.3, skip=heavy)
    comments_plan[heavy] = HEAVY_COMMENTS
    hidden_plan = {
        pid: sum(data.rng.random() < 0.01 for _ in range(k))
        for pid, k in comments_plan.items()
        if pid != heavy
    }
    yield (
        "proposals",
        (_with_counts(row, supports_plan, comments_plan, hidden_plan) for row in proposals),
        len(proposals),
    )
    del proposals
    yield "proposal_missions", _m2m_missions(data), 0
    yield "proposal_keywords", _m2m_keywords(data), 0
    yield "proposal_comuni", iter(data.m2m_comuni), 0
    yield "proposal_state_changes", iter(data.history), len(data.history)
    yield "supports", _supports(data, supports_plan), sum(supports_plan.values())
    comment_proposal = array("i")
    yield (
        "comments",
        _comments(data, comments_plan, hidden_plan, heavy, comment_proposal),
        sum(comments_plan.values()),
    )
    yield "flags", _flags(data, comment_proposal), s.flags
    yield "follows", _follows(data), s.follows
    data.audit.sort(key=lambda row: row[5])
    yield "audit_entries", iter(data.audit), len(data.audit)


# --- people -------------------------------------------------------------------------------


def _users(data: BenchData) -> Iterator[tuple]:
    rng = data.rng
    created = NOW - timedelta(days=500)
    for uid in range(1, data.sizes.users + 1):
        name = (
            STAFF[uid][1]
            if uid in STAFF
            else (f"{rng.choice(content_people.FIRST_NAMES)} {rng.choice(content_people.LAST_NAMES)}")
        )
        when = created + timedelta(minutes=uid)
        yield (uid, user_email(uid), data.password_hash, name, None, when, when, secrets.token_urlsafe(24))


def _representative_ids(data: BenchData) -> range:
    first = max(STAFF) + 1
    return range(first, first + data.sizes.representatives)


def _organisations(data: BenchData) -> Iterator[tuple]:
    rng = data.rng
    kinds = ("Associazione", "Cooperativa sociale", "Fondazione", "Comitato", "Consorzio", "Rete civica")
    for oid in range(1, data.sizes.organisations + 1):
        code = rng.choice(ORG_TYPES)
        data.org_actor_type[oid] = data.actor_types[code]
        comune = rng.choice(data.comuni)
        name = f"{rng.choice(kinds)} {comune[1]} n. {oid}"
        yield (
            oid,
            f"bench-org-{oid}",
            name,
            data.actor_types[code],
            "",
            "",
            comune[2],
            NOW - timedelta(days=450),
        )


def _representations(data: BenchData) -> Iterator[tuple]:
    rng = data.rng
    decided = NOW - timedelta(days=420)
    seen_comuni: set[int] = set()
    for index, uid in enumerate(_representative_ids(data)):
        if index < data.sizes.organisations:
            data.rep_entity[uid] = (index + 1, None)
            yield (
                uid,
                "organisation",
                index + 1,
                None,
                "Presidente",
                "",
                "verified",
                decided,
                1,
                decided,
                "",
            )
        else:
            comune_id = rng.choice(data.comuni)[0]
            # Only one representative per comune acts for it (one support per entity).
            if comune_id not in seen_comuni:
                seen_comuni.add(comune_id)
                data.rep_entity[uid] = (None, comune_id)
            yield (uid, "comune", None, comune_id, "Sindaco", "", "verified", decided, 1, decided, "")


# --- consultations and proposals ------------------------------------------------------------


def _plan_consultations(data: BenchData) -> None:
    rng = data.rng
    numbers = sorted(data.drivers)
    zones = [z for z in data.zones]
    for cid in range(1, data.sizes.consultations + 1):
        if cid <= 14:  # open, collecting
            start = NOW - timedelta(days=60 + cid)
            phases = [
                start,
                start + timedelta(days=10),
                NOW + timedelta(days=30),
                NOW + timedelta(days=60),
                NOW + timedelta(days=90),
                NOW + timedelta(days=120),
            ]
        elif cid <= 18:  # closed
            start = NOW - timedelta(days=400 + 20 * cid)
            phases = [start + timedelta(days=30 * k) for k in range(6)]
        else:  # upcoming
            start = NOW + timedelta(days=20 * cid)
            phases = [start + timedelta(days=30 * k) for k in range(6)]
        zone = zones[cid % len(zones)] if 11 <= cid <= 18 else None
        drivers = numbers if zone is None else sorted(rng.sample(numbers, 4))
        title = f"Agenda metropolitana {2010 + cid}" if zone is None else f"Forum della zona {zone[1]} {cid}"
        data.consultations.append(
            {
                "id": cid,
                "slug": f"bench-consultazione-{cid}",
                "title": title,
                "zone": zone,
                "phases": phases,
                "drivers": drivers,
                "premoderated": cid != 1,
                "weight": 0 if cid > 18 else (30 if cid == 1 else 4),
            }
        )


def _consultation_row(c: dict, published: int) -> tuple:
    p = c["phases"]
    return (
        c["id"],
        c["slug"],
        c["title"],
        "Consultazione generata per le misure di prestazione.",
        "zone" if c["zone"] else "metropolitan",
        c["zone"][0] if c["zone"] else None,
        1,
        c["premoderated"],
        *p,
        p[0] - timedelta(days=5),
        p[0] - timedelta(days=5),
        published,
    )


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _proposals(data: BenchData) -> Iterator[tuple]:
    rng = data.rng
    active = [c for c in data.consultations if c["weight"]]
    chosen = rng.choices(active, weights=[c["weight"] for c in active], k=data.sizes.proposals)
    reps = list(_representative_ids(data))
    citizens_from = max(reps) + 1
    zone_comuni: dict[int, list] = {}
    for comune in data.comuni:
        zone_comuni.setdefault(comune[2], []).append(comune)
    for pid, c in enumerate(chosen, start=1):
        number = rng.choice(c["drivers"])
        subtheme = rng.choice(content.DRIVERS[number]["subthemes"])
        roll = rng.random()
        org = comune_entity = None
        if roll < 0.07:
            author = rng.choice(reps[: data.sizes.organisations])
            org = data.rep_entity[author][0]
            who, actor_type = Author("organisation", f"Organizzazione n. {org}"), data.org_actor_type[org]
        elif roll < 0.10 and len(reps) > data.sizes.organisations:
            author = rng.choice(reps[data.sizes.organisations :])
            comune_entity = data.rep_entity.get(author, (None, None))[1]
            who = Author("comune", "Comune") if comune_entity else Author("citizen")
            actor_type = data.actor_types["comune" if comune_entity else "cittadino"]
        else:
            author = rng.randint(citizens_from, data.sizes.users)
            who, actor_type = Author("citizen"), data.actor_types["cittadino"]
        zone = c["zone"] or (rng.choice(data.zones) if rng.random() < 0.6 else None)
        scope = "metropolitan" if zone is None else rng.choice(("zone", "comuni"))
        pool = zone_comuni.get(zone[0], data.comuni) if zone else data.comuni
        comuni = rng.sample(pool, min(2, len(pool))) if scope == "comuni" else []
        territory = Territory(
            scope, zone[1] if zone else None, [x[1] for x in comuni[:1]], [x[1] for x in comuni[1:]]
        )
        if who.kind == "comune":
            who = Author("comune", f"Comune di {comuni[0][1] if comuni else 'Milano'}")
        text = proposal_text(rng, number, subtheme, territory, who, set())
        state = _weighted(rng, STATE_WEIGHTS)
        p = c["phases"]
        window_end = min(NOW - timedelta(hours=2), p[2])
        created = p[1] + (window_end - p[1]) * rng.random()
        submitted = None if state == "draft" else created + timedelta(minutes=10)
        published = None
        if state in ("published", "withdrawn", "hidden"):
            published = (
                submitted
                if not c["premoderated"]
                else min(submitted + timedelta(hours=rng.uniform(1, 48)), NOW - timedelta(minutes=30))
            )
        answer = _answer(rng, c, state)
        _history(data, pid, author, state, created, submitted, published, c["premoderated"])
        if state == "published":
            data.published.append((pid, published, author, data.drivers[number]))
        for comune in comuni:
            data.m2m_comuni.append((pid, comune[0]))
        data.m2m_keys.append((pid, data.drivers[number], tuple(text.keywords[: rng.choice((1, 2))])))
        reason = "Proposta non pertinente con la consultazione." if state in ("rejected", "hidden") else ""
        yield (
            pid,
            c["id"],
            author,
            org,
            comune_entity,
            actor_type,
            text.title,
            text.summary,
            text.need,
            text.action,
            text.expected_results,
            text.actors_involved,
            data.drivers[number],
            scope,
            zone[0] if zone and scope == "zone" else None,
            state,
            reason,
            created,
            published or submitted or created,
            submitted,
            published,
            0,
            0,
            *answer,
        )


def _answer(rng: random.Random, c: dict, state: str) -> tuple:
    if state != "published" or c["phases"][5] > NOW or rng.random() < 0.4:
        return (None, "", None, None)
    kind = rng.choice(list(content.ANSWERS))
    return (kind, "Risposta dell'Ufficio di Piano alla proposta.", 5, c["phases"][4] + timedelta(days=3))


def _history(data: BenchData, pid, author, state, created, submitted, published, premoderated) -> None:
    steps = [(None, "draft", author, "", created)]
    if state != "draft":
        first = "submitted" if premoderated else "published"
        steps.append(("draft", first, author, "", submitted))
        moderator = data.rng.choice(MODERATORS)
        later = (published or submitted) + timedelta(hours=1)
        if premoderated and state != "submitted":
            to = "published" if state in ("withdrawn", "hidden") else state
            reason = "" if to == "published" else "Servono più dettagli sulla proposta."
            steps.append(("submitted", to, moderator, reason, published or later))
        if state == "withdrawn":
            steps.append(("published", "withdrawn", author, "", later + timedelta(days=1)))
        if state == "hidden":
            steps.append(
                ("published", "hidden", moderator, "Contenuto fuori tema.", later + timedelta(days=1))
            )
    for from_state, to_state, actor, reason, when in steps:
        data.history.append((pid, from_state, to_state, actor, reason, when))
        action = "proposal.create" if from_state is None else f"proposal.{to_state}"
        data.add_audit(
            actor, action, "proposals", pid, when, from_state=from_state, to_state=to_state, reason=reason
        )


def _with_counts(row: tuple, supports: dict, comments: dict, hidden: dict) -> tuple:
    pid = row[0]
    visible = comments.get(pid, 0) - hidden.get(pid, 0)
    return (*row[:21], supports.get(pid, 0), visible, *row[23:])


def _heavy_proposal(data: BenchData) -> int:
    """The published proposal that gets exactly 500 comments (first one of consultation 1)."""
    return data.published[0][0]


def _plan_counts(data: BenchData, total: int, cap: int, alpha: float, skip: int | None = None) -> dict:
    """Spread ``total`` over the published proposals with a long tail (a few very popular)."""
    rng = data.rng
    ids = [row[0] for row in data.published if row[0] != skip]
    weights = [rng.paretovariate(alpha) for _ in ids]
    scale = total / sum(weights)
    counts = {pid: min(cap, int(w * scale)) for pid, w in zip(ids, weights, strict=True)}
    missing = total - sum(counts.values())
    while missing > 0:
        pid = rng.choice(ids)
        if counts[pid] < cap:
            counts[pid] += 1
            missing -= 1
    return counts


def _m2m_missions(data: BenchData) -> Iterator[tuple]:
    by_driver: dict[int, list[int]] = {}
    for driver_id, mission_id in data.driver_missions:
        by_driver.setdefault(driver_id, []).append(mission_id)
    for pid, driver_id, _keys in data.m2m_keys:
        for mission_id in by_driver.get(driver_id, []):
            yield (pid, mission_id)


def _m2m_keywords(data: BenchData) -> Iterator[tuple]:
    for pid, _driver_id, keys in data.m2m_keys:
        for slug in dict.fromkeys(keys):
            if slug in data.keywords:
                yield (pid, data.keywords[slug])


# --- supports, comments, flags, follows -----------------------------------------------------


def _supports(data: BenchData, plan: dict) -> Iterator[tuple]:
    rng = data.rng
    users = data.sizes.users
    cittadino, comune_type = data.actor_types["cittadino"], data.actor_types["comune"]
    for pid, when, author, _driver in data.published:
        count = plan.get(pid, 0)
        if not count:
            continue
        people = [u for u in rng.sample(range(1, users + 1), count + 1) if u != author][:count]
        span = (NOW - when).total_seconds()
        for uid in people:
            org, comune = data.rep_entity.get(uid, (None, None))
            if (org or comune) and rng.random() < 0.3:
                actor_type = data.org_actor_type[org] if org else comune_type
            else:
                org = comune = None
                actor_type = cittadino
            yield (pid, uid, org, comune, actor_type, when + timedelta(seconds=span * rng.random()))


def _comments(data: BenchData, plan: dict, hidden: dict, heavy: int, ids: array) -> Iterator[tuple]:
    rng = data.rng
    users = data.sizes.users
    number_of = {driver_id: n for n, driver_id in data.drivers.items()}
    cid = 0
    for pid, when, _author, driver_id in data.published:
        count = plan.get(pid, 0)
        top: list[int] = []
        span = (NOW - when).total_seconds()
        times = sorted(when + timedelta(seconds=span * rng.random()) for _ in range(count))
        reply_share = 0.3 if pid == heavy else 0.2
        for index, created in enumerate(times):
            cid += 1
            ids.append(pid)
            parent = rng.choice(top) if top and rng.random() < reply_share else None
            body = reply_text(rng, False) if parent else comment_text(rng, number_of[driver_id], "Milano")
            if index < hidden.get(pid, 0):
                data.add_audit(
                    rng.choice(MODERATORS),
                    "comment.hide",
                    "comments",
                    cid,
                    created + timedelta(hours=3),
                    proposal_id=pid,
                    reason="Linguaggio offensivo.",
                )
                state, reason = "hidden", "Linguaggio offensivo."
            else:
                state, reason = "published", ""
            if parent is None:
                top.append(cid)
            yield (cid, pid, rng.randint(1, users), parent, body, state, reason, created)


def _flags(data: BenchData, comment_proposal: array) -> Iterator[tuple]:
    rng = data.rng
    seen: set[tuple] = set()
    reasons = ("spam", "offensive", "off_topic", "personal_data", "other")
    while len(seen) < data.sizes.flags:
        reporter = rng.randint(1, data.sizes.users)
        if rng.random() < 0.6 or not comment_proposal:
            pid, comment_id = rng.choice(data.published)[0], None
        else:
            comment_id = rng.randrange(len(comment_proposal)) + 1
            pid = comment_proposal[comment_id - 1]
        if (reporter, pid, comment_id) in seen:
            continue
        seen.add((reporter, pid, comment_id))
        created = NOW - timedelta(days=rng.uniform(1, 50))
        status = _weighted(rng, {"open": 5, "dismissed": 3, "upheld": 2})
        resolved = (
            (rng.choice(MODERATORS), created + timedelta(hours=5), "Verificato.")
            if status != "open"
            else (None, None, "")
        )
        data.add_audit(
            reporter, "flag.create", "flags", len(seen), created, proposal_id=pid, comment_id=comment_id
        )
        yield (reporter, pid, comment_id, rng.choice(reasons), "", status, created, *resolved)


def _follows(data: BenchData) -> Iterator[tuple]:
    rng = data.rng
    seen: set[tuple[int, int]] = set()
    target = min(data.sizes.follows, data.sizes.users * 18)
    while len(seen) < target:
        pair = (rng.randint(1, data.sizes.users), rng.randint(1, 18))
        if pair not in seen:
            seen.add(pair)
            yield (*pair, NOW - timedelta(days=rng.uniform(1, 60)))
