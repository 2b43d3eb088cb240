"""The Quality and completeness page: who reported on time, what was refused and why (in words, with the cell),
what is flagged — in Vietnamese and English."""

from __future__ import annotations

from pathlib import Path

from explorer_driver import chart_specs, open_page, table, texts


def test_counts_and_every_refused_file_with_its_cell(published: Path) -> None:
    at = open_page("quality")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Hồ sơ hợp lệ"] == "3" and metrics["Hồ sơ bị cách ly"] == "2"
    assert metrics["Hồ sơ có cảnh báo"] == "1"  # Nam Định: accepted, flagged
    refused = table(at, "quality_refused").set_index("Tệp")
    assert refused.loc["ha_tinh_2024_sai.xlsx", "Vị trí"] == "Chỉ tiêu · C5"
    assert refused.loc["ha_tinh_2024_sai.xlsx", "Tỉnh, thành phố"] == "Hà Tĩnh"
    assert refused.loc["bao_cao.docx", "Tỉnh, thành phố"] == "(không đọc được tỉnh)"


def test_one_period(published: Path) -> None:
    at = open_page("quality", period="2024-FY")
    assert at.selectbox(key="widget.period").value == "2024-FY"
    assert "bao_cao.docx" not in set(table(at, "quality_refused")["Tệp"])  # no period could be read from it


def test_quality_grid_refused_files_in_words_and_flags(published: Path) -> None:
    at = open_page("quality", reporter="lien_minh_htx", ptype="FY")
    grid = next(s for s in chart_specs(at) if "heatmap" in s)
    for word in ("Đúng hạn", "Trễ hạn", "Chưa gửi"):
        assert word in grid
    refused = table(at, "quality_refused")
    assert set(refused["Tệp"]) == {"ha_tinh_2024_sai.xlsx", "bao_cao.docx"}
    reason = refused.set_index("Tệp").loc["ha_tinh_2024_sai.xlsx", "Lý do"]
    assert reason.startswith("Tổng số sản phẩm OCOP")
    assert "ocop_stars_within_total" not in texts(at) + refused.to_string()  # words, not rule codes
    flagged = table(at, "quality_flagged")
    assert list(flagged["Tỉnh, thành phố"]) == ["Nam Định"] and "giảm mạnh" in flagged.iloc[0]["Lý do"]
    rules = table(at, "quality_rules")
    assert "stock_jump" not in set(rules["Quy tắc"]) and "Thay đổi bất thường so với kỳ trước" in set(rules["Quy tắc"])


def test_quality_in_english(published: Path) -> None:
    at = open_page("quality", lang="en")
    refused = table(at, "quality_refused")
    assert "3-, 4- and 5-star OCOP products cannot exceed the total number of OCOP products" in set(refused["Reason"])
    assert "Refused files and why" in texts(at)


def test_links_to_the_great_expectations_report_when_it_exists(published: Path, htx_home: Path, monkeypatch) -> None:
    at = open_page("quality")
    assert not at.get("link_button")  # no report yet: the page says how to make one instead
    assert "htx run" in texts(at)
    (htx_home / "quality" / "data_docs").mkdir(parents=True)
    (htx_home / "quality" / "data_docs" / "index.html").write_text("<html></html>")
    monkeypatch.setenv("HTX_DATA_DOCS_URL", "http://127.0.0.1:8502/index.html")
    links = open_page("quality").get("link_button")
    assert len(links) == 1 and links[0].proto.url == "http://127.0.0.1:8502/index.html"
