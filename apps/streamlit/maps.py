"""Choropleth maps of the 63 provinces / 34 units, drawn entirely offline.

The shapes ship with the app (assets/provinces.geojson, built by tools/map/build_province_map.py from Natural
Earth). They include Vietnam's Hoàng Sa (Paracel) archipelago as part of Đà Nẵng and Trường Sa (Spratly) as part
of Khánh Hòa. Only ``go.Choroplethmap`` on the ``white-bg`` style is used: no tiles, no fonts, no topojson from a
CDN (``px.choropleth``/geo traces fetch one), so the map draws without a network. For the same reason there are
no text labels on the map (MapLibre would fetch glyphs); the archipelagos are named in the hover text of their
province and, under the map, by ``archipelago_note``.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

SHAPES = Path(__file__).parent / "assets" / "provinces.geojson"
PROVINCE_SETS = ("old63", "new34")
HEIGHT = 620
# Mainland Vietnam and both archipelagos (about 7.5-23.5°N, 102-116°E) in 620 px of height.
CENTER = {"lat": 15.5, "lon": 108.9}
ZOOM = 4.55
COLORSCALE = "YlGnBu"  # starts at pale yellow, well apart from the grey of 'not reported'
NO_VALUE_COLOUR = "#d0d0d0"
NOT_REPORTED = {"vi": "Chưa báo cáo", "en": "Not reported"}

HOANG_SA = {"vi": "Quần đảo Hoàng Sa (TP. Đà Nẵng)", "en": "Hoang Sa (Paracel) Islands (Da Nang)"}
TRUONG_SA = {"vi": "Quần đảo Trường Sa (tỉnh Khánh Hòa)", "en": "Truong Sa (Spratly) Islands (Khanh Hoa)"}
# The features that contain an archipelago (Đà Nẵng and Khánh Hòa each kept its code in 2025).
ARCHIPELAGOS = {"old:48": HOANG_SA, "new:48": HOANG_SA, "old:56": TRUONG_SA, "new:56": TRUONG_SA}

_KEY = re.compile(r"(old|new):\d{2}")


@cache
def load_shapes() -> dict[str, dict]:
    """{'old63': FeatureCollection, 'new34': FeatureCollection}; feature ``id`` = province_key. Do not mutate."""
    data = json.loads(SHAPES.read_text(encoding="utf-8"))
    return {
        pset: {
            "type": "FeatureCollection",
            "attribution": data["attribution"],
            "features": [f for f in data["features"] if f["properties"]["province_set"] == pset],
        }
        for pset in PROVINCE_SETS
    }


def _missing(value: Any) -> bool:
    """None, NaN or pandas.NA: not reported (never drawn as 0)."""
    try:
        return value is None or bool(value != value)
    except TypeError:  # pandas.NA refuses bool()
        return True


def _rows(frame: Any, cols: list[str]) -> list[dict]:
    """Rows of a polars or pandas frame as dicts."""
    if hasattr(frame, "to_dicts"):
        return frame.select(cols).to_dicts()
    return frame[cols].to_dict("records")


def choropleth(
    frame: Any,
    province_set: str,
    *,
    value_col: str,
    hover_col: str | None = None,
    colorbar_title: str = "",
    lang: str = "vi",
    separators: str | None = None,
    not_reported: str | None = None,
    tickvals: list[float] | None = None,
    ticktext: list[str] | None = None,
    key_col: str = "province_key",
    colorscale: str | list = COLORSCALE,
    zmin: float | None = None,
    zmax: float | None = None,
) -> go.Figure:
    """A map of ``frame[value_col]`` by ``frame[key_col]`` ('old:42' / 'new:42') on the 63 or the 34 provinces.

    ``frame`` is a polars or pandas frame, one row per province. Every province of ``province_set`` is drawn:
    those with a value coloured (a real 0 is coloured as 0); those whose value is null/NaN, or that have no row,
    in grey with the hover text "<name>: <not_reported>" (default 'Chưa báo cáo' / 'Not reported') and no value
    at all. ``hover_col`` holds the hover text of the provinces with a value (default "<name>: <value>"); the
    hover of Đà Nẵng and Khánh Hòa also names the archipelago that belongs to it. ``tickvals``/``ticktext`` label
    the colour bar; ``separators`` is plotly's (decimal mark, then thousands: ',.' for Vietnamese).

    A click: ``event = st.plotly_chart(fig, on_select="rerun", selection_mode="points")``; the province is
    ``event.selection.points[i]["customdata"]`` (the province_key as a string, e.g. 'new:48'), which is also
    ``event.selection.points[i]["location"]`` and ``["properties"]["province_key"]``; ``clicked_key(point)`` reads
    it. Don't use ``point_index`` alone (provinces with and without a value are in different traces) nor ``z`` (a
    grey province carries a placeholder 1 there, to be drawn at all).
    """
    if province_set not in PROVINCE_SETS:
        raise ValueError(f"province_set must be one of {PROVINCE_SETS}, not {province_set!r}")
    features = load_shapes()[province_set]["features"]
    names = {f["id"]: f["properties"]["name_vi"] for f in features}
    cols = [key_col, value_col] + ([hover_col] if hover_col and hover_col not in (key_col, value_col) else [])
    values, hovers = {}, {}
    for row in _rows(frame, cols):
        key, value = row[key_col], row[value_col]
        if key in names and not _missing(value):
            values[key] = value
            text = row.get(hover_col) if hover_col else None
            hovers[key] = text if isinstance(text, str) and text else f"{names[key]}: {value}"
    grey_text = not_reported or NOT_REPORTED.get(lang, NOT_REPORTED["vi"])

    def hover(key: str, text: str) -> str:
        extra = ARCHIPELAGOS.get(key)
        return f"{text}<br>{extra.get(lang, extra['vi'])}" if extra else text

    def trace(keys: list[str], **kwargs: Any) -> go.Choroplethmap:
        return go.Choroplethmap(
            geojson={"type": "FeatureCollection", "features": [f for f in features if f["id"] in keys]},
            featureidkey="id",
            locations=keys,
            customdata=keys,
            hoverinfo="text",
            marker={"line": {"color": "white", "width": 0.6}},
            **kwargs,
        )

    fig = go.Figure()
    reported = [k for k in names if k in values]
    blank = [k for k in names if k not in values]
    if blank:
        fig.add_trace(
            trace(
                blank,
                z=[1] * len(blank),  # one colour for all; the value itself is never shown
                colorscale=[[0, NO_VALUE_COLOUR], [1, NO_VALUE_COLOUR]],
                showscale=False,
                hovertext=[hover(k, f"{names[k]}: {grey_text}") for k in blank],
                name=grey_text,
            )
        )
    if reported:
        colorbar: dict[str, Any] = {
            "title": {"text": colorbar_title},
            "x": 0.99,
            "xanchor": "right",
            "y": 0.97,
            "yanchor": "top",
            "len": 0.5,
            "thickness": 14,
            "bgcolor": "rgba(255,255,255,0.8)",
        }
        if tickvals is not None:
            colorbar |= {"tickmode": "array", "tickvals": tickvals, "ticktext": ticktext or tickvals}
        fig.add_trace(
            trace(
                reported,
                z=[values[k] for k in reported],
                zmin=zmin,
                zmax=zmax,
                colorscale=colorscale,
                colorbar=colorbar,
                hovertext=[hover(k, hovers[k]) for k in reported],
                name=colorbar_title,
            )
        )
    fig.update_layout(
        map={"style": "white-bg", "center": CENTER, "zoom": ZOOM},
        height=HEIGHT,
        margin={"l": 4, "r": 4, "t": 4, "b": 4},
        separators=separators,
        showlegend=False,
        uirevision=province_set,  # keep the user's pan/zoom across reruns
    )
    return fig


def clicked_key(point: dict) -> str | None:
    """The province_key of a point from ``event.selection.points`` (a map or a bar with customdata=key), or None."""
    for value in (point.get("customdata"), point.get("location")):
        if isinstance(value, list | tuple) and value:
            value = value[0]
        if isinstance(value, str) and _KEY.fullmatch(value):
            return value
    return None


def archipelago_note(lang: str = "vi") -> str:
    """One sentence for under the map."""
    if lang == "en":
        return (
            "The map shows Vietnam's Hoang Sa (Paracel) Islands, part of Da Nang, and Truong Sa (Spratly) Islands, "
            "part of Khanh Hoa."
        )
    return "Bản đồ thể hiện quần đảo Hoàng Sa thuộc TP. Đà Nẵng và quần đảo Trường Sa thuộc tỉnh Khánh Hòa."
