"""Every form field gets the hostile corpus (tests/security/corpus.py).

For each form, one main text field receives the whole corpus and the other text fields
a sample. Each answer must be a page (2xx/3xx) or a clear 4xx, never a 500; afterwards
no text column of any table holds markup, NUL, control or bidi characters, and the pages
showing the stored text render it escaped (no tag, event handler or ``javascript:`` URL
reaches the HTML).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from urllib.parse import quote_from_bytes

import pytest
from sqlalchemy import JSON, String, Text, func, select

from app.extensions import db
from app.proposals.models import Comment, Flag, Proposal
from tests.factories import (
    actor_type,
    create_comment,
    create_consultation,
    create_flag,
    create_organisation,
    create_proposal,
    create_user,
    driver,
)
from tests.proposals.helpers import full_form, sign_in
from tests.security.corpus import CORPUS, INVALID_UTF8, SAMPLE, html_problems, stored_problems

# Columns holding secrets or machine values, never user text.
NOT_USER_TEXT = {"password_hash", "session_token"}


def _post_each(client, url: str, field: str, values: Iterable[str], base: Callable[[], dict]) -> Counter:
    statuses: Counter = Counter()
    for value in values:
        data = base()
        data[field] = value
        response = client.post(url, data=data)
        assert response.status_code < 500, f"{url} {field}={value[:80]!r} -> {response.status_code}"
        statuses[response.status_code] += 1
    return statuses


def _strings(value) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def assert_database_is_clean() -> int:
    """Scan every text column of every table; return how many values were checked."""
    db.session.expire_all()
    checked, problems = 0, []
    for table in db.metadata.sorted_tables:
        columns = [
            c
            for c in table.columns
            if isinstance(c.type, String | Text | JSON) and c.name not in NOT_USER_TEXT
        ]
        if not columns:
            continue
        for row in db.session.execute(select(*columns)).all():
            for column, value in zip(columns, row, strict=True):
                for text in _strings(value):
                    checked += 1
                    for problem in stored_problems(text):
                        problems.append(f"{table.name}.{column.name}: {problem}: {text[:60]!r}")
    assert not problems, problems[:20]
    return checked


def assert_page_is_safe(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.get_data(as_text=True)
    problems = html_problems(page)
    assert not problems, f"{url}: {problems[:5]}"
    assert "\x00" not in page and "\u202e" not in page, url
    return page


def _proposal_base():
    return lambda: full_form(intent="submit")


@pytest.fixture
def people(app):
    app.config["FLAGS_AUTO_HIDE_THRESHOLD"] = 0  # every report stays a report
    return {
        "citizen": create_user(display_name="Cittadina"),
        "moderator": create_user(roles=["moderator"]),
        "admin": create_user(roles=["admin"]),
    }


def test_registration_and_profile_fields(client, people):
    counter = iter(range(10**6))

    def registration():
        n = next(counter)
        return {
            "email": f"ostile{n}@example.org",
            "display_name": "Persona ostile",
            "password": "Passw0rd-lunga-e-sicura",
            "password_confirm": "Passw0rd-lunga-e-sicura",
            "accept_privacy": "y",
        }

    statuses = _post_each(client, "/account/registrati", "display_name", CORPUS, registration)
    assert statuses[302] > 100  # most hostile names are stored (cleaned), the rest refused
    _post_each(client, "/account/registrati", "email", SAMPLE, registration)
    sign_in(client, people["citizen"])
    _post_each(client, "/account/profilo", "display_name", SAMPLE, lambda: {"locale": ""})
    assert assert_database_is_clean() > 100
    assert_page_is_safe(client, "/account/profilo")
    sign_in(client, people["admin"])
    assert_page_is_safe(client, "/admin/utenti")


def test_proposal_fields_on_create_and_edit(client, people):
    consultation = create_consultation(slug="ostile")
    sign_in(client, people["citizen"])
    url = f"/consultazioni/{consultation.slug}/proposte/nuova"
    statuses = _post_each(client, url, "summary", CORPUS, _proposal_base())
    assert statuses[302] > 100
    # The other text fields: each sample value in all of them at once.
    secondary = ("title", "need", "action", "expected_results", "actors_involved")
    for value in SAMPLE:
        response = client.post(url, data=full_form(intent="submit", **dict.fromkeys(secondary, value)))
        assert response.status_code < 500, value[:80]
    # Select and hidden fields get hostile values too: refused, never a 500.
    for field in ("driver_id", "scope", "zone_id", "on_behalf", "submission_token", "missions", "comuni"):
        _post_each(client, url, field, SAMPLE[:6], _proposal_base())
    draft = create_proposal(consultation, author=people["citizen"], state="draft")
    for value in SAMPLE:
        data = full_form(intent="draft", **dict.fromkeys(("summary", *secondary), value))
        assert client.post(f"/proposte/{draft.id}/modifica", data=data).status_code < 500, value[:80]
    withdrawable = [create_proposal(consultation, author=people["citizen"]) for _ in SAMPLE]
    for proposal, value in zip(withdrawable, SAMPLE, strict=True):
        response = client.post(f"/proposte/{proposal.id}/ritira", data={"reason": value})
        assert response.status_code < 500
    assert_database_is_clean()
    assert_page_is_safe(client, "/le-mie-proposte")
    stored = db.session.scalars(select(Proposal).where(Proposal.consultation_id == consultation.id)).all()
    for proposal in stored[:15]:
        assert_page_is_safe(client, f"/proposte/{proposal.id}")
    sign_in(client, people["moderator"])
    assert_page_is_safe(client, "/moderazione/")
    for proposal in stored[:10]:
        assert_page_is_safe(client, f"/moderazione/proposte/{proposal.id}")


def test_comment_and_report_fields(app, client, people):
    proposal = create_proposal(title="Bersaglio dei commenti")
    comment = create_comment(proposal, body="Un commento da segnalare")
    sign_in(client, people["citizen"])
    url = f"/proposte/{proposal.id}/commenti"
    statuses = _post_each(client, url, "body", CORPUS, lambda: {"body": "x"})
    assert statuses[302] > 100
    _post_each(client, url, "parent_id", SAMPLE, lambda: {"body": "Una risposta normale"})
    _post_each(client, url, "on_behalf", SAMPLE, lambda: {"body": "A nome di chi?"})
    # One report per person per target: a new reporter for each value.
    for n, value in enumerate(CORPUS):
        sign_in(client, create_user())
        target = f"/commenti/{comment.id}/segnala" if n % 2 else f"/proposte/{proposal.id}/segnala"
        response = client.post(target, data={"reason": "spam", "details": value})
        assert response.status_code < 500, (target, value[:80])
    _post_each(client, f"/proposte/{proposal.id}/segnala", "reason", SAMPLE, lambda: {"details": "x"})
    assert db.session.scalar(select(func.count(Comment.id))) > 100
    assert db.session.scalar(select(func.count(Flag.id))) > 100
    assert_database_is_clean()
    page = assert_page_is_safe(client, f"/proposte/{proposal.id}")
    assert "{{7*7}}" in page  # shown as typed, never evaluated
    for number in (2, 3, 4, 5):
        assert_page_is_safe(client, f"/proposte/{proposal.id}?page={number}")
    sign_in(client, people["moderator"])
    assert_page_is_safe(client, "/moderazione/")
    flag = db.session.scalars(select(Flag).where(Flag.comment_id.is_(None))).first()
    assert_page_is_safe(client, f"/moderazione/segnalazioni/{flag.id}")
    assert_page_is_safe(client, f"/moderazione/proposte/{proposal.id}")


def test_moderation_reasons(client, people):
    consultation = create_consultation()
    sign_in(client, people["moderator"])
    for value in SAMPLE:
        for slug, field in (("rifiuta", "reason"), ("richiedi-modifiche", "message")):
            submitted = create_proposal(consultation, state="submitted")
            response = client.post(f"/moderazione/proposte/{submitted.id}/{slug}", data={field: value})
            assert response.status_code < 500
        published = create_proposal(consultation)
        assert (
            client.post(f"/moderazione/proposte/{published.id}/nascondi", data={"reason": value}).status_code
            < 500
        )
        assert (
            client.post(
                f"/moderazione/proposte/{published.id}/duplicato", data={"original_id": value}
            ).status_code
            < 500
        )
        comment = create_comment(published)
        assert (
            client.post(f"/moderazione/commenti/{comment.id}/nascondi", data={"reason": value}).status_code
            < 500
        )
        flagged = create_proposal(consultation)
        flag = create_flag(flagged)
        assert (
            client.post(f"/moderazione/segnalazioni/{flag.id}/respingi", data={"note": value}).status_code
            < 500
        )
        flag = create_flag(create_proposal(consultation))
        response = client.post(f"/moderazione/segnalazioni/{flag.id}/accogli", data={"uphold_note": value})
        assert response.status_code < 500
    assert_database_is_clean()
    sign_in(client, db.session.scalars(select(Proposal)).first().author)
    assert_page_is_safe(client, "/le-mie-proposte")
    for proposal in db.session.scalars(select(Proposal).limit(20)):
        sign_in(client, proposal.author)
        assert_page_is_safe(client, f"/proposte/{proposal.id}")


def _consultation_form(**overrides) -> dict:
    start = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(days=1)
    names = (
        "information_starts_at",
        "collection_starts_at",
        "discussion_starts_at",
        "synthesis_starts_at",
        "answers_starts_at",
        "closes_at",
    )
    data = {name: (start + timedelta(days=10 * n)).strftime("%Y-%m-%dT%H:%M") for n, name in enumerate(names)}
    data.update(
        title="Consultazione ostile",
        description="Descrizione",
        scope="metropolitan",
        zone="",
        drivers=[str(driver(1).id)],
        is_premoderated="y",
    )
    data.update(overrides)
    return data


def test_consultation_admin_and_representation_fields(client, people):
    sign_in(client, people["admin"])
    for field in ("title", "description"):
        _post_each(client, "/consultazioni/nuova", field, SAMPLE, _consultation_form)
    for field in ("scope", "zone", "drivers", "closes_at"):
        _post_each(client, "/consultazioni/nuova", field, SAMPLE[:6], _consultation_form)
    consultation = create_consultation()
    for field in ("title", "description"):
        _post_each(client, f"/consultazioni/{consultation.slug}/modifica", field, SAMPLE, _consultation_form)
    for field in ("name", "description"):
        _post_each(
            client,
            "/admin/driver/2",
            field,
            SAMPLE,
            lambda: {"name": "Driver", "description": "x", "missions": ["1"]},
        )
    organisation = create_organisation()

    def org_base():
        return {
            "name": "Ente",
            "description": "",
            "website": "",
            "actor_type": str(organisation.actor_type_id),
        }

    for field in ("name", "description", "website"):
        _post_each(client, f"/admin/enti/{organisation.id}", field, SAMPLE, org_base)
    _post_each(client, "/admin/zone/1", "name", SAMPLE, lambda: {"name": "Zona"})
    _post_each(client, "/admin/comuni/015182", "name", SAMPLE, lambda: {"name": "Rho", "population": "50000"})
    for value in SAMPLE:
        sign_in(client, create_user())
        response = client.post(
            "/account/rappresentanza",
            data={
                "kind": "organisation",
                "organisation": 0,
                "organisation_name": value,
                "actor_type": actor_type("associazione").id,
                "role_title": value,
                "message": value,
            },
        )
        assert response.status_code < 500
    assert_database_is_clean()
    sign_in(client, people["admin"])
    for url in (
        "/consultazioni/",
        "/admin/enti",
        "/admin/rappresentanze",
        "/admin/registro",
        "/admin/dati-di-riferimento",
    ):
        assert_page_is_safe(client, url)
    assert_page_is_safe(client, f"/enti/{organisation.slug}")


def test_search_and_list_filters(client, people):
    consultation = create_consultation(slug="ricerca")
    create_proposal(consultation, title="Autobus notturni per tutti")
    # Search: every family but the megabyte strings (a URL that long never reaches the app).
    for value in [v for v in CORPUS if len(v) < 20_000]:
        response = client.get(f"/consultazioni/{consultation.slug}", query_string={"q": value})
        assert response.status_code < 500, value[:80]
    for value in SAMPLE:
        for name in ("state", "sort", "driver", "zone", "comune", "actor", "page"):
            response = client.get(f"/consultazioni/{consultation.slug}", query_string={name: value})
            assert response.status_code < 500, (name, value[:80])
    for value in SAMPLE:
        page = client.get(f"/consultazioni/{consultation.slug}", query_string={"q": value}).get_data(
            as_text=True
        )
        assert not html_problems(page), value[:80]


def test_nul_and_hostile_text_in_urls_gets_a_clear_answer(client, people):
    create_organisation()
    consultation = create_consultation()
    paths = ["/enti/%00", "/comuni/%00", "/consultazioni/%00", "/consultazioni/a%00b/proposte/nuova"]
    paths += [f"/consultazioni/{consultation.slug}?q=%00", f"/consultazioni/{consultation.slug}?state=%00"]
    paths += [f"/enti/{quote_from_bytes(v.encode()[:200], safe='')}" for v in SAMPLE]
    sign_in(client, people["citizen"])
    for path in paths:
        response = client.get(path)
        assert 400 <= response.status_code < 500, (path, response.status_code)
    assert client.get("/consultazioni/%00").status_code == 400


@pytest.mark.parametrize("raw", INVALID_UTF8)
def test_invalid_utf8_bodies_are_refused_or_cleaned(client, people, raw):
    proposal = create_proposal()
    sign_in(client, people["citizen"])
    for url, field in ((f"/proposte/{proposal.id}/commenti", b"body"), ("/account/profilo", b"display_name")):
        body = field + b"=" + raw + b"+testo+valido"
        response = client.post(url, data=body, content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500
        multipart = (
            b'--B\r\nContent-Disposition: form-data; name="'
            + field
            + b'"\r\n\r\n'
            + raw
            + b" testo valido\r\n--B--\r\n"
        )
        response = client.post(url, data=multipart, content_type="multipart/form-data; boundary=B")
        assert response.status_code < 500
        # Raw bytes in the URL too.
        assert client.get("/consultazioni/?q=" + quote_from_bytes(raw)).status_code < 500
    assert_database_is_clean()
    assert_page_is_safe(client, f"/proposte/{proposal.id}")
