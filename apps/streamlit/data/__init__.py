"""Queries the explorer runs on the published snapshot.

All SQL takes user choices as bound parameters, never as formatted text. Results are cached
per snapshot: the cache key carries the file's path, mtime and inode, so a new publish
(an atomic ``os.replace``, hence a new inode and mtime) is read on the next rerun instead of
serving the previous snapshot's figures.
"""

from __future__ import annotations

import json
import os
import threading
from datetime import date
from pathlib import Path
from typing import NamedTuple

import duckdb
import polars as pl
import streamlit as st

from sources.warehouse.reader import ATTACHED, WarehouseNotPublished, open_attached, published_path


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
    found = query(snap, "select min(valid_from) as day from marts.dim_province where province_set = 'new34'", [])
    return found["day"][0]


def province_set_for(snap: Snapshot, end_date: date) -> str:
    """Which province list existed for a period: judged by the day the period ends."""
    return "old63" if end_date < merger_date(snap) else "new34"


class _Open(NamedTuple):
    con: duckdb.DuckDBPyConnection
    lock: threading.Lock


@st.cache_resource(max_entries=2, show_spinner=False, on_release=lambda found: found.con.close())
def _database(snap: Snapshot) -> _Open:
    """One open snapshot shared by every session: opening the file costs ~15 ms, most queries ~2–8 ms.

    Attached to a private in-memory database (sources.warehouse.reader.open_attached): it keeps reading the
    inode it opened after a publish replaces the file, and a newer snapshot gets its own instance.
    """
    try:
        return _Open(open_attached(Path(snap.path)), threading.Lock())
    except duckdb.IOException:
        if not Path(snap.path).exists():  # replaced or removed between the stat and the attach
            raise WarehouseNotPublished(snap.path) from None
        raise


def query(snap: Snapshot, sql: str, params: list) -> pl.DataFrame:
    # Not warehouse_reader.query(): under DuckDB 2.0 ``con.execute(...).pl()`` no longer exists
    # (AttributeError). The connection is read-only and locked down (sources.warehouse.reader).
    found = _database(snap)
    with found.lock:  # a cursor per query: its own connection to the shared instance, safe across sessions
        cursor = found.con.cursor()
    try:
        cursor.execute(f"use {ATTACHED}")
        return cursor.sql(sql, params=params).pl()
    finally:
        cursor.close()


# Only values of provinces in dim_province count: national or regional rows are not ranked.
@st.cache_data(max_entries=64, show_spinner=False)
def indicators(snap: Snapshot) -> pl.DataFrame:
    return query(
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
    return query(
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
    return query(
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


@st.cache_data(max_entries=16, show_spinner=False)
def provinces(snap: Snapshot) -> pl.DataFrame:
    """Every province and unit with its set, region and successor (new units first, then by name)."""
    return query(
        snap,
        """
        select province_key, code, name_vi, province_set, successor_key, region_code, region_name_vi
        from marts.dim_province
        order by province_set = 'old63', name_vi
    """,
        [],
    )


@st.cache_data(max_entries=16, show_spinner=False)
def provenance_counts(snap: Snapshot) -> dict[str, int]:
    """How many values of each provenance the snapshot holds (the synthetic banner reads it)."""
    found = query(
        snap, "select provenance, count(*) as n from marts.fct_indicator_values where value is not null group by 1", []
    )
    return dict(zip(found["provenance"], found["n"], strict=True))


@st.cache_data(max_entries=16, show_spinner=False)
def publication(snap: Snapshot) -> dict:
    """The publication record inside the snapshot (published_at, previous_published_at); {} for an older file."""
    try:
        found = query(snap, "select record_json from meta.publication", [])
    except duckdb.CatalogException:
        return {}
    return json.loads(found["record_json"][0]) if found.height else {}


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)  # judged against today's date: recomputed hourly
def deadline_passed_since_publish(snap: Snapshot, published_on: date) -> date | None:
    """The latest reporting deadline that passed after the snapshot was published (None: the snapshot is fresh):
    reports due since then may have arrived, and `missing` provinces are not marked yet."""
    found = query(
        snap,
        "select max(due_date) as due from marts.fct_reporting_completeness where due_date <= current_date",
        [],
    )
    due = found["due"][0] if found.height else None
    return due if due is not None and due > published_on else None
