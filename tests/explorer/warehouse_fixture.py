"""A small but real published warehouse for explorer tests.

Written with DuckDB to where the app looks for the real one, so tests run the real SQL rather
than a mock. Kept out of conftest.py so test modules can import it by a unique name.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "apps" / "streamlit" / "app.py"

_SCHEMA = """
create schema marts;
create table marts.dim_province (
    province_key varchar, code varchar, name_vi varchar, name_ascii varchar, province_set varchar,
    valid_from date, valid_to date, successor_key varchar, region_code varchar, region_name_vi varchar);
create table marts.dim_indicator (
    indicator_code varchar, name_vi varchar, name_en varchar, unit varchar, kind varchar,
    aggregation varchar, weight_indicator varchar, fact varchar);
create table marts.dim_period (
    period_code varchar, period_type varchar, year integer, start_date date, end_date date);
create table marts.fct_indicator_values (
    province_key varchar, period_code varchar, reporter varchar, indicator_code varchar,
    value double, target double, submission_id varchar, source_type varchar, provenance varchar,
    provenance_note varchar, is_flagged boolean, flag_reasons varchar);
create table marts.fct_indicator_values_new34 (
    province_key varchar, period_code varchar, period_type varchar, reporter varchar, indicator_code varchar,
    value double, target double, coverage double, is_complete boolean, is_target_complete boolean,
    n_provinces_reported bigint, n_provinces_expected bigint, rolled_up_from varchar, provenance varchar,
    is_flagged boolean);
create table marts.fct_submissions (
    submission_id varchar, file_name varchar, sha256 varchar, received_at timestamp, submitted_at timestamp,
    province_key varchar, period_code varchar, reporter varchar, status varchar, superseded_by varchar,
    n_errors integer, n_warnings integer);
create table marts.fct_quality_issues (
    issue_id varchar, submission_id varchar, file_name varchar, province_key varchar, period_code varchar,
    reporter varchar, submission_status varchar, is_current boolean, found_by varchar, rule_id varchar,
    severity varchar, sheet varchar, sheet_row integer, sheet_column varchar, cell varchar, indicator_code varchar,
    message_vi varchar, message_en varchar);
"""

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


def build_warehouse(path: Path, values: list[tuple] = VALUES) -> Path:
    """Write a fresh warehouse to ``path`` (replacing it atomically, like the real publish)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        con.execute(_SCHEMA)
        con.executemany("insert into marts.dim_province values (?,?,?,?,?,?,?,?,?,?)", PROVINCES)
        con.executemany("insert into marts.dim_indicator values (?,?,?,?,?,?,?,?)", INDICATORS)
        con.executemany("insert into marts.dim_period values (?,?,?,?,?)", PERIODS)
        con.executemany(
            "insert into marts.fct_indicator_values values (?,?,?,?,?,?,?,'structured',?,?,?,?)",
            [
                (p, per, rep, ind, v, tgt, f"sub-{p}-{per}-{rep}", prov, note, flag, why)
                for p, per, rep, ind, v, tgt, prov, note, flag, why in values
            ],
        )
        con.executemany(
            "insert into marts.fct_submissions values (?,?,'0',now(),now(),?,?,'lien_minh_htx',?,null,0,0)", SUBMISSIONS
        )
        files = {sub[0]: sub for sub in SUBMISSIONS}
        con.executemany(
            "insert into marts.fct_quality_issues values (?,?,?,?,?,'lien_minh_htx',?,true,'gate',?,?,?,?,null,?,"
            "null,?,?)",
            [
                (f"{sid}-{n}", sid, files[sid][1], files[sid][2], files[sid][3], files[sid][4], *rest)
                for n, (sid, *rest) in enumerate(ISSUES)
            ],
        )
        con.executemany(
            "insert into marts.fct_indicator_values_new34 values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (p, per, per[5:], rep, ind, v, tgt, cov, n == n_exp, False, n, n_exp, src, prov, flag)
                for p, per, rep, ind, v, tgt, cov, n, n_exp, src, prov, flag in NEW34_VALUES
            ],
        )
        # Hà Tĩnh's 2024-FY count is a year-end estimate (ước tính); everything else is official.
        for table, key in (("fct_indicator_values", "old:42"), ("fct_indicator_values_new34", "new:42")):
            con.execute(f"alter table marts.{table} add column obs_status varchar")
            con.execute(
                f"update marts.{table} set obs_status = case when value is null then null "
                f"when province_key = '{key}' and period_code = '2024-FY' and indicator_code = 'coops_total' "
                "then 'estimated' else 'official' end"
            )
    finally:
        con.close()
    os.replace(tmp, path)
    return path
