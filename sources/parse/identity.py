"""Whose figures, for when: province, period, reporter and date of a submission (SUBMISSION_SPEC section 1)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sources.core import reference
from sources.core.contract import INFO_KEYS
from sources.core.periods import FIRST_YEAR, LAST_YEAR, parse_period, year_in_window
from sources.core.problems import error, shown
from sources.parse.cell_reading import obs_status
from sources.parse.submission import ParsedSubmission, text

Located = tuple[object, dict]  # a value and where it was written


def read_identity(sub: ParsedSubmission, info: dict[str, Located], today: date) -> None:
    """Fill the submission's keys from ``info`` (contract key → (value, where)); record each problem."""
    where = {key: loc for key, (_value, loc) in info.items()}
    value = {key: v for key, (v, _loc) in info.items()}
    missing = [key for key in ("tinh", "ky_bao_cao") if text(value.get(key)) is None]
    for key in missing:
        label = INFO_KEYS[key][0]
        sub.problems.append(
            error(
                f"missing_{key}",
                f"Thiếu thông tin bắt buộc '{label}' ({key}).",
                f"The required field '{label}' ({key}) is missing.",
                **where.get(key, {}),
            )
        )
    if missing:
        return
    _read_period(sub, value.get("ky_bao_cao"), where.get("ky_bao_cao", {}), today)
    if sub.period_end:
        _read_province(sub, value.get("tinh"), where.get("tinh", {}))
    sub.reporter = reference.resolve_reporter(value.get("don_vi_bao_cao"))
    if sub.reporter is None:
        sub.problems.append(
            error(
                "unknown_reporter",
                f"Không nhận ra đơn vị báo cáo '{shown(value.get('don_vi_bao_cao'))}'; dùng ví dụ "
                "'Liên minh HTX tỉnh', 'Sở Tài chính', 'Cục Thống kê'.",
                f"Unknown reporter '{shown(value.get('don_vi_bao_cao'))}'; use e.g. lien_minh_htx, so_tai_chinh, "
                "cuc_thong_ke.",
                **where["don_vi_bao_cao"],
            )
        )
    raw_date = value.get("ngay_gui")
    sub.submitted_at = read_datetime(raw_date)
    if text(raw_date) and sub.submitted_at is None:
        sub.problems.append(
            error(
                "bad_date",
                f"Ngày gửi '{shown(raw_date)}' phải là ngày (dd/mm/yyyy hoặc yyyy-mm-dd).",
                f"submitted_at '{shown(raw_date)}' must be a date (dd/mm/yyyy or yyyy-mm-dd).",
                **where["ngay_gui"],
            )
        )
    elif sub.submitted_at and sub.submitted_at.date() > today + timedelta(days=1):
        # A date in the future would stay "latest version" forever, over every later correction.
        sub.problems.append(
            error(
                "future_date",
                f"Ngày gửi {sub.submitted_at:%d/%m/%Y} nằm trong tương lai (hôm nay {today:%d/%m/%Y}); "
                "hãy ghi đúng ngày gửi báo cáo.",
                f"submitted_at {sub.submitted_at:%Y-%m-%d} is in the future (today is "
                f"{today}); write the date the report was sent.",
                **where["ngay_gui"],
            )
        )
        sub.submitted_at = None
    sub.prepared_by = text(value.get("nguoi_lap"))
    sub.note = text(value.get("ghi_chu"))
    _read_status(sub, value.get("trang_thai_so_lieu"), where.get("trang_thai_so_lieu", {}))


def _read_status(sub: ParsedSubmission, raw: object, where: dict) -> None:
    if text(raw) is None:
        return
    status = obs_status(raw)
    if status is None:
        sub.problems.append(
            error(
                "bad_obs_status",
                f"Trạng thái số liệu '{shown(raw)}' không hợp lệ; ghi 'chính thức', 'sơ bộ' hoặc 'ước tính'.",
                f"Observation status '{shown(raw)}' is not valid; write chinh_thuc (official), so_bo "
                "(preliminary) or uoc_tinh (estimated).",
                **where,
            )
        )
    else:
        sub.obs_status = status


def _read_period(sub: ParsedSubmission, raw: object, where: dict, today: date) -> None:
    period = parse_period(raw)
    if period is None:
        sub.problems.append(
            error(
                "bad_period",
                f"Kỳ báo cáo '{shown(raw)}' không hợp lệ; ví dụ: 2024-FY, 2024-H1, 'Năm 2024', "
                "'6 tháng đầu năm 2024', 'Quý I/2024'.",
                f"Invalid period '{shown(raw)}'; e.g. 2024-FY, 2024-H1, 'Năm 2024', 'Quý I/2024'.",
                **where,
            )
        )
    elif not year_in_window(period.year):
        sub.problems.append(
            error(
                "implausible_year",
                f"Năm {period.year} của kỳ báo cáo '{shown(raw)}' không hợp lý (chỉ nhận {FIRST_YEAR} đến "
                f"{LAST_YEAR}); hãy kiểm tra lại kỳ báo cáo.",
                f"The year {period.year} of period '{shown(raw)}' is not plausible (accepted: {FIRST_YEAR} to "
                f"{LAST_YEAR}); check the period.",
                **where,
            )
        )
    else:  # a period not ended yet is checked with the values' status (check_timing)
        sub.period_code, sub.period_end = period.code, period.end_date
        sub.period_where = where


def check_timing(sub: ParsedSubmission, today: date) -> None:
    """Figures sent before their period ended can only be estimates or preliminary (SUBMISSION_SPEC 6)."""
    if sub.period_end is None or sub.indicators.is_empty():
        return
    sent = sub.submitted_at.date() if sub.submitted_at else None
    early = sent is not None and sent < sub.period_end
    unfinished = sub.period_end >= today
    if not (early or unfinished):
        return
    final = sub.indicators.filter(sub.indicators["obs_status"] == "official")
    if final.is_empty():
        return
    rows = ", ".join(str(r) for r in final["sheet_row"].head(5).to_list())
    end = f"{sub.period_end:%d/%m/%Y}"
    if not unfinished:
        vi = (
            f"Báo cáo gửi ngày {sent:%d/%m/%Y}, trước khi kỳ {sub.period_code} kết thúc ({end}), nhưng số liệu "
            f"ở dòng {rows} là số chính thức. Hãy ghi 'Trạng thái số liệu: ước tính' (hoặc 'sơ bộ'), hoặc gửi "
            "lại sau khi kỳ kết thúc."
        )
        en = (
            f"Sent on {sent}, before period {sub.period_code} ended ({sub.period_end}), yet the figures in rows "
            f"{rows} are official. Mark them 'Trạng thái số liệu: uoc_tinh' (estimated) or 'so_bo' "
            "(preliminary), or resend after the period has ended."
        )
        code = "sent_before_period_end"
    else:
        vi = (
            f"Kỳ báo cáo {sub.period_code} chưa kết thúc (kết thúc ngày {end}); chỉ nhận số ước tính hoặc sơ bộ "
            f"— dòng {rows} là số chính thức. Hãy ghi 'Trạng thái số liệu: ước tính', hoặc gửi lại sau khi kỳ "
            "kết thúc."
        )
        en = (
            f"Period {sub.period_code} has not ended yet (it ends on {sub.period_end}); only estimated or "
            f"preliminary figures are accepted — rows {rows} are official. Mark them 'Trạng thái số liệu: "
            "uoc_tinh', or resend after the period has ended."
        )
        code = "unfinished_period"
    sub.problems.append(error(code, vi, en, **sub.period_where))


def _read_province(sub: ParsedSubmission, raw: object, where: dict) -> None:
    match = reference.resolve_province(raw, sub.period_end)
    merged_vi, merged_en = f"{reference.MERGER_DATE:%d/%m/%Y}", f"{reference.MERGER_DATE}"
    if match.province:
        sub.province_key = match.province.key
    elif match.problem == "not_in_force" and match.hint:
        sub.problems.append(
            error(
                "province_not_in_force",
                f"'{shown(raw)}' đã sáp nhập vào {match.hint.name_vi} từ ngày {merged_vi}; hãy gửi kỳ "
                f"{sub.period_code} với tên {match.hint.name_vi}.",
                f"'{shown(raw)}' was merged into {match.hint.name_vi} on {merged_en}; submit {sub.period_code} as "
                f"{match.hint.name_vi}.",
                **where,
            )
        )
    elif match.problem == "not_in_force":
        sub.problems.append(
            error(
                "province_not_in_force",
                f"'{shown(raw)}' chỉ tồn tại từ ngày {merged_vi}; kỳ {sub.period_code} phải do tỉnh cũ báo cáo.",
                f"'{shown(raw)}' exists only from {merged_en}; period {sub.period_code} is reported by the former "
                "province.",
                **where,
            )
        )
    else:
        sub.problems.append(
            error(
                "unknown_province",
                f"Không nhận ra tỉnh/thành phố '{shown(raw)}' (kỳ {sub.period_code}); "
                "hãy ghi tên tỉnh hoặc mã 2 chữ số.",
                f"Unknown province '{shown(raw)}' for period {sub.period_code}: use its name or 2-digit code.",
                **where,
            )
        )


def read_datetime(raw: object) -> datetime | None:
    if isinstance(raw, datetime):
        return raw
    if isinstance(raw, date):
        return datetime(raw.year, raw.month, raw.day)
    value = text(raw)
    for fmt in (
        "%d/%m/%Y",
        "%d/%m/%Y %H:%M",
        "%Y-%m-%d",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M",
    ):
        try:
            return datetime.strptime(value or "", fmt)
        except ValueError:
            continue
    return None
