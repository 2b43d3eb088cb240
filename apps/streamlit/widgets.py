"""Controls more than one page uses. Each reads and writes a shared choice (apps/streamlit/state.py), so picking
an indicator on one page keeps it on the next, and a reload or a shared link opens the same view."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import polars as pl
import streamlit as st

from apps.streamlit import data, maps, state
from apps.streamlit.formatting import PLOTLY_SEPARATORS, amount, colour_ticks
from apps.streamlit.i18n import lang, period_label, reporter_name, t
from sources.core.reference import REPORTERS
from sources.core.vn_text import unit_label

DEFAULT_INDICATOR = "coops_total"
DEFAULT_REPORTER = "lien_minh_htx"
PERIOD_TYPES = ["FY", "H1"]
REPORTER_ORDER = list(REPORTERS)  # the reference order: the provincial alliance first


def labels(options: Iterable[str], label: Callable[[str], str]) -> Callable[[str], str]:
    """A format_func with labels fixed now: Streamlit may call it outside the script run,
    where the language in session_state cannot be read."""
    return {o: label(o) for o in options}.__getitem__


def name_col() -> str:
    return "name_vi" if lang() == "vi" else "name_en"


def pick_indicator(snap: data.Snapshot, container=st) -> dict | None:
    """An indicator with values, named in the current language; None when there is none."""
    inds = data.indicators(snap)
    if inds.is_empty():
        st.info(t("ranking.no_indicators"))
        return None
    rows = {r["indicator_code"]: r for r in inds.sort(name_col()).iter_rows(named=True)}
    code = state.choose(
        container.selectbox,
        "indicator",
        t("ranking.indicator"),
        list(rows),
        default=DEFAULT_INDICATOR,
        format_func=lambda c: f"{rows[c][name_col()] or c} ({rows[c]['unit']})",
    )
    return rows[code]


def pick_period(snap: data.Snapshot, indicator: str, container=st) -> tuple[str, object] | None:
    """A period with provincial values for the indicator (newest by default) and its end date."""
    per = data.periods(snap, indicator)
    end_dates = dict(zip(per["period_code"], per["end_date"], strict=True))
    if not end_dates:
        return None
    period = state.choose(container.selectbox, "period", t("ranking.period"), list(end_dates), format_func=period_label)
    return period, end_dates[period]


def pick_reporter(options: list[str], counts: dict[str, int] | None = None, container=st) -> str:
    options = options or [DEFAULT_REPORTER]

    def label(r: str) -> str:
        return t("ranking.reporter_count", name=reporter_name(r), n=counts[r]) if counts else reporter_name(r)

    return state.choose(
        container.selectbox, "reporter", t("ranking.reporter"), options, default=DEFAULT_REPORTER, format_func=label
    )


def pick_period_type(container=st) -> str:
    return state.choose(
        container.radio,
        "ptype",
        t("trend.period_type"),
        PERIOD_TYPES,
        format_func=lambda p: t(f"trend.type.{p}"),
        horizontal=True,
    )


def pick_province(snap: data.Snapshot, container=st) -> dict:
    """A province or unit: the 34 units of today first, then the 63 old provinces (marked with their years)."""
    provs = data.provinces(snap)
    rows = {r["province_key"]: r for r in provs.iter_rows(named=True)}

    def label(key: str) -> str:
        row = rows[key]
        return row["name_vi"] if row["province_set"] == "new34" else t("profile.old_province", name=row["name_vi"])

    key = state.choose(container.selectbox, "province", t("col.province"), list(rows), format_func=label)
    return rows[key]


def pick_region(snap: data.Snapshot, container=st) -> str:
    provs = data.provinces(snap).filter(pl.col("province_set") == "new34")
    regions = dict(provs.select("region_code", "region_name_vi").unique().sort("region_code").iter_rows())
    options = ["all", *regions]
    return state.choose(
        container.selectbox,
        "region",
        t("compare.region"),
        options,
        format_func=lambda r: t("compare.all_regions") if r == "all" else regions[r],
    )


# Reporting status → (chart colour, the nearest Streamlit text colour for legends in captions).
STATUS_COLOURS = {
    "on_time": ("#2e7d32", "green"),
    "late": ("#f9a825", "orange"),
    "missing": ("#c62828", "red"),
    "quarantined": ("#6a1b9a", "violet"),
    "received": ("#90a4ae", "gray"),
    "not_due": ("#cfd8dc", "gray"),
}


def status_legend() -> str:
    return "  ".join(f":{name}[■ {t(f'completeness.{s}')}]" for s, (_hex, name) in STATUS_COLOURS.items())


def open_profile_on_click(event) -> None:
    """A click on a province (a bar or the map) opens its profile."""
    selection = event.get("selection", {}) if isinstance(event, dict) else getattr(event, "selection", {})
    points = selection.get("points", []) if isinstance(selection, dict) else getattr(selection, "points", [])
    for point in points or []:
        key = maps.clicked_key(point)
        if key:
            state.put("province", key)
            st.switch_page("views/profile.py")


OBS_STATUSES = ("official", "preliminary", "estimated")


def status_label() -> pl.Expr:
    """The observation status in the current language ('Ước tính' / 'Estimated'); empty where no value."""
    return pl.col("obs_status").replace_strict({s: t(f"status.{s}") for s in OBS_STATUSES}, default=None)


def status_mark() -> pl.Expr:
    """' (ước)' / ' (est.)' after a figure that is not official, so no chart passes an estimate off as final."""
    marks = {"official": "", "preliminary": t("mark.preliminary"), "estimated": t("mark.estimated")}
    return pl.col("obs_status").replace_strict(marks, default="")


def provenance_label() -> pl.Expr:
    known = {p: t(f"provenance.{p}") for p in ("reported", "published", "synthetic", "mixed")}
    return pl.col("provenance").replace(known)


def show_chart(fig, key: str, container=st, **kwargs):
    """A plotly chart whose toolbar saves it as a PNG (drawn in the browser: offline) named after the chart."""
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": f"htx_{key}", "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }
    return container.plotly_chart(fig, key=key, config=config, **kwargs)


def province_map(frame: pl.DataFrame, province_set: str, unit: str, key: str) -> None:
    """The choropleth of ``frame`` (province_key, name_vi, value) with the values as readers write them on hover;
    the archipelagos named under it; a click opens the province's profile."""
    texts = [f"{n}: {amount(v, unit)}" for n, v in zip(frame["name_vi"], frame["value"], strict=True)]
    fig = maps.choropleth(
        frame.with_columns(pl.Series("hover", texts, dtype=pl.String)),
        province_set,
        value_col="value",
        hover_col="hover",
        colorbar_title=unit_label(unit, lang()),
        lang=lang(),
        separators=PLOTLY_SEPARATORS[lang()],
        not_reported=t("value.not_reported"),
        **colour_ticks(frame["value"], unit),
    )
    event = show_chart(fig, key=key, on_select="rerun", selection_mode="points")
    st.caption(maps.archipelago_note(lang()) + " " + t("compare.click_hint"))
    open_profile_on_click(event)
