"""CSV and XLSX downloads of an open-data resource (every matching row, in batches).

Texts come from the public and are treated as hostile: a cell that a spreadsheet
would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or CR) is
prefixed with an apostrophe in CSV and stored as plain text in XLSX.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from app.api.queries import Filters
from app.api.records import ATTRIBUTION, LICENCE, Resource

BATCH = 1000
MAX_ROWS = 200_000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def records(resource: Resource, filters: Filters) -> Iterator[dict]:
    offset = 0
    while offset < MAX_ROWS:
        items, _total = resource.list(filters, offset, BATCH)
        for item in items:
            yield resource.record(item)
        if len(items) < BATCH:
            return
        offset += BATCH


def _value(record: dict, path: str):
    value = record
    for key in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def header(resource: Resource) -> list[str]:
    return [column.replace(".", "_") for column in resource.columns]


def row(resource: Resource, record: dict) -> list:
    return [_value(record, column) for column in resource.columns]


def _csv_safe(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_lines(resource: Resource, filters: Filters) -> Iterator[str]:
    """The CSV text, line by line (UTF-8 with a BOM so spreadsheets read the accents)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header(resource))
    yield buffer.getvalue()
    for record in records(resource, filters):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_csv_safe(v) for v in row(resource, record)])
        yield buffer.getvalue()


def _xlsx_cell(sheet, value):
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # never a formula, whatever the text starts with
        return cell
    return WriteOnlyCell(sheet, value=value)


def xlsx_bytes(resource: Resource, filters: Filters, source_url: str) -> bytes:
    """A workbook with the data sheet and a sheet stating the licence and the source."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(resource.name)
    sheet.append(header(resource))
    for record in records(resource, filters):
        sheet.append([_xlsx_cell(sheet, v) for v in row(resource, record)])
    about = workbook.create_sheet("licence")
    for pair in (
        ("licence", LICENCE["name"]),
        ("licence_url", LICENCE["url"]),
        ("attribution", ATTRIBUTION),
        ("source", source_url),
    ):
        about.append([_xlsx_cell(about, v) for v in pair])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
