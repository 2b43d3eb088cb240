"""Ingest and gate: every file in the inbox is kept, read and decided on, one submission at a time."""

import dagster as dg

from orchestration import progress
from orchestration.run_health import claim_run, writer_lock_or_retry
from sources.core.home import HtxHome
from sources.gate import suites, worker
from sources.intake.arrivals import list_arrivals
from sources.landing.ingest import export_registry, ingest_files
from sources.warehouse.build_inputs import fingerprint
from sources.warehouse.snapshot import publication

STEP = "Tiếp nhận và kiểm tra / ingest and gate"
LANDING_SUBMISSIONS = dg.AssetKey(["landing", "submissions"])
LANDING_VALUES = dg.AssetKey(["landing", "indicator_values"])
LANDING_PROBLEMS = dg.AssetKey(["landing", "problems"])
LANDING_LISTS = {
    "cooperatives": "Cooperative list sheets of accepted submissions, one Parquet file each.",
    "ocop_products": "OCOP product sheets of accepted submissions, one Parquet file each.",
}


def inbox_files(home: HtxHome) -> list:
    """Everything in the inbox, dotfiles, symlinks and oddities included: each is kept or refused by name."""
    return list_arrivals([home.inbox])


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            LANDING_SUBMISSIONS,
            skippable=True,  # nothing new: no output, and the build downstream is skipped
            group_name="gate",
            kinds={"python", "parquet"},
            description="Registry of every received file and the gate's decision (Parquet export).",
        ),
        dg.AssetSpec(
            LANDING_VALUES,
            skippable=True,
            group_name="gate",
            kinds={"polars", "parquet"},
            description="Indicator values of accepted submissions, one Parquet file each.",
        ),
        *(
            dg.AssetSpec(
                ["landing", name], skippable=True, group_name="gate", kinds={"polars", "parquet"}, description=text
            )
            for name, text in LANDING_LISTS.items()
        ),
        dg.AssetSpec(
            LANDING_PROBLEMS,
            skippable=True,
            group_name="gate",
            kinds={"python", "parquet"},
            description="Every error and warning the gate found, with sheet, row, cell and messages.",
        ),
    ],
)
def gated_submissions(context: dg.AssetExecutionContext, home: dg.ResourceParam[HtxHome]):
    """Keep every inbox file byte for byte, read it, run the Great Expectations gate on it.

    A failing submission is quarantined with its reasons; the others go on.
    """
    claim_run(context)
    report = progress.current()
    with writer_lock_or_retry(context, home):
        files = inbox_files(home)
        report.step(STEP, total=len(files))
        results = ingest_files(home, files, on_file=lambda: report.advance(STEP))
        export_registry(home)
    accepted = sum(r.status == "accepted" for r in results)
    report.finish(STEP, f"{accepted}/{len(results)} accepted")
    published = publication(home) if home.published_db.exists() else None
    if published and published.get("inputs") == fingerprint(home):
        # Nothing landed, nothing was withdrawn, no model or rule changed: no output, so Dagster skips the build
        # and the publish, and the published file stays exactly as it is.
        context.log.info("nothing new since the published build: no rebuild")
        report.finish("Không có gì mới / nothing new", "kho dữ liệu giữ nguyên / the published warehouse is unchanged")
        return
    worker.call(suites.build_data_docs, home.data_docs)  # rendered where the gate ran
    for result in results:
        if result.status in ("quarantined", "partial", "refused"):
            context.log.warning(f"{result.status} {result.file}: {sorted({e['code'] for e in result.errors})}")
    counts = {
        s: sum(r.status == s for r in results) for s in ("accepted", "quarantined", "partial", "duplicate", "refused")
    }
    yield dg.MaterializeResult(
        asset_key=LANDING_SUBMISSIONS,
        metadata={
            "files_in_inbox": len(results),
            **{f"files_{k}": v for k, v in counts.items()},
            "quarantined_files": dg.MetadataValue.md(
                "\n".join(
                    f"- `{r.file}` ({r.status}): {', '.join(sorted({e['code'] for e in r.errors}))}"
                    for r in results
                    if r.status in ("quarantined", "partial", "refused")
                )
                or "none"
            ),
        },
    )
    yield dg.MaterializeResult(asset_key=LANDING_VALUES, metadata={"new_accepted": counts["accepted"]})
    for name in LANDING_LISTS:
        yield dg.MaterializeResult(asset_key=dg.AssetKey(["landing", name]))
    yield dg.MaterializeResult(asset_key=LANDING_PROBLEMS)
