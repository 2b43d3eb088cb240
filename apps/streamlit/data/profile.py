"""Queries of the Province profile: one province or unit over time, against its region and the country.

A unit of 2025 is read from fct_indicator_values_new34 (its old provinces rolled up before the merger); an old
province from fct_indicator_values, as it reported. ``members`` is the list of province keys whose files
make up the unit (the unit itself and, for a new unit, its old provinces).
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from apps.streamlit.data import Snapshot, query


def _table(province_set: str) -> str:
    return "marts.fct_indicator_values_new34" if province_set == "new34" else "marts.fct_indicator_values"


@st.cache_data(max_entries=64, show_spinner=False)
def series(snap: Snapshot, province_key: str, province_set: str, period_type: str) -> pl.DataFrame:
    """Every indicator and reporter of one province over the periods of one type, with targets."""
    # A rolled-up target only counts when every old province gave one (else it understates the plan).
    coverage = (
        "v.coverage, case when v.is_target_complete then v.target end as target"
        if province_set == "new34"
        else "cast(null as double) as coverage, v.target"
    )
    return query(
        snap,
        f"""
        select v.indicator_code, v.reporter, v.period_code, d.year, d.end_date, v.value, v.obs_status,
               v.provenance, {coverage}
        from {_table(province_set)} v
        join marts.dim_period d on d.period_code = v.period_code
        where v.province_key = $1 and d.period_type = $2 and v.value is not null
        order by v.indicator_code, d.end_date
    """,
        [province_key, period_type],
    )


@st.cache_data(max_entries=64, show_spinner=False)
def benchmarks(snap: Snapshot, province_set: str, region_code: str, period_type: str, reporter: str) -> pl.DataFrame:
    """Per indicator and period: the mean over the provinces of the region and of the whole country."""
    where_set = "" if province_set == "new34" else "and p.province_set = 'old63'"
    return query(
        snap,
        f"""
        select v.indicator_code, v.period_code, d.end_date,
               avg(v.value) filter (where p.region_code = $1) as region_mean,
               avg(v.value) as national_mean
        from {_table(province_set)} v
        join marts.dim_province p on p.province_key = v.province_key
        join marts.dim_period d on d.period_code = v.period_code
        where d.period_type = $2 and v.reporter = $3 and v.value is not null {where_set}
        group by all
    """,
        [region_code, period_type, reporter],
    )


@st.cache_data(max_entries=64, show_spinner=False)
def predecessors(snap: Snapshot, unit_key: str, indicator: str, period_type: str, reporter: str) -> pl.DataFrame:
    """The old provinces of a unit, each with its own history of one indicator as it reported it."""
    return query(
        snap,
        """
        select p.name_vi, v.period_code, d.end_date, v.value, v.obs_status
        from marts.fct_indicator_values v
        join marts.dim_province p on p.province_key = v.province_key
        join marts.dim_period d on d.period_code = v.period_code
        where p.successor_key = $1 and v.indicator_code = $2 and d.period_type = $3 and v.reporter = $4
          and v.value is not null
        order by p.name_vi, d.end_date
    """,
        [unit_key, indicator, period_type, reporter],
    )


@st.cache_data(max_entries=64, show_spinner=False)
def latest_list_period(snap: Snapshot, members: tuple[str, ...], table: str) -> str | None:
    """The newest period whose cooperative (or OCOP) list sheet the unit sent."""
    assert table in ("fct_cooperative_snapshot", "fct_ocop_products")
    found = query(
        snap,
        f"""
        select max_by(l.period_code, d.end_date) as period_code
        from marts.{table} l join marts.dim_period d on d.period_code = l.period_code
        where list_contains($1, l.province_key)
    """,
        [list(members)],
    )
    return found["period_code"][0] if found.height else None


@st.cache_data(max_entries=64, show_spinner=False)
def cooperatives_by(snap: Snapshot, members: tuple[str, ...], period: str, column: str) -> pl.DataFrame:
    """Cooperatives of the unit's list sheets counted by sector, status or rating."""
    assert column in ("sector", "status", "rating")
    return query(
        snap,
        f"""
        select coalesce({column}, '—') as category, count(*) as n
        from marts.fct_cooperative_snapshot
        where list_contains($1, province_key) and period_code = $2
        group by 1 order by n desc
    """,
        [list(members), period],
    )


@st.cache_data(max_entries=64, show_spinner=False)
def ocop_mix(snap: Snapshot, members: tuple[str, ...], period: str) -> pl.DataFrame:
    """OCOP products of the unit by product group and stars."""
    return query(
        snap,
        """
        select coalesce(product_group, '—') as product_group, stars, count(*) as n
        from marts.fct_ocop_products
        where list_contains($1, province_key) and period_code = $2
        group by all order by product_group, stars
    """,
        [list(members), period],
    )


@st.cache_data(max_entries=64, show_spinner=False)
def reporting_history(snap: Snapshot, members: tuple[str, ...]) -> pl.DataFrame:
    """Every report owed or sent by the unit and its old provinces, newest first."""
    return query(
        snap,
        """
        select p.name_vi, c.period_code, c.reporter, c.status, c.due_date, c.first_accepted_on, c.n_files
        from marts.fct_reporting_completeness c
        join marts.dim_province p on p.province_key = c.province_key
        join marts.dim_period d on d.period_code = c.period_code
        where list_contains($1, c.province_key)
        order by d.end_date desc, p.name_vi, c.reporter
    """,
        [list(members)],
    )
