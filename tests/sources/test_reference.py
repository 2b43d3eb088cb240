"""Province identity across the 2025-07-01 merger, indicator names, periods (SUBMISSION_SPEC section 1)."""

from datetime import date

import polars as pl
import pytest

from sources.core.periods import all_periods, parse_period
from sources.core.reference import REFERENCE_DIR, provinces, resolve_indicator, resolve_province, resolve_reporter

END_2024, END_2025 = date(2024, 12, 31), date(2025, 12, 31)


def test_a_code_means_the_province_in_force_at_the_period_end():
    assert resolve_province("15", END_2024).province.name_vi == "Yên Bái"
    assert resolve_province("15", END_2025).province.name_vi == "Lào Cai"
    assert resolve_province("44", END_2025).province.key == "new:44"


@pytest.mark.parametrize("written", ["Hà Tĩnh", "HA TINH", "ha tinh", "Tỉnh Hà Tĩnh", "42"])
def test_province_spellings(written):
    assert resolve_province(written, END_2024).province.key == "old:42"


@pytest.mark.parametrize("written", ["TP. Hồ Chí Minh", "Ho Chi Minh City", "TP HCM", "Sài Gòn"])
def test_ho_chi_minh_city_aliases(written):
    assert resolve_province(written, END_2024).province.key == "old:79"


def test_a_merged_province_is_an_error_that_names_the_right_reporter():
    match = resolve_province("Yên Bái", END_2025)
    assert match.province is None and match.problem == "not_in_force"
    assert match.hint.name_vi == "Lào Cai"


def test_hue_keeps_its_identity_through_the_rename():
    assert resolve_province("Thừa Thiên Huế", END_2024).province.key == "old:46"
    assert resolve_province("Huế", END_2025).province.key == "new:46"


def test_unknown_province():
    assert resolve_province("Atlantis", END_2024).problem == "unknown"


def test_63_old_provinces_and_34_new_units():
    sets = [p.province_set for p in provinces()]
    assert (sets.count("old63"), sets.count("new34")) == (63, 34)


def test_indicator_names_and_aliases():
    assert resolve_indicator("Số HTX") == "coops_total"
    assert resolve_indicator("so hop tac xa dang hoat dong") == "coops_total"
    assert resolve_indicator("Thu nhập bình quân") == "income_avg_worker_month"
    assert resolve_indicator("số con mèo") is None


def test_reporter_names():
    assert resolve_reporter("Sở Tài chính") == "so_tai_chinh"
    assert resolve_reporter(None) == "lien_minh_htx"
    assert resolve_reporter("bộ ngoại giao") is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("2024-FY", "2024-FY"),
        ("Năm 2023", "2023-FY"),
        ("6 tháng đầu năm 2023", "2023-H1"),
        ("6 tháng 2023", "2023-H1"),
        ("9 tháng năm 2023", "2023-9M"),
        ("Quý IV/2023", "2023-Q4"),
    ],
)
def test_period_codes_and_vietnamese_names(text, code):
    assert parse_period(text).code == code


def test_reference_periods_table_matches_the_period_rules():
    table = pl.read_csv(REFERENCE_DIR / "periods.csv", infer_schema=False)
    assert table["period_code"].to_list() == [p.code for p in all_periods()]
    assert table["end_date"].to_list() == [str(p.end_date) for p in all_periods()]


@pytest.mark.parametrize("code", ["2024-FY", "2024-H1", "2024-9M", "2024-Q1", "2024-Q4"])
def test_a_periods_vietnamese_name_reads_back_as_the_same_period(code):
    from sources.core.periods import parse_period, period_name

    assert parse_period(period_name(code)).code == code
    assert period_name(code, "en") != period_name(code)
