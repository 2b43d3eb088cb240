"""The published snapshot, and the jobs that produce it."""

import dagster as dg

from orchestration.defs.ingest.assets import landed_values_pass_gate
from orchestration.defs.warehouse import dbt_assets as warehouse
from orchestration.run_health import claim_run
from sources.core.home import HtxHome, writer_lock
from sources.warehouse.snapshot import CONTRACT_TABLES, publish


@dg.asset(
    key=["published", "warehouse"],
    deps=[warehouse.warehouse_models],
    group_name="publish",
    kinds={"duckdb"},
    description="The DuckDB file readers use; replaced atomically, only after every check passed.",
)
def published_warehouse(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    claim_run(context)
    home = HtxHome.from_env()
    with writer_lock(home):
        record = publish(home)
    context.log.info(f"published {home.published_db}")
    return dg.MaterializeResult(
        metadata={"path": str(home.published_db), **{f"rows_{t}": n for t, n in record["row_counts"].items()}}
    )


@dg.asset_check(
    asset=published_warehouse,
    description="The snapshot readers open holds every contract table, "
    "readable read-only the way the explorer and `htx sql` open it.",
)
def published_snapshot_is_readable() -> dg.AssetCheckResult:
    from sources.warehouse.reader import query

    home = HtxHome.from_env()
    found = set(
        query("select table_name from information_schema.tables where table_schema = 'marts'", path=home.published_db)[
            "table_name"
        ]
    )
    missing = sorted(set(CONTRACT_TABLES) - found)
    return dg.AssetCheckResult(
        passed=not missing, metadata={"missing_tables": dg.MetadataValue.json(missing), "tables": len(found)}
    )


htx_run = dg.define_asset_job(
    "htx_run",
    selection=dg.AssetSelection.all(),
    description="Ingest everything in the inbox, then build, check and publish.",
)
htx_build = dg.define_asset_job(
    # The gate's re-check of what landed runs too: every run leaves fresh GX Data Docs.
    "htx_build",
    selection=dg.AssetSelection.assets(warehouse.warehouse_models, published_warehouse)
    | dg.AssetSelection.checks(landed_values_pass_gate),
    description="Build, check and publish the warehouse from what has been ingested.",
)
