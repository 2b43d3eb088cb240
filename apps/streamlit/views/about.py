"""Về dữ liệu / About: where the figures come from, what is synthetic, the 2025 merger, what every indicator means
and what the observation statuses say. Definitions come from the snapshot's own catalogue (dim_indicator)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from apps.streamlit import data, widgets
from apps.streamlit.i18n import format_day, lang, t
from apps.streamlit.provenance import format_time, published_at
from sources.core.vn_text import format_number, unit_label

PROVENANCES = ("reported", "published", "synthetic")


def _render(snap: data.Snapshot) -> None:
    st.caption(t("about.snapshot", time=format_time(published_at(snap))))
    st.subheader(t("about.provenance_heading"))
    counts = data.provenance_counts(snap)
    total = max(sum(counts.values()), 1)
    cols = st.columns(len(PROVENANCES))
    for col, name in zip(cols, PROVENANCES, strict=True):
        n = counts.get(name, 0)
        col.metric(
            t(f"provenance.{name}"),
            format_number(n, lang()),
            delta=f"{format_number(n / total * 100, lang(), 1)}%",
            delta_color="off",
            border=True,
        )
    for name in PROVENANCES:
        st.markdown(f"**{t(f'provenance.{name}')}** — {t(f'about.provenance.{name}')}")

    st.subheader(t("about.merger_heading"))
    day = format_day(data.merger_date(snap))
    st.markdown(t("about.merger", day=day))
    provs = data.provinces(snap)
    units = provs.filter(pl.col("province_set") == "new34").select("province_key", "name_vi", "region_name_vi")
    olds = (
        provs.filter(pl.col("province_set") == "old63")
        .group_by("successor_key")
        .agg(pl.col("name_vi").sort().str.join(", ").alias("olds"))
    )
    merged = units.join(olds, left_on="province_key", right_on="successor_key", how="left").sort("name_vi")
    st.dataframe(
        merged.select(
            pl.col("name_vi").alias(t("about.unit")),
            pl.col("olds").alias(t("about.old_provinces")),
            pl.col("region_name_vi").alias(t("about.region")),
        ),
        hide_index=True,
        key="about_merger",
    )

    st.subheader(t("about.indicators_heading"))
    inds = data.query(
        snap, "select indicator_code, name_vi, name_en, unit, kind, aggregation, fact from marts.dim_indicator", []
    ).sort("fact", "indicator_code")
    st.dataframe(
        inds.select(
            pl.col("indicator_code").alias(t("about.code")),
            pl.col(widgets.name_col()).alias(t("ranking.indicator")),
            pl.col("unit").map_elements(lambda u: unit_label(u, lang()), pl.String).alias(t("profile.unit")),
            pl.col("kind").replace_strict({k: t(f"about.kind.{k}") for k in set(inds["kind"])}).alias(t("about.kind")),
            pl.col("aggregation")
            .replace_strict({a: t(f"about.aggregation.{a}") for a in set(inds["aggregation"])})
            .alias(t("about.aggregation")),
        ),
        hide_index=True,
        key="about_indicators",
    )

    st.subheader(t("about.status_heading"))
    for status in widgets.OBS_STATUSES:
        st.markdown(f"**{t(f'status.{status}')}** — {t(f'about.status.{status}')}")
    st.subheader(t("about.map_heading"))
    st.markdown(t("about.map"))


_render(data.current_snapshot())
