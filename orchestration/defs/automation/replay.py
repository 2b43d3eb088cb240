"""Every week: prove the warehouse can be rebuilt from the kept files alone (sources/landing/replay.py).

A job of its own (not an asset: it changes nothing readers see). It replays the raw store into
``$HTX_HOME/build/replay`` and fails — which raises an alert — if any decision or landed table comes out different.
"""

import dagster as dg

from orchestration.run_health import claim_run
from sources.core.home import HtxHome
from sources.landing.replay import replay


@dg.op(description="Replay every kept file, in arrival order, into a scratch home; compare with the live landing.")
def replay_raw_store(context: dg.OpExecutionContext, home: dg.ResourceParam[HtxHome]) -> None:
    claim_run(context)
    # Reads the live registry and landing, writes only under build/replay: no writer lock needed beyond the
    # run queue (one run at a time), and readers are never blocked.
    found = replay(home, home.build_dir / "replay")
    context.log.info(f"replayed {found['files']} files, {found['submissions']} submissions")
    if not found["identical"] or found["missing_files"]:
        raise dg.Failure(
            "the warehouse could not be rebuilt from the kept files alone",
            metadata={k: dg.MetadataValue.json(v) for k, v in found.items()},
        )
    context.add_output_metadata({"files": found["files"], "submissions": found["submissions"]})


@dg.job(name="weekly_replay", description="Prove the warehouse can be rebuilt from the raw store alone.")
def weekly_replay():
    replay_raw_store()


weekly_replay_schedule = dg.ScheduleDefinition(
    name="weekly_replay",
    job=weekly_replay,
    cron_schedule="0 20 * * 6",  # Sunday 03:00 in Vietnam (Saturday 20:00 UTC): nobody is sending files
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
