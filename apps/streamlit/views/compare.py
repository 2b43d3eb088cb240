"""So sánh / Compare: one indicator, one period, one reporter across provinces — ranking, map and table.

Provinces without a value are listed as "not reported" and never drawn or ranked as 0. On the 34 units, a
figure only some old provinces are behind (a partial roll-up) is shown apart and never ranked among whole
ones. Reference lines give the region's and the country's mean per province.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from apps.streamlit import data, state, widgets
from apps.streamlit.data import compare as q
from apps.streamlit.downloads import download_buttons
from apps.streamlit.formatting import PLOTLY_SEPARATORS, amount, axis_ticks, styled
from apps.streamlit.i18n import format_day, lang, period_label, reporter_name, t
from apps.streamlit.provenance import format_time, published_at
from apps.streamlit.rules import flag_words
from sources.core.vn_text import unit_label


def _render(snap: data.Snapshot) -> None:
    top = st.columns([3, 2, 3])
    indicator = widgets.pick_indicator(snap, container=top[0])
    if indicator is None:
        return
    code, unit = indicator["indicator_code"], indicator["unit"]
    picked = widgets.pick_period(snap, code, container=top[1])
    if picked is None:
        st.info(t("ranking.no_indicators"))
        return
    period, end_date = picked
    province_set = data.province_set_for(snap, end_date)
    reps = data.reporters(snap, code, period, province_set)
    counts = dict(zip(reps["reporter"], reps["provinces"], strict=True))
    reporter = widgets.pick_reporter(list(counts), counts or None, container=top[2])

    row = st.columns([3, 2])
    boundaries = ["old63", "new34"] if province_set == "old63" else ["new34"]
    boundary = state.choose(
        row[0].radio,
        "boundary",
        t("ranking.boundary"),
        boundaries,
        default=province_set,
        format_func=lambda b: t(f"ranking.boundary.{b}"),
        horizontal=True,
        disabled=len(boundaries) == 1,  # after the merger there is one map: shown, not offered
    )
    region = widgets.pick_region(snap, container=row[1])
    if boundary == province_set:
        df = q.ranking(snap, code, period, reporter, province_set)
    else:
        df = q.ranking_new34(snap, code, period, reporter)
        st.caption(t("ranking.new34_note", day=format_day(data.merger_date(snap))))
    _summary(snap, df, code, period, reporter, province_set, boundary)
    shown = df if region == "all" else df.filter(pl.col("region_code") == region)

    reported = shown.filter(pl.col("value").is_not_null())
    whole = reported.filter(pl.col("rank").is_not_null())
    partial = reported.filter(pl.col("rank").is_null())
    title = f"{indicator[widgets.name_col()] or code} — {period_label(period)}"
    st.subheader(title)
    if reported.is_empty():
        st.info(t("ranking.nothing_reported"))
    else:
        left, right = st.columns([1, 1])
        with left:
            _chart(whole, df, unit, region)
        with right:
            widgets.province_map(df, boundary, unit, key="compare_map")
    if not partial.is_empty():
        st.markdown(t("compare.partial_heading"))
        st.caption(t("compare.partial_note"))
        _table(partial, unit, key="compare_partial")
    _table(shown, unit, key="compare_table")
    _downloads(snap, shown, indicator, period, reporter, boundary)
    if reported["obs_status"].is_in(["estimated", "preliminary"]).any():
        st.caption(t("status.note"))
    missing = shown.filter(pl.col("value").is_null())
    if not missing.is_empty():
        st.caption(t("ranking.missing_list", n=missing.height, names=", ".join(missing["name_vi"])))


def _summary(snap, df, code, period, reporter, province_set, boundary) -> None:
    reported = df.filter(pl.col("value").is_not_null()).height
    st.metric(
        t("ranking.reported"),
        f"{reported} / {df.height}",
        help=t("ranking.reported_help", set_name=t(f"ranking.set.{boundary}")),
    )
    stray = q.outside_set(snap, code, period, reporter, province_set)
    if stray:
        st.warning(t("ranking.outside_set", n=stray))


def _labels(df: pl.DataFrame) -> pl.Expr:
    partial = pl.when(pl.col("coverage") < 1).then(pl.lit(" ◐")) if "coverage" in df.columns else None
    parts = [pl.col("name_vi"), widgets.status_mark()]
    if partial is not None:
        parts.append(partial.otherwise(pl.lit("")))
    parts.append(pl.when(pl.col("is_flagged")).then(pl.lit(" ⚠")).otherwise(pl.lit("")))
    return pl.concat_str(parts)


def _chart(whole: pl.DataFrame, everyone: pl.DataFrame, unit: str, region: str) -> None:
    """Horizontal bars, highest on top, with the region's and the country's mean per province as lines."""
    if whole.is_empty():
        return
    plot = whole.with_columns(_labels(whole).alias("label"))
    texts = [amount(v, unit) for v in plot["value"]]
    fig = go.Figure(
        go.Bar(
            x=plot["value"].to_list(),
            y=plot["label"].to_list(),
            orientation="h",
            text=texts,
            textposition="auto",
            customdata=plot["province_key"].to_list(),
            hovertext=[f"{n}: {v}" for n, v in zip(plot["label"], texts, strict=True)],
            hoverinfo="text",
            marker_color="#2e7d32",
        )
    )
    lines = [("compare.national_mean", everyone, "#616161")]
    if region != "all":
        lines.append(("compare.region_mean", whole, "#1565c0"))
    for key, frame, colour in lines:
        mean = frame.filter(pl.col("rank").is_not_null())["value"].mean()
        if mean is not None:
            fig.add_vline(x=mean, line_dash="dash", line_color=colour)
            fig.add_annotation(
                x=mean,
                y=1.02,
                yref="paper",
                text=f"{t(key)}: {amount(mean, unit)}",
                showarrow=False,
                font={"color": colour, "size": 11},
                xanchor="left",
            )
    fig.update_layout(
        height=max(320, 24 * plot.height + 120),
        margin={"l": 8, "r": 8, "t": 40, "b": 8},
        separators=PLOTLY_SEPARATORS[lang()],
        yaxis={"categoryorder": "array", "categoryarray": plot["label"].to_list()[::-1], "automargin": True},
        xaxis={"title": unit_label(unit, lang()), **axis_ticks(plot["value"], unit)},
        showlegend=False,
    )
    event = widgets.show_chart(fig, key="compare_chart", on_select="rerun", selection_mode="points")
    widgets.open_profile_on_click(event)


def _table(df: pl.DataFrame, unit: str, key: str) -> None:
    submitted_note = (
        pl.when(pl.col("submitted")).then(pl.lit(t("note.blank"))).otherwise(pl.lit(t("note.no_submission")))
    )
    value_col, target_col = (
        t("col.value", unit=unit_label(unit, lang())),
        t("col.target", unit=unit_label(unit, lang())),
    )
    table = df.select(
        pl.col("rank").alias(t("col.rank")),
        pl.col("name_vi").alias(t("col.province")),
        pl.col("value").alias(value_col),
        pl.col("target").alias(target_col),
        pl.when(pl.col("value").is_not_null()).then(widgets.status_label()).alias(t("col.status")),
        pl.when(pl.col("value").is_not_null()).then(widgets.provenance_label()).alias(t("col.provenance")),
        pl.when(pl.col("value").is_null())
        .then(submitted_note)
        .otherwise(pl.col("provenance_note"))
        .alias(t("col.note")),
        pl.when(pl.col("is_flagged"))
        .then(pl.lit("⚠ ") + flag_words().fill_null(""))
        .otherwise(pl.lit(""))
        .alias(t("col.flag")),
    )
    percents = []
    if "coverage" in df.columns:  # rolled-up view: how much of each unit is behind its figure
        table = table.insert_column(3, df["coverage"].alias(t("col.coverage")))
        percents.append(t("col.coverage"))
    if df["target"].is_null().all():
        table = table.drop(target_col)
    amounts = {c: unit for c in (value_col, target_col) if c in table.columns}
    st.dataframe(styled(table, amounts, percents), hide_index=True, key=key)


def _downloads(snap, shown: pl.DataFrame, indicator: dict, period: str, reporter: str, boundary: str) -> None:
    unit = indicator["unit"]
    frame = shown.select(
        pl.col("rank").alias(t("col.rank")),
        pl.col("province_key"),
        pl.col("name_vi").alias(t("col.province")),
        pl.col("value").alias(t("col.value", unit=unit)),
        pl.col("target").alias(t("col.target", unit=unit)),
        *([pl.col("coverage").alias(t("col.coverage"))] if "coverage" in shown.columns else []),
        pl.col("obs_status").alias(t("col.status")),
        pl.col("provenance").alias(t("col.provenance")),
        pl.col("provenance_note").alias(t("col.note")),
        pl.col("is_flagged").alias(t("col.flag")),
        flag_words().alias(t("col.flag_reasons")),
    )
    notes = [
        (t("ranking.indicator"), f"{indicator[widgets.name_col()]} ({indicator['indicator_code']}, {unit})"),
        (t("ranking.period"), period_label(period)),
        (t("ranking.reporter"), reporter_name(reporter)),
        (t("ranking.boundary"), t(f"ranking.boundary.{boundary}")),
        (t("download.snapshot"), format_time(published_at(snap))),
        (t("col.provenance"), t("footer.text")),
        (t("col.status"), t("status.note")),
        (t("col.coverage"), t("ranking.new34_note", day=format_day(data.merger_date(snap)))),
        (t("col.flag"), t("quality.explain")),
    ]
    download_buttons(
        frame,
        file_stem=f"htx_{indicator['indicator_code']}_{period}_{boundary}",
        notes=notes,
        labels=(t("download.csv"), t("download.xlsx")),
        key="compare_download",
        number_formats={t("col.coverage"): "0%"},
    )


_render(data.current_snapshot())
