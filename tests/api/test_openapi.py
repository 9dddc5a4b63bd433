"""The OpenAPI document is valid and tells the truth about every path it documents."""

from __future__ import annotations

from openapi_spec_validator import validate

from tests.api.factories import build_open_data_world


def _resolve(document: dict, schema: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def test_openapi_document_is_valid(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    validate(document)
    assert document["openapi"].startswith("3.0")
    assert document["info"]["license"]["name"] == "CC BY 4.0"


def test_every_documented_path_answers_with_the_documented_shape(client):
    build_open_data_world()
    document = client.get("/api/openapi.json").get_json()
    base = document["servers"][0]["url"]
    assert len(document["paths"]) >= 17
    for path, operations in document["paths"].items():
        operation = operations["get"]
        response = client.get(base + path)
        assert response.status_code == 200, path
        content = operation["responses"]["200"]["content"]
        if path.endswith((".csv", ".xlsx")):
            assert response.mimetype in content, path
            continue
        assert response.mimetype == "application/json", path
        schema = content["application/json"].get("schema")
        if schema is None:
            continue
        payload = response.get_json()
        schema = _resolve(document, schema)
        assert set(schema["required"]) <= set(payload), path
        if "data" in payload:
            item_schema = _resolve(document, schema["properties"]["data"]["items"])
            assert payload["data"], f"{path}: the test world should fill every collection"
            for record in payload["data"]:
                assert set(record) == set(item_schema["properties"]), path
            meta_schema = _resolve(document, schema["properties"]["meta"])
            assert set(meta_schema["required"]) <= set(payload["meta"])
