"""SUBMISSION_SPEC section 6, one rule at a time: status words, actual/plan cells, units within a dimension and
whole counts — each read as the province meant it, or refused with the reason, never misread silently."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sources.core.vn_text import format_vi
from sources.parse.cell_reading import obs_status, read_indicator_cell

MONTHLY = "đồng/người/tháng"


@pytest.mark.parametrize(
    ("cell", "status", "value"),
    [
        ("ước 1.200", "estimated", 1200),
        ("Ước tính 1.200", "estimated", 1200),
        ("ước đạt 975", "estimated", 975),
        ("sơ bộ 975", "preliminary", 975),
        ("SO BO: 975", "preliminary", 975),
        ("975", None, 975),
    ],
)
def test_a_status_word_before_the_number_sets_the_values_status(cell, status, value):
    reading = read_indicator_cell(cell, None, "HTX")
    assert (reading.value, reading.status, reading.problem) == (value, status, None)


@pytest.mark.parametrize("cell", ["khoảng 1.200", "gần 1.200", "ước", "1.200 ước"])
def test_any_other_word_before_a_number_is_still_an_error(cell):
    assert read_indicator_cell(cell, None, "HTX").problem == "not_numeric"


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("chinh_thuc", "official"),
        ("Chính thức", "official"),
        ("so_bo", "preliminary"),
        ("Sơ bộ", "preliminary"),
        ("uoc_tinh", "estimated"),
        ("Ước thực hiện", "estimated"),
        ("ước", "estimated"),
        ("dự báo", None),
    ],
)
def test_status_words_of_the_status_field(written, status):
    assert obs_status(written) == status


@pytest.mark.parametrize(
    ("cell", "value", "target"),
    [
        ("1.300/1.500", 1300, 1500),
        ("92/60", 92, 60),
        ("ước 92/60", 92, 60),
        ("-/60", None, 60),
    ],
)
def test_actual_and_plan_in_one_cell(cell, value, target):
    reading = read_indicator_cell(cell, "HTX", "HTX")
    assert (reading.value, reading.target, reading.problem) == (value, target, None)


def test_actual_and_plan_of_money_each_in_the_unit():
    reading = read_indicator_cell("1,3/1,5", "tỷ đồng", "đồng/HTX")
    assert (reading.value, reading.target) == (1.3e9, 1.5e9)


@pytest.mark.parametrize("cell", ["15/01/2025", "1.300/1.500/1.700", "abc/60"])
def test_what_is_not_actual_over_plan_is_not_split(cell):
    assert read_indicator_cell(cell, None, "HTX").problem == "not_numeric"


@pytest.mark.parametrize(
    ("cell", "unit", "value"),
    [
        ("48.000.000", "đồng/người/năm", 4_000_000),
        (48, "triệu đồng/người/năm", 4_000_000),
        ("48 triệu đồng/người/năm", None, 4_000_000),
        ("4 triệu đồng/người/tháng", None, 4_000_000),
        ("4.000", "nghìn đồng/người/tháng", 4_000_000),
        (4_000_000, None, 4_000_000),
    ],
)
def test_money_per_year_and_per_month_convert(cell, unit, value):
    reading = read_indicator_cell(cell, unit, MONTHLY)
    assert (reading.value, reading.problem) == (value, None)


@pytest.mark.parametrize(
    ("cell", "unit", "indicator_unit"),
    [
        ("48", "triệu đồng/năm", "đồng/HTX"),  # a per-time amount for an amount that is not per time
        ("4", "triệu đồng/người/quý", MONTHLY),  # a quarter is no month or year
        ("12", "HTX", "người"),  # another dimension
        ("12", "kg", "HTX"),
        ("1", "triệu đồng/người", "đồng/HTX"),  # per person is not per cooperative
    ],
)
def test_a_unit_of_another_dimension_is_an_error(cell, unit, indicator_unit):
    assert read_indicator_cell(cell, unit, indicator_unit).problem == "bad_unit"


@pytest.mark.parametrize(
    ("cell", "unit", "value"),
    [
        ("1,2 nghìn", "người", 1200),
        ("12", "nghìn người", 12_000),
        ("1.234", "người", 1234),
        (975.0, "HTX", 975),
    ],
)
def test_scale_words_apply_to_counts_too(cell, unit, value):
    assert read_indicator_cell(cell, unit, unit.split()[-1]).value == value


@pytest.mark.parametrize(("cell", "hint"), [("1,234", "1.234"), (1.234, "1.234"), ("12,5", "12"), (12.5, "12")])
def test_a_count_that_is_not_whole_is_refused_with_the_likely_intent(cell, hint):
    reading = read_indicator_cell(cell, "người", "người")
    assert (reading.value, reading.problem, reading.hint) == (None, "count_not_integer", hint)


@given(st.integers(min_value=0, max_value=999_999), st.integers(min_value=1, max_value=999))
def test_any_count_written_with_a_decimal_comma_is_refused(whole, fraction):
    cell = f"{format_vi(whole)},{fraction}"
    assert read_indicator_cell(cell, "HTX", "HTX").problem == "count_not_integer"


@given(st.integers(min_value=0, max_value=10**9).map(lambda n: n * 12))
def test_a_per_year_amount_divided_by_12_round_trips(yearly):
    monthly = read_indicator_cell(format_vi(yearly), "đồng/người/năm", MONTHLY).value
    assert monthly * 12 == yearly
    assert read_indicator_cell(format_vi(monthly), "đồng/người/tháng", "đồng/người/năm").value == yearly


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=10**7))
def test_actual_over_plan_reads_back_both_numbers(actual, plan):
    reading = read_indicator_cell(f"{format_vi(actual)}/{format_vi(plan)}", "HTX", "HTX")
    assert (reading.value, reading.target) == (actual, plan)
