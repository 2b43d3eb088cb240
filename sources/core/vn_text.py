"""Vietnamese text helpers: folding names for matching, reading numbers as provinces write them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Cells that mean "not reported": NULL, never zero.
NOT_REPORTED = {"", "-", "x", "n/a", "na", "khong co so lieu", "..."}


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ→d) and collapse spaces/underscores: 'Hà  Tĩnh' → 'ha tinh'."""
    return _fold(str(text))


@lru_cache(maxsize=1 << 16)  # list sheets repeat the same few words (sectors, statuses) thousands of times
def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"[\s_]+", " ", text).strip().lower()


@dataclass(frozen=True)
class NumberReading:
    value: float | None
    problem: str | None = None  # 'ambiguous' | 'not_numeric' | 'not_finite' | 'percent'


# Far above any real figure (the whole country's revenue is ~1e14 VND) and far below where sums and
# weighted means over 63 provinces could overflow a double: beyond it a value is refused, not warned about.
MAX_ABS_VALUE = 1e18


_VN_NUMBER = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*(,\d+)?$|^[+-]?\d+(,\d+)?$")


def read_number(cell: object, allow_percent: bool = False) -> NumberReading:
    """Read a cell as a number: numeric cells as they are, text in Vietnamese notation.

    '.' groups thousands and ',' is the decimal mark: '1.283' = 1283, '2,002' = 2.002,
    '128,3%' = 128.3 (only where a percentage is expected: '500%' is no count of cooperatives).
    A '.' whose groups are not all three digits ('2.5') is ambiguous. NaN, infinities and values
    beyond ``MAX_ABS_VALUE`` are refused (`not_finite`): they are never a figure, and never NULL.
    """
    if cell is None:
        return NumberReading(None)
    if isinstance(cell, bool):
        return NumberReading(None, "not_numeric")
    if isinstance(cell, int | float):
        try:
            return _finite(float(cell))
        except OverflowError:  # a JSON integer of 400 digits
            return NumberReading(None, "not_finite")
    text = str(cell).strip()
    if fold(text) in NOT_REPORTED:
        return NumberReading(None)
    compact = text.replace(" ", "").replace("\u00a0", "")
    if compact.endswith("%"):
        if not allow_percent:
            return NumberReading(None, "percent")
        compact = compact[:-1]
    if _VN_NUMBER.match(compact):
        return _finite(float(compact.replace(".", "").replace(",", ".")))
    if re.fullmatch(r"[+-]?\d+\.\d+", compact):
        return NumberReading(None, "ambiguous")
    return NumberReading(None, "not_numeric")


def _finite(value: float) -> NumberReading:
    if value != value or abs(value) > MAX_ABS_VALUE:  # NaN, ±inf, 1e400 read as inf, absurd magnitudes
        return NumberReading(None, "not_finite")
    return NumberReading(value)


_SCALES = {"dong": 1.0, "d": 1.0, "vnd": 1.0, "vnđ": 1.0, "nghin": 1e3, "ngan": 1e3, "trieu": 1e6, "ty": 1e9}
_AMOUNT_PART = re.compile(r"([+-]?[\d.,]+)\s*(ty|trieu|nghin|ngan)?")


def money_scale(unit: object) -> float | None:
    """VND per unit written in a unit column: 'triệu đồng/HTX' → 1e6; None when it is not money."""
    folded = fold(str(unit or ""))
    if not folded:
        return 1.0
    if "dong" not in folded and folded not in _SCALES:
        return None
    head = folded.split("/")[0].replace("dong", "").strip()
    return _SCALES.get(head, 1.0) if head else 1.0


def read_money(cell: object, unit: object = None) -> NumberReading:
    """Read an amount of money in plain VND: '2 tỷ 300 triệu đồng', '1,3 tỷ', 1300 with unit 'triệu đồng'."""
    scale = money_scale(unit)
    if scale is None:
        return NumberReading(None, "bad_unit")
    plain = read_number(cell)
    if plain.value is not None or plain.problem is None:
        return _finite(_vnd(plain.value * scale)) if plain.value is not None else plain
    if plain.problem in ("not_finite", "percent"):
        return plain
    text = fold(str(cell)).split("/")[0]
    text = re.sub(r"\b(dong|vnd|d)\b", "", text).strip()
    parts = _AMOUNT_PART.findall(text)
    if not parts or _AMOUNT_PART.sub("", text).strip():
        return plain  # not an amount either: keep the number's own problem
    total = 0.0
    for number, word in parts:
        reading = read_number(number)
        if reading.value is None:
            return NumberReading(None, reading.problem or "not_numeric")
        total += reading.value * (_SCALES[word] if word else scale)
    return _finite(_vnd(total))


def _vnd(amount: float) -> float:
    # '2,002 tỷ' is 2002000000 exactly, not 2001999999.9999998.
    return round(amount, 4)


def format_number(value: float | None, language: str = "vi", max_decimals: int = 2, missing: str = "—") -> str:
    """The one number formatter: 2002000000 → '2.002.000.000' (vi) or '2,002,000,000' (en), 2.5 → '2,5' / '2.5';
    whole numbers without decimals, at most ``max_decimals`` otherwise. None and NaN give ``missing``
    (never '0': a figure not reported is not zero)."""
    if value is None or value != value:
        return missing
    text = f"{value:,.{max_decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    if language == "vi":  # swap the separators through a placeholder: ',' ↔ '.'
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def format_vi(value: float | None) -> str:
    return format_number(value, "vi")


def format_en(value: float | None) -> str:
    return format_number(value, "en")


# Units of the indicator catalogue in English (the catalogue writes them in Vietnamese).
UNIT_EN = {
    "HTX": "coops",
    "THT": "groups",
    "LHHTX": "unions",
    "quỹ": "funds",
    "người": "people",
    "sản phẩm": "products",
    "chủ thể": "owners",
    "đồng": "VND",
    "/HTX": " per coop",
    "/người/tháng": " per worker per month",
}
_MONEY_SCALES = ((1e12, "nghìn tỷ", "tn"), (1e9, "tỷ", "bn"), (1e6, "triệu", "m"))


def is_money(unit: object) -> bool:
    return fold(str(unit or "")).startswith("dong")


def format_amount(
    value: float | None, unit: str, language: str = "vi", with_unit: bool = True, missing: str = "", per: bool = True
) -> str:
    """A figure as people say it: 2840000000 đồng → '2,84 tỷ đồng' / '2.84 bn VND'; 4500000 people → '4,5 triệu' /
    '4.5 m'; 1283 → '1.283' / '1,283'. Money keeps its 'per …' part ('6,5 triệu đồng/người/tháng'); counts carry no
    unit (the column or axis names it), and above 100 no decimals (a mean of 1.036,56 HTX reads as 1.037).
    ``with_unit=False`` leaves out 'đồng'/'VND' (for axis ticks); ``per=False`` the 'per …' part (for tiles)."""
    if value is None or value != value:
        return missing
    size = abs(value)
    if not is_money(unit):
        if size >= 1e6:
            return format_number(value / 1e6, language) + (" triệu" if language == "vi" else " m")
        return format_number(value, language, 0 if size >= 100 else 2)
    scale, word = next(((s, vi if language == "vi" else en) for s, vi, en in _MONEY_SCALES if size >= s), (1, ""))
    number = format_number(value / scale, language, 2 if scale > 1 else 0)
    if not with_unit:
        return f"{number} {word}".rstrip()
    rest = unit[unit.find("đồng") + len("đồng") :] if "đồng" in unit and per else ""
    if language == "vi":
        return f"{number} {word} đồng{rest}".replace("  ", " ")
    return f"{number} {word} VND{UNIT_EN.get(rest, rest)}".replace("  ", " ")


def unit_label(unit: str, language: str = "vi") -> str:
    """The unit as a column or axis names it: 'HTX' / 'coops', 'đồng/HTX' / 'VND per coop'."""
    if language == "vi":
        return unit
    if is_money(unit):
        rest = unit[unit.find("đồng") + len("đồng") :]
        return "VND" + UNIT_EN.get(rest, rest)
    return UNIT_EN.get(unit, unit)
