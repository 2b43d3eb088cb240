"""How provinces write numbers (SUBMISSION_SPEC 3.1): read exactly, or refuse at that cell."""

import pytest

from sources.core.vn_text import fold, read_money, read_number


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1.283", 1283.0),
        ("2,002", 2.002),
        ("12.500.000", 12_500_000.0),
        (975, 975.0),
        (2.5, 2.5),
        ("  3 000 ", 3000.0),
    ],
)
def test_vietnamese_numbers(cell, expected):
    assert read_number(cell).value == expected


@pytest.mark.parametrize("cell", ["", "-", "x", "n/a", "Không có số liệu", None])
def test_not_reported_is_null_never_zero(cell):
    reading = read_number(cell)
    assert reading.value is None and reading.problem is None


def test_text_with_a_dot_not_grouping_thousands_is_ambiguous():
    assert read_number("2.5").problem == "ambiguous"
    assert read_number("=SUM(A1:A3)").problem == "not_numeric"


@pytest.mark.parametrize(
    ("cell", "unit", "vnd"),
    [
        ("2 tỷ 300 triệu đồng", None, 2_300_000_000),
        ("2,002 tỷ đồng", None, 2_002_000_000),
        (1300, "triệu đồng", 1_300_000_000),
        ("4 triệu đồng/người/tháng", None, 4_000_000),
        ("288 triệu", "đồng/HTX", 288_000_000),
    ],
)
def test_money_is_stored_in_plain_vnd(cell, unit, vnd):
    assert read_money(cell, unit).value == vnd


def test_money_in_a_unit_that_is_not_money_is_refused():
    assert read_money(5, "HTX").problem == "bad_unit"


def test_fold_ignores_case_and_diacritics():
    assert fold("Tỉnh  ĐẮK_Lắk") == fold("tinh dak lak") == "tinh dak lak"


def test_a_percentage_is_read_only_where_one_is_expected():
    assert read_number("128,3%", allow_percent=True).value == 128.3
    assert read_number("500%").problem == "percent"  # '500%' is no count of cooperatives
    assert read_money("5%").problem == "percent"


@pytest.mark.parametrize(
    "cell",
    [float("nan"), float("inf"), float("-inf"), 1e300, 10**400, "1" + "0" * 400, "1.000.000.000.000.000.000.000"],
)
def test_non_finite_and_absurd_numbers_are_refused_never_null(cell):
    assert read_number(cell).problem == "not_finite"
    assert read_money(cell).problem == "not_finite"


def test_money_scaled_beyond_any_real_figure_is_refused():
    assert read_money(1e12, "tỷ đồng").problem == "not_finite"
