"""Overview, Province profile, Quality and About on the small fixture warehouse (values known row by row)."""

from __future__ import annotations

from pathlib import Path

import pytest
from explorer_driver import chart_specs, open_page, table, texts
from warehouse_fixture import build_warehouse


@pytest.mark.parametrize("page", ["overview", "compare", "profile", "ocop", "quality", "about"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_opens_with_the_banner_and_no_server_path(published: Path, page: str, lang: str) -> None:
    at = open_page(page, lang=lang)
    assert not at.error, [e.value for e in at.error]
    banner = at.warning[0].value
    assert ("Dữ liệu minh hoạ" if lang == "vi" else "Demo data") in banner  # synthetic figures are on show
    assert str(published) not in texts(at) and str(published.parent) not in texts(at)
    assert ("Bản dữ liệu công bố lúc" if lang == "vi" else "Snapshot published") in texts(at)


def test_overview_headlines_and_change_over_the_units_that_reported_both_years(published: Path) -> None:
    at = open_page("overview")
    full_year, half_year = [m for m in at.metric if m.label == "Số hợp tác xã đang hoạt động"]
    coops = full_year
    assert coops.value == "900"  # 2025-FY: only Hà Tĩnh reported, 900
    assert half_year.value == "950" and not half_year.delta  # 2024-H1: no 2023-H1 to compare with
    assert coops.delta == "-7,7% so với cùng kỳ"  # against Hà Tĩnh's 975 of 2024-FY
    assert "Năm 2025 (2025-FY)" in texts(at) and "6 tháng đầu năm 2024 (2024-H1)" in texts(at)
    assert "Thay đổi từ lần công bố trước" in texts(at)


def test_overview_map_is_offline_and_shows_the_archipelagos(published: Path) -> None:
    at = open_page("overview")
    spec = next(s for s in chart_specs(at) if "choroplethmap" in s)
    assert "white-bg" in spec and "http" not in spec.replace("http://www.w3.org", "")
    assert "Hoàng Sa" in texts(at) and "Trường Sa" in texts(at)


def test_profile_of_a_unit_shows_its_history_its_old_province_and_both_reporters(published: Path) -> None:
    at = open_page("profile", province="new:42", indicator="coops_total", ptype="FY")
    assert not at.exception
    chart = chart_specs(at)[0]
    assert "Hà Tĩnh (tỉnh cũ)" in chart  # the old province's own line beside the unit's
    assert "Bình quân vùng" in chart and "Bình quân cả nước" in chart
    latest = table(at, "profile_latest")
    assert latest.iloc[0]["Giá trị"] == 900.0 and "Năm 2025" in texts(at)
    side = table(at, "profile_reporters")  # Liên minh HTX said 975, Sở Tài chính 980: both kept
    row = side[side["period_code"] == "2024-FY"].iloc[0]
    assert row["Liên minh HTX tỉnh"] == 975.0 and row["Sở Tài chính"] == 980.0
    history = table(at, "profile_history")
    assert set(history["Tình trạng nộp"]) == {"Đúng hạn"}  # Hà Tĩnh reported 2024-FY on time


def test_profile_period_types_are_never_mixed(published: Path) -> None:
    at = open_page("profile", province="new:42", indicator="coops_total", ptype="H1")
    chart = chart_specs(at)[0]
    assert "2024-H1" in chart and "2024-FY" not in chart


def test_about_defines_every_indicator_and_the_merger(published: Path) -> None:
    at = open_page("about", lang="en")
    inds = table(at, "about_indicators")
    assert set(inds["Code"]) == {"coops_total", "revenue_avg_per_coop"}
    assert set(inds["Indicator"]) == {"Active cooperatives", "Average revenue per cooperative in period"}
    merger = table(at, "about_merger").set_index("Unit (since 2025)")
    assert merger.loc["Ninh Bình", "Old provinces"] == "Nam Định"
    assert "2025-07-01" in texts(at) and "Estimated" in texts(at)


def test_ocop_without_figures_says_so(published: Path) -> None:
    at = open_page("ocop")
    assert "chưa có số liệu OCOP" in texts(at)


def test_a_snapshot_published_before_a_deadline_that_has_passed_says_so(published: Path) -> None:
    assert "Số liệu có thể chưa cập nhật" not in texts(open_page("overview"))  # published after the 2024-FY deadline
    build_warehouse(published, published_at="2025-01-20T02:00:00+00:00")  # before 31/01/2025, when 2024-FY was due
    at = open_page("overview")
    banner = next(w.value for w in at.warning if "chưa cập nhật" in w.value)
    assert "31/01/2025" in banner and "htx build" in banner
