"""The Compare page, driven the way a user drives it (AppTest on the real entrypoint).

Fixture data (see warehouse_fixture.py), coops_total, 2024-FY, lien_minh_htx, old63 provinces:
Quảng Ninh 1087 (published) > Hà Tĩnh 975 > Nam Định 514 (flagged); Hà Nội submitted a blank;
Hòa Bình sent nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from explorer_driver import chart_specs, open_page, shown, table, texts
from warehouse_fixture import VALUES, build_warehouse

from apps.streamlit.i18n import format_number
from sources.core.vn_text import format_amount


def _compare(**query: str):
    return open_page("compare", **{"indicator": "coops_total", "period": "2024-FY", **query})


def test_first_row_is_highest_value_and_values_stay_numbers(published: Path) -> None:
    at = _compare()
    data, display = table(at, "compare_table"), shown(at, "compare_table")
    assert list(data["Tỉnh, thành phố"][:3]) == ["Quảng Ninh", "Hà Tĩnh", "Nam Định"]
    assert data.iloc[0]["Hạng"] == 1
    assert data.iloc[0]["Giá trị (HTX)"] == 1087.0  # a number: sorting the column sorts numbers
    assert display.iloc[0]["Giá trị (HTX)"] == "1.087"  # shown as a Vietnamese reader writes it
    assert data.iloc[0]["Nguồn gốc số liệu"] == "Đã công bố"
    assert data.iloc[0]["Ghi chú nguồn"] == "Báo cáo Liên minh HTX Quảng Ninh 2024"
    flagged = data[data["Tỉnh, thành phố"] == "Nam Định"].iloc[0]
    assert "giảm mạnh" in flagged["Cảnh báo"]


def test_missing_and_blank_provinces_are_not_reported_not_zero(published: Path) -> None:
    at = _compare()
    data = table(at, "compare_table").set_index("Tỉnh, thành phố")
    display = shown(at, "compare_table").set_index(data.index)
    for province in ("Hà Nội", "Hòa Bình"):  # blank cell, and no submission at all
        assert data.loc[province, "Giá trị (HTX)"] != data.loc[province, "Giá trị (HTX)"]  # NaN, never 0
        assert display.loc[province, "Giá trị (HTX)"] == "—"
        assert data.loc[province, "Hạng"] != data.loc[province, "Hạng"]  # unranked
    assert data.loc["Hà Nội", "Ghi chú nguồn"] == "Có nộp báo cáo nhưng bỏ trống chỉ tiêu này"
    assert data.loc["Hòa Bình", "Ghi chú nguồn"] == "Không có báo cáo nộp"
    assert at.metric[0].value == "3 / 5"
    assert "Chưa báo cáo (2): Hà Nội, Hòa Bình" in texts(at)


def test_partial_roll_ups_are_shown_apart_and_never_ranked(published: Path) -> None:
    at = _compare(boundary="new34")
    data = table(at, "compare_table").set_index("Tỉnh, thành phố")
    # Ninh Bình's figure is Nam Định's alone (one old province in three): shown, not ranked among whole figures.
    assert data.loc["Ninh Bình", "Giá trị (HTX)"] == 514.0
    assert data.loc["Ninh Bình", "Hạng"] != data.loc["Ninh Bình", "Hạng"]
    assert data.loc["Quảng Ninh", "Hạng"] == 1 and data.loc["Hà Tĩnh", "Hạng"] == 2
    assert list(table(at, "compare_partial")["Tỉnh, thành phố"]) == ["Ninh Bình"]
    assert shown(at, "compare_table").set_index(data.index).loc["Ninh Bình", "Độ bao phủ (tỉnh cũ)"] == "33%"
    ranking_chart = next(s for s in chart_specs(at) if '"type":"bar"' in s.replace(" ", ""))
    assert "Ninh Bình" not in ranking_chart  # the ranking chart holds whole figures only
    assert "Quảng Ninh" in ranking_chart


def test_periods_newest_first_and_province_set_follows_period(published: Path) -> None:
    at = open_page("compare")
    period = at.selectbox(key="widget.period")
    assert period.value == "2025-FY"  # newest period with data is the default
    assert period.options == ["Năm 2025 (2025-FY)", "Năm 2024 (2024-FY)", "6 tháng đầu năm 2024 (2024-H1)"]
    assert at.metric[0].value == "1 / 5"  # after the merger: ranked among the 5 new units of the fixture
    assert at.radio(key="widget.boundary").options == ["Quy đổi theo 34 tỉnh mới"]


def test_reporter_can_change_and_region_filters(published: Path) -> None:
    at = _compare()
    at.selectbox(key="widget.reporter").set_value("so_ke_hoach_dau_tu").run()
    data = table(at, "compare_table")
    assert data.iloc[0]["Tỉnh, thành phố"] == "Hà Nội" and data.iloc[0]["Giá trị (HTX)"] == 1500.0
    at.selectbox(key="widget.reporter").set_value("lien_minh_htx").run()
    at.selectbox(key="widget.region").set_value("BTB").run()
    assert list(table(at, "compare_table")["Tỉnh, thành phố"]) == ["Hà Tĩnh"]
    assert "Bình quân vùng" in "".join(chart_specs(at))


def test_money_reads_as_people_say_it(published: Path) -> None:
    at = _compare(indicator="revenue_avg_per_coop")
    display = shown(at, "compare_table")
    assert display.iloc[0]["Giá trị (đồng/HTX)"] == "1,3 tỷ đồng/HTX"
    assert "1,3 tỷ" in "".join(chart_specs(at))  # bar labels and axis ticks, not 1.300.000.000 or 1.3B
    at.radio(key="widget.lang").set_value("en").run()
    assert shown(at, "compare_table").iloc[0]["Value (VND per coop)"] == "1.3 bn VND per coop"


def test_no_warehouse_message(htx_home: Path) -> None:
    at = open_page("compare")
    assert len(at.error) == 1
    message = at.error[0].value
    assert "Chưa có kho dữ liệu" in message and "No published warehouse" in message
    assert "htx run" in message and "make demo" in message and str(htx_home) not in message
    assert not at.dataframe
    assert "Chưa có bản dữ liệu được công bố." in texts(at)


def test_switching_to_english_translates_every_label_and_option_at_once(published: Path) -> None:
    at = _compare()
    at.radio(key="widget.lang").set_value("en").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Compare provinces"
    assert at.selectbox(key="widget.indicator").label == "Indicator"
    assert at.selectbox(key="widget.indicator").value == "coops_total"  # the choice survives the switch
    assert at.selectbox(key="widget.indicator").options[0].startswith("Active cooperatives") or any(
        o.startswith("Active cooperatives") for o in at.selectbox(key="widget.indicator").options
    )
    assert at.selectbox(key="widget.period").value == "2024-FY"
    assert "Full year 2024 (2024-FY)" in at.selectbox(key="widget.period").options
    data = table(at, "compare_table")
    assert list(data.columns[:3]) == ["Rank", "Province", "Value (coops)"]
    assert data.iloc[0]["Province"] == "Quảng Ninh"  # proper names stay Vietnamese
    assert shown(at, "compare_table").iloc[0]["Value (coops)"] == "1,087"
    assert "Synthetic\u201d = demo data, not real statistics" in texts(at)
    assert dict(at.query_params)["lang"] == ["en"] or at.query_params["lang"] in ("en", ["en"])


def test_new_publish_is_shown_without_restart(published: Path) -> None:
    at = _compare()
    assert table(at, "compare_table").iloc[0]["Tỉnh, thành phố"] == "Quảng Ninh"
    changed = [
        (*row[:4], 2000.0, *row[5:]) if row[:2] == ("old:42", "2024-FY") and row[3] == "coops_total" else row
        for row in VALUES
    ]
    build_warehouse(published, changed)
    at.run()
    assert table(at, "compare_table").iloc[0]["Tỉnh, thành phố"] == "Hà Tĩnh"
    assert table(at, "compare_table").iloc[0]["Giá trị (HTX)"] == 2000.0


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [(1234567.5, "1.234.567,5", "1,234,567.5"), (975.0, "975", "975"), (-0.25, "-0,25", "-0.25"), (None, "", "")],
)
def test_format_number(value: float | None, vi: str, en: str) -> None:
    assert format_number(value, "vi") == vi
    assert format_number(value, "en") == en


@pytest.mark.parametrize(
    ("value", "unit", "vi", "en"),
    [
        (2_840_000_000, "đồng", "2,84 tỷ đồng", "2.84 bn VND"),
        (4_500_000, "người", "4,5 triệu", "4.5 m"),
        (1283, "HTX", "1.283", "1,283"),
        (6_500_000, "đồng/người/tháng", "6,5 triệu đồng/người/tháng", "6.5 m VND per worker per month"),
        (None, "đồng", "", ""),
        (float("nan"), "HTX", "", ""),
    ],
)
def test_amounts_as_people_read_them(value, unit, vi, en) -> None:
    assert format_amount(value, unit, "vi") == vi
    assert format_amount(value, unit, "en") == en


def test_an_estimate_is_marked_as_such_in_both_languages(published: Path) -> None:
    at = _compare()
    data = table(at, "compare_table").set_index("Tỉnh, thành phố")
    assert data.loc["Hà Tĩnh", "Trạng thái số liệu"] == "Ước tính"
    assert data.loc["Quảng Ninh", "Trạng thái số liệu"] == "Chính thức"
    assert "(ước) = số ước tính" in texts(at)
    chart = chart_specs(at)[0]
    assert "Hà Tĩnh (ước)" in chart and "Quảng Ninh (ước)" not in chart
    at.radio(key="widget.lang").set_value("en").run()
    assert table(at, "compare_table").set_index("Province").loc["Hà Tĩnh", "Status"] == "Estimated"
    assert "Hà Tĩnh (est.)" in chart_specs(at)[0]


def test_repeated_publishes_do_not_pile_up_open_snapshots(published: Path) -> None:
    """The explorer keeps one open database per snapshot (fast queries); replaced snapshots are let go."""
    import os

    at = _compare()
    for n in range(5):
        changed = [(*row[:4], 3000.0 + n, *row[5:]) if row[0] == "old:42" else row for row in VALUES]
        build_warehouse(published, changed)
        at.run()
        assert table(at, "compare_table").iloc[0]["Giá trị (HTX)"] == 3000.0 + n  # always the newest file
    held = [
        os.readlink(f"/proc/self/fd/{fd}")
        for fd in os.listdir("/proc/self/fd")
        if os.path.exists(f"/proc/self/fd/{fd}")
    ]
    assert sum(str(published) in target for target in held) <= 2  # the newest and at most one before it
