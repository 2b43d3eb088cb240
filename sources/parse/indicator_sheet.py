"""Read the indicators table (`chi_tieu`): one row per indicator, values converted to the indicator's unit."""

from __future__ import annotations

import polars as pl

from sources.core import reference
from sources.core.contract import INDICATOR_COLUMNS
from sources.core.problems import error, shown
from sources.core.vn_text import format_vi
from sources.parse.cell_reading import CellReading, obs_status, read_indicator_cell
from sources.parse.submission import (
    INDICATOR_SCHEMA,
    ParsedSubmission,
    Table,
    find_header,
    indicator_label,
    provenance,
    text,
)

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
        "đơn vị '{u}' (hoặc đơn vị ghi trong ô '{v}') không đổi được sang đơn vị của chỉ tiêu ({target})",
        "unit '{u}' (or the unit written in '{v}') cannot be converted to the indicator's unit ({target})",
    ),
    "count_not_integer": (
        "số đếm phải là số nguyên nhưng ô ghi '{v}'; có phải là {hint}? (dấu '.' tách hàng nghìn: 1.234 = 1234)",
        "a count must be a whole number but the cell says '{v}'; did you mean {hint}? ('.' separates "
        "thousands: 1.234 = 1234)",
    ),
}


def read_indicators(sub: ParsedSubmission, table: Table, source: str | None, status: str = "official") -> None:
    """Read ``table`` into ``sub.indicators``; ``status`` is the submission's own (a value's column or words win)."""
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
        name = indicator_label(cell["chi_tieu"], code)

        def problem(code_, vi, en, key, name=name, code=code, where=where):
            sub.problems.append(
                error(code_, f"Chỉ tiêu {name}: {vi}", f"Indicator {name}: {en}", indicator_code=code, **where(key))
            )
            unreadable.add(code)

        value = read_indicator_cell(cell.get("gia_tri"), cell.get("don_vi"), units[code])
        plan = (
            read_indicator_cell(cell.get("ke_hoach"), cell.get("don_vi"), units[code])
            if "ke_hoach" in cols
            else CellReading(None)
        )
        for key, reading in (("gia_tri", value), ("ke_hoach", plan)):
            if reading.problem:
                vi, en = _VALUE_PROBLEMS[reading.problem]
                fmt = dict(v=shown(cell[key]), u=shown(cell.get("don_vi")), target=units[code], hint=reading.hint or "")
                problem(
                    f"bad_value_{reading.problem}" if reading.problem != "count_not_integer" else "count_not_integer",
                    vi.format(**fmt) + ".",
                    en.format(**fmt) + ".",
                    key,
                )
        target = plan.value
        if value.target is not None:
            if target is not None and target != value.target:
                problem(
                    "conflicting_target",
                    f"ô giá trị ghi kế hoạch {format_vi(value.target)} ('{shown(cell['gia_tri'])}') nhưng cột "
                    f"Kế hoạch ghi {format_vi(target)}; hãy giữ một con số kế hoạch.",
                    f"the value cell gives the plan {format_vi(value.target)} ('{shown(cell['gia_tri'])}') but "
                    f"the plan column gives {format_vi(target)}; keep one plan figure.",
                    "gia_tri",
                )
            target = value.target
        row_status = _row_status(cell, value, status, problem)
        readings = (value.value, target)
        if code in seen:
            # The same figure written twice is harmless; two different values or targets are a conflict
            # the clerk must settle, never "first wins".
            if seen[code] != readings:
                first_row = next(rec["sheet_row"] for rec in records if rec["indicator_code"] == code)
                problem(
                    "duplicate_indicator",
                    f"xuất hiện hai lần (dòng {first_row} và dòng {table.number(r)}) với giá trị hoặc kế "
                    "hoạch khác nhau; hãy giữ một dòng.",
                    f"appears twice (rows {first_row} and {table.number(r)}) with different values or "
                    "targets; keep one row.",
                    "chi_tieu",
                )
            continue
        seen[code] = readings
        origin, note = provenance(text(cell.get("nguon")) or source)
        records.append(
            {
                "indicator_code": code,
                "value": value.value,
                "target": target,
                "unit_as_written": text(cell.get("don_vi")),
                "provenance": origin,
                "provenance_note": note,
                "sheet_row": table.number(r),
                "value_cell": where("gia_tri")["cell"],
                "obs_status": row_status,
                "indicator_as_written": text(cell["chi_tieu"]),
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


def _row_status(cell: dict, value: CellReading, default: str, problem) -> str:
    """A value's status: its own column, else words in its cell ('ước 1.200'), else the submission's."""
    written = text(cell.get("trang_thai_so_lieu"))
    column = obs_status(written) if written else None
    if written and column is None:
        problem(
            "bad_obs_status",
            f"trạng thái số liệu '{shown(written)}' không hợp lệ; ghi 'chính thức', 'sơ bộ' hoặc 'ước tính'.",
            f"observation status '{shown(written)}' is not valid; write chinh_thuc "
            "(official), so_bo (preliminary) or uoc_tinh (estimated).",
            "trang_thai_so_lieu",
        )
    if column and value.status and column != value.status:
        problem(
            "conflicting_status",
            f"cột trạng thái ghi '{shown(written)}' nhưng ô giá trị ghi "
            f"'{shown(cell.get('gia_tri'))}'; hãy thống nhất một trạng thái.",
            f"the status column says "
            f"'{shown(written)}' but the value cell says '{shown(cell.get('gia_tri'))}'; make them agree.",
            "trang_thai_so_lieu",
        )
    return column or value.status or default
