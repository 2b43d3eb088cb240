"""Limits for untrusted files: provinces' files are read, never trusted.

An .xlsx is a zip archive: its declared uncompressed size is checked *before* anything is unpacked,
so a zip bomb is refused rather than expanded; sources/intake/xlsx_scan.py then checks each part calamine will
read against the limits below. Formulas are never evaluated (calamine reads the cached value only; a
formula without one, or with an Excel error, is reported), and text that starts like a formula stays text.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_SHEET_ROWS = 200_000
# What calamine may build from one sheet, checked by sources/intake/xlsx_scan.py before it reads anything.
# calamine holds a sheet as a dense grid from A1 to its last non-empty cell (~40 bytes a cell, with the
# Python rows): one stray cell at XFD199999 asks for ~100 GB and aborts the process.
MAX_SHEET_COLUMNS = 200  # column GR; the contract has ~15 columns, the rest is room for a clerk's notes
MAX_SHEET_CELLS = 4_000_000  # rows × columns from A1 (~160 MB): 200 000 rows of 20 columns
MAX_SHEETS = 100  # the contract needs 4; each sheet costs calamine a little even when it is not read
MAX_XLSX_PART_BYTES = 100 * 1024 * 1024  # any one part calamine reads (sheet, styles, workbook, rels)
# calamine loads every shared string when it opens the file (~55 bytes each beyond the text, measured:
# 300 MB of one-letter strings took 1 GB) and reserves `uniqueCount` of them up front, as declared.
MAX_SHARED_STRINGS = 1_000_000
MAX_SHARED_STRINGS_BYTES = 50 * 1024 * 1024
FORMULA_PREFIXES = ("=", "+", "-", "@")


class UnsafeFile(Exception):
    """A file refused before it is read; ``where`` (sheet, row, cell) says where, when one place is at fault."""

    def __init__(self, code: str, vi: str, en: str, **where):
        super().__init__(en)
        self.code, self.vi, self.en, self.where = code, vi, en, where


def check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise UnsafeFile(
            "file_too_large",
            f"Tệp quá lớn ({size:,} byte; tối đa {MAX_FILE_BYTES:,} byte). Hãy tách thành nhiều tệp.",
            f"File too large ({size:,} bytes; limit {MAX_FILE_BYTES:,}). Split it into several files.",
        )


def check_xlsx_archive(path: Path) -> None:
    """Refuse archives that are not xlsx, or that would unpack to far more than they weigh."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnsafeFile(
            "unreadable_file",
            "Không đọc được tệp Excel (.xlsx): tệp bị hỏng, bị cắt ngắn hoặc không phải .xlsx.",
            "Cannot read the Excel (.xlsx) file: it is damaged, truncated or not an .xlsx.",
        ) from exc
    unpacked = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if unpacked > MAX_XLSX_UNCOMPRESSED_BYTES or unpacked / packed > MAX_COMPRESSION_RATIO:
        raise UnsafeFile(
            "zip_bomb",
            "Tệp Excel giải nén ra quá lớn so với kích thước của nó; tệp bị từ chối vì lý do an toàn.",
            "The Excel file would unpack to far more than its size; refused for safety.",
        )
    if not any(i.filename == "xl/workbook.xml" for i in infos):
        raise UnsafeFile(
            "unreadable_file", "Tệp không phải là sổ tính Excel (.xlsx).", "The file is not an Excel workbook (.xlsx)."
        )


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)
