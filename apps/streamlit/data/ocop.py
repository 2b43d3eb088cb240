"""Queries of the OCOP page: products by stars (3, 4, 5 sao) per province and region, over time, and the list."""

from __future__ import annotations

import polars as pl
import streamlit as st

from apps.streamlit.data import Snapshot, query

PRODUCT_ROWS_SHOWN = 2000  # shown and downloaded at most; narrower filters (or `htx sql`) reach the rest


@st.cache_data(max_entries=16, show_spinner=False)
def periods(snap: Snapshot) -> pl.DataFrame:
    return query(
        snap,
        """
        select distinct o.period_code, d.end_date from marts.fct_ocop o
        join marts.dim_period d on d.period_code = o.period_code
        where o.ocop_products_total is not null or o.ocop_3_star is not null
        order by d.end_date desc
    """,
        [],
    )


@st.cache_data(max_entries=32, show_spinner=False)
def stars_by_province(snap: Snapshot, period: str, reporter: str) -> pl.DataFrame:
    """On the 34 units: 3-, 4- and 5-star products and the total, with the region of each unit."""
    return query(
        snap,
        """
        select o.province_key, p.name_vi, p.region_code, p.region_name_vi, o.is_complete,
               o.ocop_3_star, o.ocop_4_star, o.ocop_5_star, o.ocop_products_total
        from marts.fct_ocop o join marts.dim_province p on p.province_key = o.province_key
        where o.boundary = 'new34' and o.period_code = $1 and o.reporter = $2
        order by o.ocop_products_total desc nulls last
    """,
        [period, reporter],
    )


@st.cache_data(max_entries=16, show_spinner=False)
def stars_over_time(snap: Snapshot, period_type: str, reporter: str) -> pl.DataFrame:
    """The country's 3-, 4- and 5-star products per period (units that reported), with how many reported."""
    return query(
        snap,
        """
        select o.period_code, d.end_date, sum(o.ocop_3_star) as ocop_3_star, sum(o.ocop_4_star) as ocop_4_star,
               sum(o.ocop_5_star) as ocop_5_star, count(o.ocop_3_star) as units
        from marts.fct_ocop o join marts.dim_period d on d.period_code = o.period_code
        where o.boundary = 'new34' and d.period_type = $1 and o.reporter = $2
        group by all order by d.end_date
    """,
        [period_type, reporter],
    )


@st.cache_data(max_entries=32, show_spinner=False)
def product_groups(snap: Snapshot) -> list[str]:
    found = query(
        snap, "select distinct product_group from marts.fct_ocop_products where product_group is not null", []
    )
    return sorted(found["product_group"].to_list())


_FILTER = """
    from marts.fct_ocop_products o
    join marts.dim_province p on p.province_key = o.province_key
    left join marts.dim_province n on n.province_key = p.successor_key
    where o.period_code = $1 and ($2::varchar is null or coalesce(p.successor_key, p.province_key) = $2)
      and ($3::varchar is null or o.product_group = $3) and ($4::integer is null or o.stars = $4)
"""


@st.cache_data(max_entries=32, show_spinner=False)
def product_count(snap: Snapshot, period: str, unit: str | None, group: str | None, stars: int | None) -> int:
    return int(query(snap, f"select count(*) as n {_FILTER}", [period, unit, group, stars])["n"][0])


@st.cache_data(max_entries=32, show_spinner=False)
def products(snap: Snapshot, period: str, unit: str | None, group: str | None, stars: int | None) -> pl.DataFrame:
    """The certified products of a period on the 34 units, filtered (None = any): the first PRODUCT_ROWS_SHOWN."""
    return query(
        snap,
        f"""
        select coalesce(n.name_vi, p.name_vi) as unit_vi, p.name_vi, o.product_name, o.owner_name, o.owner_type,
               o.product_group, o.stars, o.certified_on
        {_FILTER}
        order by o.stars desc, unit_vi, o.product_name
        limit {PRODUCT_ROWS_SHOWN}
    """,
        [period, unit, group, stars],
    )
