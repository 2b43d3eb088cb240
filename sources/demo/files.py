"""Write submissions the way provinces send them: workbooks and CSVs, tidy or messy."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import xlsxwriter

from sources.core.contract import (
    COOPERATIVE_COLUMNS,
    INDICATOR_COLUMNS,
    INFO_KEYS,
    OCOP_COLUMNS,
    labels_of,
    sheet_title,
)
from sources.core.vn_text import fold, format_vi


def labels(columns, ascii_only: bool) -> list[str]:
    return [fold(c).upper() if ascii_only else c for c in columns]


def info_rows(
    province: str, period: str, reporter_vi: str, submitted: date, ascii_only: bool, status: str | None = None
) -> list[list]:
    keys = labels(
        [
            INFO_KEYS[k][0]
            for k in ("tinh", "ky_bao_cao", "ngay_gui", "don_vi_bao_cao", "nguoi_lap", "trang_thai_so_lieu")
        ],
        ascii_only,
    )
    rows = [
        [keys[0], province],
        [keys[1], period],
        [keys[2], submitted],
        [keys[3], reporter_vi],
        [keys[4], "Văn phòng Liên minh HTX"],
    ]
    return rows + [[keys[5], status]] if status else rows


def write_xlsx(
    path: Path,
    info: list[list],
    indicator_rows: list[list],
    lists: dict[str, tuple[list, list]],
    ascii_only: bool = False,
) -> None:
    """A contract workbook (xlsxwriter: fast and byte-for-byte reproducible)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(
        str(path), {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    book.set_properties({"created": _FIXED})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    sheets = [
        (sheet_title("thong_tin"), None, info),
        (
            sheet_title("chi_tieu"),
            labels(
                [INDICATOR_COLUMNS[k][0] for k in ("chi_tieu", "gia_tri", "don_vi", "nguon", "ke_hoach")], ascii_only
            ),
            indicator_rows,
        ),
    ]
    sheets += [(title, header, rows) for title, (header, rows) in lists.items()]
    for title, header, rows in sheets:
        sheet = book.add_worksheet(fold(title).replace(" ", "_") if ascii_only else title)
        for r, row in enumerate(([header] if header else []) + rows):
            for c, value in enumerate(row):  # typed writes: xlsxwriter's generic write() is the slow part
                if isinstance(value, str):
                    sheet.write_string(r, c, value)
                elif isinstance(value, int | float):
                    sheet.write_number(r, c, value)
                elif isinstance(value, date):
                    sheet.write_datetime(r, c, _as_datetime(value), day)
    book.close()


def cooperative_header(ascii_only: bool) -> list[str]:
    return labels([c.label_vi for c in COOPERATIVE_COLUMNS], ascii_only)


def ocop_header(ascii_only: bool) -> list[str]:
    return labels([c.label_vi for c in OCOP_COLUMNS], ascii_only)


def write_csv(
    path: Path,
    province: str,
    period: str,
    reporter_vi: str,
    submitted: date,
    indicator_rows: list[list],
    encoding: str,
    delimiter: str,
) -> None:
    """The long format: one line per indicator, province and period on every line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    keys = ("tinh", "ky_bao_cao", "don_vi_bao_cao", "ngay_gui", "chi_tieu", "gia_tri", "don_vi", "nguon", "ke_hoach")
    writer.writerow(labels_of(INDICATOR_COLUMNS, keys))
    for name, value, unit, source, target in indicator_rows:
        writer.writerow(
            [
                province,
                period,
                reporter_vi,
                submitted.strftime("%d/%m/%Y"),
                name,
                format_vi(value) if isinstance(value, float | int) else value,
                unit or "",
                source,
                "" if target is None else format_vi(target),
            ]
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_encode(buffer.getvalue(), encoding))


def _encode(text: str, encoding: str) -> bytes:
    return encode_cp1258(text) if encoding == "cp1258" else text.encode(encoding)


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it (Python's codec alone refuses precomposed tone marks)."""
    import unicodedata

    out = bytearray()
    for ch in text:  # Windows-1258 writes some letters precomposed and tone marks as combining characters
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            keep = "".join(m for m in marks if m in "\u0302\u0306\u031b")
            out += unicodedata.normalize("NFC", base + keep).encode("cp1258")
            out += "".join(m for m in marks if m not in keep).encode("cp1258")
    return bytes(out)


def _as_datetime(value: date):
    from datetime import datetime

    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)


_FIXED = _as_datetime(date(2026, 1, 1))
