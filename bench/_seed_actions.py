"""Seed the plan's actions at scale: their links to proposals and their timelines (issue 17).

The plan's own 29 actions come from ``forum load-reference`` (app/actions/data); the DUP
of later years adds more, so the seed adds ``200 × scale`` more projects. About one
published proposal in five flowed into an action (one to three each, skewed: a few
actions gather thousands, as the large projects of the plan would), and each action has
a timeline of 0 to 12 dated updates whose last one gives its status and progress.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import psycopg
from _common import Progress

from app.actions.models import ACTION_STATUSES

EXTRA_ACTIONS = 200
LINKED_SHARE = 0.2
# Status and progress along a timeline: each step moves forward.
PATH = (("proposed", 0), ("planned", 10), ("in_progress", 25), ("in_progress", 50), ("in_progress", 75))


def seed_actions(connection: psycopg.Connection, rng: random.Random, scale: float) -> dict[str, int]:
    """Add actions, links and updates with ``COPY`` in the caller's transaction."""
    cursor = connection.cursor()
    extra = max(10, int(EXTRA_ACTIONS * scale))
    areas = [r[0] for r in cursor.execute("SELECT DISTINCT policy_area FROM plan_actions ORDER BY 1")]
    with cursor.copy(
        "COPY plan_actions (code, kind, title, policy_area, description, objectives, recipients, partners, "
        "resources, office, status, progress, is_retired, created_at, updated_at) FROM STDIN"
    ) as copy:
        for n in range(1, extra + 1):
            copy.write_row(
                (
                    f"DUP-{n}",
                    "project" if n % 5 else "agreement",
                    f"Progetto del DUP numero {n}",
                    rng.choice(areas) if areas else "Sostenibilità ambientale e parchi",
                    "Un progetto aggiunto dal Documento Unico di Programmazione.",
                    "Obiettivi del progetto.",
                    "Cittadini, Comuni",
                    "Titolare unico Città metropolitana Milano",
                    "Proprie",
                    "Area ambiente e tutela del territorio",
                    "proposed",
                    0,
                    False,
                    "2025-01-01T00:00:00+00:00",
                    "2025-01-01T00:00:00+00:00",
                )
            )
    action_ids = [r[0] for r in cursor.execute("SELECT id FROM plan_actions ORDER BY id")]
    # Zipf-like popularity: the first actions of a shuffled order gather most links.
    rng.shuffle(action_ids)
    weights = [1.0 / (rank + 1) for rank in range(len(action_ids))]
    published = [r[0] for r in cursor.execute("SELECT id FROM proposals WHERE state = 'published'")]
    linked = rng.sample(published, int(len(published) * LINKED_SHARE))
    progress = Progress("action_links", len(linked))
    links = 0
    with cursor.copy(
        "COPY action_links (action_id, proposal_id, note, created_by_id, created_at) FROM STDIN"
    ) as copy:
        for count, proposal_id in enumerate(linked, 1):
            for action_id in set(rng.choices(action_ids, weights, k=rng.choice((1, 1, 1, 2, 3)))):
                copy.write_row((action_id, proposal_id, "", None, "2026-01-15T09:00:00+00:00"))
                links += 1
            if count % 2000 == 0:
                progress.advance(2000)
    progress.finish()
    updates = 0
    final: dict[int, tuple[str, int, int]] = {}
    with cursor.copy(
        "COPY action_updates (action_id, author_id, body, happened_on, dup_year, status, progress, "
        "previous_status, previous_progress, created_at) FROM STDIN"
    ) as copy:
        for action_id in action_ids:
            day = date(2023, 1, 15)
            status, pct = "proposed", 0
            for step in range(rng.randint(0, 12)):
                new_status, new_pct = PATH[min(step + 1, len(PATH) - 1)]
                if step == 11:
                    new_status, new_pct = rng.choice((("completed", 100), ("abandoned", 75)))
                new_pct = min(100, new_pct + rng.randint(0, 9)) if new_status == "in_progress" else new_pct
                day += timedelta(days=rng.randint(20, 90))
                copy.write_row(
                    (
                        action_id,
                        None,
                        f"Aggiornamento {step + 1}: stato di avanzamento riportato nel DUP.",
                        day,
                        day.year,
                        new_status,
                        new_pct,
                        status,
                        pct,
                        f"{day.isoformat()}T10:00:00+00:00",
                    )
                )
                status, pct = new_status, new_pct
                updates += 1
            final[action_id] = (status, pct, day.year)
    assert set(s for s, _p, _y in final.values()) <= set(ACTION_STATUSES)
    for action_id, (status, pct, year) in final.items():
        if status != "proposed":
            cursor.execute(
                "UPDATE plan_actions SET status = %s, progress = %s, dup_year = %s WHERE id = %s",
                (status, pct, year, action_id),
            )
    return {"plan_actions": len(action_ids), "action_links": links, "action_updates": updates}
