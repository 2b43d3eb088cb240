"""The gate: a Great Expectations suite, built from ``validation_rules.yml``, decides on each submission.

GX has no Polars backend, so each submission's frames are validated as pandas frames
(``to_pandas()``), in one ephemeral GX context per process. Failed error-rules quarantine the
submission; failed warning-rules flag the values concerned.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import polars as pl
import yaml

from sources.core import contract, reference
from sources.core.problems import Problem
from sources.core.vn_text import format_en, format_vi
from sources.parse.submission import indicator_label

RULES_FILE = Path(__file__).parent / "validation_rules.yml"


@cache
def rules() -> dict:
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))


@cache
def rules_version() -> str:
    """What a decision depends on besides the file itself, as a short hash: the rules file, the submission contract
    the readers apply and the reference data (indicator catalogue and bounds, provinces, calendar). Every decision
    records it; `htx regate` re-checks the files decided under another one. Read once, like the rules themselves
    (``reload`` forgets both): the version stamped on a decision is that of the rules that made it."""
    digest = hashlib.sha256()
    for path in [RULES_FILE, Path(contract.__file__), *sorted(reference.REFERENCE_DIR.glob("*.csv"))]:
        digest.update(f"{path.name}\n".encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def ready() -> None:
    """Read the rules and build the suites now: a broken rules file raises here, before any file is decided on."""
    rules()
    _suites()


def reload() -> None:
    """Forget the rules and suites read so far: a long-lived process (`htx regate` in a server) sees the file now."""
    for cached in (rules, rules_version, _suites, _context):
        cached.cache_clear()


def ignore_row_if(rule: dict) -> str:
    """GX's setting for the rule's `missing`: `skip_rule` checks only rows where both sides have a value."""
    return "either_value_is_missing" if rule.get("missing", "skip_rule") == "skip_rule" else "neither"


def comparison(rule_id: str) -> dict:
    """A rule of the `comparisons` section (history, lists, peers): its threshold and descriptions."""
    return next(r for r in rules()["comparisons"] if r["id"] == rule_id)


def dbt_vars() -> dict:
    """The rules file's thresholds that dbt applies after the build, passed as `--vars` (never copied in SQL)."""
    peers = comparison("peer_outlier")
    return {"peer_outlier_robust_z": peers["robust_z_above"], "peer_outlier_min_peers": peers["min_peers"]}


def _count_codes() -> list[str]:
    return [r["code"] for r in reference.indicators().iter_rows(named=True) if "đồng" not in r["unit"]]


@dataclass
class _Suites:
    long: object  # validation definition on the long indicators frame
    wide: object  # validation definition on the one-row wide frame (cross-field rules)


@cache
def _context() -> tuple[object, object]:
    """One ephemeral GX context per process, and its pandas data source."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx  # imported here: it takes seconds and only the gate needs it
    from great_expectations.data_context.types.base import ProgressBarsConfig

    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)  # no bar per metric in our CLI output
    return ctx, ctx.data_sources.add_pandas("submission")


def _definition(name: str, suite) -> object:
    import great_expectations as gx

    ctx, source = _context()
    batch = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("each_submission")
    return ctx.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=ctx.suites.add(suite)))


@cache
def _suites() -> _Suites:
    import great_expectations as gx

    _context()  # suites belong to the gate's context
    catalogue = reference.indicators()["code"].to_list()

    long_suite = gx.ExpectationSuite(name="indicators")
    long_suite.add_expectation(
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="indicator_code", value_set=catalogue, meta={"rule": "known_indicator", "severity": "error"}
        )
    )
    long_suite.add_expectation(
        gx.expectations.ExpectCompoundColumnsToBeUnique(
            column_list=["submission_id", "indicator_code"],
            meta={"rule": "one_value_per_indicator", "severity": "error"},
        )
    )
    for rule in rules()["per_value"]:  # each bound a column of long_frame: value >= low, high >= value
        for column_a, column_b in (("value", f"{rule['id']}__low"), (f"{rule['id']}__high", "value")):
            if column_a != "value" and rule["operator"] == ">=" or column_b != "value" and rule["operator"] == "<=":
                continue
            long_suite.add_expectation(
                gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
                    column_A=column_a,
                    column_B=column_b,
                    or_equal=True,
                    ignore_row_if=ignore_row_if(rule),
                    meta={"rule": rule["id"], "severity": rule["severity"]},
                )
            )

    wide_suite = gx.ExpectationSuite(name="cross_field")
    for rule in rules()["cross_field"]:
        wide_suite.add_expectation(
            gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
                column_A=f"{rule['id']}__right",
                column_B=f"{rule['id']}__left",
                or_equal=rule["operator"] == "<=",
                ignore_row_if="either_value_is_missing",
                meta={"rule": rule["id"], "severity": rule["severity"]},
            )
        )

    return _Suites(_definition("indicators", long_suite), _definition("cross_field", wide_suite))


def long_frame(indicators: pl.DataFrame) -> pl.DataFrame:
    """The indicators with, per per_value rule, the bounds each value is checked against (`<rule>__low`,
    `<rule>__high`; NULL where the rule does not apply)."""
    catalogue = reference.indicators()
    applies = {"all": pl.lit(True), "counts": pl.col("indicator_code").is_in(_count_codes())}
    bounds = []
    for rule in rules()["per_value"]:
        if rule["operator"] == "between":
            low, high = (pl.col(c) for c in rule["right"])
        else:
            number = pl.lit(float(rule["right"]))
            low, high = (number, None) if rule["operator"] == ">=" else (None, number)
        for name, bound in ((f"{rule['id']}__low", low), (f"{rule['id']}__high", high)):
            kept = pl.when(applies[rule["applies_to"]]).then(bound) if bound is not None else pl.lit(None)
            bounds.append(kept.cast(pl.Float64).alias(name))
    table = catalogue.select(pl.col("code").alias("indicator_code"), "plausible_min", "plausible_max")
    return indicators.join(table, on="indicator_code", how="left").with_columns(bounds)


def wide_frame(indicators: pl.DataFrame) -> pl.DataFrame:
    """One row: each cross-field rule's left and right side (NULL where the rule is not checked)."""
    values = dict(zip(indicators["indicator_code"], indicators["value"], strict=True))
    row = {}
    for rule in rules()["cross_field"]:
        sides = {}
        for side in ("left", "right"):
            present = [values[c] for c in rule[side] if values.get(c) is not None]
            complete = len(present) == len(rule[side]) or rule.get("missing") == "sum_present"
            sides[side] = sum(present) if present and complete else None
        row[f"{rule['id']}__left"], row[f"{rule['id']}__right"] = sides["left"], sides["right"]
    return pl.DataFrame([row], schema={k: pl.Float64 for k in row})


def validate(indicators: pl.DataFrame, sheet: str | None) -> list[Problem]:
    """Run both suites on one submission; return one Problem per failing value or rule."""
    return validate_many({"_": indicators}, {"_": sheet})["_"]


def run_id(suite: str, submissions: int):
    """A validation run named for what it checked, so GX's Data Docs list "2026-01-31_080000_indicators_long_12"
    (time, suite, submissions in the batch) instead of "__none__". ASCII only: it becomes a folder and a URL."""
    from great_expectations.core.run_identifier import RunIdentifier

    now = datetime.now(UTC)
    return RunIdentifier(run_name=f"{now:%Y-%m-%d_%H%M%S}_{suite}_{submissions}", run_time=now)


def validate_many(
    submissions: dict[str, pl.DataFrame], sheets: dict[str, str | None] | None = None
) -> dict[str, list[Problem]]:
    """Run both suites once over many submissions (one GX run, not one per file); problems per submission."""
    sheets = sheets or {}
    suites = _suites()
    problems: dict[str, list[Problem]] = {sid: [] for sid in submissions}
    if not submissions:
        return problems
    frame = pl.concat(
        [long_frame(f).with_columns(pl.lit(sid).alias("submission_id")) for sid, f in submissions.items()],
        how="vertical_relaxed",
    )
    long_result = suites.long.run(
        batch_parameters={"dataframe": frame.to_pandas()},
        result_format="COMPLETE",
        run_id=run_id("indicators_long", len(submissions)),
    )
    for result in long_result.results:
        if result.success:
            continue
        meta = result.expectation_config.meta
        for index in result.result.get("unexpected_index_list") or []:
            row = frame.row(index, named=True)
            problems[row["submission_id"]].append(_value_problem(meta, row, sheets.get(row["submission_id"])))
    ids = list(submissions)
    wide = pl.concat([wide_frame(submissions[sid]) for sid in ids])
    wide_result = suites.wide.run(
        batch_parameters={"dataframe": wide.to_pandas()},
        result_format="COMPLETE",
        run_id=run_id("indicators_cross_field", len(ids)),
    )
    by_id = {r["id"]: r for r in rules()["cross_field"]}
    for result in wide_result.results:
        if result.success:
            continue
        rule = by_id[result.expectation_config.meta["rule"]]
        for index in result.result.get("unexpected_index_list") or []:
            indicators = submissions[ids[index]]
            rows = {r["indicator_code"]: r for r in indicators.iter_rows(named=True)}
            problems[ids[index]].append(_cross_field_problem(rule, indicators, rows, sheets.get(ids[index])))
    return problems


def _value_problem(meta: dict, row: dict, sheet: str | None) -> Problem:
    rule = next((r for r in rules()["per_value"] if r["id"] == meta["rule"]), None)
    code, value = row.get("indicator_code"), row.get("value")
    vi = rule["description_vi"] if rule else "Chỉ tiêu không hợp lệ"
    en = rule["description_en"] if rule else "Invalid indicator row"
    low, high = row.get(f"{meta['rule']}__low"), row.get(f"{meta['rule']}__high")
    if rule and rule["operator"] == "between" and low is not None and high is not None:
        vi += f" ({format_vi(low)} – {format_vi(high)})"
        en += f" ({format_en(low)} – {format_en(high)})"
    name = indicator_label(row.get("indicator_as_written"), code)
    return Problem(
        meta["rule"],
        meta["severity"],
        f"Chỉ tiêu {name}: {vi}; giá trị nhận được: {format_vi(value)}.",
        f"Indicator {name}: {en}; value received: {format_en(value)}.",
        sheet=sheet,
        row=row.get("sheet_row"),
        cell=row.get("value_cell"),
        indicator_code=code,
    )


def _cross_field_problem(rule: dict, indicators: pl.DataFrame, rows: dict, sheet: str | None) -> Problem:
    values = dict(zip(indicators["indicator_code"], indicators["value"], strict=True))
    present = [c for c in rule["left"] + rule["right"] if values.get(c) is not None]
    names = {c: indicator_label(rows.get(c, {}).get("indicator_as_written"), c) for c in present}
    shown_vi = ", ".join(f"{names[c]} = {format_vi(values[c])}" for c in present)
    shown_en = ", ".join(f"{names[c]} = {format_en(values[c])}" for c in present)
    first = next((c for c in rule["left"] if c in rows), rule["left"][0])
    where = rows.get(first, {})
    return Problem(
        rule["id"],
        rule["severity"],
        f"{rule['description_vi']} ({shown_vi}).",
        f"{rule['description_en']} ({shown_en}).",
        sheet=sheet,
        row=where.get("sheet_row"),
        cell=where.get("value_cell"),
        indicator_code=first,
    )


def build_data_docs(target: Path) -> Path | None:
    """Render this process's validations (suites, results, failing rows) as GX Data Docs under ``target``.

    None when the gate has not run in this process (nothing to render, and no reason to import GX).
    """
    if not _context.cache_info().currsize:
        return None
    context, _ = _context()
    site = {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(target)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }
    if "htx" not in context.get_site_names():
        context.add_data_docs_site("htx", site)
    else:  # another home in the same process (tests): the site follows the target
        context.update_data_docs_site("htx", site)
    context.build_data_docs(site_names=["htx"])
    from sources.gate.data_docs_assets import localize

    left = localize(target)  # load styles and scripts from beside the pages, not from CDNs
    if left:
        logging.getLogger(__name__).warning(
            "GX Data Docs still load %d files from the internet (run `make install` to vendor them)", len(left)
        )
    return target / "index.html"
