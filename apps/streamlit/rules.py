"""Checks named in words: readers see "Thay đổi bất thường so với kỳ trước", never a rule code like stock_jump.

A rule's title is its own label (labels.yml ``rule.<id>``), else its description in the gate's
validation_rules.yml, else the family its code belongs to (``bad_…``, ``missing_…``, ``unknown_…``).
"""

from __future__ import annotations

from functools import cache

import polars as pl

from apps.streamlit.i18n import lang, t
from sources.gate.suites import rules  # the rules file as the gate reads it (no GX import)


@cache
def _descriptions() -> dict[str, dict[str, str]]:
    found = {}
    for group in rules().values():
        for rule in group if isinstance(group, list) else []:
            found[rule["id"]] = {"vi": rule.get("description_vi", ""), "en": rule.get("description_en", "")}
    return found


def rule_title(rule_id: str) -> str:
    own = t(f"rule.{rule_id}")
    if own != f"rule.{rule_id}":
        return own
    described = _descriptions().get(rule_id) or _descriptions().get(rule_id.split("_", 1)[-1])
    if described and described[lang()]:
        return described[lang()]
    family = rule_id.split("_", 1)[0]
    title = t(f"rule.family.{family}")
    return title if title != f"rule.family.{family}" else t("rule.family.other")


def flag_words(column: str = "flag_reasons") -> pl.Expr:
    """'stock_jump; peer_outlier' → 'Thay đổi bất thường so với kỳ trước; Khác xa các tỉnh cùng kỳ'. Text that is
    not a code (a reason written out already) is kept as it is."""

    def words(reasons: str) -> str:
        parts = [p.strip() for p in reasons.split(";") if p.strip()]
        return "; ".join(rule_title(p) if p.replace("_", "").isalnum() and p.isascii() else p for p in parts)

    return pl.col(column).map_elements(words, return_dtype=pl.String)
