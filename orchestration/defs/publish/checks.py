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


@dg.asset_check(
    asset=publish.published_warehouse,
    description="Provinces whose report is past its deadline and still missing (warning: the figures are "
    "published without them). Renewed every morning by the daily_completeness schedule.",
)
def reports_missing_after_deadline(home: dg.ResourceParam[HtxHome]) -> dg.AssetCheckResult:
    from sources.warehouse.reader import query

    missing = query(
        """
        select c.period_code, c.reporter, string_agg(p.name_vi, ', ' order by p.name_vi) as provinces, count(*) as n,
               min(c.due_date) as due
        from marts.fct_reporting_completeness c join marts.dim_province p using (province_key)
        where c.status = 'missing'
        group by all order by due desc, c.period_code desc, c.reporter
        """,
        path=home.published_db,
    )
    lines = [
        f"- **{r['period_code']}** ({r['reporter']}, hạn / due {r['due']}): {r['n']} — {r['provinces']}"
        for r in missing.iter_rows(named=True)
    ]
    return dg.AssetCheckResult(
        passed=missing.is_empty(),
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "missing_reports": int(missing["n"].sum()) if missing.height else 0,
            "by_period": dg.MetadataValue.md("\n".join(lines) or "none"),
        },
    )
