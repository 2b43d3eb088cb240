"""How `htx sql` writes one value: exact numbers, JSON for nested values, nothing a terminal would execute.

DuckDB renders the values Python would mangle (INTERVAL months, infinite dates, TIMESTAMP_NS, TIMETZ...) as
text; control characters and bidirectional marks are shown escaped; CSV cells that a spreadsheet would run as
formulas are neutralised by the writers.
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal

NUMERIC_TYPES = {
    "tinyint",
    "smallint",
    "integer",
    "bigint",
    "utinyint",
    "usmallint",
    "uinteger",
    "ubigint",
    "hugeint",
    "uhugeint",
    "decimal",
    "double",
}
# Rendered by DuckDB, as Python would lose months of an INTERVAL, nanoseconds, infinite or far dates.
RENDERED_TYPES = {
    "interval",
    "date",
    "time",
    "time with time zone",
    "time_ns",
    "timestamp",
    "timestamp_s",
    "timestamp_ms",
    "timestamp_ns",
    "timestamp with time zone",
    "uuid",
    "bit",
}
NESTED_TYPES = {"list", "array", "struct", "map", "union"}
# C0/C1 controls (ESC, CSI...) and the bidirectional overrides that reorder text on screen.
_INVISIBLE = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f{_INVISIBLE}]")
_UNSAFE_EXCEPT_NEWLINE = re.compile(f"[\x00-\x09\x0b-\x1f{_INVISIBLE}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class RawNumber(str):
    """An exact number kept as DuckDB's text (BIGNUM, integers inside JSON): written unquoted, never 'neutralised'."""


def visible(text: str, keep_newlines: bool = False) -> str:
    """Control characters and escape sequences as visible escapes (`\\x1b`), so they cannot drive a terminal."""

    def one(match: re.Match) -> str:
        c = match.group()
        return _NAMED.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")

    return (_UNSAFE_EXCEPT_NEWLINE if keep_newlines else _UNSAFE).sub(one, text)


# --- values -------------------------------------------------------------------------------------------------


def _special_float(value: float) -> str | None:
    if math.isnan(value):
        return "NaN"
    return ("Infinity" if value > 0 else "-Infinity") if math.isinf(value) else None


def _plain(value: object) -> str:
    """Text for what DuckDB handed over as a Python object (EXPLAIN and PRAGMA results, fallbacks)."""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex().upper()
    return str(value)  # dates, times, UUIDs...


def to_json(value: object) -> str:
    """One value as JSON text: NaN/±Infinity as strings, exact decimals, invisible characters escaped."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, RawNumber):
        return str(value)
    if isinstance(value, str):
        return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))
    if isinstance(value, float):
        special = _special_float(value)
        return json.dumps(special) if special else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return str(value) if value.is_finite() else json.dumps(str(value))
    if isinstance(value, dict):
        return "{" + ", ".join(f"{to_json(str(k))}: {to_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(map(to_json, value)) + "]"
    return to_json(_plain(value))


def to_text(value: object) -> str:
    """One value as CSV or table text (NULL as empty)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _special_float(value) or repr(value)
    if isinstance(value, str | int | Decimal):
        return str(value)
    if isinstance(value, dict | list | tuple):
        return to_json(value)
    return _plain(value)


def parse_json(text: str | None) -> object:
    # DuckDB's to_json writes NaN/Infinity bare and exact decimals; keep both as they are.
    if text is None:
        return None
    return json.loads(text, parse_float=Decimal, parse_int=RawNumber, parse_constant=float)
