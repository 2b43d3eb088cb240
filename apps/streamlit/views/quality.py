"""Chất lượng & tiến độ / Quality and completeness: who reported on time, what was refused and why, what is flagged.

For the provincial officer and the data engineer alike: a province × period grid of on time / late / missing /
quarantined, the refused files with the reason in words (the message the province received, never a rule code),
and the published values that carry a warning.
"""

from __future__ import annotations

import os

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from apps.streamlit import data, state, widgets
from apps.streamlit.data import quality as q
from apps.streamlit.downloads import download_buttons
from apps.streamlit.formatting import styled
from apps.streamlit.i18n import lang, period_label, t
from apps.streamlit.rules import flag_words, rule_title
from sources.core.home import HtxHome

ALL = "all"


def _render(snap: data.Snapshot) -> None:
    top = st.columns([2, 3])
    reporter = widgets.pick_reporter(widgets.REPORTER_ORDER, container=top[1])
    ptype = widgets.pick_period_type(container=top[0])
    st.subheader(t("quality.grid_heading"))
    _grid(q.completeness(snap, reporter, ptype))

    periods = [ALL, *q.submission_periods(snap)]
    period = state.choose(
        st.selectbox,
        "period",
        t("ranking.period"),
        periods,
        default=ALL,
        format_func=lambda p: t("quality.all_periods") if p == ALL else period_label(p),
    )
    chosen = None if period == ALL else period
    _totals(q.quality_by_province(snap, chosen))
    st.subheader(t("quality.refused_heading"))
    _refused(q.quality_issues(snap, chosen, "error"))
    st.subheader(t("quality.flagged_heading"))
    _flagged(q.flagged_values(snap, chosen))
    _by_rule(q.issue_counts(snap, chosen))
    _data_docs_link()


def _grid(grid: pl.DataFrame) -> None:
    """Rows: provinces (the 34 units, then the 63 old provinces for periods before the merger); columns: periods."""
    if grid.is_empty():
        st.info(t("quality.no_grid"))
        return
    statuses = list(widgets.STATUS_COLOURS)
    codes = {s: n for n, s in enumerate(statuses)}
    periods = grid.select("period_code", "end_date").unique().sort("end_date")["period_code"].to_list()
    rows = grid.sort("province_set", "name_vi")  # new34 before old63
    names = (
        rows.select(
            pl.col("name_vi") + pl.when(pl.col("province_set") == "old63").then(pl.lit(" ·")).otherwise(pl.lit(""))
        )
        .to_series()
        .unique(maintain_order=True)
        .to_list()
    )
    labelled = grid.with_columns(
        (pl.col("name_vi") + pl.when(pl.col("province_set") == "old63").then(pl.lit(" ·")).otherwise(pl.lit(""))).alias(
            "row"
        ),
        pl.col("status").replace_strict(codes, return_dtype=pl.Int64).alias("code"),
    )
    wide = labelled.pivot("period_code", index="row", values="code").to_pandas().set_index("row")
    wide = wide.reindex(index=names, columns=periods)
    label = {n: t(f"completeness.{s}") for s, n in codes.items()}
    text = wide.map(lambda c: "" if c != c else label[int(c)])
    scale = []
    for n, s in enumerate(statuses):  # a discrete colour scale: one band per status
        colour = widgets.STATUS_COLOURS[s][0]
        scale += [[n / len(statuses), colour], [(n + 1) / len(statuses), colour]]
    fig = go.Figure(
        go.Heatmap(
            z=wide.values,
            x=periods,
            y=names,
            text=text.values,
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
            colorscale=scale,
            zmin=-0.5,
            zmax=len(statuses) - 0.5,
            showscale=False,
            xgap=1,
            ygap=1,
        )
    )
    fig.update_layout(
        height=max(360, 14 * len(names) + 80),
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        yaxis={"autorange": "reversed", "automargin": True, "tickfont": {"size": 10}},
        xaxis={"side": "top"},
    )
    widgets.show_chart(fig, key="quality_grid")
    st.caption(t("quality.grid_note") + "  \n" + widgets.status_legend())


def _totals(provinces: pl.DataFrame) -> None:
    totals = (
        provinces.select(pl.exclude("name_vi", "province_key").sum()).row(0, named=True)
        if provinces.height
        else {"accepted": 0, "quarantined": 0, "superseded": 0, "flagged": 0}
    )
    cols = st.columns(4)
    for col, name in zip(cols, ("accepted", "quarantined", "flagged", "superseded"), strict=True):
        col.metric(t(f"quality.{name}"), totals[name], border=True)
    st.caption(t("quality.explain"))


def _refused(errors: pl.DataFrame) -> None:
    if errors.is_empty():
        st.success(t("quality.no_refused"))
        return
    message = "message_vi" if lang() == "vi" else "message_en"
    where = pl.concat_str(
        [pl.col("sheet"), pl.col("cell").fill_null(pl.lit(t("quality.row")) + pl.col("sheet_row").cast(pl.String))],
        separator=" · ",
        ignore_nulls=True,
    )
    table = errors.select(
        pl.col("name_vi").fill_null(t("quality.unreadable")).alias(t("col.province")),
        pl.col("period_code").alias(t("ranking.period")),
        pl.col("file_name").alias(t("quality.file")),
        where.alias(t("quality.where")),
        pl.col(message).alias(t("quality.reason")),
    )
    st.dataframe(table, hide_index=True, placeholder="—", key="quality_refused")
    download_buttons(
        table,
        file_stem="htx_refused_files",
        notes=[(t("quality.refused_heading"), t("quality.explain"))],
        labels=(t("download.csv"), t("download.xlsx")),
        key="quality_refused_download",
    )


def _flagged(flagged: pl.DataFrame) -> None:
    if flagged.is_empty():
        st.success(t("quality.no_flagged"))
        return
    table = flagged.select(
        pl.col("name_vi").alias(t("col.province")),
        pl.col("period_code").alias(t("ranking.period")),
        pl.col("indicator_vi" if lang() == "vi" else "indicator_en").alias(t("ranking.indicator")),
        pl.col("value").alias(t("profile.value")),
        flag_words().alias(t("quality.reason")),
    )
    if flagged.height >= q.FLAGGED_ROWS_SHOWN:
        st.caption(t("quality.flagged_cut", n=q.FLAGGED_ROWS_SHOWN))
    st.dataframe(styled(table), hide_index=True, placeholder="—", key="quality_flagged")


def _by_rule(counts: pl.DataFrame) -> None:
    if counts.is_empty():
        return
    with st.expander(t("quality.by_rule")):
        counts = counts.with_columns(
            pl.col("rule_id").map_elements(rule_title, return_dtype=pl.String).alias(t("quality.rule")),
            pl.col("severity").replace_strict({s: t(f"quality.severity.{s}") for s in ("error", "warning")}),
        ).sort("n", descending=True)
        st.dataframe(
            counts.select(
                t("quality.rule"),
                pl.col("severity").alias(t("quality.severity")),
                pl.col("n").alias(t("quality.count")),
            ),
            hide_index=True,
            key="quality_rules",
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
        st.caption(t("quality.data_docs_served_by"))


_render(data.current_snapshot())
