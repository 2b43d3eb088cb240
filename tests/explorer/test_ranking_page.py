"""The province ranking page, driven the way a user drives it (AppTest on the real entrypoint).

Fixture data (see warehouse_fixture.py), coops_total, 2024-FY, lien_minh_htx, old63 provinces:
Quảng Ninh 1087 (published) > Hà Tĩnh 975 > Nam Định 514 (flagged); Hà Nội submitted a blank;
Hòa Bình sent nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from warehouse_fixture import APP, VALUES, build_warehouse

from apps.streamlit.i18n import format_number


def _app() -> AppTest:
    # Absolute path: AppTest resolves a relative one against this test file, not the cwd.
    # Generous timeout: the first run imports plotly and polars.
    return AppTest.from_file(str(APP), default_timeout=60).run()


def _choose(at: AppTest, *, period: str = "2024-FY", indicator: str = "coops_total") -> AppTest:
    at.selectbox(key="indicator").set_value(indicator).run()
    at.selectbox(key=f"period:{indicator}").set_value(period).run()
    assert not at.exception, at.exception
    return at


def _table(at: AppTest):
    assert len(at.dataframe) == 1
    return at.dataframe[0].value


def _texts(at: AppTest) -> str:
    parts = [e.value for kind in (at.caption, at.markdown, at.error, at.info, at.warning) for e in kind]
    return "\n".join(str(p) for p in parts)


def test_first_row_is_highest_value(published: Path) -> None:
    at = _choose(_app())
    table = _table(at)
    first = table.iloc[0]
    assert first["Tỉnh, thành phố"] == "Quảng Ninh"
    assert first["Hạng"] == 1
    assert first["Giá trị (HTX)"] == "1.087"
    assert list(table["Tỉnh, thành phố"][:3]) == ["Quảng Ninh", "Hà Tĩnh", "Nam Định"]
    # Provenance and source travel with the figure; the flag is visible.
    assert first["Nguồn gốc số liệu"] == "Đã công bố"
    assert first["Ghi chú nguồn"] == "Báo cáo Liên minh HTX Quảng Ninh 2024"
    flagged = table[table["Tỉnh, thành phố"] == "Nam Định"].iloc[0]
    assert "giảm mạnh" in flagged["Cảnh báo"]


def test_missing_and_blank_provinces_are_not_reported_not_zero(published: Path) -> None:
    at = _choose(_app())
    table = _table(at).set_index("Tỉnh, thành phố")
    for province in ("Hà Nội", "Hòa Bình"):  # blank cell, and no submission at all
        assert table.loc[province, "Giá trị (HTX)"] == "Chưa báo cáo"
        assert table.loc[province, "Hạng"] != table.loc[province, "Hạng"]  # NaN: unranked
    assert "0" not in set(table["Giá trị (HTX)"])
    assert table.loc["Hà Nội", "Ghi chú nguồn"] == "Có nộp báo cáo nhưng bỏ trống chỉ tiêu này"
    assert table.loc["Hòa Bình", "Ghi chú nguồn"] == "Không có báo cáo nộp"
    # 3 of the 5 old63 provinces in the fixture reported; the rest are named.
    assert at.metric[0].value == "3 / 5"
    assert "Chưa báo cáo (2): Hà Nội, Hòa Bình" in _texts(at)


def test_periods_newest_first_and_province_set_follows_period(published: Path) -> None:
    at = _app()
    period = at.selectbox(key="period:coops_total")
    assert period.value == "2025-FY"  # newest period with data is the default
    assert period.options == ["Năm 2025 (2025-FY)", "Năm 2024 (2024-FY)", "6 tháng đầu năm 2024 (2024-H1)"]
    # 2025-FY ends after the 2025-07-01 merger: ranked among the new34 provinces (5 in the fixture).
    assert at.metric[0].value == "1 / 5"
    assert list(_table(at)["Tỉnh, thành phố"]) == ["Hà Tĩnh", "Hà Nội", "Ninh Bình", "Phú Thọ", "Quảng Ninh"]
    assert [r.key for r in at.radio] == ["lang"]  # after the merger there is one map: no boundary choice


def test_before_the_merger_the_34_units_show_their_coverage(published: Path) -> None:
    at = _choose(_app())
    boundary = at.radio(key="boundary:coops_total:2024-FY")
    assert boundary.value == "old63"  # as reported unless the user asks
    boundary.set_value("new34").run()
    assert not at.exception, at.exception
    table = _table(at).set_index("Tỉnh, thành phố")
    assert list(table.index[:3]) == ["Quảng Ninh", "Hà Tĩnh", "Ninh Bình"]
    assert at.metric[0].value == "3 / 5"
    # Ninh Bình's figure is Nam Định's alone: one old province in three, and the note says which.
    assert table.loc["Ninh Bình", "Độ bao phủ (tỉnh cũ)"] == "33%"
    assert table.loc["Ninh Bình", "Ghi chú nguồn"] == "Nam Định"
    assert table.loc["Quảng Ninh", "Độ bao phủ (tỉnh cũ)"] == "100%"
    # Not reported is still not zero on the new map.
    assert table.loc["Phú Thọ", "Giá trị (HTX)"] == "Chưa báo cáo"
    assert table.loc["Hà Nội", "Giá trị (HTX)"] == "Chưa báo cáo"
    assert "◐" in _texts(at)


def test_reporter_defaults_to_alliance_and_can_change(published: Path) -> None:
    at = _choose(_app())
    reporter = at.selectbox(key="reporter:coops_total:2024-FY")
    assert reporter.value == "lien_minh_htx"
    reporter.set_value("so_ke_hoach_dau_tu").run()
    table = _table(at)
    assert table.iloc[0]["Tỉnh, thành phố"] == "Hà Nội"
    assert table.iloc[0]["Giá trị (HTX)"] == "1.500"
    assert at.metric[0].value == "1 / 5"


def test_vietnamese_number_format(published: Path) -> None:
    at = _choose(_app(), indicator="revenue_avg_per_coop")
    assert _table(at).iloc[0]["Giá trị (đồng/HTX)"] == "1.300.000.000,5"


def test_provenance_footer_on_the_page(published: Path) -> None:
    at = _choose(_app())
    text = _texts(at)
    assert "không phải số liệu thống kê thật" in text and "Đơn vị báo cáo" in text
    assert "Đã công bố" in text
    assert str(published) in text and "giờ Việt Nam, UTC+7" in text


def test_no_warehouse_message(htx_home: Path) -> None:
    at = _app()
    assert not at.exception, at.exception
    assert len(at.error) == 1
    message = at.error[0].value
    assert "Chưa có kho dữ liệu" in message and "No published warehouse" in message
    assert "htx run" in message and "make demo" in message
    assert not at.dataframe
    # The footer still tells the reader nothing is published.
    assert "Chưa có bản dữ liệu được công bố." in _texts(at)


def test_switching_to_english_changes_labels(published: Path) -> None:
    at = _choose(_app())
    at.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Province ranking by indicator"
    assert at.selectbox(key="indicator").label == "Indicator"
    assert at.selectbox(key="indicator").value == "coops_total"  # choices survive the switch
    table = _table(at)
    assert list(table.columns[:3]) == ["Rank", "Province", "Value (HTX)"]
    assert table.iloc[0]["Province"] == "Quảng Ninh"  # proper names stay Vietnamese
    assert table.iloc[0]["Value (HTX)"] == "1,087"
    assert table.set_index("Province").loc["Hà Nội", "Value (HTX)"] == "Not reported"
    assert "Synthetic\u201d = demo data, not real statistics" in _texts(at)


def test_new_publish_is_shown_without_restart(published: Path) -> None:
    at = _choose(_app())
    assert _table(at).iloc[0]["Tỉnh, thành phố"] == "Quảng Ninh"
    # Republish with Hà Tĩnh now on top; the cached old snapshot must not be served.
    changed = [
        (*row[:4], 2000.0, *row[5:]) if row[:2] == ("old:42", "2024-FY") and row[3] == "coops_total" else row
        for row in VALUES
    ]
    build_warehouse(published, changed)
    at.run()
    assert _table(at).iloc[0]["Tỉnh, thành phố"] == "Hà Tĩnh"
    assert _table(at).iloc[0]["Giá trị (HTX)"] == "2.000"


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (1234567.5, "1.234.567,5", "1,234,567.5"),
        (975.0, "975", "975"),
        (-0.25, "-0,25", "-0.25"),
        (None, "", ""),
        (float("nan"), "", ""),
    ],
)
def test_format_number(value: float | None, vi: str, en: str) -> None:
    assert format_number(value, "vi") == vi
    assert format_number(value, "en") == en


def test_an_estimate_is_marked_as_such_in_both_languages(published: Path) -> None:
    at = _choose(_app())
    table = _table(at).set_index("Tỉnh, thành phố")
    assert table.loc["Hà Tĩnh", "Trạng thái số liệu"] == "Ước tính"
    assert table.loc["Quảng Ninh", "Trạng thái số liệu"] == "Chính thức"
    assert "(ước) = số ước tính" in _texts(at)
    chart = at.get("plotly_chart")[0].proto.spec
    assert "Hà Tĩnh (ước)" in chart and "Quảng Ninh (ước)" not in chart
    at.radio(key="lang").set_value("en").run()
    assert _table(at).set_index("Province").loc["Hà Tĩnh", "Status"] == "Estimated"
    assert "Hà Tĩnh (est.)" in at.get("plotly_chart")[0].proto.spec
