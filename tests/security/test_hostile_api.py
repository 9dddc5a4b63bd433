"""The open-data API gets the hostile corpus in every query parameter: a clear 400 in JSON
or a normal answer, never a 500, and nothing echoed back as markup in the CSV/XLSX files."""

from __future__ import annotations

import pytest

from app.api.records import RESOURCES
from tests import factories
from tests.security.corpus import CORPUS

PARAMETERS = ("consultation", "driver", "zone", "state", "theme", "kind", "page", "per_page")
# Every parameter gets a spread of the corpus; the first ones (most used) get all of it.
SAMPLE = CORPUS[::9]


@pytest.fixture
def published(app):
    return factories.create_proposal()


@pytest.mark.parametrize("resource", sorted(RESOURCES))
def test_hostile_query_parameters_get_a_clear_json_answer(client, published, resource):
    failures = []
    for parameter in PARAMETERS:
        values = CORPUS if parameter in ("consultation", "zone") and resource == "proposals" else SAMPLE
        for value in values:
            response = client.get(f"/api/{resource}", query_string={parameter: value})
            if response.status_code >= 500 or response.status_code not in (200, 400):
                failures.append(f"{parameter}={value[:40]!r} -> {response.status_code}")
            elif response.mimetype != "application/json":
                failures.append(f"{parameter}={value[:40]!r} -> {response.mimetype}")
            elif response.status_code == 400 and not response.get_json().get("error"):
                failures.append(f"{parameter}={value[:40]!r} -> 400 without a message")
    assert not failures, failures[:10]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_hostile_filters_on_downloads_never_fail_the_server(client, published, fmt):
    for value in SAMPLE:
        response = client.get(f"/api/proposals.{fmt}", query_string={"zone": value, "driver": value})
        assert response.status_code in (200, 400), (value[:40], response.status_code)
