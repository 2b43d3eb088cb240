"""Read the `chi_tieu` (indicators) sheet: one row per indicator, values converted to the indicator's unit."""

from __future__ import annotations

import polars as pl

from sources import reference
from sources.normalise import (
    INDICATOR_COLUMNS,
    INDICATOR_SCHEMA,
    ParsedSubmission,
    _match,
    _provenance,
    _text,
)
from sources.problems import cell_ref, error
from sources.vn_text import fold, read_money, read_number

_VALUE_PROBLEMS = {
    "ambiguous": ("giá trị '{v}' không rõ nghĩa: dấu '.' là dấu phân cách hàng nghìn (1.283 = 1283), "
                  "dấu ',' là dấu thập phân (2,5)", "value '{v}' is ambiguous: '.' separates thousands "
                  "(1.283 = 1283) and ',' is the decimal mark (2,5)"),
    "not_numeric": ("giá trị '{v}' không phải là số", "value '{v}' is not a number"),
    "bad_unit": ("đơn vị '{u}' không đổi được sang đơn vị của chỉ tiêu ({target})",
                 "unit '{u}' cannot be converted to the indicator's unit ({target})"),
}


def _find_header(rows: list[list[object]]) -> tuple[int, dict[str, int]] | None:
    # A title row may sit above the header: take the first row naming at least two contract columns.
    for r, row in enumerate(rows[:20]):
        columns = {}
        for c, cell in enumerate(row):
            key = _match(cell, INDICATOR_COLUMNS)
            if key and key not in columns:
                columns[key] = c
        if "chi_tieu" in columns and "gia_tri" in columns:
            return r, columns
    return None


def read_indicators(sub: ParsedSubmission, rows: list[list[object]], sheet: str, source: str | None) -> None:
    found = _find_header(rows)
    if found is None:
        sub.problems.append(error(
            "missing_columns", "Sheet chỉ tiêu phải có cột 'Chỉ tiêu' và cột 'Giá trị' ở dòng tiêu đề.",
            "The indicators sheet needs a header row with columns 'Chỉ tiêu' (indicator) and 'Giá trị' (value).",
            sheet=sheet))
        return
    header_row, cols = found
    units = {r["code"]: r["unit"] for r in reference.indicators().iter_rows(named=True)}
    records, seen = [], {}
    for r in range(header_row + 1, len(rows)):
        row = rows[r] + [None] * (max(cols.values()) + 1 - len(rows[r]))
        cell = {key: row[c] for key, c in cols.items()}
        if all(_text(v) is None for v in cell.values()):
            continue
        excel_row = r + 1
        where = lambda key, row=excel_row: dict(sheet=sheet, row=row, column=str(rows[header_row][cols[key]]),  # noqa: E731
                                                 cell=cell_ref(row, cols[key] + 1))
        code = reference.resolve_indicator(cell["chi_tieu"])
        if code is None:
            sub.problems.append(error(
                "unknown_indicator", f"Chỉ tiêu '{cell['chi_tieu']}' không có trong danh mục chỉ tiêu.",
                f"Indicator '{cell['chi_tieu']}' is not in the indicator catalogue.", **where("chi_tieu")))
            continue
        readings = {}
        for key in ("gia_tri", "ke_hoach"):
            if key not in cols:
                readings[key] = None
                continue
            reading = _read_value(cell[key], cell.get("don_vi"), units[code])
            if reading.problem:
                vi, en = _VALUE_PROBLEMS[reading.problem]
                fmt = dict(v=cell[key], u=cell.get("don_vi"), target=units[code])
                sub.problems.append(error(f"bad_value_{reading.problem}", f"Chỉ tiêu {code}: {vi.format(**fmt)}.",
                                          f"Indicator {code}: {en.format(**fmt)}.", indicator_code=code,
                                          **where(key)))
            readings[key] = reading.value
        if code in seen and seen[code] != readings["gia_tri"]:
            sub.problems.append(error(
                "duplicate_indicator", f"Chỉ tiêu {code} xuất hiện hai lần với hai giá trị khác nhau.",
                f"Indicator {code} appears twice with different values.", indicator_code=code,
                **where("chi_tieu")))
            continue
        if code in seen:
            continue
        seen[code] = readings["gia_tri"]
        note = _text(cell.get("nguon")) or source
        records.append({"indicator_code": code, "value": readings["gia_tri"], "target": readings["ke_hoach"],
                        "unit_as_written": _text(cell.get("don_vi")), "provenance": _provenance(note),
                        "provenance_note": note, "sheet_row": excel_row,
                        "value_cell": cell_ref(excel_row, cols["gia_tri"] + 1)})
    sub.indicators = pl.DataFrame(records, schema=INDICATOR_SCHEMA)
    if "coops_total" not in seen:
        sub.problems.append(error(
            "missing_coops_total", "Thiếu chỉ tiêu bắt buộc 'Số hợp tác xã đang hoạt động' (coops_total).",
            "The required indicator coops_total (active cooperatives) is missing.", sheet=sheet))


def _read_value(cell: object, unit: object, indicator_unit: str):
    if "đồng" in indicator_unit:
        return read_money(cell, unit)
    reading = read_number(cell)
    written = fold(str(unit or ""))
    if written and written != fold(indicator_unit) and reading.value is not None:
        return type(reading)(None, "bad_unit")
    return reading
