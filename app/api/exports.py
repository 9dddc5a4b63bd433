"""CSV and XLSX downloads of an open-data resource (in batches).

The CSV streams every matching row (up to :data:`MAX_ROWS`) as it is read. A spreadsheet
costs about a millisecond a row to build and cannot be sent before it is complete, so an
XLSX holds at most ``API_XLSX_MAX_ROWS`` rows, a page of the collection (``?page=2`` for
the next ones, announced in a ``Link: rel="next"`` header and on the licence sheet); it is
built with openpyxl's write-only mode into a temporary file (on disk past a few
megabytes) that the response then streams.

Texts come from the public and are treated as hostile: a cell that a spreadsheet
would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or CR) is
prefixed with an apostrophe in CSV and stored as plain text in XLSX.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from app.api.queries import Filters
from app.api.records import ATTRIBUTION, LICENCE, Resource

BATCH = 1000
MAX_ROWS = 200_000
CHUNK = 64 * 1024
# Past this size the workbook being built goes from memory to a temporary file on disk.
SPOOL_BYTES = 4 * 1024 * 1024
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def records(resource: Resource, filters: Filters) -> Iterator[dict]:
    for items, _total in _batches(resource, filters, 0, MAX_ROWS):
        for item in items:
            yield resource.record(item)


def _batches(resource: Resource, filters: Filters, offset: int, limit: int) -> Iterator[tuple[list, int]]:
    """``(items, total matching)`` batches of at most :data:`BATCH`, from ``offset``, ``limit`` in all."""
    end = offset + limit
    while offset < end:
        size = min(BATCH, end - offset)
        items, total = resource.list(filters, offset, size)
        yield items, total
        if len(items) < size:
            return
        offset += size


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


@dataclass
class XlsxFile:
    """A built workbook, ready to stream: the open file, its size, and which rows it holds."""

    file: IO[bytes]
    size: int
    first_row: int
    rows: int
    total: int

    @property
    def has_more(self) -> bool:
        return self.first_row + self.rows < self.total


def xlsx_file(
    resource: Resource, filters: Filters, source_url: str, first_row: int, max_rows: int, next_url: str
) -> XlsxFile:
    """A workbook with rows ``first_row`` to ``first_row + max_rows`` of the collection and a
    sheet stating the licence, the source and which rows these are of how many."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(resource.name)
    sheet.append(header(resource))
    rows, total = 0, None
    for items, batch_total in _batches(resource, filters, first_row, max_rows):
        for item in items:
            sheet.append([_xlsx_cell(sheet, v) for v in row(resource, resource.record(item))])
        rows, total = rows + len(items), batch_total
    if total is None:  # asked for no rows at all
        _items, total = resource.list(filters, 0, 1)
    about = workbook.create_sheet("licence")
    pairs = [
        ("licence", LICENCE["name"]),
        ("licence_url", LICENCE["url"]),
        ("attribution", ATTRIBUTION),
        ("source", source_url),
        ("rows", f"{first_row + 1}-{first_row + rows} of {total}" if rows else f"0 of {total}"),
    ]
    if first_row + rows < total:
        pairs.append(("next_page", next_url))
    for pair in pairs:
        about.append([_xlsx_cell(about, v) for v in pair])
    output = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (closed by chunks())
    workbook.save(output)
    size = output.tell()
    output.seek(0)
    return XlsxFile(output, size, first_row, rows, total)


def chunks(handle: IO[bytes]) -> Iterator[bytes]:
    """The file's bytes in pieces of :data:`CHUNK`; closes (and so deletes) it at the end."""
    try:
        while piece := handle.read(CHUNK):
            yield piece
    finally:
        handle.close()
