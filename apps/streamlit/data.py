"""Queries the explorer runs on the published snapshot.

All SQL takes user choices as bound parameters, never as formatted text. Results are cached
per snapshot: the cache key carries the file's path, mtime and inode, so a new publish
(an atomic ``os.replace``, hence a new inode and mtime) is read on the next rerun instead of
serving the previous snapshot's figures.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import NamedTuple

import polars as pl
import streamlit as st

from sources.warehouse import quality_queries
from sources.warehouse.reader import WarehouseNotPublished, connect, published_path


class Snapshot(NamedTuple):
    path: str
    mtime_ns: int
    inode: int


def snapshot() -> Snapshot | None:
    """The published file's identity right now, or None when nothing is published."""
    path = published_path()
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return Snapshot(str(path), stat.st_mtime_ns, stat.st_ino)


def current_snapshot() -> Snapshot:
    """The snapshot pages read; WarehouseNotPublished when there is none (the entry point says what to do)."""
    snap = snapshot()
    if snap is None:
        raise WarehouseNotPublished(str(published_path()))
    return snap


@st.cache_data(max_entries=16, show_spinner=False)
def merger_date(snap: Snapshot) -> date:
    """The day the 34 units took over, as the snapshot's dim_province says (never a second copy here)."""
    found = _q(snap, "select min(valid_from) as day from marts.dim_province where province_set = 'new34'", [])
    return found["day"][0]


def province_set_for(snap: Snapshot, end_date: date) -> str:
    """Which province list existed for a period: judged by the day the period ends."""
    return "old63" if end_date < merger_date(snap) else "new34"


def _q(snap: Snapshot, sql: str, params: list) -> pl.DataFrame:
    # Not warehouse_reader.query(): under DuckDB 2.0 ``con.execute(...).pl()`` no longer exists
    # (AttributeError). connect() still gives the read-only, locked-down connection.
    with connect(Path(snap.path)) as con:
        return con.sql(sql, params=params).pl()


# Only values of provinces in dim_province count: national or regional rows are not ranked.
@st.cache_data(max_entries=64, show_spinner=False)
def indicators(snap: Snapshot) -> pl.DataFrame:
    return _q(
        snap,
        """
        select i.indicator_code, i.name_vi, i.name_en, i.unit
        from marts.dim_indicator i
        where exists (
            select 1 from marts.fct_indicator_values f
            join marts.dim_province p on p.province_key = f.province_key
            where f.indicator_code = i.indicator_code and f.value is not null)
        order by i.indicator_code
    """,
        [],
    )


@st.cache_data(max_entries=256, show_spinner=False)
def periods(snap: Snapshot, indicator: str) -> pl.DataFrame:
    """Periods with at least one provincial value for the indicator, newest first."""
    return _q(
        snap,
        """
        select d.period_code, d.start_date, d.end_date
        from marts.dim_period d
        where exists (
            select 1 from marts.fct_indicator_values f
            join marts.dim_province p on p.province_key = f.province_key
            where f.period_code = d.period_code and f.indicator_code = $1 and f.value is not null)
        order by d.end_date desc, d.start_date asc
    """,
        [indicator],
    )


@st.cache_data(max_entries=256, show_spinner=False)
def reporters(snap: Snapshot, indicator: str, period: str, province_set: str) -> pl.DataFrame:
    """Reporters with values for this indicator and period, with how many provinces each covers."""
    return _q(
        snap,
        """
        select f.reporter, count(distinct f.province_key) as provinces
        from marts.fct_indicator_values f
        join marts.dim_province p on p.province_key = f.province_key
        where f.indicator_code = $1 and f.period_code = $2 and f.value is not null
          and p.province_set = $3
        group by f.reporter
        order by provinces desc, f.reporter
    """,
        [indicator, period, province_set],
    )


@st.cache_data(max_entries=256, show_spinner=False)
def ranking(snap: Snapshot, indicator: str, period: str, reporter: str, province_set: str) -> pl.DataFrame:
    """Every province of the period's set, with its value or nulls when it did not report.

    Starting from dim_province (not from the facts) is what lets a missing province appear
    as "not reported": ``submitted`` tells a blank cell apart from no submission at all.
    """
    df = _q(
        snap,
        """
        with v as (
            select * from marts.fct_indicator_values
            where indicator_code = $1 and period_code = $2 and reporter = $3)
        select p.province_key, p.name_vi, v.value, v.target, v.provenance, v.provenance_note,
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
    # Competition ranking (1, 2, 2, 4) over reported values only; nulls stay unranked.
    return df.with_columns(pl.col("value").rank(method="min", descending=True).cast(pl.Int64).alias("rank"))


@st.cache_data(max_entries=256, show_spinner=False)
def outside_set(snap: Snapshot, indicator: str, period: str, reporter: str, province_set: str) -> int:
    """Values filed under a province key of the other set (e.g. an old code after the merger).

    They cannot be ranked against the period's provinces, but silently dropping them would hide
    a data problem, so the page reports how many there are.
    """
    df = _q(
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
    df = _q(
        snap,
        """
        with v as (
            select * from marts.fct_indicator_values_new34
            where indicator_code = $1 and period_code = $2 and reporter = $3)
        select p.province_key, p.name_vi, v.value, v.target, v.provenance,
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


@st.cache_data(max_entries=16, show_spinner=False)
def submission_periods(snap: Snapshot) -> list[str]:
    """Periods that received at least one readable file, newest first."""
    df = _q(
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
    return _q(snap, quality_queries.BY_PROVINCE, [period, False])


@st.cache_data(max_entries=64, show_spinner=False)
def quality_issues(snap: Snapshot, period: str | None) -> pl.DataFrame:
    """Every issue of the period (errors first), with where it is and what it says in both languages."""
    return _q(snap, quality_queries.ISSUES, [period, False, None, None])


@st.cache_data(max_entries=64, show_spinner=False)
def trend(snap: Snapshot, indicator: str, period_type: str, reporter: str) -> pl.DataFrame:
    """Every period of one type on the 34 units (old provinces rolled up), with how complete each figure is."""
    return _q(
        snap,
        """
        select v.province_key, p.name_vi, v.period_code, d.year, d.end_date, v.value, v.coverage, v.is_complete,
               v.obs_status
        from marts.fct_indicator_values_new34 v
        join marts.dim_province p on p.province_key = v.province_key
        join marts.dim_period d on d.period_code = v.period_code
        where v.indicator_code = $1 and d.period_type = $2 and v.reporter = $3 and v.value is not null
        order by p.name_vi, d.end_date
    """,
        [indicator, period_type, reporter],
    )


@st.cache_data(max_entries=64, show_spinner=False)
def reporters_new34(snap: Snapshot, indicator: str) -> list[str]:
    """Reporters with at least one value for the indicator on the 34 units."""
    return _q(
        snap,
        "select distinct reporter from marts.fct_indicator_values_new34 "
        "where indicator_code = $1 and value is not null",
        [indicator],
    )["reporter"].to_list()
