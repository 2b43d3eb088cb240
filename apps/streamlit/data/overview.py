"""Queries of the Overview page: national headline figures, what changed since the last publish, who reported."""

from __future__ import annotations

import polars as pl
import streamlit as st

from apps.streamlit.data import Snapshot, query

HEADLINE_REPORTER = "lien_minh_htx"


@st.cache_data(max_entries=16, show_spinner=False)
def latest_periods(snap: Snapshot) -> dict[str, str]:
    """The newest full year and half-year with provincial values: {'FY': '2025-FY', 'H1': '2026-H1'}."""
    found = query(
        snap,
        """
        select d.period_type, max_by(d.period_code, d.end_date) as period_code
        from marts.fct_indicator_values_new34 v
        join marts.dim_period d on d.period_code = v.period_code
        where d.period_type in ('FY', 'H1') and v.value is not null and v.reporter = $1
        group by 1
    """,
        [HEADLINE_REPORTER],
    )
    return dict(zip(found["period_type"], found["period_code"], strict=True))


@st.cache_data(max_entries=32, show_spinner=False)
def national(snap: Snapshot, period: str) -> pl.DataFrame:
    """Per indicator, the country's figure for a period and for the same period a year earlier, over the units
    that reported both (so the change is not an artefact of who reported): sums add up, averages are weighted
    by their weight indicator."""
    return query(
        snap,
        """
        with p as (select period_code, period_type, year from marts.dim_period where period_code = $1),
        prev as (
            select d.period_code from marts.dim_period d, p
            where d.period_type = p.period_type and d.year = p.year - 1),
        v as (
            select v.province_key, v.indicator_code, v.value, v.period_code, v.is_complete
            from marts.fct_indicator_values_new34 v
            where v.reporter = $2 and v.value is not null
              and v.period_code in (select period_code from p union all select period_code from prev)),
        w as (
            select v.*, i.aggregation, wt.value as weight
            from v join marts.dim_indicator i on i.indicator_code = v.indicator_code
            left join v wt on wt.province_key = v.province_key and wt.period_code = v.period_code
                and wt.indicator_code = i.weight_indicator),
        cur as (select * from w where period_code = (select period_code from p)),
        old as (select * from w where period_code in (select period_code from prev))
        select cur.indicator_code, any_value(cur.aggregation) as aggregation,
               count(*) as units, bool_and(cur.is_complete) as complete,
               case when any_value(cur.aggregation) = 'sum' then sum(cur.value)
                    else sum(cur.value * cur.weight) / nullif(sum(cur.weight), 0) end as value,
               case when any_value(cur.aggregation) = 'sum' then sum(old.value) filter (where old.value is not null)
                    else sum(old.value * old.weight) / nullif(sum(old.weight), 0) end as previous,
               count(old.value) as units_both
        from cur left join old on old.province_key = cur.province_key and old.indicator_code = cur.indicator_code
        group by cur.indicator_code
    """,
        [period, HEADLINE_REPORTER],
    )


@st.cache_data(max_entries=16, show_spinner=False)
def files_since(snap: Snapshot, since: str | None) -> pl.DataFrame:
    """Files received after the previous publish (every file when there was none), newest first."""
    return query(
        snap,
        """
        select s.received_at, s.file_name, p.name_vi, s.period_code, s.reporter, s.status, s.n_errors, s.n_warnings
        from marts.fct_submissions s
        left join marts.dim_province p on p.province_key = s.province_key
        where $1 is null or s.received_at > cast($1 as timestamptz)
        order by s.received_at desc
    """,
        [since],
    )


@st.cache_data(max_entries=16, show_spinner=False)
def reporting_status(snap: Snapshot, period: str) -> pl.DataFrame:
    """How many units reported on time, late, not at all… for one period (the main reporter)."""
    return query(
        snap,
        """
        select status, count(*) as n from marts.fct_reporting_completeness
        where period_code = $1 and reporter = $2 group by 1
    """,
        [period, HEADLINE_REPORTER],
    )
