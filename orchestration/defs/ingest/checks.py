"""Checks on what ingest landed: nothing lost, the gate's suites hold on landed values, problems reported."""

import dagster as dg

from orchestration.defs.ingest.assets import LANDING_LISTS, LANDING_PROBLEMS, LANDING_SUBMISSIONS, LANDING_VALUES
from sources.core.home import HtxHome
from sources.gate import suites, worker
from sources.gate.landed import landed_errors


@dg.asset_check(asset=LANDING_SUBMISSIONS, description="Every received file is kept byte for byte in the raw store.")
def received_files_are_kept(home: dg.ResourceParam[HtxHome]) -> dg.AssetCheckResult:
    """Nothing lost: each file the registry lists is in the raw store, and its bytes still hash to its sha256."""
    import polars as pl

    from sources.intake.raw_store import sha256_of, stored_path

    received = pl.read_parquet(home.landing / "submissions.parquet")["sha256"].unique().to_list()
    damaged = [
        sha
        for sha in received
        if not stored_path(home.raw_store, sha).exists() or sha256_of(stored_path(home.raw_store, sha)) != sha
    ]
    return dg.AssetCheckResult(
        passed=not damaged,
        metadata={"files_checked": len(received), "missing_or_changed": dg.MetadataValue.json(damaged[:20])},
    )


@dg.asset_check(
    asset=LANDING_SUBMISSIONS,
    description="Every decision was made under today's rules, contract and reference data; if not, `htx regate` "
    "decides again on those files.",
)
def decisions_follow_current_rules(home: dg.ResourceParam[HtxHome]) -> dg.AssetCheckResult:
    """A warning after the rules changed: the files decided under the earlier ones, until `htx regate` runs."""
    from sources.landing.regate import due

    files = due(home) if home.registry_db.exists() else []
    return dg.AssetCheckResult(
        passed=not files,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "rules_version": suites.rules_version(),
            "files_decided_under_other_rules": len(files),
            "samples": dg.MetadataValue.json([parts[0]["file_name"] for parts in files[:20]]),
            "next": "htx regate" if files else "nothing to do",
        },
    )


@dg.asset_check(
    asset=LANDING_VALUES,
    blocking=True,
    description="Every landed submission passes the Great Expectations gate's error rules.",
)
def landed_values_pass_gate(home: dg.ResourceParam[HtxHome]) -> dg.AssetCheckResult:
    """Re-run the gate's suite on what landed (in the gate's process): guards against anything slipping past it."""
    failures = worker.call(landed_errors, home.landing)
    docs = worker.call(suites.build_data_docs, home.data_docs)  # this run's suites and results, readable by people
    return dg.AssetCheckResult(
        passed=not failures,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "failing_submissions": len(failures),
            # Landed values failing today's error rules were accepted under earlier ones: re-decide them.
            "next": "htx regate" if failures else "nothing to do",
            "samples": dg.MetadataValue.json(failures[:20]),
            "data_docs": dg.MetadataValue.path(str(docs)) if docs else "none",
        },
    )


def _problems(home: HtxHome, status: str, severity: str):
    import polars as pl

    submissions = pl.read_parquet(home.landing / "submissions.parquet").filter(pl.col("status") == status)
    problems = pl.read_parquet(home.landing / "problems.parquet").filter(pl.col("severity") == severity)
    return problems.join(
        submissions.select("submission_id", "file_name", "province_key", "period_code"), on="submission_id"
    )


def _report(found, passed_when_empty: bool = True) -> dict:
    by_rule = found.group_by("code").len("n").sort("n", descending=True)
    columns = ["file_name", "province_key", "period_code", "code", "sheet", "cell", "message_vi"]
    lines = [f"| {' | '.join(columns)} |", f"|{'---|' * len(columns)}"]
    lines += [f"| {' | '.join(str(v or '') for v in row)} |" for row in found.head(20).select(columns).iter_rows()]
    return {
        "count": found.height,
        "by_rule": dg.MetadataValue.json(dict(by_rule.iter_rows())),
        "samples": dg.MetadataValue.md("\n".join(lines) if found.height else "none"),
    }


@dg.asset_check(asset=LANDING_PROBLEMS, description="Files quarantined by an error rule (kept, explained, not loaded).")
def quarantined_files_are_explained(home: dg.ResourceParam[HtxHome]) -> dg.AssetCheckResult:
    """Quarantine is the gate doing its job: a warning to follow up, with each file's rule and cell."""
    found = _problems(home, "quarantined", "error")
    return dg.AssetCheckResult(passed=found.is_empty(), severity=dg.AssetCheckSeverity.WARN, metadata=_report(found))


@dg.asset_check(asset=LANDING_PROBLEMS, description="Warnings on accepted files: values published with a flag.")
def accepted_values_warnings(home: dg.ResourceParam[HtxHome]) -> dg.AssetCheckResult:
    found = _problems(home, "accepted", "warning")
    return dg.AssetCheckResult(passed=found.is_empty(), severity=dg.AssetCheckSeverity.WARN, metadata=_report(found))


def _table_rules(table: str) -> set[str]:
    """The rules (validation_rules.yml, plus the readers' own) whose failures concern one landed table."""
    rules = suites.rules()
    if table == "indicator_values":
        return {r["id"] for r in rules["per_value"] + rules["cross_field"]} | {"stock_jump"}
    own = {
        "cooperatives": {"coop_list_count_mismatch", "duplicate_coop_id"},
        "ocop_products": {"ocop_list_count_mismatch", "bad_stars"},
    }[table]
    return {r["id"] for r in rules["list_rules"][table]} | own


def _rules_check(table: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["landing", table]),
        name=f"{table}_rules",
        description=f"Great Expectations rules of the {table} suite: failures per rule, with samples "
        "(errors quarantined their file; warnings flagged published values).",
    )
    def check(home: dg.ResourceParam[HtxHome]) -> dg.AssetCheckResult:
        import polars as pl

        found = pl.concat([_problems(home, "quarantined", "error"), _problems(home, "accepted", "warning")])
        found = found.filter(pl.col("code").is_in(sorted(_table_rules(table))))
        errors = found.filter(pl.col("severity") == "error").height
        return dg.AssetCheckResult(
            passed=found.is_empty(),
            severity=dg.AssetCheckSeverity.WARN,
            metadata={**_report(found), "errors": errors, "warnings": found.height - errors},
        )

    return check


table_rules_checks = [_rules_check(table) for table in ("indicator_values", *LANDING_LISTS)]
