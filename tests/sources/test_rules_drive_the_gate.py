"""The rules file drives the gate: a rule added there is checked, with its message, and no code names it."""

from __future__ import annotations

import polars as pl
import pytest

from sources.gate import suites
from sources.parse.submission import INDICATOR_SCHEMA


@pytest.fixture
def extra_rule(rules_with):
    """The project's rules plus one per_value rule nobody wrote code for: at most 5,000 cooperative groups."""
    rules_with(
        lambda rules: rules["per_value"].append(
            {
                "id": "groups_at_most_5000",
                "applies_to": "counts",
                "operator": "<=",
                "right": 5000,
                "missing": "skip_rule",
                "severity": "warning",
                "description_vi": "Số đếm không quá 5.000",
                "description_en": "A count of at most 5,000",
            }
        )
    )


def _values(rows: list[tuple[str, float | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "indicator_code": c,
                "value": v,
                "sheet_row": n + 2,
                "value_cell": f"B{n + 2}",
                "indicator_as_written": "Số tổ hợp tác" if c == "coop_groups_total" else c,
            }
            for n, (c, v) in enumerate(rows)
        ],
        schema={
            k: INDICATOR_SCHEMA[k]
            for k in ("indicator_code", "value", "sheet_row", "value_cell", "indicator_as_written")
        },
    )


def test_a_rule_added_to_the_file_is_checked_with_its_message(extra_rule):
    found = suites.validate(_values([("coops_total", 900.0), ("coop_groups_total", 6200.0)]), "Chỉ tiêu")
    [problem] = [p for p in found if p.code == "groups_at_most_5000"]
    assert (problem.severity, problem.cell) == ("warning", "B3")
    assert "'Số tổ hợp tác' (coop_groups_total): Số đếm không quá 5.000" in problem.message_vi


def test_money_is_not_a_count_and_missing_values_are_skipped(extra_rule):
    found = suites.validate(
        _values([("coops_total", 900.0), ("revenue_avg_per_coop", 9e9), ("members_total", None)]), None
    )
    assert not [p for p in found if p.code == "groups_at_most_5000"]


def test_the_projects_own_bounds_still_hold():
    found = suites.validate(_values([("coops_total", -3.0), ("coop_groups_total", 2e6)]), "Chỉ tiêu")
    assert {(p.code, p.cell) for p in found} >= {("count_not_negative", "B2"), ("plausible_range", "B3")}
    [wide] = [p for p in found if p.code == "plausible_range" and p.cell == "B3"]
    assert "(0 – 100.000)" in wide.message_vi
