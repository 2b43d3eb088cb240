"""The demo's "truth": what every province would report, before any file is written or lost.

Stocks follow a national path through the published totals; provinces take shares within their region
(2022 regional shares published by the statistics office); flows are derived so that every stock moves by
new minus dissolved. Everything is drawn from ``random.Random`` seeded by strings, so the same seed gives
the same numbers on every machine.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from sources.core.reference import read_reference

YEARS = range(2019, 2027)  # FY 2019..2025 and H1 2019..2026 are reported; 2018 and 2026-FY only anchor the path
# National active cooperatives at year end: 2018, 2021, 2022 and 2024 are published (anchor_facts.csv);
# the years between are interpolated, 2023 set so that 2024's published 1,942 new cooperatives fit.
NATIONAL_COOPS = {
    2018: 22861,
    2019: 24150,
    2020: 25650,
    2021: 27342,
    2022: 29378,
    2023: 31900,
    2024: 33557,
    2025: 34300,
    2026: 35000,
}
NATIONAL_OCOP = {
    2018: 900,
    2019: 2400,
    2020: 4300,
    2021: 6800,
    2022: 8700,
    2023: 10322,
    2024: 15590,
    2025: 16100,
    2026: 16400,
}
# 3★, 4★ and 5★ shares of OCOP products (2023 and 2024 as published; other years in the published range).
STAR_MIX = {2023: (0.673, 0.323, 0.004), 2024: (0.762, 0.229, 0.009)}
DEFAULT_STAR_MIX = (0.72, 0.274, 0.006)
REGION_SHARES_2022 = {"TDMNPB": 27.1, "ĐBSH": 26.5, "BTB&DHMT": 21.0, "ĐBSCL": 11.6, "ĐNB": 7.1, "TN": 6.7}
DISSOLVED_RATE = 0.03  # share of last year's stock dissolved in a year (national 2024 is set by its anchor)


@dataclass
class Province:
    code: str
    name: str
    region: str
    new_code: str
    new_name: str


def old_provinces() -> list[Province]:
    return [
        Province(r["old_code"], r["old_name"].split(" (")[0], r["old_region_6"], r["new_code"], r["new_name"])
        for r in read_reference("provinces_2025").iter_rows(named=True)
    ]


def rng(seed: int, *parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in (seed, *parts)))


def coop_stock_paths(seed: int, anchors: dict[tuple[str, str, str], float]) -> dict[str, dict[int, int]]:
    """Active cooperatives per old province at each year end, summing to the national path."""
    provinces = old_provinces()
    weights = {}
    for p in provinces:
        weights[p.code] = rng(seed, "weight", p.code).gammavariate(3.0, 1.0)
    region_total = {r: sum(w for q, w in weights.items() if _region(provinces, q) == r) for r in REGION_SHARES_2022}
    share = {p.code: REGION_SHARES_2022[p.region] / 100 * weights[p.code] / region_total[p.region] for p in provinces}
    drift = {p.code: rng(seed, "drift", p.code).gauss(0, 0.012) for p in provinces}
    paths: dict[str, dict[int, int]] = {}
    for year in range(2018, 2027):
        raw = {c: share[c] * math.exp(drift[c] * (year - 2022)) for c in share}
        total = sum(raw.values())
        for code, value in raw.items():
            paths.setdefault(code, {})[year] = round(NATIONAL_COOPS[year] * value / total)
    # A province with a published stock follows a path through it (no artificial jump around the anchor).
    for (code, period, indicator), value in anchors.items():
        if indicator == "coops_total" and period.endswith("-FY"):
            year = int(period[:4])
            factor = value / paths[code][year]
            for y in paths[code]:
                paths[code][y] = round(paths[code][y] * factor)
            paths[code][year] = int(value)
    return paths


def _region(provinces: list[Province], code: str) -> str:
    return next(p.region for p in provinces if p.code == code)


def ocop_paths(seed: int) -> dict[str, dict[int, int]]:
    """OCOP products per province: a share of the national path that wanders from year to year, so a
    province's total can fall (certificates expire after 36 months) while the country's grows."""
    provinces = old_provinces()
    weights = {p.code: rng(seed, "ocop", p.code).gammavariate(4.0, 1.0) for p in provinces}
    paths: dict[str, dict[int, int]] = {p.code: {} for p in provinces}
    for year, national in NATIONAL_OCOP.items():
        raw = {c: w * rng(seed, "ocop-year", c, year).uniform(0.8, 1.15) for c, w in weights.items()}
        total = sum(raw.values())
        for code, value in raw.items():
            paths[code][year] = round(national * value / total)
    return paths


def star_mix(year: int) -> tuple[float, float, float]:
    return STAR_MIX.get(year, DEFAULT_STAR_MIX)
