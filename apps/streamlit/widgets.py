"""Controls and formats more than one page uses: the indicator picker, fixed labels, coverage as text."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import polars as pl
import streamlit as st

from apps.streamlit import data
from apps.streamlit.i18n import lang, t

DEFAULT_INDICATOR = "coops_total"


def labels(options: Iterable[str], label: Callable[[str], str]) -> Callable[[str], str]:
    """A format_func with labels fixed now: Streamlit may call it outside the script run,
    where the language in session_state cannot be read."""
    return {o: label(o) for o in options}.__getitem__


def pick_indicator(snap: data.Snapshot, key: str, container=st) -> dict | None:
    """An indicator with values, named in the current language (coops_total first); None when there is none."""
    inds = data.indicators(snap)
    if inds.is_empty():
        st.info(t("ranking.no_indicators"))
        return None
    name_col = "name_vi" if lang() == "vi" else "name_en"
    rows = {r["indicator_code"]: r for r in inds.sort(name_col).iter_rows(named=True)}
    codes = list(rows)
    code = container.selectbox(
        t("ranking.indicator"),
        codes,
        index=codes.index(DEFAULT_INDICATOR) if DEFAULT_INDICATOR in codes else 0,
        format_func=labels(codes, lambda c: f"{rows[c][name_col] or c} ({rows[c]['unit']})"),
        key=key,
    )
    return rows[code]


def coverage_text() -> pl.Expr:
    """Coverage of a rolled-up figure as a whole percentage, e.g. '33%'."""
    return (pl.col("coverage") * 100).round(0).cast(pl.Int64).cast(pl.String) + "%"


OBS_STATUSES = ("official", "preliminary", "estimated")


def status_label() -> pl.Expr:
    """The observation status in the current language ('Ước tính' / 'Estimated'); empty where no value."""
    return pl.col("obs_status").replace_strict({s: t(f"status.{s}") for s in OBS_STATUSES}, default=None)


def status_mark() -> pl.Expr:
    """' (ước)' / ' (est.)' after a figure that is not official, so no chart passes an estimate off as final."""
    marks = {"official": "", "preliminary": t("mark.preliminary"), "estimated": t("mark.estimated")}
    return pl.col("obs_status").replace_strict(marks, default="")
