"""The published snapshot: the checked build file swapped in whole for readers."""

from datetime import timedelta

import dagster as dg

from orchestration import progress
from orchestration.defs.warehouse import dbt_assets as warehouse
from orchestration.run_health import claim_run, writer_lock_or_retry
from sources.core.home import HtxHome
from sources.warehouse.snapshot import publish

STEP = "Công bố / publish"


@dg.asset(
    key=["published", "warehouse"],
    deps=[warehouse.warehouse_models],
    group_name="publish",
    kinds={"duckdb"},
    description="The DuckDB file readers use; replaced atomically, only after every check passed.",
    # Overdue unless published in the 24 h before 06:30 Vietnam time: the daily_completeness schedule does that.
    freshness_policy=dg.FreshnessPolicy.cron(deadline_cron="30 23 * * *", lower_bound_delta=timedelta(hours=24)),
)
def published_warehouse(context: dg.AssetExecutionContext, home: dg.ResourceParam[HtxHome]) -> dg.MaterializeResult:
    claim_run(context)
    report = progress.current()
    report.step(STEP)
    with writer_lock_or_retry(context, home):
        record = publish(home)
    report.finish(STEP, str(home.published_db))
    context.log.info(f"published {home.published_db}")
    return dg.MaterializeResult(
        metadata={"path": str(home.published_db), **{f"rows_{t}": n for t, n in record["row_counts"].items()}}
    )
