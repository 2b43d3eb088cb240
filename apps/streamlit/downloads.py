"""Table downloads for the explorer: CSV for machines, XLSX for people, both with numbers as numbers.

Neither file holds formatted text such as "1.283" or "2,84". The CSV has plain numbers (1283, 2.84). The
workbook has numeric cells with a number format. Excel shows the grouping and decimal marks of the
reader's locale, so in a Vietnamese Excel '#,##0' shows 1283 as 1.283 and '#,##0.00' shows 2.84 as 2,84;
an English Excel shows 1,283 and 2.84. The file is the same for both, so we never write the marks ourselves.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal

import polars as pl
import streamlit as st
from xlsxwriter.workbook import Workbook

from sources.authoring.xlsx_writer import FIXED_TIME, write_value

NOTES_SHEET = "Ghi chú - Notes"
CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
MIN_WIDTH, MAX_WIDTH = 8, 60
WIDTH_SAMPLE = 1000  # rows looked at when sizing a column

# OWASP CSV injection: a spreadsheet reads a cell that starts with one of these as a formula.
_FORMULA_START = r"^[=+\-@\t\r]"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def neutralise(text: str) -> str:
    """'=SUM(A1)' → "'=SUM(A1)": a leading quote makes a spreadsheet show the text instead of running it."""
    return "'" + text if re.match(_FORMULA_START, text) else text


def to_csv_bytes(frame: pl.DataFrame) -> bytes:
    """UTF-8 with BOM (so Excel reads the Vietnamese right), plain numbers, nulls empty, dates ISO.

    Text that could be taken for a formula gets a leading quote; numeric columns are never touched,
    so -5 stays -5. Non-finite floats (inf, NaN) are written as empty cells.
    """
    frame = frame.with_columns(  # lists and structs as their Python text: '[1, 2]', "{'a': 1}"
        pl.Series(name, [None if v is None else str(v) for v in frame[name].to_list()], dtype=pl.String)
        for name, dtype in frame.schema.items()
        if dtype.is_nested() or dtype == pl.Object
    )
    columns = []
    for name, dtype in frame.schema.items():
        col = pl.col(name)
        if dtype.is_float():
            col = pl.when(col.is_finite()).then(col).otherwise(None)
        elif dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum):
            col = col.cast(pl.String)
            col = pl.when(col.str.contains(_FORMULA_START)).then(pl.lit("'") + col).otherwise(col)
        columns.append(col.alias(neutralise(name)))
    text = frame.select(columns).write_csv(
        include_bom=True,
        float_scientific=False,  # 1e-7 as 0.0000001: every reader parses it
        date_format="%Y-%m-%d",
        datetime_format="%Y-%m-%d %H:%M:%S",
        # Empty cells; in a one-column table a quoted empty string, as readers skip a blank line.
        null_value='""' if frame.width == 1 else "",
    )
    return text.encode("utf-8")


def sheet_title(name: str, fallback: str = "Dữ liệu") -> str:
    """A name Excel accepts: no []:*?/\\, no quote at either end, at most 31 characters, not empty."""
    name = _SHEET_FORBIDDEN.sub("-", name).strip().strip("'").strip()[:31].strip()
    return name or fallback


def safe_file_stem(stem: str, fallback: str = "bang") -> str:
    """ASCII letters, digits, '-' and '_' only: 'Xếp hạng Đà Nẵng' → 'Xep-hang-Da-Nang'.

    Not sources.core.vn_text.fold: that also lower-cases and turns '_' into spaces.
    """
    text = unicodedata.normalize("NFD", stem.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = re.sub(r"[^A-Za-z0-9_-]+", "-", text)
    text = re.sub(r"-{2,}", "-", text).strip("-_")[:100].strip("-_")
    return text or fallback


def _finite(value: object) -> object:
    """A value ready for write_value: Decimal as float, inf/NaN as None (an empty cell)."""
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _number_format(series: pl.Series) -> str:
    """'#,##0' for whole numbers (integer columns, or floats with no fraction), '#,##0.00' otherwise."""
    if series.dtype.is_integer():
        return INTEGER_FORMAT
    if series.dtype.is_float():
        finite = series.filter(series.is_finite())
        return INTEGER_FORMAT if (finite == finite.round(0)).all() else DECIMAL_FORMAT
    return DECIMAL_FORMAT  # Decimal


def _shown_length(value: object, num_format: str | None) -> int:
    """About how many characters the cell shows: enough to size its column."""
    value = _finite(value)
    if value is None:
        return 0
    if isinstance(value, bool):
        return 5
    if isinstance(value, int | float):
        return len(f"{value:,.0f}" if num_format == INTEGER_FORMAT else f"{value:,.2f}")
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def _width(header: str, values: list[object], num_format: str | None) -> int:
    longest = max([len(header) + 2, *(_shown_length(v, num_format) + 1 for v in values)])
    return min(max(longest, MIN_WIDTH), MAX_WIDTH)


def to_xlsx_bytes(
    frame: pl.DataFrame,
    *,
    sheet_name: str,
    notes: list[tuple[str, str]],
    number_formats: dict[str, str] | None = None,
) -> bytes:
    """A workbook with the table (typed cells, bold frozen header, autofilter) and a notes sheet.

    Numeric columns get '#,##0' or '#,##0.00' unless number_formats names another one for the column
    (e.g. '0%' for a share 0..1). Text is written with write_string, never as a formula or link.
    Non-finite floats are left empty. The bytes are the same for the same content (fixed creation time).
    """
    buffer = io.BytesIO()
    book = Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "remove_timezone": True,  # Excel has no time zones; an aware datetime would be refused
        },
    )
    book.set_properties({"created": FIXED_TIME})
    bold = book.add_format({"bold": True})
    date_fmt = book.add_format({"num_format": DATE_FORMAT})
    datetime_fmt = book.add_format({"num_format": DATETIME_FORMAT})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})

    title = sheet_title(sheet_name)
    if title.casefold() == NOTES_SHEET.casefold():
        title = "Dữ liệu"
    sheet = book.add_worksheet(title)
    overrides = number_formats or {}
    for col, series in enumerate(frame.get_columns()):
        dtype = series.dtype
        numeric = dtype.is_numeric()
        num_format = overrides.get(series.name) or (_number_format(series) if numeric else None)
        cell_fmt = book.add_format({"num_format": num_format}) if num_format else None
        if dtype == pl.Date:
            cell_fmt = date_fmt
        elif dtype == pl.Datetime:
            cell_fmt = datetime_fmt
        sheet.write_string(0, col, series.name, bold)
        values = series.to_list()
        for row, value in enumerate(values, start=1):
            value = _finite(value)
            if value is None:
                continue
            if isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(row, col, value, cell_fmt)
            elif isinstance(value, datetime | date):
                write_value(sheet, row, col, value, cell_fmt)
            elif isinstance(value, bool):
                write_value(sheet, row, col, value)
            else:
                sheet.write_string(row, col, str(value))
        sheet.set_column(col, col, _width(series.name, values[:WIDTH_SAMPLE], num_format))
    sheet.freeze_panes(1, 0)
    if frame.width:
        sheet.autofilter(0, 0, frame.height, frame.width - 1)

    notes_sheet = book.add_worksheet(NOTES_SHEET)
    for row, (label, value) in enumerate(notes):
        notes_sheet.write_string(row, 0, str(label), bold)
        notes_sheet.write_string(row, 1, "" if value is None else str(value), wrap)
    notes_sheet.set_column(0, 0, _width("", [label for label, _ in notes], None))
    notes_sheet.set_column(1, 1, _width("", [value for _, value in notes], None))

    book.close()
    return buffer.getvalue()


def download_buttons(
    frame: pl.DataFrame,
    *,
    file_stem: str,
    notes: list[tuple[str, str]],
    labels: tuple[str, str],
    key: str,
    number_formats: dict[str, str] | None = None,
) -> None:
    """Two buttons side by side: CSV and Excel. The bytes are made now, as Streamlit needs them when it draws.

    on_click="ignore": downloading does not rerun the app.
    """
    stem = safe_file_stem(file_stem)
    csv_data = to_csv_bytes(frame)
    xlsx_data = to_xlsx_bytes(frame, sheet_name=file_stem, notes=notes, number_formats=number_formats)
    left, right = st.columns(2)
    with left:
        st.download_button(
            labels[0], csv_data, file_name=f"{stem}.csv", mime=CSV_MIME, key=f"{key}_csv", on_click="ignore"
        )
    with right:
        st.download_button(
            labels[1], xlsx_data, file_name=f"{stem}.xlsx", mime=XLSX_MIME, key=f"{key}_xlsx", on_click="ignore"
        )
