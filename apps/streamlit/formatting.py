"""Numbers on the explorer's charts and tables, as people read them: '2,84 tỷ đồng', '1.283' / '2.84 bn VND'.

Tables keep numbers as numbers (so sorting works and downloads stay numeric) and only *display* them
formatted, through a pandas Styler; chart axes get tick labels written by the same formatter.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import pandas as pd
import polars as pl

from apps.streamlit.i18n import lang
from sources.core.vn_text import format_amount, format_number, unit_label

PLOTLY_SEPARATORS = {"vi": ",.", "en": ".,"}  # plotly's order: decimal mark, then thousands


def amount(value: float | None, unit: str, missing: str = "") -> str:
    return format_amount(value, unit, lang(), missing=missing)


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def axis_ticks(values: Iterable[float | None], unit: str) -> dict:
    """tickvals/ticktext for an axis from 0 (or the minimum, when negative) to the maximum."""
    present = [v for v in values if v is not None and v == v]
    if not present:
        return {}
    low, high = min(0.0, min(present)), max(0.0, max(present))
    if high == low:
        return {}
    step = _nice_step(high - low)
    start = math.floor(low / step) * step
    vals = [start + i * step for i in range(int((high - start) / step) + 2)]
    ticktext = [format_amount(v, unit, lang(), with_unit=False) for v in vals]
    # tickmode "array" said outright: Streamlit's plotly theme otherwise lets plotly choose (and write) its own ticks.
    return {"tickmode": "array", "tickvals": vals, "ticktext": ticktext}


def percent(value: float | None) -> str:
    if value is None or value != value:
        return ""
    return format_number(value * 100, lang(), 0) + "%"


def styled(frame: pl.DataFrame, amounts: Mapping[str, str] = {}, percents: Iterable[str] = ()):
    """A pandas Styler showing ``amounts`` columns (column → unit) and ``percents`` as readers write them while the
    cells stay numeric; every other number gets the language's separators."""
    table = frame.to_pandas()
    language = lang()
    formats = {}
    for col in table.columns:
        if col in amounts:
            formats[col] = lambda v, u=amounts[col]: format_amount(_num(v), u, language)
        elif col in set(percents):
            formats[col] = lambda v: percent(_num(v))
        elif pd.api.types.is_numeric_dtype(table[col]) and not pd.api.types.is_bool_dtype(table[col]):
            formats[col] = lambda v: format_number(_num(v), language, missing="")
    return table.style.format(formats, na_rep="—")


def _num(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def styled_by_row(frame: pl.DataFrame, unit_col: str, amounts: Iterable[str], percents: Iterable[str] = ()):
    """Like ``styled`` for a table whose rows have different units (one row per indicator): each row's amounts
    are written in that row's unit; the unit column itself is shown in the reader's language."""
    table = frame.to_pandas()
    language = lang()
    styler = table.style.format(na_rep="—")
    amounts = [c for c in amounts if c in table.columns]
    for index, unit in table[unit_col].items():
        styler = styler.format(
            lambda v, u=unit: format_amount(_num(v), u, language), subset=pd.IndexSlice[[index], amounts], na_rep="—"
        )
    for col in percents:
        styler = styler.format(lambda v: percent(_num(v)), subset=[col], na_rep="—")
    return styler.format(lambda u: unit_label(u, language), subset=[unit_col])


def colour_ticks(values: Iterable[float | None], unit: str) -> dict:
    """tickvals/ticktext for a map's colour bar (maps.choropleth takes these two)."""
    ticks = axis_ticks(values, unit)
    return {"tickvals": ticks.get("tickvals"), "ticktext": ticks.get("ticktext")}
