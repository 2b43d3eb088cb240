"""Xu hướng / Trend: one indicator over the years, on the 34 units of 2025 so the merger does not break lines.

Before 2025-07-01 each unit's figure is its old provinces rolled up (fct_indicator_values_new34); a point
that not every old province is behind is drawn hollow and named in the table, never joined as if whole.
"""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from apps.streamlit import data, widgets
from apps.streamlit.i18n import format_day, format_number, lang, reporter_name, t
from sources.core.reference import REPORTERS

PERIOD_TYPES = ["FY", "H1"]
DEFAULT_REPORTER = "lien_minh_htx"


def _render(snap: data.Snapshot) -> None:
    left, middle, right = st.columns([3, 1, 2])
    indicator = widgets.pick_indicator(snap, key="trend_indicator", container=left)
    if indicator is None:
        return
    code = indicator["indicator_code"]
    period_type = middle.radio(
        t("trend.period_type"),
        PERIOD_TYPES,
        key="trend_period_type",
        format_func=widgets.labels(PERIOD_TYPES, lambda p: t(f"trend.type.{p}")),
    )
    reporters = [r for r in REPORTERS if r in set(data.reporters_new34(snap, code))] or [DEFAULT_REPORTER]
    reporter = right.selectbox(
        t("ranking.reporter"), reporters, key="trend_reporter", format_func=widgets.labels(reporters, reporter_name)
    )
    series = data.trend(snap, code, period_type, reporter)
    if series.is_empty():
        st.info(t("ranking.nothing_reported"))
        return
    latest = series.filter(pl.col("end_date") == pl.col("end_date").max()).sort("value", descending=True)
    names = series.select("name_vi").unique().sort("name_vi")["name_vi"].to_list()
    chosen = st.multiselect(
        t("trend.provinces"),
        names,
        default=latest["name_vi"].head(5).to_list(),
        key=f"trend_provinces:{code}:{period_type}:{reporter}",
    )
    st.caption(t("trend.note", day=format_day(data.merger_date(snap))))
    shown = series.filter(pl.col("name_vi").is_in(chosen))
    _chart(snap, shown, indicator, period_type)
    _table(shown, indicator["unit"])


def _chart(snap: data.Snapshot, series: pl.DataFrame, indicator: dict, period_type: str) -> None:
    lng = lang()
    fig = go.Figure()
    for (name,), points in series.group_by("name_vi", maintain_order=True):
        complete = points["is_complete"].to_list()
        # A diamond is an estimate or preliminary figure; hollow, a figure not every old province is behind.
        shapes = ["circle" if s == "official" else "diamond" for s in points["obs_status"].to_list()]
        marks = points.select(widgets.status_mark())["obs_status"].to_list()
        fig.add_trace(
            go.Scatter(
                x=points["year"].to_list(),
                y=points["value"].to_list(),
                name=name,
                mode="lines+markers",
                marker={"symbol": [s if c else f"{s}-open" for s, c in zip(shapes, complete, strict=True)], "size": 9},
                text=[format_number(v, lng) + m for v, m in zip(points["value"], marks, strict=True)],
                hovertemplate=f"{name} %{{x}}: %{{text}} {indicator['unit']}<extra></extra>",
            )
        )
    # Between the last period that ended before the merger and the first one reported by the 34 units
    # (with a merger on 2025-07-01: H1 2025 still ends before it, FY 2025 is the first full year after it).
    merger = data.merger_date(snap)
    first_after = merger.year if _period_end(merger.year, period_type) >= merger else merger.year + 1
    fig.add_vline(
        x=first_after - 0.5,
        line_dash="dot",
        line_color="grey",
        annotation_text=t("trend.merger", day=format_day(merger, lng)),
        annotation_position="top left",
    )
    fig.update_layout(
        title=f"{indicator['name_vi' if lng == 'vi' else 'name_en']} — {t(f'trend.type.{period_type}')}",
        xaxis={"title": t("trend.year"), "dtick": 1},
        yaxis={"title": indicator["unit"]},
        separators=",." if lng == "vi" else ".,",
        height=480,
        legend={"orientation": "h", "y": -0.2},
    )
    st.plotly_chart(fig, key="trend_chart")


def _period_end(year: int, period_type: str) -> date:
    return date(year, 12, 31) if period_type == "FY" else date(year, 6, 30)


def _table(series: pl.DataFrame, unit: str) -> None:
    lng = lang()
    st.dataframe(
        series.select(
            pl.col("name_vi").alias(t("col.province")),
            pl.col("period_code").alias(t("ranking.period")),
            pl.col("value")
            .map_elements(lambda v: format_number(v, lng), return_dtype=pl.String)
            .alias(t("col.value", unit=unit)),
            widgets.coverage_text().alias(t("col.coverage")),
            widgets.status_label().alias(t("col.status")),
        ),
        hide_index=True,
        key="trend_table",
    )
    if series["obs_status"].is_in(["estimated", "preliminary"]).any():
        st.caption(t("status.note"))


_render(data.current_snapshot())
