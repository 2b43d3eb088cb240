"""The trend page: one line per 2025 unit across the merger, partial roll-ups shown as partial."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest
from warehouse_fixture import APP


def _trend_page() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.switch_page("views/trend.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_unit_keeps_one_line_across_the_merger(published: Path) -> None:
    at = _trend_page()
    # Default: the units highest in the latest full year (only Hà Tĩnh reported 2025-FY in the fixture).
    assert at.multiselect[0].value == ["Hà Tĩnh"]
    table = at.dataframe[0].value
    assert list(table["Kỳ báo cáo"]) == ["2024-FY", "2025-FY"]  # old:42 rolled up, then new:42 itself
    assert list(table["Giá trị (HTX)"]) == ["975", "900"]
    assert len(at.get("plotly_chart")) == 1


def test_a_partial_roll_up_says_how_much_of_the_unit_is_behind_it(published: Path) -> None:
    at = _trend_page()
    at.multiselect[0].set_value(["Ninh Bình", "Quảng Ninh"]).run()
    table = at.dataframe[0].value.set_index("Tỉnh, thành phố")
    assert table.loc["Ninh Bình", "Độ bao phủ (tỉnh cũ)"] == "33%"
    assert table.loc["Quảng Ninh", "Độ bao phủ (tỉnh cũ)"] == "100%"
    assert any("○" in c.value for c in at.caption)


def test_half_years_are_their_own_series(published: Path) -> None:
    at = _trend_page()
    at.radio(key="trend_period_type").set_value("H1").run()
    at.multiselect[0].set_value(["Hà Tĩnh"]).run()
    assert list(at.dataframe[0].value["Kỳ báo cáo"]) == ["2024-H1"]
