"""Warnings that compare parts of one submission: lists against the totals reported beside them."""

from __future__ import annotations

import polars as pl

from sources.core.problems import Problem, warning
from sources.core.vn_text import format_en, format_vi
from sources.gate.suites import comparison
from sources.parse.submission import ParsedSubmission, indicator_label


def tolerance() -> float:
    """SUBMISSION_SPEC section 4: more than 5 % apart is worth a look (validation_rules.yml)."""
    return comparison("list_count_mismatch")["max_relative_change"]


def list_count_warnings(sub: ParsedSubmission) -> list[Problem]:
    values = {r["indicator_code"]: r for r in sub.indicators.iter_rows(named=True)}
    checks = []
    if sub.cooperatives is not None and sub.cooperatives.height:
        active = sub.cooperatives.filter(pl.col("status").is_null() | (pl.col("status") == "đang hoạt động")).height
        checks.append(
            (
                "coops_total",
                active,
                "coop_list_count_mismatch",
                "HTX đang hoạt động trong danh sách",
                "active cooperatives in the list",
            )
        )
    if sub.ocop_products is not None and sub.ocop_products.height:
        checks.append(
            (
                "ocop_products_total",
                sub.ocop_products.height,
                "ocop_list_count_mismatch",
                "sản phẩm OCOP trong danh sách",
                "OCOP products in the list",
            )
        )
    problems = []
    for code, counted, rule, what_vi, what_en in checks:
        row = values.get(code)
        total = row["value"] if row else None
        if total and abs(counted - total) / total > tolerance():
            name = indicator_label(row.get("indicator_as_written"), code)
            problems.append(
                warning(
                    rule,
                    f"Số {what_vi} ({format_vi(counted)}) lệch hơn 5% so với chỉ tiêu {name} ({format_vi(total)}).",
                    f"The number of {what_en} ({format_en(counted)}) differs by more than 5% from {name} "
                    f"({format_en(total)}).",
                    row=row["sheet_row"],
                    cell=row["value_cell"],
                    indicator_code=code,
                )
            )
    return problems
