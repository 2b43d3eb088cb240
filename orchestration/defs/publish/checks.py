"""Checks on the published snapshot, made the way readers open it."""

import dagster as dg

from orchestration.defs.publish import assets as publish
from sources.core.home import HtxHome
from sources.warehouse.snapshot import CONTRACT_TABLES


@dg.asset_check(
    asset=publish.published_warehouse,
    description="The snapshot readers open holds every contract table, "
    "readable read-only the way the explorer and `htx sql` open it.",
)
def published_snapshot_is_readable(home: dg.ResourceParam[HtxHome]) -> dg.AssetCheckResult:
    from sources.warehouse.reader import query

    found = set(
        query("select table_name from information_schema.tables where table_schema = 'marts'", path=home.published_db)[
            "table_name"
        ]
    )
    missing = sorted(set(CONTRACT_TABLES) - found)
    return dg.AssetCheckResult(
        passed=not missing, metadata={"missing_tables": dg.MetadataValue.json(missing), "tables": len(found)}
    )
