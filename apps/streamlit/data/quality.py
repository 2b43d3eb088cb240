"""Queries of the Quality page: files received, refused and flagged; who reported on time."""

from __future__ import annotations

import polars as pl
import streamlit as st

from apps.streamlit.data import Snapshot, query
from sources.warehouse import quality_queries

FLAGGED_ROWS_SHOWN = 2000  # the newest; a period narrows the list


@st.cache_data(max_entries=16, show_spinner=False)
def submission_periods(snap: Snapshot) -> list[str]:
    """Periods that received at least one readable file, newest first."""
    df = query(
        snap,
        """
        select distinct s.period_code, d.end_date from marts.fct_submissions s
        join marts.dim_period d on d.period_code = s.period_code
        order by d.end_date desc, s.period_code
    """,
        [],
    )
    return df["period_code"].to_list()


@st.cache_data(max_entries=64, show_spinner=False)
def quality_by_province(snap: Snapshot, period: str | None) -> pl.DataFrame:
    """Per province: files accepted / quarantined / superseded / flagged (``period=None``: every period)."""
    return query(snap, quality_queries.BY_PROVINCE, [period, False])


@st.cache_data(max_entries=64, show_spinner=False)
def quality_issues(snap: Snapshot, period: str | None, severity: str | None) -> pl.DataFrame:
    """Issues of the period (``severity``: 'error', 'warning' or None for both), with where and what, in both
    languages."""
    return query(snap, quality_queries.ISSUES, [period, False, severity, None])


@st.cache_data(max_entries=64, show_spinner=False)
def issue_counts(snap: Snapshot, period: str | None) -> pl.DataFrame:
    """How many issues each check found in the period, by severity."""
    return query(
        snap,
        """
        select rule_id, severity, count(*) as n from marts.fct_quality_issues
        where $1::varchar is null or period_code = $1
        group by all order by n desc
    """,
        [period],
    )


@st.cache_data(max_entries=32, show_spinner=False)
def completeness(snap: Snapshot, reporter: str, period_type: str) -> pl.DataFrame:
    """Province × period grid of who reported on time, late, not at all or only refused files."""
    return query(
        snap,
        """
        select c.province_key, p.name_vi, p.province_set, c.period_code, d.end_date, c.status, c.due_date,
               c.first_accepted_on, c.n_files
        from marts.fct_reporting_completeness c
        join marts.dim_province p on p.province_key = c.province_key
        join marts.dim_period d on d.period_code = c.period_code
        where c.reporter = $1 and d.period_type = $2 and d.end_date <= current_date  -- ended periods only
        order by d.end_date, p.name_vi
    """,
        [reporter, period_type],
    )


@st.cache_data(max_entries=32, show_spinner=False)
def flagged_values(snap: Snapshot, period: str | None) -> pl.DataFrame:
    """Published values carrying a warning, with why (``period=None``: every period)."""
    return query(
        snap,
        f"""
        select p.name_vi, f.period_code, f.reporter, i.name_vi as indicator_vi, i.name_en as indicator_en, i.unit,
               f.value, f.flag_reasons
        from marts.fct_indicator_values f
        join marts.dim_province p on p.province_key = f.province_key
        join marts.dim_indicator i on i.indicator_code = f.indicator_code
        where f.is_flagged and ($1 is null or f.period_code = $1)
        order by f.period_code desc, p.name_vi, i.indicator_code
        limit {FLAGGED_ROWS_SHOWN}
    """,
        [period],
    )
