"""Callable test factories with overrides: ``create_user(roles=["moderator"])``.

They build rows directly (not through services) so a test can set up any state; the
behaviour under test is then exercised through the HTTP client or the service.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

from flask import current_app
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from app.accounts.models import Organisation, Representation, RoleAssignment, User
from app.accounts.sessions import open_session
from app.consultations.models import Consultation
from app.extensions import db
from app.models_base import utcnow
from app.privacy.models import Consent
from app.proposals.models import Comment, Flag, Proposal, ProposalStateChange, Support
from app.reference.models import ActorType, Comune, Driver, Zone

PASSWORD = "Passw0rd-lunga-e-sicura"
_sequence = itertools.count(1)
# Hashing is deliberately slow; tests reuse one hash of PASSWORD.
_PASSWORD_HASH = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")


def _next() -> int:
    return next(_sequence)


def create_user(
    email: str | None = None,
    display_name: str | None = None,
    roles: tuple[str, ...] | list[str] = (),
    zone: Zone | None = None,
    confirmed: bool = True,
    consented: bool = True,
    **overrides,
) -> User:
    """A person; ``consented`` records their acceptance of the current privacy notice.

    A confirmed account was registered and confirmed a month ago (an established account,
    whose reports count toward automatic hiding); pass ``confirmed_at`` to change it.
    """
    n = _next()
    if confirmed:
        overrides.setdefault("confirmed_at", utcnow() - timedelta(days=30))
        overrides.setdefault("created_at", overrides["confirmed_at"] - timedelta(hours=1))
    user = User(
        email=email or f"persona{n}@example.org",
        display_name=display_name or f"Persona {n}",
        password_hash=_PASSWORD_HASH,
        **overrides,
    )
    db.session.add(user)
    db.session.flush()
    for role in roles:
        db.session.add(
            RoleAssignment(
                user_id=user.id,
                role=role,
                zone_id=zone.id if (zone is not None and role == "zone_coordinator") else None,
            )
        )
    if consented:
        db.session.add(
            Consent(user_id=user.id, document="privacy", version=current_app.config["PRIVACY_NOTICE_VERSION"])
        )
    db.session.flush()
    db.session.refresh(user)
    db.session.commit()
    return user


def session_id_for(user: User, remember: bool = False) -> str:
    """A login of ``user`` recorded on the server, as the login form makes it; returns
    the id Flask-Login keeps in the session cookie (tests sign in with it, no password)."""
    open_session(user, remember=remember)
    session_id = user.get_id()
    db.session.commit()
    return session_id


def actor_type(code: str = "cittadino") -> ActorType:
    return db.session.scalar(select(ActorType).where(ActorType.code == code))


def driver(number: int = 1) -> Driver:
    return db.session.scalar(select(Driver).where(Driver.number == number))


def zone(slug: str = "nord-ovest") -> Zone:
    return db.session.scalar(select(Zone).where(Zone.slug == slug))


def comune(name: str = "Rho") -> Comune:
    return db.session.scalar(select(Comune).where(Comune.name == name))


def create_consultation(
    phase: str = "collection",
    title: str | None = None,
    scope: str = "metropolitan",
    zone: Zone | None = None,
    is_premoderated: bool = True,
    drivers: list[Driver] | None = None,
    owner: User | None = None,
    **overrides,
) -> Consultation:
    """A consultation whose dates put it in ``phase`` now ("upcoming" and "closed" too)."""
    now = utcnow()
    day = timedelta(days=1)
    offsets = {
        # start of information relative to now, for each phase we want to be in
        "upcoming": 5 * day,
        "information": -1 * day,
        "collection": -11 * day,
        "discussion": -41 * day,
        "synthesis": -61 * day,
        "answers": -81 * day,
        "closed": -200 * day,
    }
    start = now + offsets[phase]
    n = _next()
    consultation = Consultation(
        slug=overrides.pop("slug", f"consultazione-{n}"),
        title=title or f"Consultazione {n}",
        description="Una consultazione di prova.",
        scope=scope,
        zone=zone,
        is_premoderated=is_premoderated,
        owner_id=owner.id if owner else None,
        information_starts_at=start,
        collection_starts_at=start + 10 * day,
        discussion_starts_at=start + 40 * day,
        synthesis_starts_at=start + 60 * day,
        answers_starts_at=start + 80 * day,
        closes_at=start + 100 * day,
        **overrides,
    )
    consultation.drivers = (
        drivers if drivers is not None else list(db.session.scalars(select(Driver).order_by(Driver.number)))
    )
    db.session.add(consultation)
    db.session.commit()
    return consultation


def create_proposal(
    consultation: Consultation | None = None,
    author: User | None = None,
    state: str = "published",
    title: str | None = None,
    driver_number: int = 1,
    **overrides,
) -> Proposal:
    consultation = consultation or create_consultation()
    author = author or create_user()
    n = _next()
    now = utcnow()
    proposal = Proposal(
        consultation_id=consultation.id,
        author_id=author.id,
        actor_type_id=overrides.pop("actor_type_id", actor_type("cittadino").id),
        title=title or f"Proposta numero {n}",
        summary=overrides.pop("summary", "Una sintesi della proposta."),
        need=overrides.pop("need", "Il bisogno a cui risponde."),
        action=overrides.pop("action", "L'azione proposta."),
        expected_results=overrides.pop("expected_results", "I risultati attesi."),
        actors_involved=overrides.pop("actors_involved", "Comuni e associazioni."),
        driver_id=driver(driver_number).id,
        state=state,
        submitted_at=overrides.pop("submitted_at", now if state != "draft" else None),
        published_at=overrides.pop("published_at", now if state == "published" else None),
        **overrides,
    )
    db.session.add(proposal)
    db.session.flush()
    db.session.add(ProposalStateChange(proposal_id=proposal.id, from_state=None, to_state=state))
    if state == "published":
        consultation.published_count += 1
    db.session.commit()
    return proposal


def create_support(proposal: Proposal, user: User | None = None, **overrides) -> Support:
    user = user or create_user()
    support = Support(
        proposal_id=proposal.id,
        user_id=user.id,
        actor_type_id=overrides.pop("actor_type_id", actor_type("cittadino").id),
        **overrides,
    )
    db.session.add(support)
    proposal.supports_count += 1
    db.session.commit()
    return support


def create_comment(
    proposal: Proposal, author: User | None = None, body: str = "Sono d'accordo.", **overrides
) -> Comment:
    author = author or create_user()
    # state set explicitly: the column default is applied only at flush, after the count below.
    overrides.setdefault("state", "published")
    comment = Comment(proposal_id=proposal.id, author_id=author.id, body=body, **overrides)
    db.session.add(comment)
    if comment.state == "published":
        proposal.comments_count += 1
    db.session.commit()
    return comment


def create_flag(
    proposal: Proposal,
    comment: Comment | None = None,
    reporter: User | None = None,
    reason: str = "spam",
    **overrides,
) -> Flag:
    """An open report on ``proposal`` (or on ``comment``, one of its comments)."""
    reporter = reporter or create_user()
    flag = Flag(
        proposal_id=proposal.id,
        comment_id=comment.id if comment is not None else None,
        reporter_id=reporter.id,
        reason=reason,
        **overrides,
    )
    db.session.add(flag)
    db.session.commit()
    return flag


def create_organisation(
    name: str | None = None, actor_type_code: str = "associazione", verified: bool = True
) -> Organisation:
    """An organisation; ``verified`` (a representative was verified once) makes it public."""
    n = _next()
    organisation = Organisation(
        slug=f"organizzazione-{n}",
        name=name or f"Associazione {n}",
        actor_type_id=actor_type(actor_type_code).id,
        verified_at=utcnow() if verified else None,
    )
    db.session.add(organisation)
    db.session.commit()
    return organisation


def create_representative(
    user: User | None = None,
    organisation: Organisation | None = None,
    comune: Comune | None = None,
    status: str = "verified",
) -> Representation:
    user = user or create_user()
    if comune is None and organisation is None:
        organisation = create_organisation()
    representation = Representation(
        user_id=user.id,
        kind="comune" if comune is not None else "organisation",
        organisation_id=organisation.id if organisation else None,
        comune_id=comune.id if comune else None,
        status=status,
        decided_at=utcnow() if status != "pending" else None,
    )
    db.session.add(representation)
    db.session.commit()
    db.session.refresh(user)
    return representation


def login(client, user: User, password: str = PASSWORD):
    """Log ``user`` in through the real login form."""
    return client.post(
        "/account/accedi",
        data={"email": user.email, "password": password},
        follow_redirects=False,
    )
