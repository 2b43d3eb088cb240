"""The published snapshot: the checked build file swapped in whole for readers."""

import dagster as dg

from orchestration import progress
from orchestration.defs.warehouse import dbt_assets as warehouse
from orchestration.run_health import claim_run
from sources.core.home import HtxHome, writer_lock
from sources.warehouse.snapshot import publish

STEP = "Công bố / publish"


@dg.asset(
    key=["published", "warehouse"],
    deps=[warehouse.warehouse_models],
    group_name="publish",
    kinds={"duckdb"},
    description="The DuckDB file readers use; replaced atomically, only after every check passed.",
)
def published_warehouse(context: dg.AssetExecutionContext, home: dg.ResourceParam[HtxHome]) -> dg.MaterializeResult:
    claim_run(context)
    report = progress.current()
    report.step(STEP)
    with writer_lock(home):
        record = publish(home)
    report.finish(STEP, str(home.published_db))
    context.log.info(f"published {home.published_db}")
    return dg.MaterializeResult(
        metadata={"path": str(home.published_db), **{f"rows_{t}": n for t, n in record["row_counts"].items()}}
    )
