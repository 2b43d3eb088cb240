"""The checks Dagster shows on the landing assets tell the truth: they fail when what they guard is broken."""

from datetime import date

from orchestration.defs.ingest.checks import received_files_are_kept
from sources.authoring.sample_submissions import write_workbook
from sources.core.home import writer_lock
from sources.intake.raw_store import stored_path
from sources.landing.ingest import export_registry, ingest_file


def test_a_changed_raw_file_fails_the_nothing_lost_check(home, tmp_path):
    path = write_workbook(
        tmp_path / "ha_tinh.xlsx",
        {"Tỉnh": "Hà Tĩnh", "Kỳ báo cáo": "2024-FY", "Ngày gửi": date(2025, 1, 20)},
        [["coops_total", 900]],
    )
    with writer_lock(home):
        result = ingest_file(home, path)
        export_registry(home)
    assert received_files_are_kept(home=home).passed
    kept = stored_path(home.raw_store, result.sha256)
    kept.chmod(0o644)
    kept.write_bytes(kept.read_bytes() + b"tampered")
    check = received_files_are_kept(home=home)
    assert not check.passed and check.metadata["missing_or_changed"].value == [result.sha256]
