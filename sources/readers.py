"""Format readers: an .xlsx workbook, a long-format .csv, or a .json object → raw submissions.

Each raw submission holds its identity cells (province, period, reporter, date…) with where they were
written, and its tables. A CSV may hold several provinces and periods: one raw submission each.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from sources.contract import INDICATOR_COLUMNS, INFO_KEYS
from sources.identity import Located
from sources.problems import Problem, error
from sources.safety import MAX_SHEET_ROWS, UnsafeFile
from sources.submission import Table, find_header, match_name, text
from sources.workbook import read_workbook

GROUP_KEYS = ("tinh", "ky_bao_cao", "don_vi_bao_cao", "ngay_gui")


@dataclass
class RawSubmission:
    info: dict[str, Located] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)  # contract sheet name → table
    problems: list[Problem] = field(default_factory=list)


def read_xlsx(path: Path) -> list[RawSubmission]:
    book = read_workbook(path)
    raw = RawSubmission(problems=book.problems)
    for name, rows in book.sheets.items():
        raw.tables[name] = Table(book.sheet_titles[name], rows)
    if "thong_tin" not in raw.tables:
        raw.problems.append(error(
            "missing_sheet", "Sổ tính phải có sheet 'Thông tin' (thong_tin) ghi tỉnh và kỳ báo cáo.",
            "The workbook needs a 'Thông tin' (thong_tin) sheet with the province and the period."))
    else:
        info = raw.tables["thong_tin"]
        for i, row in enumerate(info.rows):
            key = match_name(row[0] if row else None, INFO_KEYS)
            if key and key not in raw.info and len(row) > 1:
                raw.info[key] = (row[1], info.where(i, 1, row[0]))
    return [raw]


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1258 — anything else is refused."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        decoded = data.decode(encoding)
    except UnicodeDecodeError:
        decoded = None
    if decoded is None and encoding == "utf-8":
        try:
            decoded = data.decode("cp1258")
        except UnicodeDecodeError:
            decoded = None
    if decoded is None or any(unicodedata.category(ch) == "Cc" and ch not in "\r\n\t" for ch in decoded):
        raise UnsafeFile("bad_encoding",
                         "Tệp CSV không ở mã UTF-8, UTF-16 (có BOM) hay Windows-1258; hãy lưu lại dưới dạng "
                         "'CSV UTF-8'.", "The CSV file is not UTF-8, UTF-16 (with BOM) or Windows-1258; save it "
                         "again as 'CSV UTF-8'.")
    return unicodedata.normalize("NFC", decoded)  # Windows-1258 writes tone marks as combining characters


def read_csv(path: Path) -> list[RawSubmission]:
    content = decode_csv(path.read_bytes())
    first_line = content.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = [list(r) for r in csv.reader(io.StringIO(content), delimiter=delimiter)]
    if len(rows) > MAX_SHEET_ROWS:
        raise UnsafeFile("sheet_too_large", f"Tệp CSV có {len(rows):,} dòng, vượt giới hạn {MAX_SHEET_ROWS:,}.",
                         f"The CSV file has {len(rows):,} rows, over the limit of {MAX_SHEET_ROWS:,}.")
    table = Table(path.name, rows)
    found = find_header(table, INDICATOR_COLUMNS, ("chi_tieu", "gia_tri"))
    if found is None:  # the indicator reader reports the missing columns
        return [RawSubmission(tables={"chi_tieu": table})]
    header_index, cols = found
    groups: dict[tuple, list[int]] = {}
    for r in range(header_index + 1, len(rows)):
        if any(text(v) for v in rows[r]):
            key = tuple(text(rows[r][cols[k]]) if k in cols and cols[k] < len(rows[r]) else None
                        for k in GROUP_KEYS)
            groups.setdefault(key, []).append(r)
    raws = []
    for members in groups.values() or [[]]:
        indices = [header_index, *members]
        group_table = Table(path.name, [rows[i] for i in indices], [i + 1 for i in indices])
        raw = RawSubmission(tables={"chi_tieu": group_table})
        for key in GROUP_KEYS:
            if key in cols and members:
                raw.info[key] = (rows[members[0]][cols[key]] if cols[key] < len(rows[members[0]]) else None,
                                 group_table.where(1, cols[key], rows[header_index][cols[key]]))
        raws.append(raw)
    return raws


def read_json(path: Path) -> list[RawSubmission]:
    try:
        document = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnsafeFile("unreadable_file", f"Tệp JSON không đọc được: {exc}.",
                         f"The JSON file cannot be read: {exc}.") from exc
    if not isinstance(document, dict):
        raise UnsafeFile("unreadable_file", "Tệp JSON phải là một đối tượng {...} theo mẫu.",
                         "The JSON file must be one object {...} as in the contract.")
    raw = RawSubmission()
    for field_name, value in document.items():
        key = match_name(field_name, INFO_KEYS)
        if key:
            raw.info[key] = (value, dict(sheet=None, row=None, column=field_name, cell=field_name))
    for name, json_key in (("chi_tieu", "indicators"), ("hop_tac_xa", "cooperatives"), ("ocop", "ocop_products")):
        items = document.get(json_key)
        if isinstance(items, list) and items:
            header = list(dict.fromkeys(k for item in items if isinstance(item, dict) for k in item))
            rows = [header] + [[item.get(k) if isinstance(item, dict) else None for k in header] for item in items]
            raw.tables[name] = Table(json_key, rows, [0, *range(1, len(items) + 1)], json_style=True)
    return [raw]


READERS = {".xlsx": read_xlsx, ".csv": read_csv, ".json": read_json}
