"""CSV and XLSX of one statistics table, with the same suppression as the page."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from app.api.records import ATTRIBUTION, LICENCE
from app.statistics.tables import COLUMNS, HIDDEN_TEXT, Table

# A cell starting with one of these is a formula to a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cells(row) -> list:
    record = row.record()
    values = [record[name] for name in COLUMNS]
    if row.participants_hidden:
        values[COLUMNS.index("participants")] = HIDDEN_TEXT
    return values


def table_rows(table: Table) -> list[list]:
    """Header, one line per row, and the total."""
    return [list(COLUMNS), *(_cells(row) for row in table.rows), _cells(table.total)]


def _csv_safe(value):
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(table: Table) -> str:
    """UTF-8 with a BOM, so spreadsheets read the accents."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    for line in table_rows(table):
        writer.writerow([_csv_safe(v) for v in line])
    return buffer.getvalue()


def _xlsx_cell(sheet, value):
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # never a formula
        return cell
    return WriteOnlyCell(sheet, value=value)


def xlsx_bytes(table: Table, source_url: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.name)
    for line in table_rows(table):
        sheet.append([_xlsx_cell(sheet, v) for v in line])
    about = workbook.create_sheet("licence")
    for pair in (
        ("licence", LICENCE["name"]),
        ("licence_url", LICENCE["url"]),
        ("attribution", ATTRIBUTION),
        ("source", source_url),
        ("suppression", "participants 1-4 shown as '< 5', with their rates and one complementary cell"),
    ):
        about.append([_xlsx_cell(about, v) for v in pair])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
