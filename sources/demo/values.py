"""Indicator values for every province and period, as the provincial alliance would report them."""

from __future__ import annotations

from collections import defaultdict
from functools import cache

import polars as pl

from sources.core.reference import MERGER_DATE, indicators, read_reference
from sources.demo.national import (
    DISSOLVED_RATE,
    YEARS,
    coop_stock_paths,
    ocop_paths,
    old_provinces,
    rng,
    star_mix,
)

DISSOLVED_RATE_BY_YEAR = {2024: 0.002}  # 2024's published 1,942 new cooperatives leave little room
MERGER_YEAR = MERGER_DATE.year  # its FY and the next H1 are the first reported by the 34 units
# National figures the demo reproduces (anchor_facts.csv, national rows; one reporter where two disagree).
CALIBRATE_2024 = {
    "coop_groups_total": 63650,
    "coop_unions_total": 152,
    "credit_funds_total": 1181,
    "members_total": 6_200_000,
    "workers_total": 897109,
    "revenue_avg_per_coop": 2_839_000_000,
    "profit_avg_per_coop": 203_400_000,
    "income_avg_worker_month": 4_916_667,
}


def anchors() -> dict[tuple[str, str, str, str], float]:
    """Published province-level figures: (old code, period, reporter, indicator) → value."""
    return {key: value for key, (value, _source) in _province_facts().items()}


def anchor_sources() -> dict[tuple[str, str, str, str], str]:
    """Where each published province-level figure comes from, with the same keys as ``anchors``."""
    return {key: source for key, (_value, source) in _province_facts().items()}


@cache
def _province_facts() -> dict[tuple[str, str, str, str], tuple[float, str]]:
    facts = read_reference("anchor_facts").filter(pl.col("scope") == "province")
    return {
        (r["province_code"], r["period"], r["reporter"], r["indicator"]): (float(r["value"]), r["source"])
        for r in facts.iter_rows(named=True)
    }


def _ratios(seed: int, code: str) -> dict[str, float]:
    r = rng(seed, "ratios", code)
    return {
        "groups": r.uniform(1.1, 2.7),
        "group_new": r.uniform(0.04, 0.09),
        "unions": r.uniform(0.002, 0.008),
        "credit": r.uniform(0.02, 0.06),
        "effective": r.uniform(0.5, 0.72),
        "ntm": r.uniform(0.3, 0.6),
        "members": r.lognormvariate(5.2, 0.3),
        "workers": r.lognormvariate(3.3, 0.3),
        "revenue": r.lognormvariate(21.7, 0.35),
        "margin": r.uniform(0.04, 0.11),
        "capital": r.lognormvariate(21.3, 0.3),
        "loans": r.uniform(0.02, 0.2) * 1e9,
        "income": r.lognormvariate(15.3, 0.15),
        "ocop_coop": r.uniform(0.25, 0.42),
        "half": r.uniform(0.4, 0.6),
    }


def old_province_values(seed: int) -> dict[tuple[str, str], dict[str, float | None]]:
    """(old code, period) → indicator → value, for every period 2019-H1..2026-H1, before calibration."""
    published = {(c, p, i): v for (c, p, rep, i), v in anchors().items() if rep == "lien_minh_htx"}
    _shift_paths_through_h1_anchors(paths := coop_stock_paths(seed, published), published)
    ocop = ocop_paths(seed)
    out: dict[tuple[str, str], dict[str, float | None]] = {}
    for p in old_provinces():
        k = _ratios(seed, p.code)
        s = paths[p.code]
        for year in YEARS:
            grow = 1.06 ** (year - 2024)
            rate = DISSOLVED_RATE_BY_YEAR.get(year, DISSOLVED_RATE) * rng(seed, "diss", p.code, year).uniform(0.6, 1.4)
            dissolved = round(s[year - 1] * rate)
            new = s[year] - s[year - 1] + dissolved
            if (p.code, f"{year}-FY", "coops_new") in published:
                new = int(published[(p.code, f"{year}-FY", "coops_new")])
                if (p.code, f"{year}-FY", "coops_total") in published:
                    dissolved = max(0, new - (s[year] - s[year - 1]))
                else:  # the published inflow sets the year's stock: it moves by new minus dissolved
                    s[year] = s[year - 1] + new - dissolved
            new, dissolved = max(new, 0), dissolved + max(-new, 0)
            h1_new, h1_dissolved = round(new * k["half"]), round(dissolved * k["half"])
            h1_stock = s[year - 1] + h1_new - h1_dissolved
            revenue = k["revenue"] * grow
            for ptype, stock, flow_new, flow_diss, share in (
                ("FY", s[year], new, dissolved, 1.0),
                ("H1", h1_stock, h1_new, h1_dissolved, 0.46),
            ):
                ocop_total = (
                    ocop[p.code][year] if ptype == "FY" else round((ocop[p.code][year - 1] + ocop[p.code][year]) / 2)
                )
                m3, _m4, m5 = star_mix(year)
                s3, s5 = round(ocop_total * m3), round(ocop_total * m5)
                coop_products = round(ocop_total * k["ocop_coop"])
                groups = round(stock * k["groups"] * (1 + 0.01 * (year - 2022)))
                out[(p.code, f"{year}-{ptype}")] = {
                    "coops_total": stock,
                    "coop_groups_total": groups,
                    "coop_unions_total": round(stock * k["unions"]),
                    "credit_funds_total": round(stock * k["credit"]),
                    "coops_new": flow_new,
                    "coops_dissolved": flow_diss,
                    "coop_groups_new": round(groups * k["group_new"] * share),
                    "coops_effective": round(stock * k["effective"]),
                    "coops_ntm_13_1": round(stock * k["ntm"]),
                    "members_total": round(stock * k["members"]),
                    "workers_total": round(stock * k["workers"]),
                    "revenue_avg_per_coop": revenue * share,
                    "profit_avg_per_coop": revenue * share * k["margin"],
                    "charter_capital_avg_per_coop": k["capital"] * 1.03 ** (year - 2024),
                    "support_fund_loans_outstanding": stock * k["loans"],
                    "income_avg_worker_month": k["income"] * grow,
                    "ocop_products_total": ocop_total,
                    "ocop_products_coop": coop_products,
                    "ocop_owners_coop": round(coop_products * 0.88),
                    "ocop_3_star": s3,
                    "ocop_4_star": ocop_total - s3 - s5,
                    "ocop_5_star": s5,
                }
    _calibrate(out)
    _round_money(out)
    for (code, period, indicator), value in published.items():
        out[(code, period)][indicator] = value  # published figures, exactly
    for v in out.values():
        reconcile(v)
    return out


def reconcile(v: dict) -> None:
    """Keep the contract's cross-field rules true around published figures (stars within the total...)."""
    total = v["ocop_products_total"]
    if v["ocop_3_star"] + v["ocop_4_star"] + v["ocop_5_star"] != total:
        v["ocop_5_star"] = min(v["ocop_5_star"], round(total * 0.01))
        v["ocop_3_star"] = round((total - v["ocop_5_star"]) * 0.74)
        v["ocop_4_star"] = total - v["ocop_3_star"] - v["ocop_5_star"]
    v["ocop_products_coop"] = min(v["ocop_products_coop"], total)
    v["ocop_owners_coop"] = min(v["ocop_owners_coop"], v["ocop_products_coop"])
    for key in ("coops_effective", "coops_ntm_13_1", "credit_funds_total"):
        v[key] = min(v[key], v["coops_total"])


def _shift_paths_through_h1_anchors(paths: dict, published: dict) -> None:
    # A half-year anchor (e.g. Nam Định 2023-H1) sets the level of the year before it.
    for (code, period, indicator), value in published.items():
        if indicator == "coops_total" and period.endswith("-H1"):
            year = int(period[:4])
            factor = value * 0.99 / paths[code][year - 1]
            for y in paths[code]:
                paths[code][y] = round(paths[code][y] * factor)


def _calibrate(values: dict) -> None:
    """Scale each calibrated indicator so 2024-FY's national figure matches the published one (all years)."""
    kinds = {r["code"]: (r["aggregation"], r["weight"]) for r in indicators().iter_rows(named=True)}
    fy = [v for (code, period), v in values.items() if period == "2024-FY"]
    for indicator, target in CALIBRATE_2024.items():
        aggregation, weight = kinds[indicator]
        if aggregation == "sum":
            model = sum(v[indicator] for v in fy)
        else:
            model = sum(v[indicator] * v[weight] for v in fy) / sum(v[weight] for v in fy)
        factor = target / model
        for v in values.values():
            v[indicator] = v[indicator] * factor
        if aggregation == "sum":
            _round_to_total(values, indicator, target)


def _round_to_total(values: dict, indicator: str, target: float) -> None:
    """Round counts so 2024-FY adds up to the published total exactly (largest remainders), others plainly."""
    fy = sorted((key for key in values if key[1] == "2024-FY"), key=lambda k: -(values[k][indicator] % 1))
    short = round(target - sum(int(values[k][indicator]) for k in fy))
    for n, key in enumerate(fy):
        values[key][indicator] = int(values[key][indicator]) + (1 if n < short else 0)
    for key, v in values.items():
        if key[1] != "2024-FY":
            v[indicator] = round(v[indicator])


def _round_money(values: dict) -> None:
    for v in values.values():
        for key in (
            "revenue_avg_per_coop",
            "profit_avg_per_coop",
            "charter_capital_avg_per_coop",
            "support_fund_loans_outstanding",
        ):
            v[key] = round(v[key], -6)  # reports give money to the million
        v["income_avg_worker_month"] = round(v["income_avg_worker_month"], -4)


def new_unit_values(old: dict) -> dict[tuple[str, str], dict[str, float]]:
    """Periods after the merger: each of the 34 units reports what its old provinces add up to."""
    kinds = {r["code"]: (r["aggregation"], r["weight"]) for r in indicators().iter_rows(named=True)}
    members = defaultdict(list)
    for p in old_provinces():
        members[p.new_code].append(p.code)
    out = {}
    for new_code, olds in members.items():
        for period in (f"{MERGER_YEAR}-FY", f"{MERGER_YEAR + 1}-H1"):
            parts = [old[(c, period)] for c in olds]
            unit = {}
            for indicator, (aggregation, weight) in kinds.items():
                if aggregation == "sum":
                    unit[indicator] = sum(p[indicator] for p in parts)
                else:
                    unit[indicator] = round(
                        sum(p[indicator] * p[weight] for p in parts) / sum(p[weight] for p in parts), -4
                    )
            out[(new_code, period)] = unit
    return out
