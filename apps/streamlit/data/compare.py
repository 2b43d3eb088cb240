"""Queries of the Compare page: one indicator, one period, one reporter across the provinces of a boundary."""

from __future__ import annotations

import polars as pl
import streamlit as st

from apps.streamlit.data import Snapshot, query


@st.cache_data(max_entries=256, show_spinner=False)
def ranking(snap: Snapshot, indicator: str, period: str, reporter: str, province_set: str) -> pl.DataFrame:
    """Every province of the period's set, with its value or nulls when it did not report.

    Starting from dim_province (not from the facts) is what lets a missing province appear
    as "not reported": ``submitted`` tells a blank cell apart from no submission at all.
    """
    df = query(
        snap,
        """
        with v as (
            select * from marts.fct_indicator_values
            where indicator_code = $1 and period_code = $2 and reporter = $3)
        select p.province_key, p.name_vi, p.region_code, p.region_name_vi, v.value, v.target, v.provenance,
               v.provenance_note,
               v.is_flagged, v.flag_reasons, v.province_key is not null as submitted, v.obs_status
        from marts.dim_province p
        left join v on v.province_key = p.province_key
        where p.province_set = $4
        order by v.value desc nulls last, p.name_vi
    """,
        [indicator, period, reporter, province_set],
    )
    return _ranked(df)


def _ranked(df: pl.DataFrame) -> pl.DataFrame:
    """Competition ranking (1, 2, 2, 4) over complete figures only: blanks and partial roll-ups (a unit only some
    of whose old provinces reported) stay unranked, shown apart, never placed among whole figures."""
    whole = pl.col("coverage") >= 1 if "coverage" in df.columns else pl.lit(True)
    ranked = pl.when(whole).then(pl.col("value")).rank(method="min", descending=True).cast(pl.Int64)
    return df.with_columns(ranked.alias("rank"))


@st.cache_data(max_entries=256, show_spinner=False)
def outside_set(snap: Snapshot, indicator: str, period: str, reporter: str, province_set: str) -> int:
    """Values filed under a province key of the other set (e.g. an old code after the merger).

    They cannot be ranked against the period's provinces, but silently dropping them would hide
    a data problem, so the page reports how many there are.
    """
    df = query(
        snap,
        """
        select count(*) as n
        from marts.fct_indicator_values f
        join marts.dim_province p on p.province_key = f.province_key
        where f.indicator_code = $1 and f.period_code = $2 and f.reporter = $3
          and f.value is not null and p.province_set <> $4
    """,
        [indicator, period, reporter, province_set],
    )
    return int(df["n"][0])


@st.cache_data(max_entries=256, show_spinner=False)
def ranking_new34(snap: Snapshot, indicator: str, period: str, reporter: str) -> pl.DataFrame:
    """A period before the merger on the 34 units of 2025: old provinces rolled up (fct_indicator_values_new34).

    Same columns as ``ranking`` plus ``coverage``; the note names the old provinces behind each figure.
    """
    df = query(
        snap,
        """
        with v as (
            select * from marts.fct_indicator_values_new34
            where indicator_code = $1 and period_code = $2 and reporter = $3)
        select p.province_key, p.name_vi, p.region_code, p.region_name_vi, v.value, v.target, v.provenance,
               (select string_agg(o.name_vi, ', ' order by o.name_vi) from marts.dim_province o
                where o.successor_key = p.province_key
                  and list_contains(string_split(v.rolled_up_from, ','), o.province_key)) as provenance_note,
               v.is_flagged, cast(null as varchar) as flag_reasons, v.province_key is not null as submitted,
               v.obs_status, v.coverage
        from marts.dim_province p
        left join v on v.province_key = p.province_key
        where p.province_set = 'new34'
        order by v.value desc nulls last, p.name_vi
    """,
        [indicator, period, reporter],
    )
    return _ranked(df)
