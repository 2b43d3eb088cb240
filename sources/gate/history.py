"""Warnings against the province's own history: a stock that jumps from the previous period of its type."""

from __future__ import annotations

import polars as pl

from sources.core import reference
from sources.core.home import HtxHome
from sources.core.periods import parse_period
from sources.core.problems import Problem, warning
from sources.core.vn_text import format_en, format_vi
from sources.gate.suites import comparison
from sources.landing import registry
from sources.parse.submission import ParsedSubmission, indicator_label


def max_stock_change() -> float:
    """SUBMISSION_SPEC section 4: more than 50 % from the previous period of the same type (validation_rules.yml)."""
    return comparison("stock_jump")["max_relative_change"]


def previous_period_code(period_code: str) -> str:
    period = parse_period(period_code)
    return f"{period.year - 1}-{period.period_type}"


def stock_jump_warnings(
    home: HtxHome, sub: ParsedSubmission, earlier: dict[tuple, pl.DataFrame] | None = None
) -> list[Problem]:
    """Stocks that moved too much since the previous period of the same type: from ``earlier`` (parts of the
    same file, decided but not recorded yet) or else the registry's current version."""
    if not (sub.province_key and sub.period_code and sub.reporter):
        return []
    previous_code = previous_period_code(sub.period_code)
    previous_values = (earlier or {}).get((sub.province_key, previous_code, sub.reporter))
    if previous_values is None:
        if not home.registry_db.exists():
            return []
        with registry.open_registry(home.registry_db) as con:
            previous = registry.current_submission(con, sub.province_key, previous_code, sub.reporter)
        landed = home.landing / "indicator_values" / f"{previous['submission_id']}.parquet" if previous else None
        if landed is None or not landed.exists():
            return []
        previous_values = pl.read_parquet(landed)
    stocks = reference.indicators().filter(pl.col("kind") == "stock")["code"].to_list()
    before = dict(previous_values.select("indicator_code", "value").iter_rows())
    problems = []
    for row in sub.indicators.filter(pl.col("indicator_code").is_in(stocks)).iter_rows(named=True):
        old, new = before.get(row["indicator_code"]), row["value"]
        if old and new is not None and abs(new - old) / old > max_stock_change():
            problems.append(
                warning(
                    "stock_jump",
                    f"Chỉ tiêu {_name(row)} thay đổi {100 * (new - old) / old:+.0f}% so với kỳ "
                    f"{previous_code} ({format_vi(old)} → {format_vi(new)}); hãy kiểm tra lại.",
                    f"Indicator {_name(row)} changed {100 * (new - old) / old:+.0f}% from {previous_code} "
                    f"({format_en(old)} → {format_en(new)}); please check.",
                    sheet=sub.indicator_sheet,
                    row=row["sheet_row"],
                    cell=row["value_cell"],
                    indicator_code=row["indicator_code"],
                )
            )
    return problems


def _name(row: dict) -> str:
    return indicator_label(row.get("indicator_as_written"), row["indicator_code"])
