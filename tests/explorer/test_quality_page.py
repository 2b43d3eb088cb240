"""The data-quality page: what was refused and what was flagged, where in the file, in Vietnamese and English."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest
from warehouse_fixture import APP


def _quality_page() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.switch_page("views/quality.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _issues(at: AppTest):
    """The issue list: the table with a rule column (the other one is per province)."""
    tables = [d.value for d in at.dataframe if {"Quy tắc", "Rule"} & set(d.value.columns)]
    assert len(tables) == 1
    return tables[0]


def test_counts_and_every_issue_with_its_cell(published: Path) -> None:
    at = _quality_page()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Hồ sơ hợp lệ"] == "3" and metrics["Hồ sơ bị cách ly"] == "2"
    assert metrics["Hồ sơ có cảnh báo"] == "1"  # Nam Định: accepted, flagged
    issues = _issues(at)
    assert list(issues["Mức độ"]) == ["Lỗi", "Lỗi", "Cảnh báo"]  # errors first
    refused = issues[issues["Quy tắc"] == "ocop_stars_within_total"].iloc[0]
    assert refused["Tỉnh, thành phố"] == "Hà Tĩnh" and refused["Vị trí"] == "Chỉ tiêu · C5"
    assert refused["Tệp"] == "ha_tinh_2024_sai.xlsx" and refused["Nội dung"].startswith("Tổng số sản phẩm OCOP")
    unreadable = issues[issues["Quy tắc"] == "unsupported_format"].iloc[0]
    assert unreadable["Tỉnh, thành phố"] == "(không đọc được tỉnh)"
    assert len(at.get("plotly_chart")) == 1


def test_only_errors_and_english(published: Path) -> None:
    at = _quality_page()
    at.multiselect(key="quality_severity").set_value(["error"]).run()
    assert set(_issues(at)["Mức độ"]) == {"Lỗi"}
    at.radio(key="lang").set_value("en").run()
    issues = _issues(at)
    assert "3-, 4- and 5-star OCOP products cannot exceed the total number of OCOP products" in set(issues["Message"])


def test_one_period_and_the_provenance_footer(published: Path) -> None:
    at = _quality_page()
    at.selectbox(key="quality_period").set_value("2024-FY").run()
    issues = _issues(at)
    assert "bao_cao.docx" not in set(issues["Tệp"])  # no period could be read from it
    assert any("tổng hợp" in c.value for c in at.caption)  # synthetic-data notice on this page too


def test_links_to_the_great_expectations_report_when_it_exists(published: Path, htx_home: Path, monkeypatch) -> None:
    at = _quality_page()
    assert not at.get("link_button")  # no report yet: the page says how to make one instead
    assert any("htx run" in c.value for c in at.caption)
    (htx_home / "quality" / "data_docs").mkdir(parents=True)
    (htx_home / "quality" / "data_docs" / "index.html").write_text("<html></html>")
    monkeypatch.setenv("HTX_DATA_DOCS_URL", "http://127.0.0.1:8502/index.html")
    at = _quality_page()
    links = at.get("link_button")
    assert len(links) == 1 and links[0].proto.url == "http://127.0.0.1:8502/index.html"
