"""Hồ sơ tỉnh / Province profile: everything about one province or unit on one page.

Every indicator over time (with plan targets and achievement) against its region and the country; where two
reporters disagree, both side by side; a unit of 2025 also shows the histories of the old provinces it joined;
then its cooperatives by sector, status and rating, its OCOP products by stars and group, and its reporting
history. Full years and half-years are never mixed: one period type at a time.
"""

from __future__ import annotations

import plotly.express as px
import plotly.graph_objects as go
import polars as pl
import streamlit as st

from apps.streamlit import data, widgets
from apps.streamlit.data import profile as q
from apps.streamlit.downloads import download_buttons
from apps.streamlit.formatting import PLOTLY_SEPARATORS, amount, axis_ticks, styled, styled_by_row
from apps.streamlit.i18n import lang, period_label, reporter_name, t
from apps.streamlit.provenance import format_time, published_at
from sources.core.vn_text import unit_label


def _render(snap: data.Snapshot) -> None:
    top = st.columns([3, 3, 2])
    province = widgets.pick_province(snap, container=top[0])
    key, pset = province["province_key"], province["province_set"]
    period_type = widgets.pick_period_type(container=top[2])
    series = q.series(snap, key, pset, period_type)
    members = _members(snap, province)
    _identity(snap, province)
    if series.is_empty():
        st.info(t("profile.no_values"))
    else:
        indicator = widgets.pick_indicator(snap, container=top[1])
        reps = [r for r in widgets.REPORTER_ORDER if r in set(series["reporter"])]
        reporter = widgets.pick_reporter(reps or sorted(set(series["reporter"])))
        if indicator is not None:
            _indicator_chart(snap, province, series, indicator, period_type, reporter)
        _latest_table(snap, province, series, period_type, reporter)
        _reporters_side_by_side(series)
    st.subheader(t("profile.coops_heading"))
    _cooperatives(snap, members)
    st.subheader(t("profile.ocop_heading"))
    _ocop(snap, members)
    st.subheader(t("profile.history_heading"))
    history = q.reporting_history(snap, members)
    _history(history)


def _members(snap: data.Snapshot, province: dict) -> tuple[str, ...]:
    provs = data.provinces(snap)
    olds = provs.filter(pl.col("successor_key") == province["province_key"])["province_key"].to_list()
    return (province["province_key"], *olds)


def _identity(snap: data.Snapshot, province: dict) -> None:
    provs = data.provinces(snap)
    if province["province_set"] == "new34":
        olds = provs.filter(pl.col("successor_key") == province["province_key"])["name_vi"].to_list()
        st.caption(t("profile.unit_made_of", names=", ".join(olds), region=province["region_name_vi"]))
    else:
        succ = provs.filter(pl.col("province_key") == province["successor_key"])["name_vi"].to_list()
        st.caption(t("profile.old_became", name=succ[0] if succ else "—", region=province["region_name_vi"]))


def _indicator_chart(snap, province, series, indicator, period_type, reporter) -> None:
    code, unit = indicator["indicator_code"], indicator["unit"]
    mine = series.filter((pl.col("indicator_code") == code) & (pl.col("reporter") == reporter))
    st.subheader(f"{indicator[widgets.name_col()]} — {t(f'trend.type.{period_type}')}")
    if mine.is_empty():
        st.info(t("profile.no_indicator_values"))
        return
    bench = q.benchmarks(snap, province["province_set"], province["region_code"], period_type, reporter).filter(
        pl.col("indicator_code") == code
    )
    fig = go.Figure()
    partial = mine["coverage"].fill_null(1) < 1
    fig.add_scatter(
        x=mine["period_code"].to_list(),
        y=mine["value"].to_list(),
        name=province["name_vi"],
        mode="lines+markers",
        marker={"symbol": ["circle-open" if p else "circle" for p in partial], "size": 10, "color": "#2e7d32"},
        line={"color": "#2e7d32", "width": 3},
        hovertext=[f"{p}: {amount(v, unit)}" for p, v in zip(mine["period_code"], mine["value"], strict=True)],
        hoverinfo="text",
    )
    if mine["target"].is_not_null().any():
        fig.add_scatter(
            x=mine["period_code"].to_list(),
            y=mine["target"].to_list(),
            name=t("profile.target"),
            mode="markers",
            marker={"symbol": "line-ew-open", "size": 18, "color": "#ef6c00", "line": {"width": 3}},
        )
    bench = bench.sort("end_date")
    for col, key, colour in (
        ("region_mean", "compare.region_mean", "#1565c0"),
        ("national_mean", "compare.national_mean", "#616161"),
    ):
        fig.add_scatter(
            x=bench["period_code"].to_list(),
            y=bench[col].to_list(),
            name=t(key),
            mode="lines",
            line={"dash": "dash", "color": colour},
        )
    if province["province_set"] == "new34":
        for (name,), old in q.predecessors(snap, province["province_key"], code, period_type, reporter).group_by(
            "name_vi", maintain_order=True
        ):
            fig.add_scatter(
                x=old["period_code"].to_list(),
                y=old["value"].to_list(),
                name=f"{name} ({t('profile.old')})",
                mode="lines",
                line={"width": 1, "dash": "dot"},
                opacity=0.7,
            )
    values = [*mine["value"], *mine["target"], *bench["national_mean"], *bench["region_mean"]]
    fig.update_layout(
        height=420,
        margin={"l": 8, "r": 8, "t": 24, "b": 8},
        separators=PLOTLY_SEPARATORS[lang()],
        xaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": sorted(set(bench["period_code"]) | set(mine["period_code"])),
        },
        yaxis={"title": unit_label(unit, lang()), **axis_ticks(values, unit)},
        legend={"orientation": "h", "y": -0.2},
    )
    widgets.show_chart(fig, key="profile_chart")
    st.caption(t("profile.chart_note"))


def _latest_table(snap, province, series, period_type, reporter) -> None:
    """Every indicator in the latest period the province has, with target, achievement, region and country."""
    mine = series.filter(pl.col("reporter") == reporter)
    if mine.is_empty():
        return
    latest = mine.filter(pl.col("end_date") == pl.col("end_date").max())
    period = latest["period_code"][0]
    bench = q.benchmarks(snap, province["province_set"], province["region_code"], period_type, reporter)
    inds = data.indicators(snap).select("indicator_code", "name_vi", "name_en", "unit")
    table = (
        latest.join(inds, on="indicator_code", how="left")
        .join(bench.filter(pl.col("period_code") == period), on=["indicator_code", "period_code"], how="left")
        .with_columns((pl.col("value") / pl.col("target")).alias("achievement"))
    )
    st.subheader(t("profile.latest_heading", period=period_label(period)))
    shown = table.sort("indicator_code").select(
        pl.col(widgets.name_col()).alias(t("ranking.indicator")),
        pl.col("unit").alias(t("profile.unit")),
        pl.col("value").alias(t("profile.value")),
        pl.col("target").alias(t("profile.target")),
        pl.col("achievement").alias(t("profile.achievement")),
        pl.col("region_mean").alias(t("compare.region_mean")),
        pl.col("national_mean").alias(t("compare.national_mean")),
        widgets.status_label().alias(t("col.status")),
    )
    amounts = [t("profile.value"), t("profile.target"), t("compare.region_mean"), t("compare.national_mean")]
    st.dataframe(
        styled_by_row(shown, t("profile.unit"), amounts, [t("profile.achievement")]),
        hide_index=True,
        key="profile_latest",
    )
    export = table.select(
        "indicator_code",
        pl.col(widgets.name_col()).alias(t("ranking.indicator")),
        "unit",
        "value",
        "target",
        "achievement",
        "region_mean",
        "national_mean",
        "obs_status",
        "provenance",
        "coverage",
    )
    download_buttons(
        export,
        file_stem=f"htx_profile_{province['province_key'].replace(':', '_')}_{period}",
        notes=[
            (t("col.province"), province["name_vi"]),
            (t("ranking.period"), period_label(period)),
            (t("ranking.reporter"), reporter_name(reporter)),
            (t("download.snapshot"), format_time(published_at(snap))),
            (t("col.provenance"), t("footer.text")),
            (t("col.status"), t("status.note")),
        ],
        labels=(t("download.csv"), t("download.xlsx")),
        key="profile_download",
        number_formats={"achievement": "0%", "coverage": "0%"},
    )


def _reporters_side_by_side(series: pl.DataFrame) -> None:
    """Where two reporters give a figure for the same indicator and period, show both."""
    both = series.filter(pl.len().over("indicator_code", "period_code") > 1)
    if both.is_empty():
        return
    st.subheader(t("profile.reporters_heading"))
    st.caption(t("profile.reporters_note"))
    wide = both.with_columns(pl.col("reporter").replace_strict({r: reporter_name(r) for r in set(both["reporter"])}))
    wide = wide.pivot("reporter", index=["indicator_code", "period_code"], values="value").sort("period_code")
    st.dataframe(styled(wide), hide_index=True, key="profile_reporters")


def _cooperatives(snap: data.Snapshot, members: tuple[str, ...]) -> None:
    period = q.latest_list_period(snap, members, "fct_cooperative_snapshot")
    if period is None:
        st.info(t("profile.no_list"))
        return
    st.caption(t("profile.list_period", period=period_label(period)))
    cols = st.columns(3)
    for col, column in zip(cols, ("sector", "status", "rating"), strict=True):
        counts = q.cooperatives_by(snap, members, period, column)
        fig = px.bar(counts.to_pandas(), x="n", y="category", orientation="h", title=t(f"profile.by_{column}"))
        fig.update_layout(
            height=260,
            margin={"l": 8, "r": 8, "t": 36, "b": 8},
            xaxis_title=None,
            yaxis_title=None,
            yaxis={"categoryorder": "total ascending", "automargin": True},
            separators=PLOTLY_SEPARATORS[lang()],
        )
        fig.update_traces(marker_color="#2e7d32")
        widgets.show_chart(fig, key=f"profile_coops_{column}", container=col)


def _ocop(snap: data.Snapshot, members: tuple[str, ...]) -> None:
    period = q.latest_list_period(snap, members, "fct_ocop_products")
    if period is None:
        st.info(t("profile.no_list"))
        return
    mix = q.ocop_mix(snap, members, period).with_columns(pl.format("{} ★", pl.col("stars")).alias("stars_label"))
    st.caption(t("profile.list_period", period=period_label(period)))
    fig = px.bar(
        mix.to_pandas(),
        x="n",
        y="product_group",
        color="stars_label",
        orientation="h",
        color_discrete_map={"3 ★": "#a5d6a7", "4 ★": "#43a047", "5 ★": "#1b5e20"},
        labels={"n": t("ocop.products"), "product_group": "", "stars_label": t("ocop.stars")},
    )
    fig.update_layout(height=300, margin={"l": 8, "r": 8, "t": 8, "b": 8}, legend={"orientation": "h", "y": -0.2})
    widgets.show_chart(fig, key="profile_ocop")


def _history(history: pl.DataFrame) -> None:
    if history.is_empty():
        st.info(t("profile.no_history"))
        return
    st.dataframe(
        history.select(
            pl.col("period_code").alias(t("ranking.period")),
            pl.col("name_vi").alias(t("col.province")),
            pl.col("reporter")
            .replace_strict({r: reporter_name(r) for r in set(history["reporter"])})
            .alias(t("ranking.reporter")),
            pl.col("status")
            .replace_strict({s: t(f"completeness.{s}") for s in set(history["status"])})
            .alias(t("completeness.status")),
            pl.col("due_date").alias(t("completeness.due")),
            pl.col("first_accepted_on").alias(t("completeness.sent")),
            pl.col("n_files").alias(t("completeness.files")),
        ),
        hide_index=True,
        key="profile_history",
    )


_render(data.current_snapshot())
