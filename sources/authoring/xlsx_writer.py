"""Workbooks written reproducibly with xlsxwriter: the same content gives the same bytes (and so the same sha256).

xlsxwriter stamps the zip members with a fixed date; only the document's creation time needs fixing.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

FIXED_TIME = datetime(2026, 1, 1)


def new_workbook(path: Path) -> Workbook:
    """A workbook that writes text as text (never as a number, formula or link: a cell is what was given)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"created": FIXED_TIME})
    return book


def write_value(sheet: Worksheet, row: int, col: int, value: object, date_format=None) -> None:
    """One typed cell (0-based): numbers as numbers, dates as dates, everything else as text; None left empty."""
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value)
    elif isinstance(value, datetime | date):
        sheet.write_datetime(row, col, value, date_format)
    else:
        sheet.write_string(row, col, str(value))
