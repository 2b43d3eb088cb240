"""Labels and number formatting for the explorer, Vietnamese first.

Every label lives here with its Vietnamese and English text, so a page never hard-codes
user-facing strings and the language switch in the sidebar changes them all at once.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from sources.core.periods import period_name
from sources.core.reference import REPORTERS
from sources.core.vn_text import format_number as vn_number

LANGS = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANG = "vi"
LANG_KEY = "lang"  # session_state key of the sidebar switch

_LABELS: dict[str, tuple[str, str]] = {
    "lang.switch": ("Ngôn ngữ / Language", "Ngôn ngữ / Language"),
    "nav.ranking": ("Xếp hạng tỉnh", "Province ranking"),
    "nav.quality": ("Chất lượng số liệu", "Data quality"),
    "nav.trend": ("Xu hướng theo năm", "Trend over the years"),
    "trend.title": ("Xu hướng theo 34 tỉnh, thành phố mới", "Trend on the 34 new provinces"),
    "trend.period_type": ("Loại kỳ", "Period type"),
    "trend.type.FY": ("Cả năm", "Full year"),
    "trend.type.H1": ("6 tháng đầu năm", "First half"),
    "trend.provinces": ("Tỉnh, thành phố", "Provinces"),
    "trend.year": ("Năm", "Year"),
    "trend.merger": ("Sáp nhập {day}", "Merger {day}"),
    "trend.note": (
        "Trước {day}, số liệu mỗi tỉnh mới là số của các tỉnh cũ được cộng (hoặc bình quân gia quyền). "
        "Điểm rỗng ○ = chưa đủ các tỉnh cũ báo cáo, chỉ phản ánh một phần. Chỉ so sánh cùng loại kỳ.",
        "Before {day} each new province's figure is its old provinces added up (or weight-averaged). "
        "A hollow point ○ = not every old province reported: it covers part of the unit only. Compare one "
        "period type at a time.",
    ),
    "quality.title": ("Chất lượng số liệu", "Data quality"),
    "quality.all_periods": ("Tất cả các kỳ", "All periods"),
    "quality.accepted": ("Hồ sơ hợp lệ", "Files accepted"),
    "quality.quarantined": ("Hồ sơ bị cách ly", "Files quarantined"),
    "quality.flagged": ("Hồ sơ có cảnh báo", "Accepted with warnings"),
    "quality.superseded": ("Phiên bản đã được thay", "Versions superseded"),
    "quality.explain": (
        "Lỗi (error): hồ sơ bị cách ly, không số liệu nào vào kho. Cảnh báo (warning): số liệu vẫn được công bố "
        "nhưng được đánh dấu ⚠ để kiểm tra lại. Mỗi vấn đề ghi rõ quy tắc, trang tính và ô.",
        "Error: the file was quarantined and none of its figures entered the warehouse. Warning: the figure is "
        "published with a ⚠ flag, to be checked. Each issue names its rule, sheet and cell.",
    ),
    "quality.no_issues": ("Không có vấn đề nào trong kỳ này.", "No issues for this period."),
    "quality.severity": ("Mức độ", "Severity"),
    "quality.severity.error": ("Lỗi", "Error"),
    "quality.severity.warning": ("Cảnh báo", "Warning"),
    "quality.count": ("Số vấn đề", "Issues"),
    "quality.rule": ("Quy tắc", "Rule"),
    "quality.chart_title": ("Vấn đề theo quy tắc", "Issues by rule"),
    "quality.by_province": ("Theo tỉnh", "By province"),
    "quality.unreadable": ("(không đọc được tỉnh)", "(province unreadable)"),
    "quality.file": ("Tệp", "File"),
    "quality.where": ("Vị trí", "Where"),
    "quality.row": ("dòng ", "row "),
    "quality.message": ("Nội dung", "Message"),
    "quality.data_docs": (
        "Báo cáo kiểm tra chi tiết (Great Expectations)",
        "Detailed validation report (Great Expectations)",
    ),
    "quality.data_docs_path": (
        "Báo cáo kiểm tra chi tiết của Great Expectations: `{path}` (mở bằng `htx explore`).",
        "Great Expectations' detailed validation report: `{path}` (served by `htx explore`).",
    ),
    "quality.no_data_docs": (
        "Chưa có báo cáo Great Expectations: chạy `htx run` để tạo.",
        "No Great Expectations report yet: `htx run` creates it.",
    ),
    "ranking.title": ("Xếp hạng tỉnh theo chỉ tiêu", "Province ranking by indicator"),
    "ranking.indicator": ("Chỉ tiêu", "Indicator"),
    "ranking.period": ("Kỳ báo cáo", "Period"),
    "ranking.reporter": ("Đơn vị báo cáo", "Reporter"),
    "ranking.reporter_count": ("{name} — {n} tỉnh có số liệu", "{name} — {n} provinces with data"),
    "ranking.no_indicators": (
        "Kho dữ liệu chưa có số liệu chỉ tiêu nào theo tỉnh.",
        "The warehouse holds no provincial indicator values yet.",
    ),
    "ranking.reported": ("Tỉnh đã báo cáo", "Provinces reported"),
    "ranking.reported_help": (
        "Số tỉnh có số liệu / số tỉnh, thành phố tồn tại trong kỳ ({set_name}).",
        "Provinces with a value / provinces that existed in the period ({set_name}).",
    ),
    "ranking.set.old63": ("63 tỉnh, thành phố trước sáp nhập", "63 provinces before the 2025 merger"),
    "ranking.set.new34": ("34 tỉnh, thành phố sau sáp nhập", "34 provinces after the 2025 merger"),
    "ranking.chart_title": ("{indicator} — {period}", "{indicator} — {period}"),
    "ranking.nothing_reported": (
        "Không tỉnh nào báo cáo chỉ tiêu này trong kỳ đã chọn.",
        "No province reported this indicator for the chosen period.",
    ),
    "ranking.missing_list": ("Chưa báo cáo ({n}): {names}", "Not reported ({n}): {names}"),
    "ranking.outside_set": (
        "{n} dòng số liệu thuộc mã tỉnh không tồn tại trong kỳ này nên không được xếp hạng.",
        "{n} values use province codes that did not exist in this period and are not ranked.",
    ),
    "ranking.boundary": ("Ranh giới", "Boundaries"),
    "ranking.boundary.old63": ("63 tỉnh như báo cáo", "63 provinces as reported"),
    "ranking.boundary.new34": ("Quy đổi theo 34 tỉnh mới", "Rolled up onto the 34 new provinces"),
    "ranking.new34_note": (
        "Số liệu của các tỉnh cũ được cộng (hoặc bình quân gia quyền) vào tỉnh mới sau sáp nhập {day}. "
        "◐ = chưa đủ các tỉnh cũ báo cáo: con số chỉ phản ánh một phần.",
        "Old provinces' figures are added up (or weight-averaged) into the unit they merged into on {day}. "
        "◐ = not every old province reported: the figure covers part of the unit only.",
    ),
    "col.coverage": ("Độ bao phủ (tỉnh cũ)", "Coverage (old provinces)"),
    "col.rank": ("Hạng", "Rank"),
    "col.province": ("Tỉnh, thành phố", "Province"),
    "col.value": ("Giá trị ({unit})", "Value ({unit})"),
    "col.target": ("Kế hoạch ({unit})", "Target ({unit})"),
    "col.provenance": ("Nguồn gốc số liệu", "Provenance"),
    "col.note": ("Ghi chú nguồn", "Source note"),
    "col.flag": ("Cảnh báo", "Flag"),
    "value.not_reported": ("Chưa báo cáo", "Not reported"),
    "note.blank": ("Có nộp báo cáo nhưng bỏ trống chỉ tiêu này", "Submitted, but left this indicator blank"),
    "note.no_submission": ("Không có báo cáo nộp", "No submission received"),
    "provenance.reported": ("Đơn vị báo cáo", "Reported"),
    "provenance.published": ("Đã công bố", "Published"),
    "provenance.synthetic": ("Minh hoạ (tổng hợp)", "Synthetic (demo)"),
    "provenance.mixed": ("Nhiều nguồn", "Mixed sources"),
    "col.status": ("Trạng thái số liệu", "Status"),
    "status.official": ("Chính thức", "Official"),
    "status.preliminary": ("Sơ bộ", "Preliminary"),
    "status.estimated": ("Ước tính", "Estimated"),
    "mark.preliminary": (" (sơ bộ)", " (prel.)"),
    "mark.estimated": (" (ước)", " (est.)"),
    "status.note": (
        "(ước) = số ước tính, (sơ bộ) = số sơ bộ: chưa phải số chính thức, sẽ được thay khi tỉnh gửi số chính "
        "thức. Một số cộng gộp là ước tính nếu một phần của nó là ước tính.",
        "(est.) = estimated, (prel.) = preliminary: not yet official, replaced when the province sends official "
        "figures. A rolled-up figure is an estimate if any part of it is.",
    ),
    "footer.text": (
        "Nguồn gốc số liệu: \u201cĐơn vị báo cáo\u201d = số do đơn vị báo cáo gửi (kèm tên tệp, ngày nhận); "
        "\u201cĐã công bố\u201d = lấy từ ấn phẩm, có trích dẫn; \u201cMinh hoạ\u201d = dữ liệu tổng hợp để "
        "trình diễn (synthetic), không phải số liệu thống kê thật. Số (ước) và (sơ bộ) chưa phải số chính thức.",
        "Provenance: \u201cReported\u201d = sent by the reporter (file and date received in the note); "
        "\u201cPublished\u201d = taken from a publication, cited; \u201cSynthetic\u201d = demo data, not real "
        "statistics. (est.) and (prel.) figures are not yet official.",
    ),
    "footer.snapshot": (
        "Bản dữ liệu (snapshot) `{path}` cập nhật lúc {mtime}.",
        "Snapshot `{path}` last modified {mtime}.",
    ),
    "footer.no_snapshot": ("Chưa có bản dữ liệu được công bố.", "No snapshot has been published."),
    "error.unreadable": (
        "Không đọc được kho dữ liệu (có thể đang ở phiên bản cũ). Chi tiết: {detail}",
        "The warehouse could not be read (it may be an older version). Detail: {detail}",
    ),
}

# Shown in both languages at once: the reader may not have found the switch yet.
NO_WAREHOUSE = (
    "**Chưa có kho dữ liệu được công bố** tại `{path}`. Hãy chạy `htx run` "
    "(hoặc `make demo` để tạo dữ liệu minh hoạ) rồi tải lại trang.\n\n"
    "**No published warehouse** at `{path}`. Run `htx run` (or `make demo` for demo data), "
    "then reload this page."
)


def lang() -> str:
    value = st.session_state.get(LANG_KEY, DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def t(key: str, **kwargs: object) -> str:
    """The label in the current language; an unknown key shows itself so it gets noticed."""
    pair = _LABELS.get(key)
    if pair is None:
        return key
    text = pair[0] if lang() == "vi" else pair[1]
    return text.format(**kwargs) if kwargs else text


def reporter_name(code: str) -> str:
    pair = REPORTERS.get(code)
    if pair is None:
        return code
    return pair[0] if lang() == "vi" else pair[1]


def period_label(code: str) -> str:
    """'2024-H1' -> '6 tháng đầu năm 2024 (2024-H1)'; unknown shapes show the bare code."""
    name = period_name(code, lang())
    return code if name == code else f"{name} ({code})"


def language_switch() -> None:
    """Sidebar radio; its label is bilingual so it never changes under the user."""
    st.sidebar.radio(_LABELS["lang.switch"][0], list(LANGS), format_func=LANGS.__getitem__, key=LANG_KEY)


def format_number(value: float | None, language: str | None = None, max_decimals: int = 2) -> str:
    """sources.core.vn_text.format_number in the page's language; '' for a missing value (callers decide how to
    say "not reported": it is never shown as 0)."""
    return vn_number(value, language or lang(), max_decimals, missing="")


def format_day(day: date, language: str | None = None) -> str:
    """A date as readers write it: 01/07/2025 (vi) or 2025-07-01 (en)."""
    return f"{day:%d/%m/%Y}" if (language or lang()) == "vi" else day.isoformat()
