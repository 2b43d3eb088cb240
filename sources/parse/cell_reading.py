"""One indicator cell as the province meant it (SUBMISSION_SPEC section 6): status words, actual/plan, units.

- `ước 1.200`, `sơ bộ 975` — the value's observation status, then the number;
- `1.300/1.500`, `92/60` — the value and its plan target in one cell;
- `48 triệu đồng/người/năm` for a per-month indicator — divided by 12 (and the reverse);
- `1,2 nghìn người` — `nghìn`/`triệu`/`tỷ` scale counts as they scale money;
- counts are whole: `1,234` people is refused (`count_not_integer`), with `1.234` suggested.
Nothing is guessed silently: what cannot be read this way keeps its problem code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sources.core.contract import COUNT_UNIT_ALIASES
from sources.core.vn_text import NOT_REPORTED, NumberReading, fold, format_vi, read_money, read_number

# Observation status (trạng thái số liệu): the words a file may use, folded, and the warehouse's name.
OBS_STATUS_WORDS = {
    "chinh thuc": "official",
    "official": "official",
    "so bo": "preliminary",
    "preliminary": "preliminary",
    "uoc tinh": "estimated",
    "uoc thuc hien": "estimated",
    "uoc": "estimated",
    "uoc dat": "estimated",
    "estimated": "estimated",
    "estimate": "estimated",
}
FINALITY = {"estimated": 0, "preliminary": 1, "official": 2}  # the least final part decides a roll-up
# Words that may stand before the number in a value cell (longest first, so 'ước tính' is not read as 'ước').
_CELL_PREFIXES = [
    (tuple(words.split()), status)
    for words, status in OBS_STATUS_WORDS.items()
    if words in ("uoc tinh", "uoc dat", "uoc thuc hien", "uoc", "so bo")
]
_CELL_PREFIXES.sort(key=lambda item: -len(item[0]))

_SCALE_WORDS = {"nghin": 1e3, "ngan": 1e3, "trieu": 1e6, "ty": 1e9}
_PER = {"thang": 1, "nam": 12}  # months in the period a per-time amount is written for
_DECIMAL_COMMA = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*,\d+$|^[+-]?\d+,\d+$")


@dataclass(frozen=True)
class CellReading:
    value: float | None
    target: float | None = None  # the plan written in the same cell ('1.300/1.500')
    status: str | None = None  # official | preliminary | estimated, when the cell says so
    problem: str | None = None  # ambiguous | not_numeric | not_finite | percent | bad_unit | count_not_integer
    hint: str | None = None  # what the clerk probably meant, written as they would write it


def obs_status(raw: object) -> str | None:
    """The warehouse's status for a word in a file; None when the word is none of them."""
    return OBS_STATUS_WORDS.get(fold(str(raw)).replace("_", " ").strip(" .:"))


def split_status(cell: object) -> tuple[str | None, object]:
    """('estimated', '1.200') for 'ước 1.200'; (None, cell) when no status word leads the cell."""
    if not isinstance(cell, str):
        return None, cell
    words = cell.split()
    folded = [fold(w).strip(":") for w in words]
    for prefix, status in _CELL_PREFIXES:
        if len(words) > len(prefix) and tuple(folded[: len(prefix)]) == prefix:
            return status, " ".join(words[len(prefix) :]).lstrip(":").strip()
    return None, cell


def read_indicator_cell(cell: object, unit: object, indicator_unit: str) -> CellReading:
    """A value cell (with the unit column's text) in the indicator's own unit."""
    status, rest = split_status(cell)
    if isinstance(rest, str) and rest.count("/") == 1:
        left, right = (part.strip() for part in rest.split("/"))
        actual, plan = read_in_unit(left, unit, indicator_unit), read_in_unit(right, unit, indicator_unit)
        if actual.problem is None and plan.problem is None and (actual.value, plan.value) != (None, None):
            return CellReading(actual.value, plan.value, status)  # '-/1.500': a plan without a result
        if actual.problem == "count_not_integer" or plan.problem == "count_not_integer":
            bad = actual if actual.problem else plan
            return CellReading(None, None, status, bad.problem, bad.hint)
    reading = read_in_unit(rest, unit, indicator_unit)
    return CellReading(reading.value, None, status, reading.problem, reading.hint)


def read_in_unit(cell: object, unit: object, indicator_unit: str) -> CellReading:
    if "đồng" in indicator_unit:
        return _money(cell, unit, indicator_unit)
    return _count(cell, unit, indicator_unit)


def _money(cell: object, unit: object, indicator_unit: str) -> CellReading:
    wanted_per, wanted_of = _per_what(indicator_unit)
    written_per, written_of = _per_what(unit)
    if isinstance(cell, str) and "/" in cell:  # '48 triệu đồng/người/năm' carries its own unit
        written_per, written_of = _per_what(cell)
    if written_per == -1 or (written_per and not wanted_per) or (written_of and written_of != wanted_of):
        return CellReading(None, problem="bad_unit")  # per quarter, per year of a total, per person for per HTX
    reading = read_money(cell, unit)
    if reading.value is None:
        return CellReading(None, problem=reading.problem)
    factor = wanted_per / written_per if wanted_per and written_per else 1
    return CellReading(round(reading.value * factor, 4))


_TIME_WORDS = {"quy", "ngay", "tuan", "ky", "6 thang", "nua nam"}  # per-time units that never convert
_DENOMINATORS = {"hop tac xa": "htx", "lao dong": "nguoi", "thanh vien": "nguoi"}


def _per_what(unit: object) -> tuple[int | None, frozenset[str]]:
    """(months per amount — 1 for '/tháng', 12 for '/năm', -1 for another time, None if none; what the amount
    is per, e.g. {'nguoi'}) for a money unit such as 'triệu đồng/người/năm'."""
    parts = [p.strip() for p in fold(str(unit or "")).split("/")[1:]]
    per, of = None, set()
    for part in parts:
        if part in _PER:
            per = _PER[part]
        elif part in _TIME_WORDS:
            per = -1
        elif part:
            of.add(_DENOMINATORS.get(part, part))
    return per, frozenset(of)


def _count(cell: object, unit: object, indicator_unit: str) -> CellReading:
    accepted = COUNT_UNIT_ALIASES.get(indicator_unit, set()) | {fold(indicator_unit)}
    scale, unit_rest = _split_scale(fold(str(unit or "")))
    if unit_rest and unit_rest not in accepted:
        return CellReading(None, problem="bad_unit")
    text = cell
    if isinstance(cell, str) and fold(cell) not in NOT_REPORTED:
        words = cell.split()
        cell_scale, rest = _split_scale(" ".join(fold(w) for w in words[1:])) if len(words) > 1 else (1.0, "")
        if len(words) > 1 and (rest in accepted or not rest):
            text, scale = words[0], scale * cell_scale
    reading: NumberReading = read_number(text)
    if reading.value is None:
        return CellReading(None, problem=reading.problem)
    value = reading.value * scale
    written_with_comma = isinstance(text, str) and bool(_DECIMAL_COMMA.match(text.replace(" ", ""))) and scale == 1
    if written_with_comma or abs(value - round(value)) > 1e-9:
        return CellReading(None, problem="count_not_integer", hint=_whole_hint(text, reading.value))
    return CellReading(float(round(value)))


def _split_scale(folded: str) -> tuple[float, str]:
    """(1000.0, 'nguoi') for 'nghin nguoi'; (1.0, folded) when no scale word leads."""
    head, _, rest = folded.partition(" ")
    return (_SCALE_WORDS[head], rest.strip()) if head in _SCALE_WORDS else (1.0, folded)


def _whole_hint(text: object, value: float) -> str:
    """'1.234' for '1,234' or 1.234 (thousands written with the wrong mark); else the nearest whole number."""
    digits = str(text).replace(" ", "").lstrip("+-")
    decimals = re.split(r"[.,]", digits)[-1] if re.search(r"[.,]", digits) else ""
    if len(decimals) == 3 and decimals.isdigit():
        return format_vi(round(value * 1000))
    return format_vi(round(value))
