"""A small but real published warehouse for explorer tests.

Written with DuckDB to where the app looks for the real one, so tests run the real SQL rather
than a mock. Kept out of conftest.py so test modules can import it by a unique name.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import duckdb
import yaml

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "apps" / "streamlit" / "app.py"

MARTS = ROOT / "dbt_project" / "models" / "marts"


def _contract_ddl(table: str) -> str:
    """`create table` for a mart exactly as its dbt contract (marts/<table>.yml) declares it: the fixture
    follows the warehouse's columns and types instead of keeping its own copy."""
    model = yaml.safe_load((MARTS / f"{table}.yml").read_text(encoding="utf-8"))["models"][0]
    columns = ", ".join(f"{c['name']} {c['data_type']}" for c in model["columns"])
    return f"create table marts.{table} ({columns})"


def _insert(con, table: str, columns: str, rows: list[tuple]) -> None:
    names = [c.strip() for c in columns.split(",")]
    con.executemany(f"insert into marts.{table} ({', '.join(names)}) values ({', '.join('?' for _ in names)})", rows)


# As dim_province.sql: old provinces valid through 2025-06-30, the 34 new ones from 2025-07-01.
_OLD, _NEW = ("old63", "2008-08-01", "2025-06-30"), ("new34", "2025-07-01", None)
PROVINCES = [
    ("old:01", "01", "Hà Nội", "Ha Noi", *_OLD, "new:01", "DBSH", "Đồng bằng sông Hồng"),
    ("old:17", "17", "Hòa Bình", "Hoa Binh", *_OLD, "new:25", "TDMNPB", "Trung du và miền núi phía Bắc"),
    ("old:22", "22", "Quảng Ninh", "Quang Ninh", *_OLD, "new:22", "DBSH", "Đồng bằng sông Hồng"),
    ("old:36", "36", "Nam Định", "Nam Dinh", *_OLD, "new:37", "DBSH", "Đồng bằng sông Hồng"),
    ("old:42", "42", "Hà Tĩnh", "Ha Tinh", *_OLD, "new:42", "BTB", "Bắc Trung Bộ"),
    ("new:01", "01", "Hà Nội", "Ha Noi", *_NEW, None, "DBSH", "Đồng bằng sông Hồng"),
    ("new:42", "42", "Hà Tĩnh", "Ha Tinh", *_NEW, None, "BTB", "Bắc Trung Bộ"),
    ("new:22", "22", "Quảng Ninh", "Quang Ninh", *_NEW, None, "DBSH", "Đồng bằng sông Hồng"),
    ("new:25", "25", "Phú Thọ", "Phu Tho", *_NEW, None, "TDMNPB", "Trung du và miền núi phía Bắc"),
    ("new:37", "37", "Ninh Bình", "Ninh Binh", *_NEW, None, "DBSH", "Đồng bằng sông Hồng"),
]

INDICATORS = [
    ("coops_total", "Số hợp tác xã đang hoạt động", "Active cooperatives", "HTX", "stock", "sum", None, "cooperatives"),
    (
        "revenue_avg_per_coop",
        "Doanh thu bình quân một HTX trong kỳ",
        "Average revenue per cooperative in period",
        "đồng/HTX",
        "average",
        "weighted_mean",
        "coops_total",
        "revenue",
    ),
]

PERIODS = [
    ("2024-H1", "H1", 2024, "2024-01-01", "2024-06-30"),
    ("2024-FY", "FY", 2024, "2024-01-01", "2024-12-31"),
    ("2025-FY", "FY", 2025, "2025-01-01", "2025-12-31"),
]

# (province, period, reporter, indicator, value, target, provenance, note, flagged, reasons)
# Hòa Bình sent nothing for 2024-FY; Hà Nội sent a report but left coops_total blank.
VALUES = [
    (
        "old:22",
        "2024-FY",
        "lien_minh_htx",
        "coops_total",
        1087.0,
        1100.0,
        "published",
        "Báo cáo Liên minh HTX Quảng Ninh 2024",
        False,
        None,
    ),
    ("old:42", "2024-FY", "lien_minh_htx", "coops_total", 975.0, None, "synthetic", None, False, None),
    (
        "old:36",
        "2024-FY",
        "lien_minh_htx",
        "coops_total",
        514.0,
        None,
        "synthetic",
        None,
        True,
        "giảm mạnh so với kỳ trước",
    ),
    ("old:01", "2024-FY", "lien_minh_htx", "coops_total", None, None, "synthetic", None, False, None),
    ("old:01", "2024-FY", "so_ke_hoach_dau_tu", "coops_total", 1500.0, None, "synthetic", None, False, None),
    ("old:42", "2024-FY", "so_tai_chinh", "coops_total", 980.0, None, "synthetic", None, False, None),
    ("old:42", "2024-FY", "lien_minh_htx", "revenue_avg_per_coop", 1300000000.5, None, "synthetic", None, False, None),
    ("old:42", "2024-H1", "lien_minh_htx", "coops_total", 950.0, None, "synthetic", None, False, None),
    ("new:42", "2025-FY", "lien_minh_htx", "coops_total", 900.0, None, "synthetic", None, False, None),
]


# The same values rolled up onto the 34 units, as fct_indicator_values_new34 holds them: Ninh Bình (new:37)
# has only Nam Định of its three old provinces; Phú Thọ (new:25) has no row (Hòa Bình sent nothing).
# (province, period, reporter, indicator, value, target, coverage, n_reported, n_expected, from, provenance, flag)
NEW34_VALUES = [
    ("new:22", "2024-FY", "lien_minh_htx", "coops_total", 1087.0, 1100.0, 1.0, 1, 1, "old:22", "published", False),
    ("new:42", "2024-FY", "lien_minh_htx", "coops_total", 975.0, None, 1.0, 1, 1, "old:42", "synthetic", False),
    ("new:37", "2024-FY", "lien_minh_htx", "coops_total", 514.0, None, 1 / 3, 1, 3, "old:36", "synthetic", True),
    ("new:01", "2024-FY", "lien_minh_htx", "coops_total", None, None, 0.0, 0, 1, None, None, False),
    ("new:01", "2024-FY", "so_ke_hoach_dau_tu", "coops_total", 1500.0, None, 1.0, 1, 1, "old:01", "synthetic", False),
    ("new:42", "2024-FY", "so_tai_chinh", "coops_total", 980.0, None, 1.0, 1, 1, "old:42", "synthetic", False),
    (
        "new:42",
        "2024-FY",
        "lien_minh_htx",
        "revenue_avg_per_coop",
        1300000000.5,
        None,
        1.0,
        1,
        1,
        "old:42",
        "synthetic",
        False,
    ),
    ("new:42", "2024-H1", "lien_minh_htx", "coops_total", 950.0, None, 1.0, 1, 1, "old:42", "synthetic", False),
    ("new:42", "2025-FY", "lien_minh_htx", "coops_total", 900.0, None, 1.0, 1, 1, "new:42", "synthetic", False),
]


# Files received: Nam Định's 2024-FY was accepted with a warning; a Hà Tĩnh file was refused (quarantined)
# for an error in cell C5; one file could not be read at all. (id, file, province, period, status)
SUBMISSIONS = [
    ("sub-old:22-2024-FY-lien_minh_htx", "quang_ninh_2024.xlsx", "old:22", "2024-FY", "accepted"),
    ("sub-old:36-2024-FY-lien_minh_htx", "nam_dinh_2024.xlsx", "old:36", "2024-FY", "accepted"),
    ("sub-old:42-2024-FY-lien_minh_htx", "ha_tinh_2024.xlsx", "old:42", "2024-FY", "accepted"),
    ("sub-bad-42", "ha_tinh_2024_sai.xlsx", "old:42", "2024-FY", "quarantined"),
    ("sub-unreadable", "bao_cao.docx", None, None, "quarantined"),
]
# (submission, rule, severity, sheet, row, cell, message_vi, message_en)
ISSUES = [
    (
        "sub-old:36-2024-FY-lien_minh_htx",
        "stock_jump",
        "warning",
        "Chỉ tiêu",
        3,
        "B3",
        "Chỉ tiêu coops_total thay đổi -55% so với kỳ 2023-FY; hãy kiểm tra lại.",
        "coops_total changed -55% from 2023-FY; please check.",
    ),
    (
        "sub-bad-42",
        "ocop_stars_within_total",
        "error",
        "Chỉ tiêu",
        5,
        "C5",
        "Tổng số sản phẩm OCOP 3, 4, 5 sao không được lớn hơn tổng số sản phẩm OCOP",
        "3-, 4- and 5-star OCOP products cannot exceed the total number of OCOP products",
    ),
    (
        "sub-unreadable",
        "unsupported_format",
        "error",
        None,
        None,
        None,
        "Định dạng tệp '.docx' không được nhận; hãy gửi .xlsx, .csv hoặc .json.",
        "File type '.docx' is not accepted; send .xlsx, .csv or .json.",
    ),
]


NOW = datetime(2026, 1, 20, 9, 0)

# Who reported 2024-FY (due 31/01/2025): Hòa Bình sent nothing; Nam Định was late.
COMPLETENESS = [
    ("old:01", "on_time", "2025-01-20"),
    ("old:17", "missing", None),
    ("old:22", "on_time", "2025-01-15"),
    ("old:36", "late", "2025-02-10"),
    ("old:42", "on_time", "2025-01-25"),
]


def _status(province_key: str, period: str, indicator: str, value: float | None) -> str | None:
    """Hà Tĩnh's 2024-FY count is a year-end estimate (ước tính); every other value is official."""
    if value is None:
        return None
    estimated = province_key in ("old:42", "new:42") and period == "2024-FY" and indicator == "coops_total"
    return "estimated" if estimated else "official"


def build_warehouse(path: Path, values: list[tuple] = VALUES, published_at: str = "2026-01-20T02:00:00+00:00") -> Path:
    """Write a fresh warehouse to ``path`` (replacing it atomically, like the real publish)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        con.execute("create schema marts")
        for table in sorted(p.stem for p in MARTS.glob("*.yml")):  # every mart, empty unless filled below
            con.execute(_contract_ddl(table))
        con.execute("create schema meta")
        con.execute(
            "create table meta.publication as select ?::varchar as record_json",
            [json.dumps({"published_at": published_at, "previous_published_at": "2025-01-10T02:00:00+00:00"})],
        )
        _insert(
            con,
            "dim_province",
            "province_key, code, name_vi, name_ascii, province_set, valid_from, valid_to, "
            "successor_key, region_code, region_name_vi",
            PROVINCES,
        )
        _insert(
            con,
            "dim_indicator",
            "indicator_code, name_vi, name_en, unit, kind, aggregation, weight_indicator, fact",
            INDICATORS,
        )
        _insert(con, "dim_period", "period_code, period_type, year, start_date, end_date", PERIODS)
        _insert(
            con,
            "fct_indicator_values",
            "province_key, period_code, period_type, reporter, indicator_code, value, target, submission_id, "
            "source_type, provenance, provenance_note, obs_status, is_flagged, flag_reasons",
            [
                (
                    p,
                    per,
                    per[5:],
                    rep,
                    ind,
                    v,
                    tgt,
                    f"sub-{p}-{per}-{rep}",
                    "structured",
                    prov,
                    note,
                    _status(p, per, ind, v),
                    flag,
                    why,
                )
                for p, per, rep, ind, v, tgt, prov, note, flag, why in values
            ],
        )
        _insert(
            con,
            "fct_submissions",
            "submission_id, file_name, sha256, received_at, submitted_at, province_key, period_code, reporter, "
            "status, n_errors, n_warnings",
            [
                (sid, name, "0", NOW, NOW, key, period, "lien_minh_htx", status, 0, 0)
                for sid, name, key, period, status in SUBMISSIONS
            ],
        )
        files = {sub[0]: sub for sub in SUBMISSIONS}
        _insert(
            con,
            "fct_quality_issues",
            "issue_id, submission_id, file_name, province_key, period_code, reporter, submission_status, is_current, "
            "found_by, rule_id, severity, sheet, sheet_row, cell, message_vi, message_en",
            [
                (
                    f"{sid}-{n}",
                    sid,
                    files[sid][1],
                    files[sid][2],
                    files[sid][3],
                    "lien_minh_htx",
                    files[sid][4],
                    True,
                    "gate",
                    *rest,
                )
                for n, (sid, *rest) in enumerate(ISSUES)
            ],
        )
        _insert(
            con,
            "fct_indicator_values_new34",
            "province_key, period_code, period_type, reporter, indicator_code, value, target, coverage, is_complete, "
            "is_target_complete, n_provinces_reported, n_provinces_expected, rolled_up_from, provenance, is_flagged, "
            "obs_status",
            [
                (
                    p,
                    per,
                    per[5:],
                    rep,
                    ind,
                    v,
                    tgt,
                    cov,
                    n == n_exp,
                    False,
                    n,
                    n_exp,
                    src,
                    prov,
                    flag,
                    _status(p, per, ind, v),
                )
                for p, per, rep, ind, v, tgt, cov, n, n_exp, src, prov, flag in NEW34_VALUES
            ],
        )
        _insert(
            con,
            "fct_reporting_completeness",
            "province_key, period_code, period_type, reporter, expected, received, on_time, status, due_date, "
            "first_accepted_on, n_files",
            [
                (
                    key,
                    "2024-FY",
                    "FY",
                    "lien_minh_htx",
                    True,
                    sent is not None,
                    status == "on_time" if sent else None,
                    status,
                    "2025-01-31",
                    sent,
                    1 if sent else 0,
                )
                for key, status, sent in COMPLETENESS
            ],
        )
    finally:
        con.close()
    os.replace(tmp, path)
    return path
