"""The two jobs behind `htx run` and `htx build` (and the Dagster UI's launch buttons)."""

import dagster as dg

from orchestration.defs.ingest import checks as ingest_checks
from orchestration.defs.publish import assets as publish
from orchestration.defs.warehouse import dbt_assets as warehouse

htx_run = dg.define_asset_job(
    "htx_run",
    selection=dg.AssetSelection.all(),
    description="Ingest everything in the inbox, then build, check and publish.",
)
htx_build = dg.define_asset_job(
    # The gate's re-check of what landed runs too: every run leaves fresh GX Data Docs.
    "htx_build",
    selection=dg.AssetSelection.assets(warehouse.warehouse_models, publish.published_warehouse)
    | dg.AssetSelection.checks(ingest_checks.landed_values_pass_gate, ingest_checks.decisions_follow_current_rules),
    description="Build, check and publish the warehouse from what has been ingested.",
)
