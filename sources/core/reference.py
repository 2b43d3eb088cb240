"""The project's reference data (``sources/reference/*.csv``), read once, used by Python and dbt alike.

Resolves what provinces write into the warehouse's keys: province names/codes → ``old:NN``/``new:NN``
(depending on the period's end date: the 63→34 merger of 2025-07-01), indicator names → codes,
reporter names → reporter codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import polars as pl

from sources.core.vn_text import fold

REFERENCE_DIR = Path(__file__).parents[1] / "reference"


def read_reference(name: str) -> pl.DataFrame:
    return pl.read_csv(REFERENCE_DIR / f"{name}.csv", infer_schema=False)


# The day the 34 units took over from the 63 provinces (province_sets.csv, also dbt's seed).
MERGER_DATE = date.fromisoformat(
    read_reference("province_sets").filter(pl.col("province_set") == "new34")["valid_from"].item()
)

# Who reports (đơn vị báo cáo): code → (Vietnamese, English) names, from reporters.csv (also dbt's seed).
REPORTERS = {row["code"]: (row["name_vi"], row["name_en"]) for row in read_reference("reporters").iter_rows(named=True)}
_REPORTER_ALIASES = {
    "khac": "other",
    "lien minh htx": "lien_minh_htx",
    "so ke hoach dau tu": "so_ke_hoach_dau_tu",
    "lien minh hop tac xa viet nam": "lien_minh_htx_vn",
    "lien minh hop tac xa tinh": "lien_minh_htx",
}

# Common ways of writing a province that are not its official name (folded form → official name).
_PROVINCE_ALIASES = {
    "tp hcm": "Hồ Chí Minh",
    "hcm": "Hồ Chí Minh",
    "tphcm": "Hồ Chí Minh",
    "sai gon": "Hồ Chí Minh",
    "ho chi minh city": "Hồ Chí Minh",
    "hanoi": "Hà Nội",
    "ha noi city": "Hà Nội",
    "thua thien - hue": "Thừa Thiên Huế",
    "daklak": "Đắk Lắk",
    "dac lac": "Đắk Lắk",
    "dak lak": "Đắk Lắk",
    "daknong": "Đắk Nông",
    "ba ria vung tau": "Bà Rịa - Vũng Tàu",
}
_PREFIX = re.compile(r"^(tinh|thanh pho|tp\.?)\s+")


@cache
def indicators() -> pl.DataFrame:
    return read_reference("indicators").with_columns(pl.col("plausible_min", "plausible_max").cast(pl.Float64))


def report_deadline(reporter: str, period_type: str, period_end: date) -> date | None:
    """The reporting calendar's deadline (None when this reporter is not expected to report this period type)."""
    days = _due_days().get((reporter, period_type))
    return period_end + timedelta(days=days) if days is not None else None


@cache
def _due_days() -> dict[tuple[str, str], int]:
    calendar = read_reference("reporting_calendar")
    return {(r["reporter"], r["period_type"]): int(r["due_days_after_end"]) for r in calendar.iter_rows(named=True)}


@cache
def _indicator_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for row in indicators().iter_rows(named=True):
        for name in [row["code"], row["name_vi"], row["name_en"], *(row["aliases_vi"] or "").split(";")]:
            if name:
                names.setdefault(fold(name), row["code"])
    return names


def resolve_indicator(text: object) -> str | None:
    return _indicator_names().get(fold(str(text or "")))


def resolve_reporter(text: object) -> str | None:
    raw = fold(str(text or ""))
    if not raw:
        return "lien_minh_htx"
    for code, (vi, _en) in REPORTERS.items():
        if raw in (code.replace("_", " "), fold(vi)):
            return code
    return _REPORTER_ALIASES.get(raw)


@dataclass(frozen=True)
class Province:
    key: str  # 'old:15' or 'new:15'
    code: str
    name_vi: str
    province_set: str  # 'old63' | 'new34'
    successor_name: str | None = None  # for old63: the 2025 unit it merged into
    other_names: tuple[str, ...] = ()  # e.g. Thừa Thiên Huế was also called Huế from 2025-01-01

    @property
    def match_names(self) -> set[str]:
        return {_match_form(n) for n in (self.name_vi, *self.other_names)}


def _match_form(name: str) -> str:
    """Folded, without 'Tỉnh'/'Thành phố'/'TP' prefix: 'TP. Hồ Chí Minh' → 'ho chi minh'."""
    return _PREFIX.sub("", fold(name).replace("tp.", "tp "))


def _split_name(raw: str) -> tuple[str, tuple[str, ...]]:
    # The reference file notes renames in brackets: 'Thừa Thiên Huế (TP Huế từ 1/1/2025)'.
    if m := re.fullmatch(r"(.+?)\s*\(TP (.+?) từ .+\)", raw):
        return m[1], (m[2],)
    return raw, ()


@cache
def provinces() -> tuple[Province, ...]:
    rows = read_reference("provinces_2025").iter_rows(named=True)
    old, new = [], {}
    for r in rows:
        name, other = _split_name(r["old_name"])
        old.append(Province(f"old:{r['old_code']}", r["old_code"], name, "old63", r["new_name"], other))
        new[r["new_code"]] = Province(f"new:{r['new_code']}", r["new_code"], r["new_name"], "new34")
    return (*old, *new.values())


def province_set_on(day: date) -> str:
    return "new34" if day >= MERGER_DATE else "old63"


@dataclass(frozen=True)
class ProvinceMatch:
    province: Province | None
    problem: str | None = None  # 'unknown' | 'ambiguous' | 'not_in_force'
    hint: Province | None = None  # for 'not_in_force': the unit that reports instead


def resolve_province(text: object, period_end: date) -> ProvinceMatch:
    """Match a code or a name against the provinces in force on ``period_end``."""
    in_force = province_set_on(period_end)
    if isinstance(text, float) and text.is_integer():
        text = int(text)  # a code typed into a number cell (or JSON) is 42.0, not the text '42.0'
    raw = str(text if text is not None else "").strip()
    if re.fullmatch(r"\d{1,2}", raw):
        found = [p for p in provinces() if p.province_set == in_force and p.code == raw.zfill(2)]
        return ProvinceMatch(found[0]) if found else ProvinceMatch(None, "unknown")
    name = _match_form(raw)
    name = _match_form(_PROVINCE_ALIASES.get(name, name))
    found = [p for p in provinces() if name in p.match_names]
    current = [p for p in found if p.province_set == in_force]
    if len(current) == 1:
        return ProvinceMatch(current[0])
    if len(current) > 1:
        return ProvinceMatch(None, "ambiguous")
    if found:
        # Named a province that did not exist then: point at the one that reports instead.
        gone = found[0]
        hint = _successor(gone) if in_force == "new34" else None
        return ProvinceMatch(None, "not_in_force", hint)
    return ProvinceMatch(None, "unknown")


def _successor(old: Province) -> Province | None:
    return next((p for p in provinces() if p.province_set == "new34" and p.name_vi == old.successor_name), None)
