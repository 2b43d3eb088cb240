"""Property-based: any number written the Vietnamese way reads back exactly (hypothesis)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from sources.core.vn_text import format_vi, read_money, read_number


def vietnamese(integer: int, decimals: str = "") -> str:
    grouped = f"{integer:,}".replace(",", ".")
    return grouped + ("," + decimals if decimals else "")


@given(st.integers(min_value=0, max_value=10**15))
def test_grouped_integers_round_trip(n):
    assert read_number(vietnamese(n)).value == n


@given(st.integers(min_value=0, max_value=10**9), st.from_regex(r"[0-9]{1,4}", fullmatch=True))
def test_decimal_comma_round_trips(integer, decimals):
    expected = float(Decimal(f"{integer}.{decimals}"))
    assert read_number(vietnamese(integer, decimals)).value == expected


@given(st.integers(min_value=0, max_value=10**12))
def test_format_vi_is_read_back(n):
    assert read_number(format_vi(n)).value == n


@given(st.integers(min_value=0, max_value=999), st.integers(min_value=0, max_value=999))
def test_compound_money_round_trips(billions, millions):
    text = f"{billions} tỷ {millions} triệu đồng"
    assert read_money(text).value == billions * 10**9 + millions * 10**6


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=9))
def test_a_dot_that_does_not_group_thousands_is_never_guessed(whole, fraction):
    # '2.5', '12.05': is it thousands or a decimal point? The reader refuses to guess.
    assert read_number(f"{whole}.{fraction}").problem == "ambiguous"


@given(st.floats(min_value=0, max_value=1e12, allow_nan=False))
def test_format_vi_always_reads_back_as_a_number(x):
    # Two decimals at most: '2,5'; never a dangling decimal mark like '2,' when the decimals round away.
    assert read_number(format_vi(x)).value == float(Decimal(str(round(x, 2))).quantize(Decimal("0.01")))
