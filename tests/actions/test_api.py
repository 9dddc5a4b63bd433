"""The actions in the open data: JSON with status, progress and links, CSV, XLSX, OpenAPI."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from tests import factories
from tests.actions.factories import add_update, create_action, link
from tests.synthesis.factories import create_run, create_theme


def test_actions_in_json_csv_and_xlsx_with_their_links(client):
    consultation = factories.create_consultation(phase="answers")
    published = factories.create_proposal(consultation=consultation, driver_number=5)
    hidden = factories.create_proposal(consultation=consultation, state="hidden", title="Nascosta")
    run = create_run(consultation)
    theme = create_theme(run, members=[published], label="Mobilità ciclabile")
    action = create_action("Rete ciclabile", code="PO-6.9")
    other = create_action("Altro progetto", code="PO-6.8")
    create_action("Ritirata", is_retired=True)
    link(action, published)
    link(action, hidden)
    link(action, theme=theme)
    add_update(action, "in_progress", 40, body="Cantieri aperti.")

    payload = client.get("/api/actions").get_json()
    assert payload["meta"]["total"] == 2
    record = next(r for r in payload["data"] if r["id"] == action.id)
    assert record["status"] == "in_progress" and record["progress"] == 40
    assert record["proposals"] == [published.id] and record["themes"] == [theme.id]
    assert record["proposal_urls"] == [f"http://localhost/proposte/{published.id}"]
    assert record["timeline"][0]["text"] == "Cantieri aperti." and record["last_update_on"] == "2026-06-01"
    assert record["url"].endswith(f"/dal-forum-al-piano/azioni/{action.id}")
    assert [r["id"] for r in client.get("/api/actions?driver=5").get_json()["data"]] == [action.id]
    assert client.get("/api/actions?driver=99").status_code == 400
    assert client.get("/api/actions?kind=accolta").status_code == 400  # not a filter of actions

    rows = list(csv.DictReader(io.StringIO(client.get("/api/actions.csv").get_data(as_text=True))))
    assert {row["code"] for row in rows} == {"PO-6.9", "PO-6.8"}
    assert next(r for r in rows if r["code"] == "PO-6.9")["proposals"] == str(published.id)
    workbook = load_workbook(io.BytesIO(client.get("/api/actions.xlsx").data))
    text = str(list(workbook.active.iter_rows(values_only=True)))
    assert "Rete ciclabile" in text and "Altro progetto" in text and other.code in text

    document = client.get("/api/openapi.json").get_json()
    assert "/actions" in document["paths"] and "/actions.csv" in document["paths"]
    assert "status" in document["components"]["schemas"]["Action"]["properties"]
