"""The gate for list sheets: a Great Expectations suite per list table (cooperatives, OCOP products).

Built from the ``list_rules`` of ``validation_rules.yml``, run once over every submission's rows (a
``submission_id`` column keeps them apart), like the indicators' suites in ``sources/gate/suites.py``.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import polars as pl

from sources.core.contract import COOPERATIVE_COLUMNS, OCOP_COLUMNS, sheet_title
from sources.core.problems import Problem
from sources.gate.suites import _context, _definition, ignore_row_if, rules, run_id

SHEETS = {
    "cooperatives": (sheet_title("hop_tac_xa"), COOPERATIVE_COLUMNS),
    "ocop_products": (sheet_title("ocop"), OCOP_COLUMNS),
}


@cache
def _list_suites() -> dict[str, object]:
    import great_expectations as gx

    _context()  # suites belong to the gate's context
    definitions = {}
    for table, table_rules in rules()["list_rules"].items():
        suite = gx.ExpectationSuite(name=table)
        for rule in table_rules:
            meta = {"rule": rule["id"], "severity": rule["severity"]}
            if rule["kind"] == "not_null":
                suite.add_expectation(gx.expectations.ExpectColumnValuesToNotBeNull(column=rule["column"], meta=meta))
            elif rule["kind"] == "range":
                suite.add_expectation(
                    gx.expectations.ExpectColumnValuesToBeBetween(
                        column=rule["column"], min_value=rule["min"], max_value=rule["max"], meta=meta
                    )
                )
            else:  # pair: left <= right (or <), checked only where both sides are present
                suite.add_expectation(
                    gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
                        column_A=rule["right"],
                        column_B=rule["left"],
                        or_equal=rule["operator"] == "<=",
                        ignore_row_if=ignore_row_if(rule),
                        meta=meta,
                    )
                )
        definitions[table] = _definition(table, suite)
    return definitions


def prepared(table: str, frame: pl.DataFrame, period_end: date | None) -> pl.DataFrame:
    """The columns the rules compare that the sheet does not hold (the period's end; validity of certificates)."""
    frame = frame.with_columns(pl.lit(period_end, dtype=pl.Date).alias("period_end"))
    if table == "ocop_products":
        frame = frame.with_columns(pl.col("certified_on").dt.offset_by("36mo").alias("certificate_valid_until"))
    return frame


def validate_lists(
    lists: dict[str, dict[str, pl.DataFrame]], period_ends: dict[str, date | None]
) -> dict[str, list[Problem]]:
    """``lists[table][submission] = rows``; problems per submission, with sheet, row and column."""
    problems: dict[str, list[Problem]] = {sid: [] for frames in lists.values() for sid in frames}
    suites = _list_suites()
    for table, frames in lists.items():
        frames = {sid: f for sid, f in frames.items() if f is not None and f.height}
        if not frames:
            continue
        frame = pl.concat(
            [
                prepared(table, f, period_ends.get(sid)).with_columns(pl.lit(sid).alias("submission_id"))
                for sid, f in frames.items()
            ],
            how="vertical_relaxed",
        )
        result = suites[table].run(
            batch_parameters={"dataframe": frame.to_pandas()},
            result_format="COMPLETE",
            run_id=run_id(f"list_{table}", len(frames)),
        )
        by_id = {r["id"]: r for r in rules()["list_rules"][table]}
        for outcome in result.results:
            if outcome.success:
                continue
            rule = by_id[outcome.expectation_config.meta["rule"]]
            for index in outcome.result.get("unexpected_index_list") or []:
                row = frame.row(index, named=True)
                problems[row["submission_id"]].append(_problem(table, rule, row))
    return problems


def _problem(table: str, rule: dict, row: dict) -> Problem:
    sheet, columns = SHEETS[table]
    # The sheet's column the rule is about: its own, else a pair's left side (the certificate's date for the
    # validity rule, whose sides are derived from it).
    column = rule.get("column") or (rule["left"] if rule["left"] != "period_end" else "certified_on")
    label = next((c.label_vi for c in columns if c.warehouse_name == column), None)
    item = row.get("name") or row.get("product_name") or row.get("coop_id") or ""
    return Problem(
        rule["id"],
        rule["severity"],
        f"{rule['description_vi']} ({item}).",
        f"{rule['description_en']} ({item}).",
        sheet=sheet,
        row=row.get("sheet_row"),
        column=label,
    )
