"""Publishing: the build file replaces the published warehouse only when every check passed.

Readers open the published file read-only per request; ``os.replace`` swaps it atomically, so they
see either the old snapshot or the new one, never half of each.
"""

import contextlib
import json
import os
from datetime import UTC, datetime

import duckdb

from sources.core.failpoints import failpoint
from sources.core.home import HtxHome
from sources.warehouse import releases

# Tables the explorer and analysts' scripts rely on (the warehouse contract: docs/analysts.md, marts/*.yml).
CONTRACT_TABLES = (
    "dim_province",
    "dim_indicator",
    "dim_period",
    "dim_measure",
    "fct_indicator_values",
    "fct_indicator_values_new34",
    "fct_cooperatives",
    "fct_revenue",
    "fct_income",
    "fct_ocop",
    "fct_derived_measures",
    "fct_quality_issues",
    "fct_submissions",
    "fct_reporting_completeness",
    "fct_cooperative_snapshot",
    "fct_ocop_products",
)
OK_STATUSES = {"success", "pass"}


def _passed(result: dict) -> bool:
    # Exposures (the explorer, the notebooks) are declared, not built: dbt reports them as `no-op`.
    return result["status"] in OK_STATUSES or (
        result["unique_id"].startswith("exposure.") and result["status"] == "no-op"
    )


class PublishRefused(RuntimeError):
    pass


def run_results_path(home: HtxHome):
    return home.build_dir / "run_results.json"


def verify_build(home: HtxHome) -> dict[str, int]:
    """Refuse unless dbt reported every node passing and every contract table exists; return row counts."""
    results_file = run_results_path(home)
    if not home.build_db.exists() or not results_file.exists():
        raise PublishRefused("no complete build to publish: run the dbt build first")
    results = json.loads(results_file.read_text())["results"]
    failed = [r["unique_id"] for r in results if not _passed(r)]
    if failed or not results:
        raise PublishRefused(f"dbt reported {len(failed)} failing nodes: {failed[:10]}")
    with duckdb.connect(str(home.build_db), read_only=True) as con:
        present = {
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        }
        missing = [t for t in CONTRACT_TABLES if t not in present]
        if missing:
            raise PublishRefused(f"contract tables missing from the build: {missing}")
        return {t: con.execute(f"select count(*) from marts.{t}").fetchone()[0] for t in CONTRACT_TABLES}


def publish(home: HtxHome) -> dict:
    """Swap the checked build in. The publication record is written *inside* the file first, so the record
    and the warehouse it describes are swapped together; published.json is a copy, repaired when it lags."""
    counts = verify_build(home)
    previous = publication(home)  # so readers can say what changed since the last publish
    inputs = home.build_dir / "inputs.json"
    built_from = json.loads(inputs.read_text()) if inputs.exists() else {}
    record = {
        "published_at": datetime.now(UTC).isoformat(),
        "previous_published_at": previous["published_at"] if previous else None,
        "row_counts": counts,
        # What the build was made of (sources/warehouse/build_inputs.py): `htx run` with nothing new skips the build.
        "inputs": built_from.get("inputs"),
        "recipe": built_from.get("recipe"),  # the models, tests, seeds and rules alone: unit tests ran on them
    }
    with duckdb.connect(str(home.build_db)) as con:
        con.execute("create schema if not exists meta")
        con.execute(
            "create or replace table meta.publication as select ?::varchar as record_json", [json.dumps(record)]
        )
    home.published_db.parent.mkdir(parents=True, exist_ok=True)
    failpoint("publish.before_swap")
    os.replace(home.build_db, home.published_db)
    failpoint("publish.after_swap")
    _write_record_copy(home, record)
    releases.keep(home, home.published_db, record)
    run_results_path(home).unlink()
    return record


def publication(home: HtxHome) -> dict | None:
    """The record of the snapshot readers see (from inside the file); None before the first publish.

    published.json is rewritten from it when a crash left the copy describing an earlier file.
    """
    if not home.published_db.exists():
        return None
    with duckdb.connect(str(home.published_db), read_only=True) as con:
        found = con.execute(
            "select count(*) from information_schema.tables where table_schema = 'meta' and table_name = 'publication'"
        ).fetchone()[0]
        if not found:
            return None
        record = json.loads(con.execute("select record_json from meta.publication").fetchone()[0])
    copy = home.published_db.parent / "published.json"
    try:
        stale = json.loads(copy.read_text()) != record
    except (OSError, ValueError):
        stale = True
    if stale:
        with contextlib.suppress(OSError):  # a read-only home: the record inside the file still answers
            _write_record_copy(home, record)
    return record


def _write_record_copy(home: HtxHome, record: dict) -> None:
    target = home.published_db.parent / "published.json"
    tmp = target.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(record, indent=2))
    os.replace(tmp, target)
