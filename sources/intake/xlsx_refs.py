"""Cell and row references as calamine reads them (`A1`, lower case, a row alone), checked against Excel's
grid before anything is allocated."""

from __future__ import annotations

import functools
import re

from sources.core.problems import shown
from sources.intake.safety import UnsafeFile
from sources.intake.xlsx_findings import both_ways

EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384
REF = re.compile(r"([A-Za-z]{0,3})([0-9]{1,7})")  # calamine also takes lower-case letters, and letters in row r


@functools.lru_cache(maxsize=4096)
def column_number(letters: str) -> int:
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - 64
    return column


def cell_position(text: str, title: str, col: int, row_only: bool = False) -> tuple[int, int]:
    """A cell (or row) reference → 0-based (row, column), refused outside Excel's grid: calamine wraps larger
    numbers round (A4294967297 overwrites A1)."""
    match = REF.fullmatch(text)
    if (
        match
        and (match[1] or row_only)
        and 0 < (row := int(match[2])) <= EXCEL_ROWS
        and (column := column_number(match[1])) <= EXCEL_COLUMNS
    ):
        return row - 1, column - 1 if column else col
    vi_rows, en_rows = both_ways(EXCEL_ROWS)
    raise UnsafeFile(
        "bad_cell_reference",
        f"Sheet '{shown(title)}' có địa chỉ {'dòng' if row_only else 'ô'} không hợp lệ "
        f"'{shown(text, 20)}' (Excel chỉ có cột A–XFD, dòng 1–{vi_rows}); hãy mở tệp bằng Excel, lưu "
        "lại rồi gửi lại.",
        f"Sheet '{shown(title)}' has an invalid {'row' if row_only else 'cell'} "
        f"reference '{shown(text, 20)}' (Excel has columns A–XFD, rows 1–{en_rows}); open the file in "
        "Excel, save it again and resend it.",
        sheet=title,
    )
