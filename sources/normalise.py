"""Turn a submission's rows into normalised tables with warehouse keys, collecting every problem.

Nothing is guessed: a value that cannot be read exactly is an error at its cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import polars as pl

from sources import reference
from sources.periods import parse_period
from sources.problems import Problem, cell_ref, error
from sources.vn_text import fold

INFO_KEYS = {
    "tinh": {"tinh", "tinh/thanh pho", "province"},
    "ky_bao_cao": {"ky bao cao", "period"},
    "ngay_gui": {"ngay gui", "submitted at"},
    "don_vi_bao_cao": {"don vi bao cao", "reporter"},
    "nguoi_lap": {"nguoi lap", "prepared by"},
    "ghi_chu": {"ghi chu", "note"},
    "nguon": {"nguon", "nguon so lieu", "source"},
}
INDICATOR_COLUMNS = {
    "chi_tieu": {"chi tieu", "indicator", "ma chi tieu"},
    "gia_tri": {"gia tri", "thuc hien", "value"},
    "don_vi": {"don vi", "don vi tinh", "dvt", "unit"},
    "ke_hoach": {"ke hoach", "chi tieu ke hoach", "target"},
    "nguon": {"nguon", "nguon so lieu", "source"},
}
INDICATOR_SCHEMA = {
    "indicator_code": pl.String, "value": pl.Float64, "target": pl.Float64, "unit_as_written": pl.String,
    "provenance": pl.String, "provenance_note": pl.String, "sheet_row": pl.Int32, "value_cell": pl.String,
}


@dataclass
class ParsedSubmission:
    province_key: str | None = None
    period_code: str | None = None
    period_end: date | None = None
    reporter: str | None = None
    submitted_at: datetime | None = None
    prepared_by: str | None = None
    indicators: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=INDICATOR_SCHEMA))
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def _match(header: object, names: dict[str, set[str]]) -> str | None:
    folded = fold(str(header or ""))
    return next((key for key, aliases in names.items() if folded in aliases | {fold(key)}), None)


def _text(cell: object) -> str | None:
    text = str(cell).strip() if cell is not None else ""
    return text or None


def _provenance(note: str | None) -> str:
    # Demo files say 'synthetic …' in their source column; everything else is a reported figure.
    return "synthetic" if note and fold(note).startswith(("synthetic", "mo phong")) else "published"


def read_info(rows: list[list[object]], sheet: str, today: date) -> tuple[ParsedSubmission, dict]:
    """Read the key/value sheet `thong_tin`: province, period, reporter, submission date."""
    sub, info, where = ParsedSubmission(), {}, {}
    for i, row in enumerate(rows, start=1):
        key = _match(row[0] if row else None, INFO_KEYS)
        if key and len(row) > 1:
            info[key], where[key] = row[1], dict(sheet=sheet, row=i, column=str(row[0]), cell=cell_ref(i, 2))
    _read_period(sub, info.get("ky_bao_cao"), where.get("ky_bao_cao", dict(sheet=sheet)), today)
    if sub.period_end:
        _read_province(sub, info.get("tinh"), where.get("tinh", dict(sheet=sheet)))
    sub.reporter = reference.resolve_reporter(info.get("don_vi_bao_cao"))
    if sub.reporter is None:
        sub.problems.append(error(
            "unknown_reporter", f"Không nhận ra đơn vị báo cáo '{info.get('don_vi_bao_cao')}'.",
            f"Unknown reporter '{info.get('don_vi_bao_cao')}'; use e.g. lien_minh_htx or 'Sở Tài chính'.",
            **where["don_vi_bao_cao"]))
    sub.submitted_at = _read_datetime(info.get("ngay_gui"))
    if info.get("ngay_gui") not in (None, "") and sub.submitted_at is None:
        sub.problems.append(error("bad_date", "Ngày gửi phải là ngày (dd/mm/yyyy hoặc yyyy-mm-dd).",
                                  "submitted_at must be a date (dd/mm/yyyy or yyyy-mm-dd).", **where["ngay_gui"]))
    sub.prepared_by = _text(info.get("nguoi_lap"))
    return sub, {"source": _text(info.get("nguon"))}


def _read_period(sub: ParsedSubmission, raw: object, where: dict, today: date) -> None:
    period = parse_period(raw)
    if period is None:
        sub.problems.append(error(
            "bad_period", f"Kỳ báo cáo '{raw or ''}' không hợp lệ; ví dụ: 2024-FY, 2024-H1, 'Năm 2024', "
            "'6 tháng đầu năm 2024'.", f"Invalid period '{raw or ''}'; e.g. 2024-FY, 2024-H1, 'Năm 2024'.",
            **where))
    elif period.end_date >= today:
        sub.problems.append(error(
            "unfinished_period", f"Kỳ báo cáo {period.code} chưa kết thúc (kết thúc ngày {period.end_date:%d/%m/%Y}).",
            f"Period {period.code} has not ended yet (it ends on {period.end_date}).", **where))
    else:
        sub.period_code, sub.period_end = period.code, period.end_date


def _read_province(sub: ParsedSubmission, raw: object, where: dict) -> None:
    match = reference.resolve_province(raw, sub.period_end)
    if match.province:
        sub.province_key = match.province.key
    elif match.problem == "not_in_force" and match.hint:
        sub.problems.append(error(
            "province_not_in_force",
            f"'{raw}' đã sáp nhập vào {match.hint.name_vi} từ ngày 01/07/2025; hãy gửi kỳ {sub.period_code} "
            f"với tên {match.hint.name_vi}.",
            f"'{raw}' was merged into {match.hint.name_vi} on 2025-07-01; submit {sub.period_code} as "
            f"{match.hint.name_vi}.", **where))
    else:
        sub.problems.append(error(
            "unknown_province", f"Không nhận ra tỉnh/thành phố '{raw or ''}' (kỳ {sub.period_code}).",
            f"Unknown province '{raw or ''}' for period {sub.period_code}: use its name or 2-digit code.",
            **where))


def _read_datetime(raw: object) -> datetime | None:
    if isinstance(raw, datetime):
        return raw
    if isinstance(raw, date):
        return datetime(raw.year, raw.month, raw.day)
    text = _text(raw)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"):
        try:
            return datetime.strptime(text or "", fmt)
        except ValueError:
            continue
    return None
