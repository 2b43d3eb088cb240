"""Xếp hạng tỉnh / Province ranking: one indicator, one period, one reporter.

Provinces without a value are listed as "not reported" and never drawn or ranked as 0: a
blank is not a zero, and the count "reported / existed" keeps the gap visible.
"""

from __future__ import annotations

import plotly.express as px
import polars as pl
import streamlit as st

from apps.streamlit import data, widgets
from apps.streamlit.i18n import format_day, format_number, lang, period_label, reporter_name, t

DEFAULT_REPORTER = "lien_minh_htx"


def _render(snap: data.Snapshot) -> None:
    indicator = widgets.pick_indicator(snap, key="indicator")
    if indicator is None:
        return
    code = indicator["indicator_code"]
    per = data.periods(snap, code)
    end_dates = dict(zip(per["period_code"], per["end_date"], strict=True))
    if not end_dates:  # values only under periods missing from dim_period
        st.info(t("ranking.no_indicators"))
        return
    col_period, col_reporter = st.columns(2)
    # Keys include the parent choice, so a new indicator starts at its newest period.
    period = col_period.selectbox(
        t("ranking.period"),
        list(end_dates),
        format_func=widgets.labels(end_dates, period_label),
        key=f"period:{code}",
    )
    province_set = data.province_set_for(snap, end_dates[period])

    reps = data.reporters(snap, code, period, province_set)
    counts = dict(zip(reps["reporter"], reps["provinces"], strict=True))
    rep_codes = list(counts)
    if not rep_codes:  # values exist only under the other province set
        rep_codes, counts = [DEFAULT_REPORTER], {DEFAULT_REPORTER: 0}
    reporter = col_reporter.selectbox(
        t("ranking.reporter"),
        rep_codes,
        index=rep_codes.index(DEFAULT_REPORTER) if DEFAULT_REPORTER in rep_codes else 0,
        format_func=widgets.labels(
            rep_codes, lambda r: t("ranking.reporter_count", name=reporter_name(r), n=counts[r])
        ),
        key=f"reporter:{code}:{period}",
    )

    boundary = province_set
    if province_set == "old63":  # before the merger: also comparable on today's 34 units
        boundary = st.radio(
            t("ranking.boundary"),
            ["old63", "new34"],
            horizontal=True,
            format_func=widgets.labels(["old63", "new34"], lambda b: t(f"ranking.boundary.{b}")),
            key=f"boundary:{code}:{period}",
        )
    if boundary == province_set:
        df = data.ranking(snap, code, period, reporter, province_set)
    else:
        df = data.ranking_new34(snap, code, period, reporter)
        st.caption(t("ranking.new34_note", day=format_day(data.merger_date(snap))))
    reported = df.filter(pl.col("value").is_not_null())
    missing = df.filter(pl.col("value").is_null())

    st.metric(
        t("ranking.reported"),
        f"{reported.height} / {df.height}",
        help=t("ranking.reported_help", set_name=t(f"ranking.set.{boundary}")),
    )
    stray = data.outside_set(snap, code, period, reporter, province_set)
    if stray:
        st.warning(t("ranking.outside_set", n=stray))

    name_col = "name_vi" if lang() == "vi" else "name_en"
    title = t("ranking.chart_title", indicator=indicator[name_col] or code, period=period_label(period))
    if reported.is_empty():
        st.info(t("ranking.nothing_reported"))
    else:
        _chart(reported, title, indicator["unit"])
    _table(df, indicator["unit"])
    if reported["obs_status"].is_in(["estimated", "preliminary"]).any():
        st.caption(t("status.note"))
    if not missing.is_empty():
        st.caption(t("ranking.missing_list", n=missing.height, names=", ".join(missing["name_vi"])))


def _provenance_label() -> pl.Expr:
    # Labels looked up now and mapped by an expression: no Python callback reads session_state.
    known = {p: t(f"provenance.{p}") for p in ("reported", "published", "synthetic", "mixed")}
    return pl.col("provenance").replace(known)


def _formatted(col: str, lng: str) -> pl.Expr:
    return pl.col(col).map_elements(lambda v: format_number(v, lng), return_dtype=pl.String)


def _partial_mark(df: pl.DataFrame) -> pl.Expr:
    """' ◐' after a rolled-up figure that not every old province is behind."""
    if "coverage" not in df.columns:
        return pl.lit("")
    return pl.when(pl.col("coverage") < 1).then(pl.lit(" ◐")).otherwise(pl.lit(""))


def _chart(reported: pl.DataFrame, title: str, unit: str) -> None:
    lng = lang()
    # Province names stay Vietnamese in both languages: they are proper names.
    plot = reported.with_columns(
        (
            pl.col("name_vi")
            + widgets.status_mark()
            + _partial_mark(reported)
            + pl.when(pl.col("is_flagged")).then(pl.lit(" ⚠")).otherwise(pl.lit(""))
        ).alias("label"),
        _formatted("value", lng).alias("value_text"),
        _provenance_label().alias("provenance_label"),
    )
    fig = px.bar(
        plot.to_pandas(),
        x="value",
        y="label",
        orientation="h",
        color="provenance_label",
        text="value_text",
        custom_data=["value_text"],
        category_orders={"label": plot["label"].to_list()},  # highest value at the top
        labels={"value": unit, "label": "", "provenance_label": t("col.provenance")},
        title=title,
    )
    fig.update_traces(
        textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{customdata[0]} " + unit + "<extra></extra>"
    )
    fig.update_layout(
        height=max(320, 26 * plot.height + 140),
        # Plotly's separators: decimal mark first, then thousands.
        separators=",." if lng == "vi" else ".,",
        legend={"orientation": "h", "y": -0.08 if plot.height > 10 else -0.25},
    )
    st.plotly_chart(fig, key="ranking_chart")


def _table(df: pl.DataFrame, unit: str) -> None:
    lng = lang()
    not_reported = t("value.not_reported")
    submitted_note = (
        pl.when(pl.col("submitted")).then(pl.lit(t("note.blank"))).otherwise(pl.lit(t("note.no_submission")))
    )
    table = df.select(
        pl.col("rank").alias(t("col.rank")),
        pl.col("name_vi").alias(t("col.province")),
        _formatted("value", lng).fill_null(not_reported).alias(t("col.value", unit=unit)),
        _formatted("target", lng).alias(t("col.target", unit=unit)),
        pl.when(pl.col("value").is_not_null()).then(widgets.status_label()).alias(t("col.status")),
        # A blank cell has no provenance worth showing: the row says "not reported" instead.
        pl.when(pl.col("value").is_not_null()).then(_provenance_label()).alias(t("col.provenance")),
        pl.when(pl.col("value").is_null())
        .then(submitted_note)
        .otherwise(pl.col("provenance_note"))
        .alias(t("col.note")),
        pl.when(pl.col("is_flagged"))
        .then(pl.lit("⚠ ") + pl.col("flag_reasons").fill_null(""))
        .otherwise(pl.lit(""))
        .alias(t("col.flag")),
    )
    if "coverage" in df.columns:  # rolled-up view: how much of each unit is behind its figure
        coverage = df.select(
            pl.when(pl.col("value").is_not_null()).then(widgets.coverage_text()).alias(t("col.coverage"))
        )
        table = table.insert_column(3, coverage.to_series())
    if df["target"].is_null().all():  # no targets in this selection: drop the empty column
        table = table.drop(t("col.target", unit=unit))
    st.dataframe(table, hide_index=True, placeholder="—", key="ranking_table")


_render(data.current_snapshot())
