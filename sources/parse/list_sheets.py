"""Read the list sheets: cooperatives (`hop_tac_xa`) and OCOP products (`ocop`), one row per item."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache

import polars as pl

from sources.core.contract import COOPERATIVE_COLUMNS, OCOP_COLUMNS, ListColumn
from sources.core.problems import error, shown, warning
from sources.core.vn_text import fold, format_en, format_vi, read_money, read_number
from sources.parse.identity import read_datetime
from sources.parse.submission import ParsedSubmission, Table, find_header, text

_POLARS_TYPE = {
    "text": pl.String,
    "choice": pl.String,
    "count": pl.Int64,
    "money": pl.Float64,
    "date": pl.Date,
    "stars": pl.Int8,
}


def schema(columns: tuple[ListColumn, ...]) -> dict:
    return {c.warehouse_name: _POLARS_TYPE[c.kind] for c in columns} | {"sheet_row": pl.Int32}


COOPERATIVE_SCHEMA = schema(COOPERATIVE_COLUMNS)
OCOP_SCHEMA = schema(OCOP_COLUMNS)


def read_cooperatives(sub: ParsedSubmission, table: Table) -> None:
    sub.cooperatives = _read_list(sub, table, COOPERATIVE_COLUMNS, key="ma_htx")


def read_ocop_products(sub: ParsedSubmission, table: Table) -> None:
    sub.ocop_products = _read_list(sub, table, OCOP_COLUMNS, key=None)


def _read_list(sub: ParsedSubmission, table: Table, columns: tuple[ListColumn, ...], key: str | None):
    names = {c.code: (c.label_vi, set(c.aliases)) for c in columns}
    found = find_header(table, names, (columns[0].code,))
    if found is None:
        sub.problems.append(
            error(
                "missing_columns",
                f"Sheet '{table.title}' phải có dòng tiêu đề với cột '{columns[0].label_vi}'.",
                f"Sheet '{table.title}' needs a header row with a '{columns[0].label_vi}' column.",
                sheet=table.title,
            )
        )
        return pl.DataFrame(schema=schema(columns))
    header_index, positions = found
    header = table.rows[header_index]
    records, first_seen = [], {}
    for r in range(header_index + 1, len(table.rows)):
        row = table.rows[r]
        cells = {
            c.code: (row[positions[c.code]] if c.code in positions and positions[c.code] < len(row) else None)
            for c in columns
        }
        if all(text(v) is None for v in cells.values()):
            continue
        record = {"sheet_row": table.number(r)}
        for column in columns:

            def where(r=r, column=column):  # built only when a problem is recorded
                if column.code not in positions:
                    return dict(sheet=table.title, row=table.number(r))
                return table.where(r, positions[column.code], header[positions[column.code]])

            record[column.warehouse_name] = _read_cell(sub, column, cells[column.code], where)
        if key and (item := text(cells[key])):
            if item in first_seen:
                sub.problems.append(
                    error(
                        "duplicate_coop_id",
                        f"Mã HTX '{shown(item)}' trùng với dòng {first_seen[item]}; mỗi HTX chỉ một dòng.",
                        f"Cooperative code '{shown(item)}' repeats row {first_seen[item]}; one row per cooperative.",
                        **table.where(r, positions[key], header[positions[key]]),
                    )
                )
            first_seen.setdefault(item, table.number(r))
        records.append(record)
    return pl.DataFrame(records, schema=schema(columns))


@lru_cache(maxsize=4096)
def _choice_key(value: str) -> str:
    # 'Công nghiệp – tiểu thủ công nghiệp' and 'cong nghiep tieu thu cong nghiep' are the same choice.
    return re.sub(r"[\s\-–,/&]+", " ", fold(value)).strip()


def _read_cell(sub: ParsedSubmission, column: ListColumn, cell: object, where: Callable[[], dict]):
    if column.kind == "text":
        if isinstance(cell, float) and cell.is_integer():
            return str(int(cell))  # a code typed as a number: '5300123456', not '5300123456.0'
        return text(cell)
    if column.kind == "choice":
        value = text(cell)
        if value is None:
            return None
        canonical = next((c for c in column.choices if _choice_key(c) == _choice_key(value)), None)
        if canonical is None:
            sub.problems.append(
                warning(
                    "unknown_category",
                    f"'{shown(value)}' không có trong danh mục '{column.label_vi}' "
                    f"({', '.join(column.choices)}); giữ nguyên.",
                    f"'{shown(value)}' is not one of the values for '{column.label_vi}' "
                    f"({', '.join(column.choices)}); kept as written.",
                    **where(),
                )
            )
        return canonical or value
    if column.kind == "date":
        if isinstance(cell, datetime):
            return cell.date()
        if isinstance(cell, date):
            return cell
        parsed = read_datetime(cell)
        if text(cell) and parsed is None:
            sub.problems.append(
                error(
                    "bad_date",
                    f"'{shown(cell)}' không phải là ngày (dd/mm/yyyy).",
                    f"'{shown(cell)}' is not a date (dd/mm/yyyy).",
                    **where(),
                )
            )
        return parsed.date() if parsed else None
    reading = read_money(cell) if column.kind == "money" else read_number(cell)
    if reading.problem:
        code = reading.problem if reading.problem in ("ambiguous", "not_finite", "percent") else "not_numeric"
        sub.problems.append(
            error(
                f"bad_value_{code}",
                f"Cột '{column.label_vi}': giá trị '{shown(cell)}' không đọc được thành số"
                f"{' hữu hạn hợp lý' if code == 'not_finite' else ''}.",
                f"Column '{column.label_vi}': value '{shown(cell)}' cannot be read as a "
                f"{'plausible finite ' if code == 'not_finite' else ''}number.",
                **where(),
            )
        )
        return None
    value = reading.value
    if value is None or column.kind == "money":
        return value
    if column.kind == "stars" and value not in (3, 4, 5):
        sub.problems.append(
            error(
                "bad_stars",
                f"Số sao phải là 3, 4 hoặc 5 (nhận được {format_vi(value)}).",
                f"Stars must be 3, 4 or 5 (got {format_en(value)}).",
                **where(),
            )
        )
        return None
    if value < 0 or value != int(value):
        sub.problems.append(
            error(
                "negative_count",
                f"Cột '{column.label_vi}': số đếm phải là số nguyên không âm (nhận được {format_vi(value)}).",
                f"Column '{column.label_vi}': a count must be a whole number, not negative (got {format_en(value)}).",
                **where(),
            )
        )
        return None
    return int(value)
