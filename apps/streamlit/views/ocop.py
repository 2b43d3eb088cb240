"""OCOP: products certified under "Mỗi xã một sản phẩm" by stars — per unit and region, over time, and the list.

Star counts come from the indicator sheets (fct_ocop, on the 34 units); the product list from the OCOP list
sheets (fct_ocop_products). Units whose old provinces did not all report are marked ◐ and kept out of the
regional totals' ranking.
"""

from __future__ import annotations

import plotly.express as px
import polars as pl
import streamlit as st

from apps.streamlit import data, state, widgets
from apps.streamlit.data import ocop as q
from apps.streamlit.downloads import download_buttons
from apps.streamlit.formatting import PLOTLY_SEPARATORS, axis_ticks, styled
from apps.streamlit.i18n import lang, period_label, reporter_name, t
from apps.streamlit.provenance import format_time, published_at
from sources.core.vn_text import format_number

STARS = {"ocop_3_star": "3 ★", "ocop_4_star": "4 ★", "ocop_5_star": "5 ★"}
COLOURS = {"3 ★": "#a5d6a7", "4 ★": "#43a047", "5 ★": "#1b5e20"}


def _render(snap: data.Snapshot) -> None:
    periods = q.periods(snap)
    if periods.is_empty():
        st.info(t("ocop.none"))
        return
    top = st.columns([2, 3])
    period = state.choose(
        top[0].selectbox, "period", t("ranking.period"), periods["period_code"].to_list(), format_func=period_label
    )
    reporter = widgets.pick_reporter(widgets.REPORTER_ORDER[:1], container=top[1])
    by_unit = q.stars_by_province(snap, period, reporter)
    long = _long(by_unit)
    st.subheader(t("ocop.by_unit"))
    if long.is_empty():
        st.info(t("ranking.nothing_reported"))
    else:
        left, right = st.columns([3, 2])
        with left:
            _stacked(long, "label", key="ocop_units", height=max(320, 20 * by_unit.height + 100))
        with right:
            regions = long.group_by("region_name_vi", "stars").agg(pl.col("n").sum())
            _stacked(regions, "region_name_vi", key="ocop_regions", height=320)
            st.caption(t("ocop.partial_note"))
    st.subheader(t("ocop.over_time"))
    ptype = widgets.pick_period_type()
    _growth(q.stars_over_time(snap, ptype, reporter))
    st.subheader(t("ocop.products_heading"))
    _products(snap, period)


def _long(by_unit: pl.DataFrame) -> pl.DataFrame:
    """One row per unit and star level, labelled with ◐ where the unit's figure is partial."""
    if by_unit.is_empty():
        return pl.DataFrame()
    labelled = by_unit.with_columns(
        (pl.col("name_vi") + pl.when(pl.col("is_complete")).then(pl.lit("")).otherwise(pl.lit(" ◐"))).alias("label")
    )
    return (
        labelled.unpivot(list(STARS), index=["label", "region_name_vi", "ocop_products_total"], variable_name="stars")
        .with_columns(pl.col("stars").replace_strict(STARS), pl.col("value").alias("n"))
        .filter(pl.col("n").is_not_null())
    )


def _stacked(frame: pl.DataFrame, category: str, key: str, height: int) -> None:
    totals = frame.group_by(category).agg(pl.col("n").sum()).sort("n")
    order = totals[category].to_list()
    fig = px.bar(
        frame.to_pandas(),
        x="n",
        y=category,
        color="stars",
        orientation="h",
        color_discrete_map=COLOURS,
        category_orders={"stars": list(COLOURS), category: order[::-1]},
        labels={"n": t("ocop.products"), category: "", "stars": t("ocop.stars")},
    )
    fig.update_layout(
        height=height,
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        legend={"orientation": "h", "y": -0.08},
        separators=PLOTLY_SEPARATORS[lang()],
        yaxis={"automargin": True},
        xaxis=axis_ticks(totals["n"], "sản phẩm"),
    )
    widgets.show_chart(fig, key=key)


def _growth(over_time: pl.DataFrame) -> None:
    if over_time.is_empty():
        st.info(t("ranking.nothing_reported"))
        return
    long = over_time.unpivot(list(STARS), index=["period_code", "units"], variable_name="stars").with_columns(
        pl.col("stars").replace_strict(STARS)
    )
    fig = px.bar(
        long.to_pandas(),
        x="period_code",
        y="value",
        color="stars",
        color_discrete_map=COLOURS,
        category_orders={"stars": list(COLOURS)},
        hover_data={"units": True},
        labels={"value": t("ocop.products"), "period_code": "", "stars": t("ocop.stars"), "units": t("ocop.units")},
    )
    totals = long.group_by("period_code").agg(pl.col("value").sum())["value"]
    fig.update_layout(
        height=340,
        margin={"l": 8, "r": 8, "t": 8, "b": 8},
        separators=PLOTLY_SEPARATORS[lang()],
        yaxis=axis_ticks(totals, "sản phẩm"),
    )
    widgets.show_chart(fig, key="ocop_growth")
    st.caption(t("ocop.growth_note"))


def _products(snap: data.Snapshot, period: str) -> None:
    units = data.provinces(snap).filter(pl.col("province_set") == "new34")
    names = dict(zip(units["province_key"], units["name_vi"], strict=True))
    cols = st.columns(3)
    unit = cols[0].selectbox(
        t("col.province"),
        ["all", *names],
        format_func=widgets.labels(["all", *names], lambda k: names.get(k) or t("ocop.all")),
        key="ocop_unit",
    )
    groups = ["all", *q.product_groups(snap)]
    group = cols[1].selectbox(
        t("ocop.group"),
        groups,
        format_func=widgets.labels(groups, lambda g: t("ocop.all") if g == "all" else g),
        key="ocop_group",
    )
    stars = cols[2].selectbox(
        t("ocop.stars"),
        ["all", "3", "4", "5"],
        format_func=widgets.labels(["all", "3", "4", "5"], lambda s: t("ocop.all") if s == "all" else f"{s} ★"),
        key="ocop_stars",
    )
    chosen = (  # "all" is no filter
        None if unit == "all" else unit,
        None if group == "all" else group,
        None if stars == "all" else int(stars),
    )
    found = q.products(snap, period, *chosen)
    table = found.select(
        pl.col("unit_vi").alias(t("col.province")),
        pl.col("name_vi").alias(t("ocop.old_province")),
        pl.col("product_name").alias(t("ocop.product")),
        pl.col("owner_name").alias(t("ocop.owner")),
        pl.col("owner_type").alias(t("ocop.owner_type")),
        pl.col("product_group").alias(t("ocop.group")),
        pl.col("stars").alias(t("ocop.stars")),
        pl.col("certified_on").alias(t("ocop.certified_on")),
    )
    total = q.product_count(snap, period, *chosen)
    st.caption(t("ocop.count", n=format_number(total, lang()), shown=format_number(found.height, lang())))
    st.dataframe(styled(table), hide_index=True, key="ocop_products")
    download_buttons(
        table,
        file_stem=f"htx_ocop_{period}",
        notes=[
            (t("ranking.period"), period_label(period)),
            (t("ranking.reporter"), reporter_name(widgets.DEFAULT_REPORTER)),
            (t("download.snapshot"), format_time(published_at(snap))),
            (t("col.provenance"), t("footer.text")),
        ],
        labels=(t("download.csv"), t("download.xlsx")),
        key="ocop_download",
    )


_render(data.current_snapshot())
