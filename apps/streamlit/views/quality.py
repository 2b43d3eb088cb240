"""Chất lượng số liệu / Data quality: what the gate refused, what it flagged, and where in each file.

For the data engineer and the provincial officer alike: every issue names its rule, its severity
(an error quarantined the file; a warning published the value with a flag) and the sheet and cell.
"""

from __future__ import annotations

import os

import plotly.express as px
import polars as pl
import streamlit as st

from apps.streamlit import data
from apps.streamlit.i18n import lang, period_label, t
from sources.core.home import HtxHome

ALL = "__all__"


def _render(snap: data.Snapshot) -> None:
    periods = [ALL, *data.submission_periods(snap)]
    labels = {p: t("quality.all_periods") if p == ALL else period_label(p) for p in periods}
    chosen = st.selectbox(t("ranking.period"), periods, format_func=labels.__getitem__, key="quality_period")
    period = None if chosen == ALL else chosen

    provinces = data.quality_by_province(snap, period)
    issues = data.quality_issues(snap, period)
    totals = (
        provinces.select(pl.exclude("name_vi", "province_key").sum()).row(0, named=True)
        if provinces.height
        else {"accepted": 0, "quarantined": 0, "superseded": 0, "flagged": 0}
    )
    cols = st.columns(4)
    cols[0].metric(t("quality.accepted"), totals["accepted"])
    cols[1].metric(t("quality.quarantined"), totals["quarantined"])
    cols[2].metric(t("quality.flagged"), totals["flagged"])
    cols[3].metric(t("quality.superseded"), totals["superseded"])
    st.caption(t("quality.explain"))
    _data_docs_link()

    if issues.is_empty():
        st.success(t("quality.no_issues"))
        return
    _chart(issues)
    severities = st.multiselect(
        t("quality.severity"),
        ["error", "warning"],
        default=["error", "warning"],
        format_func=lambda s: t(f"quality.severity.{s}"),
        key="quality_severity",
    )
    _issue_table(issues.filter(pl.col("severity").is_in(severities)))
    st.subheader(t("quality.by_province"))
    st.dataframe(
        provinces.select(
            pl.col("name_vi").fill_null(t("quality.unreadable")).alias(t("col.province")),
            pl.col("accepted").alias(t("quality.accepted")),
            pl.col("quarantined").alias(t("quality.quarantined")),
            pl.col("flagged").alias(t("quality.flagged")),
            pl.col("superseded").alias(t("quality.superseded")),
        ),
        hide_index=True,
        key="quality_provinces",
    )


def _data_docs_link() -> None:
    """Great Expectations' own report of the gate: suites, results and failing rows of the latest runs."""
    index = HtxHome.from_env().data_docs / "index.html"
    url = os.environ.get("HTX_DATA_DOCS_URL")
    if not index.exists():
        st.caption(t("quality.no_data_docs"))
    elif url:
        st.link_button(t("quality.data_docs"), url, icon=":material/open_in_new:")
    else:
        st.caption(t("quality.data_docs_path", path=index))


def _chart(issues: pl.DataFrame) -> None:
    counts = (
        issues.group_by("rule_id", "severity")
        .len("n")
        .with_columns(
            pl.col("severity")
            .replace({s: t(f"quality.severity.{s}") for s in ("error", "warning")})
            .alias("severity_label")
        )
        .sort("n", descending=True)
    )
    labels = {"n": t("quality.count"), "rule_id": t("quality.rule"), "severity_label": t("quality.severity")}
    # Log scale: one rule may count in thousands while a single refused file still has to be visible.
    fig = px.bar(
        counts.to_pandas(),
        x="n",
        y="rule_id",
        color="severity_label",
        orientation="h",
        labels=labels,
        log_x=True,
        color_discrete_map={t("quality.severity.error"): "#c62828", t("quality.severity.warning"): "#f9a825"},
        title=t("quality.chart_title"),
    )
    fig.update_layout(height=max(280, 28 * counts.height + 120), yaxis={"categoryorder": "total ascending"})
    st.plotly_chart(fig, key="quality_chart")


def _issue_table(issues: pl.DataFrame) -> None:
    message = "message_vi" if lang() == "vi" else "message_en"
    where = pl.concat_str(
        [pl.col("sheet"), pl.col("cell").fill_null(pl.lit(t("quality.row")) + pl.col("sheet_row").cast(pl.String))],
        separator=" · ",
        ignore_nulls=True,
    )
    st.dataframe(
        issues.select(
            pl.col("severity")
            .replace({s: t(f"quality.severity.{s}") for s in ("error", "warning")})
            .alias(t("quality.severity")),
            pl.col("name_vi").fill_null(t("quality.unreadable")).alias(t("col.province")),
            pl.col("period_code").alias(t("ranking.period")),
            pl.col("file_name").alias(t("quality.file")),
            where.alias(t("quality.where")),
            pl.col("rule_id").alias(t("quality.rule")),
            pl.col(message).alias(t("quality.message")),
        ),
        hide_index=True,
        placeholder="—",
        key="quality_issues",
    )


_render(data.current_snapshot())
