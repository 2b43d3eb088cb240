"""Read the indicators table (`chi_tieu`): one row per indicator, values converted to the indicator's unit."""

from __future__ import annotations

import polars as pl

from sources import reference
from sources.contract import COUNT_UNIT_ALIASES, INDICATOR_COLUMNS
from sources.problems import error, shown
from sources.submission import INDICATOR_SCHEMA, ParsedSubmission, Table, find_header, provenance, text
from sources.vn_text import NumberReading, fold, read_money, read_number

_VALUE_PROBLEMS = {
    "ambiguous": (
        "giá trị '{v}' không rõ nghĩa: dấu '.' là dấu phân cách hàng nghìn (1.283 = 1283), "
        "dấu ',' là dấu thập phân (2,5)",
        "value '{v}' is ambiguous: '.' separates thousands (1.283 = 1283) and ',' is the decimal mark (2,5)",
    ),
    "not_numeric": ("giá trị '{v}' không phải là số", "value '{v}' is not a number"),
    "not_finite": (
        "giá trị '{v}' không phải là một con số hữu hạn hợp lý (NaN, vô cực hoặc quá lớn); hãy nhập số liệu thực",
        "value '{v}' is not a plausible finite number (NaN, infinite or absurdly large); enter the real figure",
    ),
    "percent": (
        "giá trị '{v}' là phần trăm nhưng chỉ tiêu tính bằng {target}; hãy nhập số {target}",
        "value '{v}' is a percentage but the indicator is counted in {target}; enter the number of {target}",
    ),
    "bad_unit": (
        "đơn vị '{u}' không đổi được sang đơn vị của chỉ tiêu ({target})",
        "unit '{u}' cannot be converted to the indicator's unit ({target})",
    ),
}


def read_indicators(sub: ParsedSubmission, table: Table, source: str | None) -> None:
    found = find_header(table, INDICATOR_COLUMNS, ("chi_tieu", "gia_tri"))
    if found is None:
        sub.problems.append(
            error(
                "missing_columns",
                "Bảng chỉ tiêu phải có cột 'Chỉ tiêu' và cột 'Giá trị' ở dòng tiêu đề.",
                "The indicators table needs a header row with columns 'Chỉ tiêu' (indicator) and 'Giá trị' (value).",
                sheet=table.title,
            )
        )
        return
    header_index, cols = found
    header = table.rows[header_index]
    units = {r["code"]: r["unit"] for r in reference.indicators().iter_rows(named=True)}
    records, seen, unreadable = [], {}, set()
    for r in range(header_index + 1, len(table.rows)):
        row = list(table.rows[r]) + [None] * (max(cols.values()) + 1 - len(table.rows[r]))
        cell = {key: row[c] for key, c in cols.items()}
        if all(text(v) is None for v in cell.values()):
            continue

        def where(key, r=r):
            return table.where(r, cols[key], header[cols[key]])

        code = reference.resolve_indicator(cell["chi_tieu"])
        if code is None:
            sub.problems.append(
                error(
                    "unknown_indicator",
                    f"Chỉ tiêu '{shown(cell['chi_tieu'])}' không có trong danh mục chỉ tiêu.",
                    f"Indicator '{shown(cell['chi_tieu'])}' is not in the indicator catalogue.",
                    **where("chi_tieu"),
                )
            )
            continue
        readings = {}
        for key in ("gia_tri", "ke_hoach"):
            reading = read_value(cell.get(key), cell.get("don_vi"), units[code]) if key in cols else NumberReading(None)
            if reading.problem:
                vi, en = _VALUE_PROBLEMS[reading.problem]
                fmt = dict(v=shown(cell[key]), u=shown(cell.get("don_vi")), target=units[code])
                sub.problems.append(
                    error(
                        f"bad_value_{reading.problem}",
                        f"Chỉ tiêu {code}: {vi.format(**fmt)}.",
                        f"Indicator {code}: {en.format(**fmt)}.",
                        indicator_code=code,
                        **where(key),
                    )
                )
                unreadable.add(code)
            readings[key] = reading.value
        if code in seen:
            # The same figure written twice is harmless; two different values or targets are a conflict
            # the clerk must settle, never "first wins".
            if seen[code] != (readings["gia_tri"], readings["ke_hoach"]):
                first_row = next(rec["sheet_row"] for rec in records if rec["indicator_code"] == code)
                sub.problems.append(
                    error(
                        "duplicate_indicator",
                        f"Chỉ tiêu {code} xuất hiện hai lần (dòng {first_row} và dòng "
                        f"{table.number(r)}) với giá trị hoặc kế hoạch khác nhau; hãy giữ một dòng.",
                        f"Indicator {code} appears twice (rows {first_row} and {table.number(r)}) with different "
                        "values or targets; keep one row.",
                        indicator_code=code,
                        **where("chi_tieu"),
                    )
                )
            continue
        seen[code] = (readings["gia_tri"], readings["ke_hoach"])
        note = text(cell.get("nguon")) or source
        records.append(
            {
                "indicator_code": code,
                "value": readings["gia_tri"],
                "target": readings["ke_hoach"],
                "unit_as_written": text(cell.get("don_vi")),
                "provenance": provenance(note),
                "provenance_note": note,
                "sheet_row": table.number(r),
                "value_cell": where("gia_tri")["cell"],
            }
        )
    sub.indicators = pl.DataFrame(records, schema=INDICATOR_SCHEMA)
    if (seen.get("coops_total") or (None,))[0] is None and "coops_total" not in unreadable:
        sub.problems.append(
            error(
                "missing_coops_total",
                "Thiếu chỉ tiêu bắt buộc 'Số hợp tác xã đang hoạt động' (coops_total).",
                "The required indicator coops_total (active cooperatives) is missing.",
                sheet=table.title,
            )
        )


def read_value(cell: object, unit: object, indicator_unit: str) -> NumberReading:
    """A value in the indicator's unit: money in plain VND, counts only in their own unit."""
    if "đồng" in indicator_unit:
        return read_money(cell, unit)
    reading = read_number(cell, allow_percent=indicator_unit == "%")
    written = fold(str(unit or ""))
    accepted = COUNT_UNIT_ALIASES.get(indicator_unit, set()) | {fold(indicator_unit)}
    if written and written not in accepted and reading.value is not None:
        return NumberReading(None, "bad_unit")
    return reading
