"""What people do with the demo proposals: supports, comments (some hidden by a moderator),
flags (open and resolved) and, for the closed consultation, official answers."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert

from app.demo import content
from app.demo.context import Demo
from app.demo.generator import comment_text, reply_text
from app.extensions import db
from app.proposals.models import Comment, Flag, Support

ANSWER_WEIGHTS = {
    "accolta": 20,
    "accolta_in_parte": 30,
    "gia_prevista": 25,
    "non_accolta": 12,
    "fuori_competenza": 13,
}


def create_activity(demo: Demo) -> None:
    public = [item for item in demo.planned if item.proposal.published_at is not None]
    _answers(demo, public)
    _supports(demo, public)
    comments = _comments(demo, public)
    _moderated_comments(demo, public)
    _flags(demo, public, comments)
    db.session.flush()


def _window(demo: Demo, item) -> tuple[datetime, datetime]:
    """When people could see the proposal: from publication to hiding, withdrawal or the synthesis."""
    start = item.proposal.published_at
    consultation = demo.consultations_by_id()[item.proposal.consultation_id]
    end = min(item.public_until or demo.now, consultation.synthesis_starts_at, demo.now)
    return start, max(end, start + timedelta(minutes=10))


def _between(demo: Demo, start: datetime, end: datetime) -> datetime:
    seconds = (end - start).total_seconds()
    return start + timedelta(seconds=int(demo.rng.uniform(0.0, 1.0) * seconds))


def _answers(demo: Demo, public) -> None:
    analyst = demo.accounts["analyst"]
    answered = 0
    for item in public:
        proposal = item.proposal
        consultation = demo.consultations_by_id()[proposal.consultation_id]
        if proposal.state != "published" or consultation.answers_starts_at > demo.now:
            continue
        kind = demo.rng.choices(list(ANSWER_WEIGHTS), weights=list(ANSWER_WEIGHTS.values()))[0]
        proposal.answer_kind = kind
        proposal.answer_text = content.ANSWERS[kind]
        proposal.answered_by_id = analyst.id
        proposal.answered_at = _between(demo, consultation.answers_starts_at, consultation.closes_at)
        demo.audit(analyst, "proposal.answer", proposal, answer_kind=kind, when=proposal.answered_at)
        answered += 1
    demo.counts["answers"] = answered


def _supports(demo: Demo, public) -> None:
    rng = demo.rng
    people = demo.people()
    organisation_of = {user.id: org for user, org in demo.organisation_reps}
    comune_of = {user.id: comune for user, comune in demo.comune_reps}
    citizen_type = demo.actor_types["cittadino"].id
    comune_type = demo.actor_types["comune"].id
    rows = []
    for item in public:
        proposal = item.proposal
        popularity = int(rng.paretovariate(1.2) * 5) - 2 + (6 if proposal.organisation_id else 0)
        count = max(0, min(popularity, 75, len(people) - 1))
        supporters = rng.sample([p for p in people if p.id != proposal.author_id], count)
        start, end = _window(demo, item)
        for user in supporters:
            row = {
                "proposal_id": proposal.id,
                "user_id": user.id,
                "actor_type_id": citizen_type,
                "organisation_id": None,
                "on_behalf_comune_id": None,
                "created_at": _between(demo, start, end),
            }
            if user.id in organisation_of and rng.random() < 0.6:
                row["organisation_id"] = organisation_of[user.id].id
                row["actor_type_id"] = organisation_of[user.id].actor_type_id
            elif user.id in comune_of and rng.random() < 0.6:
                row["on_behalf_comune_id"] = comune_of[user.id].id
                row["actor_type_id"] = comune_type
            rows.append(row)
        proposal.supports_count = count
    if rows:
        db.session.execute(insert(Support.__table__), rows)
    demo.counts["supports"] = len(rows)


def _comment(demo: Demo, item, author, body: str, when: datetime, parent: Comment | None = None) -> Comment:
    organisation = next((o for u, o in demo.organisation_reps if u.id == author.id), None)
    comment = Comment(
        proposal_id=item.proposal.id,
        author_id=author.id,
        parent_id=parent.id if parent else None,
        organisation_id=organisation.id if organisation and demo.rng.random() < 0.4 else None,
        body=body,
        state="published",
        created_at=when,
    )
    db.session.add(comment)
    return comment


def _comments(demo: Demo, public) -> list[Comment]:
    rng = demo.rng
    people = demo.people()
    top_level: list[tuple] = []
    for item in public:
        proposal = item.proposal
        count = min(12, rng.choice((0, 0, 1, 1, 2, 3)) + proposal.supports_count // 9)
        start, end = _window(demo, item)
        comune_name = proposal.comuni[0].name if proposal.comuni else rng.choice(list(demo.comuni))
        for _ in range(count):
            author = rng.choice(people)
            body = comment_text(rng, _driver_number(demo, proposal.driver_id), comune_name)
            top_level.append((item, _comment(demo, item, author, body, _between(demo, start, end))))
    db.session.flush()
    replies = []
    for item, parent in top_level:
        if rng.random() < 0.22:
            by_author = rng.random() < 0.45
            author = item.proposal.author if by_author else rng.choice(demo.people())
            _, end = _window(demo, item)
            when = _between(demo, parent.created_at, max(end, parent.created_at + timedelta(hours=1)))
            replies.append((item, _comment(demo, item, author, reply_text(rng, by_author), when, parent)))
    db.session.flush()
    comments = [comment for _, comment in top_level + replies]
    for item, comment in top_level + replies:
        item.proposal.comments_count += 1
        demo.audit(
            comment.author,
            "comment.create",
            comment,
            proposal_id=comment.proposal_id,
            when=comment.created_at,
        )
    demo.counts["comments"] = len(comments)
    return comments


def _driver_number(demo: Demo, driver_id: int) -> int:
    return next(number for number, driver in demo.drivers.items() if driver.id == driver_id)


def _moderated_comments(demo: Demo, public) -> None:
    """Comments a moderator hid after a report: hidden with a reason, flag upheld, all audited."""
    rng = demo.rng
    moderator = demo.moderator
    published = [item for item in public if item.proposal.state == "published"]
    reasons = {"Pubblicità non pertinente.": "spam", "Contiene dati personali di terzi.": "personal_data"}
    hidden = 0
    for round_ in range(2):
        for body, reason in content.HIDDEN_COMMENTS:
            item = published[(round_ * 37 + hidden * 11) % len(published)]
            author = rng.choice(demo.citizens)
            start, end = _window(demo, item)
            comment = _comment(demo, item, author, body, _between(demo, start, end))
            comment.state = "hidden"
            comment.hidden_reason = reason
            db.session.flush()
            reporter = rng.choice([p for p in demo.citizens if p.id != author.id])
            reported_at = comment.created_at + timedelta(hours=rng.uniform(1, 12))
            resolved_at = reported_at + timedelta(hours=rng.uniform(1, 20))
            flag = Flag(
                reporter_id=reporter.id,
                proposal_id=item.proposal.id,
                comment_id=comment.id,
                reason=reasons.get(reason, "offensive"),
                details="",
                status="upheld",
                created_at=reported_at,
                resolved_by_id=moderator.id,
                resolved_at=resolved_at,
                resolution_note=reason,
            )
            db.session.add(flag)
            db.session.flush()
            for actor, action, obj, when, details in (
                (reporter, "flag.create", flag, reported_at, {"proposal_id": item.proposal.id}),
                (
                    moderator,
                    "comment.hide",
                    comment,
                    resolved_at,
                    {"proposal_id": item.proposal.id, "reason": reason},
                ),
                (
                    moderator,
                    "flag.uphold",
                    flag,
                    resolved_at,
                    {"proposal_id": item.proposal.id, "comment_id": comment.id, "flag_ids": [flag.id]},
                ),
            ):
                demo.audit(actor, action, obj, **details, when=min(when, demo.now))
            hidden += 1
    demo.counts["hidden_comments"] = hidden


def _flags(demo: Demo, public, comments: list[Comment]) -> None:
    """Open reports for the moderation queue, and a few dismissed ones."""
    rng = demo.rng
    published = [item for item in public if item.proposal.state == "published"]
    flags = []
    for index, reason in enumerate(("spam", "off_topic", "duplicate", "off_topic", "spam", "duplicate")):
        item = published[(index * 53 + 7) % len(published)]
        reporter = rng.choice([p for p in demo.citizens if p.id != item.proposal.author_id])
        start, end = _window(demo, item)
        flags.append(
            Flag(
                reporter_id=reporter.id,
                proposal_id=item.proposal.id,
                reason=reason,
                details=content.FLAG_DETAILS[reason],
                status="open",
                created_at=_between(demo, start, end),
            )
        )
    for index, (body, reason, details) in enumerate(content.FLAGGED_COMMENTS * 2):
        item = published[(index * 29 + 3) % len(published)]
        start, end = _window(demo, item)
        comment = _comment(demo, item, rng.choice(demo.citizens), body, _between(demo, start, end))
        item.proposal.comments_count += 1
        db.session.flush()
        reporter = rng.choice([p for p in demo.citizens if p.id != comment.author_id])
        flags.append(
            Flag(
                reporter_id=reporter.id,
                proposal_id=item.proposal.id,
                comment_id=comment.id,
                reason=reason,
                details=details,
                status="open",
                created_at=min(comment.created_at + timedelta(hours=2), demo.now),
            )
        )
    for index in range(3):
        item = published[(index * 71 + 19) % len(published)]
        reporter = rng.choice([p for p in demo.citizens if p.id != item.proposal.author_id])
        start, end = _window(demo, item)
        created = _between(demo, start, end)
        flags.append(
            Flag(
                reporter_id=reporter.id,
                proposal_id=item.proposal.id,
                reason="off_topic",
                details=content.FLAG_DETAILS["off_topic"],
                status="dismissed",
                created_at=created,
                resolved_by_id=demo.moderator.id,
                resolved_at=min(created + timedelta(hours=5), demo.now),
                resolution_note=content.DISMISS_NOTE,
            )
        )
    db.session.add_all(flags)
    db.session.flush()
    people = {person.id: person for person in demo.citizens}
    for flag in flags:
        demo.audit(
            people[flag.reporter_id],
            "flag.create",
            flag,
            proposal_id=flag.proposal_id,
            comment_id=flag.comment_id,
            when=flag.created_at,
        )
        if flag.status == "dismissed":
            demo.audit(
                demo.moderator,
                "flag.dismiss",
                flag,
                proposal_id=flag.proposal_id,
                flag_ids=[flag.id],
                note=flag.resolution_note,
                when=flag.resolved_at,
            )
    demo.counts["flags"] = len(flags) + demo.counts.get("hidden_comments", 0)
