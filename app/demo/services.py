"""``flask forum load-demo``: a realistic demo data set for local use and user testing.

Rows are written with the models directly (in bulk where it matters) rather than through the
request services, which hash one password per account and check the phase of each
consultation; the invariants those services keep are kept here too: counters equal the rows,
every proposal has a history that ends in its state, moderation acts are in the audit log.
"""

from __future__ import annotations

import random
import re
import unicodedata
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, insert, select
from werkzeug.security import generate_password_hash

from app import audit
from app.accounts.models import Organisation, Representation, RoleAssignment, User
from app.actions.demo import create_demo_actions
from app.consultations.models import Consultation, Follow
from app.demo import activity, content, content_people, meetings, proposals
from app.demo.context import SEED, Demo, demo_email, marker_email
from app.extensions import db
from app.models_base import utcnow
from app.privacy.models import Consent
from app.reference.models import ActorType, Comune, Driver, Mission, VisionKeyword, Zone
from app.reference.services import load_reference


def is_demo_loaded() -> bool:
    return db.session.scalar(select(User.id).where(User.email == marker_email())) is not None


def load_demo(seed: int = SEED) -> dict[str, int] | None:
    """Create the demo data set in the current transaction (the caller commits).

    Loads the reference data first if it is missing. Deterministic for a given ``seed``.

    :returns: how many rows of each kind were created, or ``None`` if the demo was
        already loaded (nothing is changed then).
    """
    if is_demo_loaded():
        return None
    if not db.session.scalar(select(func.count(Driver.id))):
        load_reference()
    demo = _context(seed)
    _create_accounts(demo)
    _create_consultations(demo)
    proposals.create_proposals(demo)
    activity.create_activity(demo)
    create_demo_actions(demo)  # the accepted proposals flow into the plan's actions
    meetings.create_meetings(demo)
    _create_follows(demo)
    _accept_privacy_notice()
    demo.write_audit()
    audit.record(None, "demo.load", None, object_type="system", seed=seed)
    db.session.flush()
    return demo.counts


def _accept_privacy_notice() -> None:
    """The demo people are fictional: record that they accepted the current notice, so
    a demo login goes straight in instead of stopping at the consent page."""
    version = current_app.config["PRIVACY_NOTICE_VERSION"]
    demo_users = list(
        db.session.scalars(select(User.id).where(User.email.like(f"%@{content.DEMO_EMAIL_DOMAIN}")))
    )
    db.session.add_all(
        Consent(user_id=user_id, document="privacy", version=version) for user_id in demo_users
    )
    db.session.flush()


def _context(seed: int) -> Demo:
    comuni = list(db.session.scalars(select(Comune).order_by(Comune.istat_code)))
    by_zone: dict[int, list[Comune]] = {}
    for comune in comuni:
        if comune.zone_id is not None:
            by_zone.setdefault(comune.zone_id, []).append(comune)
    return Demo(
        rng=random.Random(seed),
        now=utcnow().replace(microsecond=0),
        drivers={d.number: d for d in db.session.scalars(select(Driver))},
        zones={z.slug: z for z in db.session.scalars(select(Zone))},
        comuni={c.name: c for c in comuni},
        comuni_by_zone=by_zone,
        actor_types={a.code: a for a in db.session.scalars(select(ActorType))},
        missions={m.code: m for m in db.session.scalars(select(Mission))},
        keywords={k.slug: k for k in db.session.scalars(select(VisionKeyword))},
    )


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# --- accounts -----------------------------------------------------------------------


def _create_accounts(demo: Demo) -> None:
    # Hashing is deliberately slow: one hash, shared by every demo account.
    password_hash = generate_password_hash(content.DEMO_PASSWORD)
    created_at = demo.days(-400)

    def new_user(email_local: str, name: str) -> User:
        user = User(
            email=demo_email(email_local),
            display_name=name,
            password_hash=password_hash,
            confirmed_at=created_at,
            created_at=created_at,
            locale="it",
        )
        db.session.add(user)
        return user

    for key, local, name, _roles, _zone in content_people.ROLE_ACCOUNTS:
        demo.accounts[key] = new_user(local, name)
    by_name = {user.display_name: user for user in demo.accounts.values()}
    organisations = []
    for name, code, zone_slug, description, rep_name, role_title in content_people.ORGANISATIONS:
        organisation = Organisation(
            slug=_slug(name),
            name=name,
            actor_type_id=demo.actor_types[code].id,
            description=description,
            zone_id=demo.zones[zone_slug].id if zone_slug else None,
            created_at=created_at,
        )
        db.session.add(organisation)
        user = by_name.get(rep_name) or new_user(f"{_slug(rep_name).replace('-', '.')}", rep_name)
        organisations.append((user, organisation, role_title))
    comune_reps = []
    for comune_name, rep_name, role_title in content_people.COMUNE_REPRESENTATIVES:
        user = by_name.get(rep_name) or new_user(f"{_slug(rep_name).replace('-', '.')}", rep_name)
        comune_reps.append((user, demo.comuni[comune_name], role_title))
    _create_citizens(demo, new_user)
    db.session.flush()

    admin = demo.accounts["admin"]
    for key, _local, _name, roles, zone_slug in content_people.ROLE_ACCOUNTS:
        for role in roles:
            zone_id = demo.zones[zone_slug].id if role == "zone_coordinator" else None
            assignment = RoleAssignment(
                user_id=demo.accounts[key].id, role=role, zone_id=zone_id, granted_at=created_at
            )
            if key != "admin":
                assignment.granted_by_id = admin.id
            db.session.add(assignment)
    decided_at = demo.days(-390)
    for user, organisation, role_title in organisations:
        _verified(demo, user, "organisation", role_title, organisation=organisation, decided_at=decided_at)
        demo.organisation_reps.append((user, organisation))
    for user, comune, role_title in comune_reps:
        _verified(demo, user, "comune", role_title, comune=comune, decided_at=decided_at)
        demo.comune_reps.append((user, comune))
    # One request waiting for the admin, to show the verification queue.
    pending = Representation(
        user_id=demo.citizens[0].id,
        kind="comune",
        comune_id=demo.comuni[content_people.PENDING_COMUNE_REQUEST].id,
        role_title="Consigliera comunale delegata alla partecipazione",
        message="Chiedo di poter presentare proposte a nome del Comune, delibera di delega allegata.",
        requested_at=demo.days(-2),
    )
    db.session.add(pending)
    db.session.flush()
    demo.counts["accounts"] = db.session.scalar(
        select(func.count(User.id)).where(User.email.like(f"%@{content.DEMO_EMAIL_DOMAIN}"))
    )


def _verified(demo: Demo, user: User, kind: str, role_title: str, *, decided_at, **entity) -> None:
    organisation = entity.get("organisation")
    comune = entity.get("comune")
    if organisation is not None and organisation.verified_at is None:
        organisation.verified_at = decided_at  # public from its first verified representative
    representation = Representation(
        user_id=user.id,
        kind=kind,
        organisation_id=organisation.id if organisation else None,
        comune_id=comune.id if comune else None,
        role_title=role_title,
        status="verified",
        requested_at=decided_at - timedelta(days=3),
        decided_by_id=demo.accounts["admin"].id,
        decided_at=decided_at,
        decision_note="Verificato con la documentazione inviata.",
    )
    db.session.add(representation)
    db.session.flush()
    demo.audit(
        demo.accounts["admin"], "representation.verify", representation, user_id=user.id, when=decided_at
    )


def _create_citizens(demo: Demo, new_user) -> None:
    taken = {user.display_name for user in demo.accounts.values()}
    taken |= {row[4] for row in content_people.ORGANISATIONS} | {
        row[1] for row in content_people.COMUNE_REPRESENTATIVES
    }
    pairs = [
        (first, last)
        for first in content_people.FIRST_NAMES
        for last in content_people.LAST_NAMES
        if f"{first} {last}" not in taken
    ]
    for index, (first, last) in enumerate(demo.rng.sample(pairs, content_people.CITIZEN_COUNT)):
        display = f"{first} {last}" if index % 3 else f"{first} {last[0]}."
        local = f"{_slug(first)}.{_slug(last)}".replace("-", "")
        demo.citizens.append(new_user(local, display))
    # The printed citizen login takes part too.
    demo.citizens.append(demo.accounts["citizen"])


# --- consultations ------------------------------------------------------------------


def _create_consultations(demo: Demo) -> None:
    for spec in content.CONSULTATIONS:
        dates = [demo.days(n) for n in spec["days"]]
        numbers = spec["drivers"] or sorted(demo.drivers)
        consultation = Consultation(
            slug=spec["slug"],
            title=spec["title"],
            description=spec["description"],
            scope=spec["scope"],
            zone_id=demo.zones[spec["zone"]].id if spec["zone"] else None,
            owner_id=demo.accounts[spec["owner"]].id,
            is_premoderated=True,
            information_starts_at=dates[0],
            collection_starts_at=dates[1],
            discussion_starts_at=dates[2],
            synthesis_starts_at=dates[3],
            answers_starts_at=dates[4],
            closes_at=dates[5],
            created_at=dates[0] - timedelta(days=7),
            published_count=0,
        )
        consultation.drivers = [demo.drivers[n] for n in numbers]
        db.session.add(consultation)
        db.session.flush()
        demo.audit(
            demo.accounts[spec["owner"]], "consultation.create", consultation, when=consultation.created_at
        )
        demo.consultations[spec["key"]] = consultation
    demo.counts["consultations"] = len(content.CONSULTATIONS)


def _create_follows(demo: Demo) -> None:
    consultations = [demo.consultations[spec["key"]] for spec in content.CONSULTATIONS]
    follows = set()
    for user in demo.people():
        for consultation in demo.rng.sample(consultations, demo.rng.choice((0, 1, 1, 2, 3))):
            follows.add((user.id, consultation.id))
    by_id = {consultation.id: consultation for consultation in consultations}
    rows = [
        {
            "user_id": user_id,
            "consultation_id": consultation_id,
            "created_at": by_id[consultation_id].created_at,
        }
        for user_id, consultation_id in sorted(follows)
    ]
    db.session.execute(insert(Follow.__table__), rows)
    demo.counts["follows"] = len(follows)


def demo_logins() -> list[tuple[str, str]]:
    """(role, e-mail) of the accounts the command prints, one per role."""
    locals_by_key = {key: local for key, local, *_ in content_people.ROLE_ACCOUNTS}
    return [(role, demo_email(locals_by_key[key])) for role, key in content_people.PRINTED_LOGINS]
