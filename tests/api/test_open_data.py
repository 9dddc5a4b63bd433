"""The open-data API: only public data, paginated and filtered, as JSON, CSV and XLSX."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.api.factories import SECRETS, build_open_data_world
from tests.proposals.helpers import english

RESOURCES = ("consultations", "proposals", "themes", "memberships", "answers", "actions")


def _all_pages(client, url: str) -> list[dict]:
    records, next_url = [], url
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, response.get_data(as_text=True)
        payload = response.get_json()
        records.extend(payload["data"])
        next_url = payload["links"]["next"]
    return records


def _xlsx_text(data: bytes) -> str:
    workbook = load_workbook(io.BytesIO(data))
    return "\n".join(
        " ".join("" if v is None else str(v) for v in row)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


def test_no_private_data_in_any_output(client):
    world = build_open_data_world()
    outputs = []
    for resource in RESOURCES:
        outputs.append(str(_all_pages(client, f"/api/{resource}?per_page=1")))
        outputs.append(client.get(f"/api/{resource}.csv").get_data(as_text=True))
        outputs.append(client.get(f"/api/{resource}?format=csv").get_data(as_text=True))
        outputs.append(_xlsx_text(client.get(f"/api/{resource}.xlsx").data))
    outputs.append(client.get("/api/openapi.json").get_data(as_text=True))
    outputs.append(client.get("/dati-aperti").get_data(as_text=True))
    everything = "\n".join(outputs)
    for secret in SECRETS:
        assert secret not in everything, secret
    # ...while the public data is all there.
    for proposal in world["public"]:
        assert f'"id": {proposal.id}' in everything or f"'id': {proposal.id}" in everything
    assert "Piste ciclabili tra Rho e Milano" in everything and "Legambiente Lombardia" in everything
    assert "Mobilità dolce" in everything and "Accolta nel Piano." in everything


def test_only_published_proposals_and_published_syntheses(client):
    world = build_open_data_world()
    proposals = _all_pages(client, "/api/proposals")
    assert sorted(p["id"] for p in proposals) == sorted(
        p.id for p in [*world["public"], world["draft_proposal"]]
    )
    assert {p["state"] for p in proposals} == {"published"}
    themes = _all_pages(client, "/api/themes")
    assert {t["label"] for t in themes} == {"Mobilità dolce", "Verde urbano"}
    memberships = _all_pages(client, "/api/memberships")
    hidden_id = world["private"][2].id
    assert hidden_id not in {m["proposal_id"] for m in memberships}
    mobility = next(t for t in themes if t["label"] == "Mobilità dolce")
    assert mobility["size"] == 2  # the hidden member is not counted
    answers = _all_pages(client, "/api/answers")
    assert [a["proposal_id"] for a in answers] == [world["public"][0].id]


def test_theme_data_carries_the_run_version_and_parameters(client):
    world = build_open_data_world()
    [theme] = [t for t in _all_pages(client, "/api/themes") if t["id"] == world["theme"].id]
    assert theme["run"]["id"] == world["run"].id
    assert theme["run"]["code_version"] == "nlp-9.9"
    assert theme["run"]["params"] == {"k": 2, "seed": 0, "min_df": 1}
    assert theme["representative_proposals"] == [world["public"][0].id]
    # Named like the other collections name it, so a reader can join on the slug (issue 15).
    consultation = world["run"].consultation
    assert theme["consultation"] == {"id": consultation.id, "slug": consultation.slug}
    assert theme["consultation"]["slug"] is not None
    memberships = _all_pages(client, f"/api/memberships?theme={world['theme'].id}")
    assert {m["run_id"] for m in memberships} == {world["run"].id}
    assert {m["code_version"] for m in memberships} == {"nlp-9.9"}
    rows = list(
        csv.DictReader(io.StringIO(client.get("/api/themes.csv").get_data(as_text=True).lstrip("\ufeff")))
    )
    assert {row["run_code_version"] for row in rows} == {"nlp-9.9"}
    assert '"min_df": 1' in rows[0]["run_params"]


def test_pagination_links_and_limits(client):
    build_open_data_world()
    payload = client.get("/api/proposals?per_page=2").get_json()
    assert payload["meta"]["total"] == 4 and payload["meta"]["pages"] == 2 and len(payload["data"]) == 2
    assert payload["links"]["prev"] is None and "page=2" in payload["links"]["next"]
    assert payload["meta"]["licence"]["name"] == "CC BY 4.0"
    second = client.get(payload["links"]["next"]).get_json()
    assert len(second["data"]) == 2 and second["links"]["next"] is None
    assert {p["id"] for p in payload["data"]}.isdisjoint({p["id"] for p in second["data"]})
    assert client.get("/api/proposals?page=9").get_json()["data"] == []
    for bad in ("per_page=501", "per_page=0", "page=0", "page=due", "format=pdf"):
        response = client.get(f"/api/proposals?{bad}")
        assert response.status_code == 400 and "error" in response.get_json(), bad


def test_filters(client):
    world = build_open_data_world()
    consultation = world["consultation"]

    def ids(url):
        return sorted(r.get("id", r.get("proposal_id")) for r in _all_pages(client, url))

    public_ids = sorted(p.id for p in world["public"])
    assert ids(f"/api/proposals?consultation={consultation.slug}") == public_ids
    assert ids(f"/api/proposals?consultation={consultation.id}") == public_ids
    assert ids("/api/proposals?driver=5") == [world["public"][0].id]
    assert ids("/api/proposals?zone=nord-ovest") == [world["public"][0].id]
    assert ids("/api/proposals?state=published") == sorted([*public_ids, world["draft_proposal"].id])
    assert ids("/api/answers?kind=accolta") == [world["public"][0].id]
    assert ids("/api/answers?kind=non_accolta") == []
    assert ids(f"/api/consultations?state={consultation.state}") == [consultation.id]
    assert ids(f"/api/themes?consultation={world['draft_consultation'].slug}") == []
    english(client)
    for bad in (
        "/api/proposals?state=hidden",
        "/api/proposals?state=draft",
        "/api/proposals?driver=99",
        "/api/proposals?zone=atlantide",
        "/api/proposals?consultation=non-esiste",
        "/api/themes?zone=nord-ovest",
        "/api/answers?kind=forse",
        "/api/proposals.csv?state=rejected",
    ):
        response = client.get(bad)
        assert response.status_code == 400, bad
    assert "state" in client.get("/api/proposals?state=hidden").get_json()["error"]


def test_csv_download_is_complete_and_defuses_formulas(client):
    world = build_open_data_world()
    response = client.get("/api/proposals.csv")
    assert response.mimetype == "text/csv"
    assert 'rel="license"' in response.headers["Link"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 4
    formula = next(r for r in rows if r["id"] == str(world["public"][1].id))
    assert formula["title"].startswith("'=HYPERLINK")
    assert formula["organisation_name"] == "Legambiente Lombardia"
    answered = next(r for r in rows if r["id"] == str(world["public"][0].id))
    assert answered["answer_kind"] == "accolta" and answered["driver"] == "5"


def test_xlsx_download_opens_and_keeps_formulas_as_text(client):
    world = build_open_data_world()
    response = client.get("/api/proposals?format=xlsx")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    workbook = load_workbook(io.BytesIO(response.data))
    sheet = workbook["proposals"]
    rows = list(sheet.iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    assert len(data) == 4 and header[0] == "id"
    title_column = header.index("title")
    cell = next(c for c in sheet.iter_rows(min_row=2) if c[0].value == world["public"][1].id)[title_column]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    licence = dict(workbook["licence"].iter_rows(values_only=True))
    assert licence["licence"] == "CC BY 4.0"


def test_open_data_page_states_the_licence(client):
    english(client)
    page = client.get("/dati-aperti").get_data(as_text=True)
    assert "CC BY 4.0" in page and "https://creativecommons.org/licenses/by/4.0/" in page
    assert "/api/openapi.json" in page and "/api/proposals.xlsx" in page


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_collection_answers_in_a_fixed_number_of_queries(client, count_queries, resource):
    build_open_data_world()
    client.get(f"/api/{resource}")  # warm-up
    with count_queries() as few:
        client.get(f"/api/{resource}?per_page=1")
    with count_queries() as many:
        client.get(f"/api/{resource}?per_page=100")
    assert many.count <= few.count + 3, many.statements


def test_the_open_data_page_links_every_collection_of_the_openapi_document(client):
    document = client.get("/api/openapi.json").get_json()
    english(client)
    page = client.get("/dati-aperti").get_data(as_text=True)
    collections = [path for path in document["paths"] if path != "/"]
    assert {"/actions", "/meetings", "/statistics"} <= set(collections)
    for path in collections:
        assert f'href="/api{path}"' in page, path
    # The statistics' own tables, as the statistics page offers them.
    assert 'href="/statistiche/dati/comune.csv"' in page and 'href="/statistiche/dati/comune.xlsx"' in page
    intro = page.split("</h1>")[1].split('id="downloads-title"')[0]
    for words in ("actions of the plan", "meetings of the Forum", "participation statistics"):
        assert words in intro, words
