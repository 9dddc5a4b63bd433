"""Odd numbers, ids past the integer columns, line breaks and file parts, over every route
(issue 13, finding 7). Each used to end in a 500 somewhere; the answer is now a 400 or a 404.

The input classes live in tests/security/corpus.py (``ODD_NUMBERS``, ``HUGE_IDS``,
``UNICODE_DIGITS``, ``HEADER_SPLITTING``); like the other hostile tests, these walk the URL
map, so a new route is covered without being listed.
"""

from __future__ import annotations

import io
import re
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from app.accounts.models import User
from app.extensions import db
from app.proposals.models import Comment
from tests import factories
from tests.proposals.helpers import sign_in
from tests.security.corpus import HEADER_SPLITTING, HUGE_IDS, ODD_NUMBERS, UNICODE_DIGITS

# Every query parameter a page or the API reads.
QUERY_PARAMETERS = (
    "page",
    "per_page",
    "driver",
    "theme",
    "consultation",
    "zone",
    "comune",
    "actor",
    "state",
    "kind",
    "sort",
    "format",
    "ambito",
    "zona",
    "stato",
    "commenti",
    "segnalazioni",
    "azione",
    "next",
)
# Path arguments that are not ids, by name (or by endpoint where one name means several things).
_CODES = {"main.set_language": "it", "admin.edit_mission": "M1", "admin.edit_component": "M1C1"}
_RULE_ARGUMENT = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")


def _world() -> dict:
    everyone = factories.create_user(roles=["admin", "moderator", "analyst"])
    consultation = factories.create_consultation(slug="numeri")
    proposal = factories.create_proposal(consultation)
    comment = factories.create_comment(proposal)
    factories.create_flag(proposal)
    organisation = factories.create_organisation()
    return {"user": everyone, "slug": consultation.slug, "organisation": organisation, "comment": comment}


def _path(rule, world: dict, number: str | None = None) -> str:
    """``rule`` with real values in its arguments, or ``number`` in every id."""

    def value(match: re.Match) -> str:
        converter, options, name = match.groups()
        if converter == "int":
            return quote(number, safe="") if number is not None else "1"
        if converter == "any":
            return options.split(",")[0].strip("'\" ")
        if name == "slug":
            return world["organisation"].slug if rule.endpoint.startswith("entities.") else world["slug"]
        if name == "code":
            return _CODES[rule.endpoint]
        return {"istat_code": "015182", "token": "not-a-token"}[name]

    return _RULE_ARGUMENT.sub(value, rule.rule)


def _rules(app, method: str) -> list:
    return [r for r in app.url_map.iter_rules() if method in r.methods and r.endpoint != "static"]


@pytest.fixture
def world(app):
    return _world()


@pytest.mark.parametrize("who", ["anonymous", "everyone"])
def test_every_id_in_every_path_past_the_integer_range_or_not_ascii_is_not_found(app, client, world, who):
    if who == "everyone":
        sign_in(client, world["user"])
    wrong = []
    for method in ("GET", "POST"):
        for rule in _rules(app, method):
            if "int:" not in rule.rule:
                continue
            for number in HUGE_IDS + UNICODE_DIGITS:
                response = client.open(_path(rule, world, number), method=method)
                if response.status_code != 404:
                    wrong.append(f"{method} {rule.endpoint} {number!r} -> {response.status_code}")
    assert not wrong, wrong[:10]


@pytest.mark.parametrize("who", ["anonymous", "everyone"])
def test_odd_numbers_in_every_query_parameter_of_every_page_never_fail(app, client, world, who):
    if who == "everyone":
        sign_in(client, world["user"])
    wrong = []
    for rule in _rules(app, "GET"):
        path = _path(rule, world)
        for number in ODD_NUMBERS:
            response = client.get(path, query_string=dict.fromkeys(QUERY_PARAMETERS, number))
            if response.status_code >= 500:
                wrong.append(f"{rule.endpoint} {number!r} -> {response.status_code}")
    assert not wrong, wrong[:10]


@pytest.mark.parametrize("resource", ["consultations", "proposals", "themes", "memberships", "answers"])
def test_odd_numbers_in_each_api_parameter_get_a_json_400_or_an_answer(client, world, resource):
    wrong = []
    for name in ("page", "per_page", "driver", "theme", "consultation", "zone", "state", "kind"):
        for number in ODD_NUMBERS:
            response = client.get(f"/api/{resource}", query_string={name: number})
            ok = response.status_code in (200, 400) and response.mimetype == "application/json"
            if not ok or (response.status_code == 400 and not response.get_json().get("error")):
                wrong.append(f"{name}={number!r} -> {response.status_code}")
    assert not wrong, wrong[:10]


def test_superscript_page_numbers_get_a_clear_400_from_the_api(client, world):
    for name in ("page", "per_page", "driver", "theme", "consultation"):
        response = client.get("/api/proposals", query_string={name: "²"})
        assert response.status_code == 400, name
        assert response.get_json()["error"]
    # Pages of HTML lists read an odd page number as the first page.
    assert client.get(f"/consultazioni/{world['slug']}?page=²").status_code == 200


def test_ids_past_the_integer_range_are_not_found(client, world):
    # "integer out of range" on PostgreSQL, an OverflowError on SQLite, before the fix.
    for path in ("/proposte/3000000000", "/proposte/99999999999999999999", "/commenti/3000000000/segnala"):
        assert client.get(path).status_code == 404, path
    assert client.get(f"/api/proposals?consultation={HUGE_IDS[1]}").status_code == 400


def _upload(field: str, **text_fields) -> dict:
    return {**text_fields, field: (io.BytesIO(b"not a text"), "file.txt", "text/plain")}


# The routes made to receive files (their own size limit and content checks, tested in
# tests/documents, tests/actions/test_update_documents.py and the hostile-files corpus): the
# documents route and an action's progress update. Listed here on purpose, not read from
# app.inputs: a new upload route must be added here by someone who wrote its tests.
UPLOAD_ENDPOINTS = {"documents.upload", "actions.report"}


@pytest.mark.parametrize("who", ["anonymous", "everyone"])
def test_a_file_part_in_any_form_of_any_route_is_refused(app, client, world, who):
    if who == "everyone":
        sign_in(client, world["user"])
    wrong = []
    for rule in _rules(app, "POST"):
        if rule.endpoint in UPLOAD_ENDPOINTS:
            continue
        for field in ("body", "email", "reason"):
            data = _upload(field)
            response = client.post(_path(rule, world), data=data, content_type="multipart/form-data")
            if response.status_code != 400:
                wrong.append(f"{rule.endpoint} {field} -> {response.status_code}")
    assert not wrong, wrong[:10]


def test_a_file_part_in_a_text_field_of_register_login_and_comment_changes_nothing(client, world):
    users = db.session.scalar(select(func.count(User.id)))
    register = {"display_name": "Persona", "password": "x", "password_confirm": "x", "accept_privacy": "y"}
    assert client.post("/account/registrati", data=_upload("email", **register)).status_code == 400
    assert client.post("/account/accedi", data=_upload("email", password="x")).status_code == 400
    assert client.post("/account/accedi", data=_upload("password", email="a@example.org")).status_code == 400
    sign_in(client, factories.create_user())
    comments = db.session.scalar(select(func.count(Comment.id)))
    proposal_id = world["comment"].proposal_id
    assert client.post(f"/proposte/{proposal_id}/commenti", data=_upload("body")).status_code == 400
    assert db.session.scalar(select(func.count(User.id))) == users + 1
    assert db.session.scalar(select(func.count(Comment.id))) == comments


@pytest.mark.parametrize("value", HEADER_SPLITTING)
def test_a_line_break_in_next_or_any_query_parameter_is_refused(client, value):
    for path in ("/lingua/it", "/account/accedi", "/", "/api/proposals"):
        response = client.get(path, query_string={"next": value})
        assert response.status_code == 400, (path, response.status_code)
        assert "X-Injected" not in response.headers
        assert "forum=1" not in response.headers.get("Set-Cookie", "")
    assert client.get("/lingua/it?next=/%0d%0a").status_code == 400


def test_numbers_in_form_fields_that_hold_ids_or_counts_never_fail(client, world):
    sign_in(client, world["user"])
    proposal_id = world["comment"].proposal_id
    published = factories.create_proposal()
    forms = [
        (f"/proposte/{proposal_id}/commenti", "parent_id", {"body": "Una risposta"}),
        (f"/moderazione/proposte/{published.id}/duplicato", "original_id", {}),
        ("/admin/comuni/015182", "population", {"name": "Rho"}),
        ("/account/rappresentanza", "organisation", {"kind": "organisation"}),
        ("/account/rappresentanza", "comune", {"kind": "comune"}),
        (f"/consultazioni/{world['slug']}/proposte/nuova", "driver_id", {"title": "Titolo"}),
    ]
    wrong = []
    for url, field, base in forms:
        for number in ODD_NUMBERS:
            response = client.post(url, data={**base, field: number})
            if response.status_code >= 500:
                wrong.append(f"{url} {field}={number!r} -> {response.status_code}")
    assert not wrong, wrong[:10]
