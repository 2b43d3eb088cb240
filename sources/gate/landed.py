"""The gate's suites again, on what landed: nothing that fails today's error rules may sit in the landing tables.

Runs in the gate's process (``worker.call(landed_errors, ...)``) for the blocking check `landed_values_pass_gate`.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sources.core.periods import parse_period
from sources.gate import list_suites, suites

LIST_TABLES = ("cooperatives", "ocop_products")


def landed_errors(landing: Path) -> list[str]:
    """One line per landed submission and error: `<submission>: <rule> (<indicator>)` or `(<sheet>, row <n>)`."""
    paths = sorted((landing / "indicator_values").glob("s*.parquet"))
    values = {path.stem: pl.read_parquet(path) for path in paths}
    failures = [
        f"{sid}: {p.code} ({p.indicator_code})"
        for sid, found in suites.validate_many(values).items()
        for p in found
        if p.severity == "error"
    ]
    return failures + [
        f"{sid}: {p.code} ({p.sheet}, row {p.row})"
        for sid, found in _validate_lists(landing).items()
        for p in found
        if p.severity == "error"
    ]


def _validate_lists(landing: Path) -> dict:
    lists, ends = {}, {}
    for table in LIST_TABLES:
        lists[table] = {}
        for path in sorted((landing / table).glob("s*.parquet")):
            frame = pl.read_parquet(path)
            if frame.height:
                lists[table][path.stem] = frame
                ends[path.stem] = parse_period(frame["period_code"][0]).end_date
    return list_suites.validate_lists(lists, ends)
