"""Tổng quan / Overview: the country at a glance before a meeting.

Headline figures for the latest full year and half-year with the change from a year earlier (over the units that
reported both years, so the change is not who-reported noise), a map, what arrived since the previous publish,
and who has reported.
"""

from __future__ import annotations

from datetime import datetime

import plotly.express as px
import polars as pl
import streamlit as st

from apps.streamlit import data, state, widgets
from apps.streamlit.data import compare
from apps.streamlit.data import overview as q
from apps.streamlit.i18n import lang, period_label, reporter_name, t
from apps.streamlit.provenance import format_time
from sources.core.vn_text import format_amount, format_number, unit_label

HEADLINES = (
    "coops_total",
    "coop_groups_total",
    "members_total",
    "revenue_avg_per_coop",
    "income_avg_worker_month",
    "ocop_products_total",
)


def _render(snap: data.Snapshot) -> None:
    latest = q.latest_periods(snap)
    if not latest:
        st.info(t("ranking.no_indicators"))
        return
    st.caption(t("overview.reporter_note", reporter=reporter_name(q.HEADLINE_REPORTER)))
    inds = {r["indicator_code"]: r for r in data.indicators(snap).iter_rows(named=True)}
    for ptype in ("FY", "H1"):
        if ptype in latest:
            _headlines(snap, latest[ptype], inds)
    left, right = st.columns([3, 2])
    with left:
        _map(snap, latest.get("FY") or latest["H1"], inds)
    with right:
        _reporting(snap, latest)
    _changes(snap)


def _headlines(snap: data.Snapshot, period: str, inds: dict) -> None:
    st.subheader(period_label(period))
    figures = {r["indicator_code"]: r for r in q.national(snap, period).iter_rows(named=True)}
    shown = [code for code in HEADLINES if code in figures and code in inds]
    cols = st.columns(3)
    for n, code in enumerate(shown):
        row, ind = figures[code], inds[code]
        delta = None
        if row["previous"]:
            change = (row["value"] - row["previous"]) / abs(row["previous"]) * 100
            delta = f"{format_number(change, lang(), 1)}% " + t("overview.vs_year_before")
        unit = ind["unit"]
        per = (
            unit_label(unit, lang()) if "/" in unit else None
        )  # 'đồng/người/tháng' goes in the label: tiles are narrow
        cols[n % 3].metric(
            f"{ind[widgets.name_col()]} ({per})" if per else ind[widgets.name_col()],
            format_amount(row["value"], unit, lang(), per=False) or "—",
            delta=delta,
            help=t("overview.metric_help", units=row["units"], both=row["units_both"]),
            border=True,
        )


def _map(snap: data.Snapshot, period: str, inds: dict) -> None:
    """coops_total (or the chosen indicator) on the 34 units for the latest full year; a click opens the profile."""
    code = state.get("indicator") if state.get("indicator") in inds else widgets.DEFAULT_INDICATOR
    ind = inds.get(code) or next(iter(inds.values()))

    frame = compare.ranking_new34(snap, ind["indicator_code"], period, q.HEADLINE_REPORTER)
    st.subheader(f"{ind[widgets.name_col()]} — {period_label(period)}")
    widgets.province_map(frame, "new34", ind["unit"], key="overview_map")


def _reporting(snap: data.Snapshot, latest: dict) -> None:
    st.subheader(t("overview.reporting_heading"))
    for period in latest.values():
        status = q.reporting_status(snap, period)
        if status.is_empty():
            continue
        status = status.with_columns(
            pl.col("status").replace_strict({s: t(f"completeness.{s}") for s in widgets.STATUS_COLOURS}).alias("label"),
            pl.lit(period_label(period)).alias("period"),
        )
        fig = px.bar(
            status.to_pandas(),
            x="n",
            y="period",
            color="label",
            orientation="h",
            text="n",
            color_discrete_map={t(f"completeness.{s}"): c for s, (c, _n) in widgets.STATUS_COLOURS.items()},
            labels={"n": "", "period": "", "label": ""},
        )
        fig.update_layout(
            height=180,
            margin={"l": 8, "r": 8, "t": 36, "b": 8},
            legend={"orientation": "h", "y": -0.35},
            yaxis={"showticklabels": False},
            title={"text": period_label(period), "font": {"size": 13}},
        )
        widgets.show_chart(fig, key=f"overview_status_{period}")
    st.page_link("views/quality.py", label=t("overview.to_quality"), icon=":material/fact_check:")


def _changes(snap: data.Snapshot) -> None:
    record = data.publication(snap)
    since = record.get("previous_published_at")
    st.subheader(t("overview.changes_heading"))
    if since:
        st.caption(t("overview.changes_since", time=format_time(datetime.fromisoformat(since))))
    else:
        st.caption(t("overview.first_publish"))
    files = q.files_since(snap, since)
    if files.is_empty():
        st.info(t("overview.no_changes"))
        return
    counts = files.group_by("status").len()
    st.markdown(
        " · ".join(f"**{n}** {t(f'submission.{s}')}" for s, n in counts.sort("len", descending=True).iter_rows())
    )
    st.dataframe(
        files.head(200).select(
            pl.col("received_at").alias(t("overview.received_at")),
            pl.col("name_vi").fill_null(t("quality.unreadable")).alias(t("col.province")),
            pl.col("period_code").alias(t("ranking.period")),
            pl.col("status")
            .replace_strict({s: t(f"submission.{s}") for s in set(files["status"])})
            .alias(t("col.status")),
            pl.col("file_name").alias(t("quality.file")),
        ),
        hide_index=True,
        key="overview_changes",
    )


_render(data.current_snapshot())
