"""CSV and XLSX of one statistics table, with the same suppression as the page.

The table of who took part per Driver (how many of the comuni and of the zones have at
least one published proposal concerning them) is given whole, small numbers included: it
counts places, not people, and every published proposal is public with its comuni and
zone, so anyone can count these from the proposals themselves; hiding "2 comuni" would
protect no one. Suppression is for counts of people (:mod:`app.statistics.suppression`).
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from app.api.records import ATTRIBUTION, LICENCE
from app.statistics.tables import COLUMNS, HIDDEN_TEXT, Coverage, Table

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


COVERAGE_COLUMNS = ("key", "label", "comuni", "comuni_of", "zones", "zones_of")


def coverage_rows(coverage: list[Coverage]) -> list[list]:
    """Header and one line per Driver (no total: a comune may take part in several)."""
    return [
        list(COVERAGE_COLUMNS),
        *([c.driver_code, c.driver_label, c.comuni, c.comuni_of, c.zones, c.zones_of] for c in coverage),
    ]


def _csv_safe(value):
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(lines: list[list]) -> str:
    """UTF-8 with a BOM, so spreadsheets read the accents."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    for line in lines:
        writer.writerow([_csv_safe(v) for v in line])
    return buffer.getvalue()


def _xlsx_cell(sheet, value):
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # never a formula
        return cell
    return WriteOnlyCell(sheet, value=value)


PEOPLE_SUPPRESSION = "participants 1-4 shown as '< 5', with their rates and one complementary cell"
PLACES_SUPPRESSION = "none: counts of comuni and zones with a published proposal, not of people"


def xlsx_bytes(name: str, lines: list[list], source_url: str, suppression: str = PEOPLE_SUPPRESSION) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(name)
    for line in lines:
        sheet.append([_xlsx_cell(sheet, v) for v in line])
    about = workbook.create_sheet("licence")
    for pair in (
        ("licence", LICENCE["name"]),
        ("licence_url", LICENCE["url"]),
        ("attribution", ATTRIBUTION),
        ("source", source_url),
        ("suppression", suppression),
    ):
        about.append([_xlsx_cell(about, v) for v in pair])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
