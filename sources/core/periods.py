"""Reporting periods: codes (`2024-FY`, `2024-H1`, `2024-9M`, `2024-Q3`) and their Vietnamese names.

Run ``python -m sources.core.periods > sources/reference/periods.csv`` to regenerate the reference table
that dbt seeds as ``dim_period``; a test keeps the two in step.
"""

from __future__ import annotations

import calendar
import re
import sys
from dataclasses import dataclass
from datetime import date

from sources.core.vn_text import fold

PERIOD_TYPES = ("FY", "H1", "9M", "Q1", "Q2", "Q3", "Q4")
_START_MONTH = {"FY": 1, "H1": 1, "9M": 1, "Q1": 1, "Q2": 4, "Q3": 7, "Q4": 10}
_END_MONTH = {"FY": 12, "H1": 6, "9M": 9, "Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
# What each period type is called, in Vietnamese (as reports write it, and parse_period reads it) and English.
PERIOD_NAMES = {
    "FY": ("Năm {y}", "Full year {y}"),
    "H1": ("6 tháng đầu năm {y}", "First half {y}"),
    "9M": ("9 tháng đầu năm {y}", "First nine months {y}"),
    "Q1": ("Quý I/{y}", "Q1 {y}"),
    "Q2": ("Quý II/{y}", "Q2 {y}"),
    "Q3": ("Quý III/{y}", "Q3 {y}"),
    "Q4": ("Quý IV/{y}", "Q4 {y}"),
}
# The years a submission may report on (and dim_period holds): before 2000 there is no collective-economy
# series to compare with, and `0001-FY` or `1900-FY` is a typing slip, not a report. Periods that have not
# ended are refused separately (`unfinished_period`), so in practice the window ends today.
FIRST_YEAR, LAST_YEAR = 2000, 2035


@dataclass(frozen=True)
class Period:
    year: int
    period_type: str

    @property
    def code(self) -> str:
        return f"{self.year}-{self.period_type}"

    @property
    def start_date(self) -> date:
        return date(self.year, _START_MONTH[self.period_type], 1)

    @property
    def end_date(self) -> date:
        month = _END_MONTH[self.period_type]
        return date(self.year, month, calendar.monthrange(self.year, month)[1])


def parse_period(text: object) -> Period | None:
    """Read a period code or its Vietnamese name; None when it is not a period."""
    raw = fold(str(text or ""))
    if m := re.fullmatch(r"(\d{4})\s*-\s*(fy|h1|9m|q[1-4])", raw):
        return Period(int(m[1]), m[2].upper())
    if m := re.fullmatch(r"nam (\d{4})", raw):
        return Period(int(m[1]), "FY")
    if m := re.fullmatch(r"6 thang (?:dau )?(?:nam )?(\d{4})", raw):
        return Period(int(m[1]), "H1")
    if m := re.fullmatch(r"9 thang (?:dau )?(?:nam )?(\d{4})", raw):
        return Period(int(m[1]), "9M")
    if m := re.fullmatch(r"quy (i|ii|iii|iv)\s*/\s*(\d{4})", raw):
        return Period(int(m[2]), f"Q{_ROMAN[m[1]]}")
    return None


def period_name(code: str, language: str = "vi") -> str:
    """'2024-H1' → '6 tháng đầu năm 2024' (vi) or 'First half 2024' (en); unknown shapes stay as they are."""
    period = parse_period(code)
    if period is None:
        return code
    vi, en = PERIOD_NAMES[period.period_type]
    return (vi if language == "vi" else en).format(y=period.year)


def year_in_window(year: int) -> bool:
    """A plausible reporting year (one dim_period holds); a later one that has not ended is `unfinished`."""
    return FIRST_YEAR <= year <= LAST_YEAR


def all_periods() -> list[Period]:
    return [Period(y, t) for y in range(FIRST_YEAR, LAST_YEAR + 1) for t in PERIOD_TYPES]


def _write_reference_csv() -> None:
    sys.stdout.write("period_code,period_type,year,start_date,end_date\n")
    for p in all_periods():
        sys.stdout.write(f"{p.code},{p.period_type},{p.year},{p.start_date},{p.end_date}\n")


if __name__ == "__main__":
    _write_reference_csv()
