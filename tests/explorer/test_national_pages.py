"""Every page on the national demo warehouse (the session's shared build): the figures shown are the warehouse's,
checked against SQL written here independently of the page's own queries."""

from __future__ import annotations

import duckdb
import pytest
from explorer_driver import chart_specs, open_page, table, texts

from apps.streamlit.data.ocop import PRODUCT_ROWS_SHOWN
from sources.core.vn_text import format_amount, format_number

pytestmark = pytest.mark.slow


@pytest.fixture
def national(national_home, monkeypatch):
    """The published file; each query opens and closes it (the explorer opens it with its own settings)."""
    monkeypatch.setenv("HTX_HOME", str(national_home.root))
    return national_home.published_db


def _rows(db, sql: str, *params) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def _one(db, sql: str, *params):
    return _rows(db, sql, *params)[0][0]


@pytest.mark.parametrize("page", ["overview", "compare", "profile", "ocop", "quality", "about"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_renders_the_national_demo(national, page: str, lang: str) -> None:
    at = open_page(page, lang=lang)
    assert not at.error, [e.value for e in at.error]
    assert chart_specs(at) or page == "about"


def test_overview_headline_is_the_sum_of_the_units(national) -> None:
    period = _one(
        national,
        "select max_by(v.period_code, d.end_date) from marts.fct_indicator_values_new34 v "
        "join marts.dim_period d using (period_code) where d.period_type = 'FY' and v.reporter = 'lien_minh_htx' "
        "and v.value is not null",
    )
    total = _one(
        national,
        "select sum(value) from marts.fct_indicator_values_new34 where period_code = ? and reporter = 'lien_minh_htx' "
        "and indicator_code = 'coops_total'",
        period,
    )
    at = open_page("overview")
    first = next(m for m in at.metric if m.label == "Số hợp tác xã đang hoạt động")
    assert first.value == format_amount(total, "HTX", "vi")


def test_profile_of_a_merged_unit(national) -> None:
    unit, _olds = _rows(
        national,
        "select successor_key, count(*) from marts.dim_province where province_set = 'old63' "
        "group by 1 having count(*) >= 3 order by 1 limit 1",
    )[0]
    names = [r[0] for r in _rows(national, "select name_vi from marts.dim_province where successor_key = ?", unit)]
    at = open_page("profile", province=unit, indicator="coops_total", ptype="FY")
    trend = chart_specs(at)[0]
    for name in names:
        assert name in trend  # each old province's own history beside the unit's
    assert len(chart_specs(at)) >= 5  # the trend, cooperatives by sector / status / rating, OCOP by stars
    owed = _one(
        national,
        "select count(*) from marts.fct_reporting_completeness c join marts.dim_province p using (province_key) "
        "where c.province_key = ? or p.successor_key = ?",
        unit,
        unit,
    )
    assert len(table(at, "profile_history")) == owed


def test_ocop_counts_every_product_and_filters_narrow_the_list(national) -> None:
    at = open_page("ocop")
    period = at.selectbox(key="widget.period").value
    count = _one(national, "select count(*) from marts.fct_ocop_products where period_code = ?", period)
    assert f"{format_number(count, 'vi')} sản phẩm" in texts(at)
    assert len(table(at, "ocop_products")) == min(count, PRODUCT_ROWS_SHOWN)
    at.selectbox(key="ocop_stars").set_value("5").run()
    five = _one(national, "select count(*) from marts.fct_ocop_products where period_code = ? and stars = 5", period)
    assert set(table(at, "ocop_products")["Số sao"]) <= {5} and len(table(at, "ocop_products")) == min(five, 2000)


def test_quality_lists_every_refused_file(national) -> None:
    errors = _one(national, "select count(*) from marts.fct_quality_issues where severity = 'error'")
    at = open_page("quality")
    assert len(table(at, "quality_refused")) == errors
    assert "stock_jump" not in table(at, "quality_flagged").to_string()  # reasons in words
