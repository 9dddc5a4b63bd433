"""Seed a metropolitan-scale data set into a PostgreSQL database, for the benchmarks.

    .venv/bin/python bench/seed_large.py --create            # forum_bench, full scale
    .venv/bin/python bench/seed_large.py --create --scale 0.1

Full scale: 50,000 users (2,000 of them verified representatives of 1,500 organisations
and of comuni), 20 consultations, 100,000 proposals with their moderation history,
1,000,000 supports, 300,000 comments (one proposal has exactly 500), flags, follows, the
audit log, the plan's actions with ~20,000 links to proposals and their timelines, and 600
meetings with their registrations (bench/_seed_meetings.py). The schema comes from the real
migrations and the reference data from ``forum load-reference``; the rows are written with
PostgreSQL ``COPY`` (psycopg 3), so the full set takes a few minutes. Counters
(``supports_count``, ``comments_count``, ``published_count``) equal the rows, as the
services keep them.

Every account's password is ``bench._common.BENCH_PASSWORD``: bench databases only.
``--create`` drops and recreates the database, and refuses a name without "bench" in it.
"""

from __future__ import annotations

import argparse
import random
import sys
import time

import psycopg
from _common import BENCH_PASSWORD, Progress, bench_url, psycopg_dsn
from _seed_actions import seed_actions
from _seed_meetings import MEETING_COLUMNS, REGISTRATION_COLUMNS, generate_meetings
from _seed_rows import BenchData, Sizes, generate
from flask_migrate import upgrade
from psycopg import sql
from sqlalchemy import text
from sqlalchemy.engine import make_url
from werkzeug.security import generate_password_hash

from app import create_app
from app.actions.admin_services import load_plan_actions
from app.extensions import db
from app.reference.services import load_reference

# (table, columns) in load order; every generator yields tuples in this column order.
TABLES: dict[str, tuple[str, ...]] = {
    "meetings": MEETING_COLUMNS,
    "meeting_registrations": REGISTRATION_COLUMNS,
    "meeting_proposals": ("meeting_id", "proposal_id"),
    "users": (
        "id",
        "email",
        "password_hash",
        "display_name",
        "locale",
        "created_at",
        "confirmed_at",
        "session_token",
    ),
    "role_assignments": ("user_id", "role", "zone_id", "granted_at"),
    "organisations": (
        "id",
        "slug",
        "name",
        "actor_type_id",
        "description",
        "website",
        "zone_id",
        "created_at",
    ),
    "representations": (
        "user_id",
        "kind",
        "organisation_id",
        "comune_id",
        "role_title",
        "message",
        "status",
        "requested_at",
        "decided_by_id",
        "decided_at",
        "decision_note",
    ),
    "consultations": (
        "id",
        "slug",
        "title",
        "description",
        "scope",
        "zone_id",
        "owner_id",
        "is_premoderated",
        "information_starts_at",
        "collection_starts_at",
        "discussion_starts_at",
        "synthesis_starts_at",
        "answers_starts_at",
        "closes_at",
        "created_at",
        "updated_at",
        "published_count",
    ),
    "consultation_drivers": ("consultation_id", "driver_id"),
    "proposals": (
        "id",
        "consultation_id",
        "author_id",
        "organisation_id",
        "on_behalf_comune_id",
        "actor_type_id",
        "title",
        "summary",
        "need",
        "action",
        "expected_results",
        "actors_involved",
        "driver_id",
        "scope",
        "zone_id",
        "state",
        "state_reason",
        "created_at",
        "updated_at",
        "submitted_at",
        "published_at",
        "supports_count",
        "comments_count",
        "answer_kind",
        "answer_text",
        "answered_by_id",
        "answered_at",
    ),
    "proposal_missions": ("proposal_id", "mission_id"),
    "proposal_keywords": ("proposal_id", "keyword_id"),
    "proposal_comuni": ("proposal_id", "comune_id"),
    "proposal_state_changes": ("proposal_id", "from_state", "to_state", "actor_id", "reason", "created_at"),
    "supports": (
        "proposal_id",
        "user_id",
        "organisation_id",
        "on_behalf_comune_id",
        "actor_type_id",
        "created_at",
    ),
    "comments": (
        "id",
        "proposal_id",
        "author_id",
        "parent_id",
        "body",
        "state",
        "hidden_reason",
        "created_at",
    ),
    "flags": (
        "reporter_id",
        "proposal_id",
        "comment_id",
        "reason",
        "details",
        "status",
        "created_at",
        "resolved_by_id",
        "resolved_at",
        "resolution_note",
    ),
    "follows": ("user_id", "consultation_id", "created_at"),
    "audit_entries": ("actor_id", "action", "object_type", "object_id", "details", "created_at"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="default: $BENCH_DATABASE_URL or forum_bench on localhost")
    parser.add_argument("--create", action="store_true", help="drop and recreate the database first")
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 100,000 proposals (default)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same data)")
    args = parser.parse_args(argv)
    url = bench_url(args.database_url)
    if not url.startswith("postgresql"):
        parser.error("the bench database must be PostgreSQL (COPY, generated tsvector column)")
    started = time.perf_counter()
    if args.create:
        recreate_database(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        load_reference()
        load_plan_actions()  # as `forum load-reference` does
        db.session.commit()
        if db.session.scalar(text("SELECT count(*) FROM users")):
            print("The database already has users: use --create to start from an empty one.", file=sys.stderr)
            return 2
        reference = _reference_ids()
        db.session.remove()
        password_hash = generate_password_hash(BENCH_PASSWORD, method=app.config["PASSWORD_HASH_METHOD"])
    sizes = Sizes.at(args.scale)
    data = BenchData(rng=random.Random(args.seed), sizes=sizes, password_hash=password_hash, **reference)
    data.privacy_version = app.config.get("PRIVACY_NOTICE_VERSION", "")
    with psycopg.connect(psycopg_dsn(url)) as connection:
        counts = load(connection, data, args.scale)
    counts["seconds"] = round(time.perf_counter() - started, 1)
    print(", ".join(f"{name}: {value:,}" for name, value in counts.items()), file=sys.stderr)
    return 0


def recreate_database(url: str) -> None:
    """Drop and create the database named in ``url`` (only if its name says "bench")."""
    name = make_url(url).database or ""
    if "bench" not in name:
        raise SystemExit(f"refusing to drop {name!r}: --create only recreates a database named *bench*")
    admin_dsn = psycopg_dsn(str(make_url(url).set(database="postgres").render_as_string(hide_password=False)))
    with psycopg.connect(admin_dsn, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    print(f"database {name} created", file=sys.stderr)


def _reference_ids() -> dict:
    """The ids of the reference rows the generator needs."""

    def rows(query: str) -> list:
        return list(db.session.execute(text(query)))

    return {
        "drivers": {number: id_ for id_, number in rows("SELECT id, number FROM drivers")},
        "driver_missions": [tuple(r) for r in rows("SELECT driver_id, mission_id FROM driver_missions")],
        "keywords": {slug: id_ for id_, slug in rows("SELECT id, slug FROM vision_keywords")},
        "zones": [(id_, name) for id_, name in rows("SELECT id, name FROM zones ORDER BY id")],
        "comuni": [tuple(r) for r in rows("SELECT id, name, zone_id FROM comuni ORDER BY istat_code")],
        "actor_types": {code: id_ for id_, code in rows("SELECT id, code FROM actor_types")},
    }


def load(connection: psycopg.Connection, data: BenchData, scale: float) -> dict[str, int]:
    """COPY every table in one transaction, then fix the sequences and ANALYZE."""
    counts: dict[str, int] = {}
    with connection.cursor() as cursor:
        # The rows are consistent by construction: skip the per-row foreign-key triggers
        # (the largest cost of COPY here). Needs a superuser, as the bench database has.
        cursor.execute("SET session_replication_role = replica")
        for table, rows, total in generate(data):
            counts[table] = counts.get(table, 0) + _copy(cursor, table, rows, total)
        # Issue 17: the Forum's meetings (bench/_seed_meetings.py), after the proposals they link.
        for table, rows, total in generate_meetings(data):
            counts[table] = counts.get(table, 0) + _copy(cursor, table, rows, total)
        cursor.execute("SET session_replication_role = origin")
        counts["consents"] = _accept_privacy_notice(cursor, data.privacy_version)
        # Rows written with explicit ids: move their sequences past them.
        for table in (t for t, columns in TABLES.items() if columns[0] == "id"):
            cursor.execute(
                sql.SQL(
                    "SELECT setval(pg_get_serial_sequence({t}, 'id'), coalesce(max(id), 1)) FROM {i}"
                ).format(t=sql.Literal(table), i=sql.Identifier(table))
            )
    # The plan's actions, their links and timelines (bench/_seed_actions.py).
    counts.update(seed_actions(connection, random.Random(data.rng.random()), scale))
    _check_counters(connection)
    connection.commit()
    connection.autocommit = True
    progress = Progress("VACUUM ANALYZE", 1)
    connection.execute("VACUUM ANALYZE")
    progress.finish()
    return counts


def _accept_privacy_notice(cursor, version: str) -> int:
    """Every seeded person accepted the current privacy notice when registering."""
    cursor.execute("SELECT to_regclass('consents') IS NOT NULL")
    if not cursor.fetchone()[0]:
        return 0
    cursor.execute(
        "INSERT INTO consents (user_id, document, version, accepted_at) "
        "SELECT id, 'privacy', %s, created_at FROM users",
        (version,),
    )
    return cursor.rowcount


def _copy(cursor, table: str, rows, total: int) -> int:
    columns = TABLES[table]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    progress = Progress(table, total)
    written = 0
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            written += 1
            if written % 2000 == 0:
                progress.advance(2000)
    progress.finish()
    return written


def _check_counters(connection: psycopg.Connection) -> None:
    """The denormalised counters must equal the rows, as the services keep them."""
    checks = {
        "supports_count": "SELECT count(*) FROM proposals p WHERE supports_count <> "
        "(SELECT count(*) FROM supports s WHERE s.proposal_id = p.id)",
        "comments_count": "SELECT count(*) FROM proposals p WHERE comments_count <> "
        "(SELECT count(*) FROM comments c WHERE c.proposal_id = p.id AND c.state = 'published')",
        "published_count": "SELECT count(*) FROM consultations c WHERE published_count <> "
        "(SELECT count(*) FROM proposals p WHERE p.consultation_id = c.id AND p.state = 'published')",
    }
    for name, query in checks.items():
        wrong = connection.execute(query).fetchone()[0]
        if wrong:
            raise SystemExit(f"{name} is wrong on {wrong} rows")


if __name__ == "__main__":
    sys.exit(main())
