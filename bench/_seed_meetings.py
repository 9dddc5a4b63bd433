"""Meetings at metropolitan scale for bench/seed_large.py (issue 17): the Forum, its Tavoli and
the zone assemblies over three years, each with its registrations; the held ones with
minutes naming the proposals discussed.

Full scale: 600 meetings (a third still to come), about 60,000 registrations (waiting lists
on the full ones), 3,000 links to proposals. One meeting has 1,000 registrations: the
heaviest meeting page of the bench.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from _seed_rows import NOW, BenchData

KINDS = ("forum", "tavolo", "tavolo_universita", "zone_assembly")
HEAVY_REGISTRATIONS = 1_000

MEETING_COLUMNS = (
    "id",
    "kind",
    "title",
    "agenda",
    "starts_at",
    "ends_at",
    "location",
    "online_url",
    "capacity",
    "zone_id",
    "consultation_id",
    "organiser_id",
    "minutes",
    "minutes_published_at",
    "cancelled_at",
    "sequence",
    "created_at",
    "updated_at",
)
REGISTRATION_COLUMNS = ("meeting_id", "user_id", "status", "queued_at", "updated_at", "reminded_at")


def meeting_count(data: BenchData) -> int:
    return max(12, int(600 * data.sizes.proposals / 100_000))


def generate_meetings(data: BenchData) -> Iterator[tuple[str, Iterator[tuple], int]]:
    """``(table, rows, expected count)`` for meetings, their registrations and proposal links."""
    rng = data.rng
    total = meeting_count(data)
    meetings = []
    for n in range(1, total + 1):
        kind = KINDS[n % len(KINDS)]
        zone_id, zone_name = data.zones[n % len(data.zones)] if kind == "zone_assembly" else (None, "")
        # Two thirds already held, spread over three years; a third to come in the next months.
        days = rng.uniform(-1_100, -1) if n % 3 else rng.uniform(1, 120)
        starts = (NOW + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
        capacity = None if n % 5 == 0 else rng.choice((30, 60, 120, 200))
        held = days < 0
        consultation = data.consultations[n % len(data.consultations)]
        title = f"{'Assemblea ' + zone_name if zone_name else kind.replace('_', ' ').title()} n. {n}"
        meetings.append(
            (
                n,
                kind,
                title,
                "1. Apertura\n2. Le proposte della consultazione\n3. Prossimi passi",
                starts,
                starts + timedelta(hours=2),
                "Palazzo Isimbardi, corso Monforte 35, Milano",
                "",
                HEAVY_REGISTRATIONS if n == 1 else capacity,
                zone_id,
                consultation["id"],
                3,
                "Verbale della riunione: interventi, proposte discusse, impegni presi.\n" * 20
                if held
                else "",
                starts + timedelta(days=3) if held else None,
                None,
                0,
                starts - timedelta(days=30),
                starts - timedelta(days=30),
            )
        )
    yield "meetings", iter(meetings), total
    yield "meeting_registrations", _registrations(data, meetings), 0
    yield "meeting_proposals", _links(data, meetings), 0


def _registrations(data: BenchData, meetings: list[tuple]) -> Iterator[tuple]:
    rng = data.rng
    users = data.sizes.users
    for row in meetings:
        meeting_id, starts, capacity, created = row[0], row[4], row[8], row[16]
        wanted = HEAVY_REGISTRATIONS if meeting_id == 1 else rng.randint(10, (capacity or 150) + 20)
        people = rng.sample(range(1, users + 1), min(wanted, users))
        for i, user_id in enumerate(people):
            status = "confirmed" if capacity is None or i < capacity else "waiting"
            queued = created + timedelta(minutes=i)
            reminded = starts - timedelta(days=1) if starts < NOW and status == "confirmed" else None
            yield (meeting_id, user_id, status, queued, queued, reminded)


def _links(data: BenchData, meetings: list[tuple]) -> Iterator[tuple]:
    rng = data.rng
    published = [pid for pid, *_rest in data.published]
    for row in meetings:
        if row[13] is not None and published:
            for proposal_id in sorted(set(rng.sample(published, min(5, len(published))))):
                yield (row[0], proposal_id)
