"""One file through the front door: kept byte for byte, decided on, explained (no warehouse build here)."""

import json
import sqlite3
from datetime import date

import polars as pl

from sources.authoring.sample_submissions import write_workbook
from sources.core.home import writer_lock
from sources.intake.raw_store import sha256_of, stored_path
from sources.landing.ingest import export_registry, ingest_file

INFO = {"Tỉnh": "Hà Tĩnh", "Kỳ báo cáo": "6 tháng đầu năm 2024", "Ngày gửi": date(2024, 7, 15)}


def _ingest(home, path):
    with writer_lock(home):
        result = ingest_file(home, path)
        export_registry(home)
    return result


def test_accepted_workbook_lands_exact_values(home, tmp_path):
    path = write_workbook(
        tmp_path / "ha_tinh.xlsx",
        INFO,
        [
            ["Số hợp tác xã đang hoạt động", "975", "HTX"],
            ["Doanh thu bình quân", "1,3 tỷ đồng", None],
            ["Số tổ hợp tác", "2.538", None],
            ["Thu nhập bình quân", "-", None],
        ],
    )
    result = _ingest(home, path)
    assert (result.status, result.province_key, result.period_code, result.reporter) == (
        "accepted",
        "old:42",
        "2024-H1",
        "lien_minh_htx",
    )
    landed = pl.read_parquet(home.landing / "indicator_values" / f"{result.submission_id}.parquet")
    values = dict(zip(landed["indicator_code"], landed["value"], strict=True))
    assert values == {
        "coops_total": 975,
        "revenue_avg_per_coop": 1_300_000_000,
        "coop_groups_total": 2538,
        "income_avg_worker_month": None,
    }


def test_every_received_file_is_kept_byte_for_byte(home, tmp_path):
    path = write_workbook(tmp_path / "a.xlsx", INFO, [["coops_total", 975]])
    result = _ingest(home, path)
    kept = stored_path(home.raw_store, result.sha256)
    assert kept.read_bytes() == path.read_bytes() and sha256_of(kept) == result.sha256


def test_byte_identical_reingest_is_a_duplicate_and_changes_nothing(home, tmp_path):
    path = write_workbook(tmp_path / "a.xlsx", INFO, [["coops_total", 975]])
    first = _ingest(home, path)
    registry_before = (home.landing / "submissions.parquet").read_bytes()
    landed_before = sorted((home.landing / "indicator_values").iterdir())
    again = _ingest(home, path)
    assert again.status == "duplicate" and again.submission_id == first.submission_id
    assert (home.landing / "submissions.parquet").read_bytes() == registry_before
    assert sorted((home.landing / "indicator_values").iterdir()) == landed_before


def test_quarantined_file_is_kept_with_a_bilingual_report_pointing_at_the_cell(home, tmp_path):
    path = write_workbook(tmp_path / "bad.xlsx", INFO, [["coops_total", "2.5"]])
    result = _ingest(home, path)
    assert result.status == "quarantined"
    [problem] = result.errors
    assert problem["code"] == "bad_value_ambiguous"
    assert (problem["sheet"], problem["cell"], problem["row"]) == ("Chỉ tiêu", "B2", 2)
    assert "không rõ nghĩa" in problem["message_vi"] and "ambiguous" in problem["message_en"]
    report = (home.quarantine / f"{result.submission_id}.txt").read_text(encoding="utf-8")
    assert "B2" in report and "BỊ TỪ CHỐI" in report and "QUARANTINED" in report
    assert stored_path(home.raw_store, result.sha256).read_bytes() == path.read_bytes()
    assert not (home.landing / "indicator_values" / f"{result.submission_id}.parquet").exists()


def test_cross_field_rule_from_the_rules_file_quarantines(home, tmp_path):
    path = write_workbook(
        tmp_path / "ocop.xlsx",
        INFO,
        [["coops_total", 900], ["ocop_products_total", 100], ["ocop_3_star", 80], ["ocop_4_star", 30]],
    )
    result = _ingest(home, path)
    assert [e["code"] for e in result.errors] == ["ocop_stars_within_total"]
    assert result.errors[0]["cell"] == "B4"


def test_implausible_value_is_a_warning_that_flags_the_value(home, tmp_path):
    path = write_workbook(tmp_path / "big.xlsx", INFO, [["coops_total", 900], ["coop_unions_total", 9000]])
    result = _ingest(home, path)
    assert result.status == "accepted"
    assert [w["code"] for w in result.warnings] == ["plausible_range"]
    landed = pl.read_parquet(home.landing / "indicator_values" / f"{result.submission_id}.parquet")
    flagged = landed.filter(pl.col("is_flagged"))["indicator_code"].to_list()
    assert flagged == ["coop_unions_total"]


def test_missing_required_indicator_and_merged_province(home, tmp_path):
    path = write_workbook(
        tmp_path / "yb.xlsx",
        {"tinh": "Yên Bái", "ky_bao_cao": "2025-FY", "ngay_gui": "10/01/2026"},
        [["coop_groups_total", 5]],
    )
    result = _ingest(home, path)
    codes = {e["code"] for e in result.errors}
    assert codes == {"province_not_in_force", "missing_coops_total"}
    merged = next(e for e in result.errors if e["code"] == "province_not_in_force")
    assert "Lào Cai" in merged["message_vi"] and "Lào Cai" in merged["message_en"]


def test_truncated_or_renamed_file_is_quarantined_not_a_crash(home, tmp_path):
    good = write_workbook(tmp_path / "good.xlsx", INFO, [["coops_total", 975]])
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[:2000])
    renamed = tmp_path / "notes.xlsx"
    renamed.write_text("không phải Excel", encoding="utf-8")
    assert _ingest(home, truncated).errors[0]["code"] == "unreadable_file"
    assert _ingest(home, renamed).errors[0]["code"] == "unreadable_file"
    with sqlite3.connect(home.registry_db) as con:
        assert con.execute("select count(*) from received_files").fetchone()[0] == 2


def test_zip_bomb_is_refused_without_unpacking(home, tmp_path):
    import zipfile

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (300 * 1024 * 1024))
    result = _ingest(home, bomb)
    assert [e["code"] for e in result.errors] == ["zip_bomb"]
    assert json.dumps(result.errors, ensure_ascii=False)


def test_oversized_file_is_kept_but_never_read(home, tmp_path):
    big = tmp_path / "lon.xlsx"
    with big.open("wb") as handle:  # sparse: 60 MB on paper, nothing on disk
        handle.truncate(60 * 1024 * 1024)
    result = _ingest(home, big)
    assert [e["code"] for e in result.errors] == ["file_too_large"]
    assert stored_path(home.raw_store, result.sha256).stat().st_size == big.stat().st_size


def test_sheet_with_too_many_rows_is_refused(home, tmp_path):
    import openpyxl

    path = write_workbook(tmp_path / "dai.xlsx", INFO, [["coops_total", 975]])
    book = openpyxl.load_workbook(path)
    book["Chỉ tiêu"]["A250000"] = "x"
    book.save(path)
    assert [e["code"] for e in _ingest(home, path).errors] == ["sheet_too_large"]


def test_an_unforeseen_reader_failure_quarantines_instead_of_crashing(home, tmp_path, monkeypatch):
    monkeypatch.setenv("HTX_FAILPOINT", "read@a.xlsx=raise")  # the reader raises, in its worker process
    path = write_workbook(tmp_path / "a.xlsx", INFO, [["coops_total", 975]])
    result = _ingest(home, path)
    assert result.status == "quarantined" and result.errors[0]["code"] == "unreadable_file"
    assert stored_path(home.raw_store, result.sha256).exists()


def test_one_batch_gates_every_file_and_decides_in_period_order(home, tmp_path):
    from sources.landing.ingest import ingest_files

    later = write_workbook(tmp_path / "a_2025H1.xlsx", {"Tỉnh": "42", "Kỳ báo cáo": "2025-H1"}, [["coops_total", 2000]])
    earlier = write_workbook(tmp_path / "b_2024H1.xlsx", INFO, [["coops_total", 1000]])
    copy = tmp_path / "c_copy.xlsx"
    copy.write_bytes(earlier.read_bytes())
    bad = write_workbook(
        tmp_path / "d_bad.xlsx", INFO | {"Ngày gửi": date(2024, 7, 20)}, [["coops_total", 10], ["coops_effective", 20]]
    )
    with writer_lock(home):
        results = ingest_files(home, [later, earlier, copy, bad])
    assert [r.status for r in results] == ["accepted", "accepted", "duplicate", "quarantined"]
    # 2024-H1 was decided first, so 2025-H1 (1000 → 2000) is compared with it and flagged.
    assert [w["code"] for w in results[0].warnings] == ["stock_jump"]
    assert [e["code"] for e in results[3].errors] == ["effective_within_total"]
