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

from sources.core.contract import INDICATOR_COLUMNS, INFO_KEYS
from sources.core.problems import Problem, error, shown
from sources.intake.safety import MAX_SHEET_ROWS, UnsafeFile
from sources.parse.identity import Located
from sources.parse.submission import Table, find_header, match_name, text
from sources.parse.workbook import read_workbook

GROUP_KEYS = ("tinh", "ky_bao_cao", "don_vi_bao_cao", "ngay_gui")
MAX_CSV_COLUMNS = 200  # the long format has 9 columns; a row of a million commas is not a report
MAX_CSV_PARTS = 5_000  # 63 provinces × 7 period types × 10 years; each part is a submission to decide


@dataclass
class RawSubmission:
    info: dict[str, Located] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)  # contract sheet name → table
    problems: list[Problem] = field(default_factory=list)


def read_xlsx(path: Path, name: str) -> list[RawSubmission]:
    book = read_workbook(path)
    raw = RawSubmission(problems=book.problems)
    for name, rows in book.sheets.items():
        raw.tables[name] = Table(book.sheet_titles[name], rows)
    if "thong_tin" not in raw.tables:
        raw.problems.append(
            error(
                "missing_sheet",
                "Sổ tính phải có sheet 'Thông tin' (thong_tin) ghi tỉnh và kỳ báo cáo.",
                "The workbook needs a 'Thông tin' (thong_tin) sheet with the province and the period.",
            )
        )
    else:
        info = raw.tables["thong_tin"]
        for i, row in enumerate(info.rows):
            key = match_name(row[0] if row else None, INFO_KEYS)
            if not key or len(row) < 2:
                continue
            if key not in raw.info:
                raw.info[key] = (row[1], info.where(i, 1, row[0]))
            elif text(raw.info[key][0]) != text(row[1]) and text(row[1]) is not None:
                # Two different provinces (or periods…) in one report: which one is meant is for the clerk to say.
                first = raw.info[key][1]
                raw.problems.append(
                    error(
                        "conflicting_info",
                        f"Thông tin '{INFO_KEYS[key][0]}' được ghi hai lần với hai giá trị khác nhau "
                        f"('{shown(raw.info[key][0])}' ở ô {first['cell']} và '{shown(row[1])}'); hãy giữ một dòng.",
                        f"'{INFO_KEYS[key][0]}' ({key}) is written twice with different values "
                        f"('{shown(raw.info[key][0])}' in {first['cell']} and '{shown(row[1])}'); keep one row.",
                        **info.where(i, 1, row[0]),
                    )
                )
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
        raise UnsafeFile(
            "bad_encoding",
            "Tệp CSV không ở mã UTF-8, UTF-16 (có BOM) hay Windows-1258; hãy lưu lại dưới dạng 'CSV UTF-8'.",
            "The CSV file is not UTF-8, UTF-16 (with BOM) or Windows-1258; save it again as 'CSV UTF-8'.",
        )
    return unicodedata.normalize("NFC", decoded)  # Windows-1258 writes tone marks as combining characters


def read_csv(path: Path, name: str) -> list[RawSubmission]:
    content = decode_csv(path.read_bytes())
    first_line = content.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = []
    for row in csv.reader(io.StringIO(content), delimiter=delimiter):
        if len(rows) == MAX_SHEET_ROWS or len(row) > MAX_CSV_COLUMNS:  # stop before the rest is held in memory
            what_vi, what_en = (
                (f"hơn {MAX_SHEET_ROWS:,} dòng", f"over {MAX_SHEET_ROWS:,} rows")
                if len(rows) == MAX_SHEET_ROWS
                else (f"dòng {len(rows) + 1} có {len(row):,} cột", f"row {len(rows) + 1} has {len(row):,} columns")
            )
            raise UnsafeFile(
                "sheet_too_large",
                f"Tệp CSV có {what_vi}, vượt giới hạn ({MAX_SHEET_ROWS:,} dòng, {MAX_CSV_COLUMNS} cột).",
                f"The CSV file has {what_en}, over the limit ({MAX_SHEET_ROWS:,} rows, {MAX_CSV_COLUMNS} columns).",
            )
        rows.append(row)
    table = Table(name, rows)
    found = find_header(table, INDICATOR_COLUMNS, ("chi_tieu", "gia_tri"))
    if found is None:  # the indicator reader reports the missing columns
        return [RawSubmission(tables={"chi_tieu": table})]
    header_index, cols = found
    groups: dict[tuple, list[int]] = {}
    for r in range(header_index + 1, len(rows)):
        if any(text(v) for v in rows[r]):
            key = tuple(text(rows[r][cols[k]]) if k in cols and cols[k] < len(rows[r]) else None for k in GROUP_KEYS)
            groups.setdefault(key, []).append(r)
    if len(groups) > MAX_CSV_PARTS:
        raise UnsafeFile(
            "too_many_parts",
            f"Tệp CSV chứa {len(groups):,} bộ tỉnh – kỳ – đơn vị – ngày gửi, vượt giới hạn {MAX_CSV_PARTS:,}; hãy "
            "tách thành nhiều tệp.",
            f"The CSV file holds {len(groups):,} province-period-reporter-date groups, over the limit of "
            f"{MAX_CSV_PARTS:,}; split it into several files.",
        )
    raws = []
    for members in groups.values() or [[]]:
        indices = [header_index, *members]
        group_table = Table(name, [rows[i] for i in indices], [i + 1 for i in indices])
        raw = RawSubmission(tables={"chi_tieu": group_table})
        for key in GROUP_KEYS:
            if key in cols and members:
                raw.info[key] = (
                    rows[members[0]][cols[key]] if cols[key] < len(rows[members[0]]) else None,
                    group_table.where(1, cols[key], rows[header_index][cols[key]]),
                )
        raws.append(raw)
    return raws


def merge(raws: list[RawSubmission]) -> RawSubmission:
    """One submission from CSV groups that turned out to be the same province, period, reporter and date
    written differently (`Hà Tĩnh`, `HA TINH`, `42`): their rows are read together, so two values for one
    indicator are a conflict (`duplicate_indicator`), never "last wins"."""
    first = raws[0].tables["chi_tieu"]
    rows, numbers = list(first.rows), list(first.row_numbers or range(1, len(first.rows) + 1))
    for raw in raws[1:]:
        table = raw.tables["chi_tieu"]
        rows += table.rows[1:]
        numbers += (table.row_numbers or range(1, len(table.rows) + 1))[1:]
    return RawSubmission(
        info=raws[0].info,
        tables={"chi_tieu": Table(first.title, rows, numbers)},
        problems=[p for raw in raws for p in raw.problems],
    )


class _DuplicateKey(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    seen: dict = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


def read_json(path: Path, name: str) -> list[RawSubmission]:
    try:
        document = json.loads(path.read_bytes().decode("utf-8-sig"), object_pairs_hook=_no_duplicate_keys)
    except _DuplicateKey as exc:
        raise UnsafeFile(
            "duplicate_key",
            f"Tệp JSON ghi khóa '{shown(exc.args[0])}' hai lần trong cùng một đối "
            "tượng; không rõ giá trị nào đúng. Hãy giữ một khóa.",
            f"The JSON file repeats the key '{shown(exc.args[0])}' in one object; which value is meant "
            "is unclear. Keep one.",
        ) from exc
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        raise UnsafeFile(
            "unreadable_file",
            f"Tệp JSON không đọc được: {shown(exc, 200)}.",
            f"The JSON file cannot be read: {shown(exc, 200)}.",
        ) from exc
    if not isinstance(document, dict):
        raise UnsafeFile(
            "unreadable_file",
            "Tệp JSON phải là một đối tượng {...} theo mẫu.",
            "The JSON file must be one object {...} as in the contract.",
        )
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
