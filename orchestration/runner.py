"""Run the Dagster jobs in-process, against the persistent instance under ``$HTX_HOME/dagster``,
so that CLI runs show up in the Dagster UI (``htx ui``) exactly like runs launched there."""

from __future__ import annotations

import os

import yaml

from sources.core.home import HtxHome

# No telemetry, and no "join the community" pop-up over the asset graph (nux: new-user experience). One run at a
# time: DuckDB has one writer, so runs the daemon launches (sensor, schedule, UI) queue behind each other.
_ONE_RUN_AT_A_TIME = "concurrency:\n  runs:\n    max_concurrent_runs: 1\n"
_INSTANCE_YAML = "telemetry:\n  enabled: false\nnux:\n  enabled: false\n" + _ONE_RUN_AT_A_TIME


def prepare_environment(home: HtxHome, create: bool = True) -> None:
    """Point Dagster and dbt at this HTX_HOME (child processes inherit it too); ``create`` its folders, unless
    the command only reads (a read-only home must still answer queries)."""
    os.environ["HTX_HOME"] = str(home.root)
    os.environ["DAGSTER_HOME"] = str(home.dagster_home)
    if not create:
        return
    home.ensure()
    settings = home.dagster_home / "dagster.yaml"
    if not settings.exists():  # written once: a data engineer may tune it afterwards
        settings.write_text(_INSTANCE_YAML)
    else:  # a home made before runs were queued: add the limit, keeping whatever else was tuned there
        text = settings.read_text()
        try:
            tuned = yaml.safe_load(text) or {}
        except yaml.YAMLError:
            return  # Dagster names the fault in its own settings file when it reads it
        if isinstance(tuned, dict) and "concurrency" not in tuned:
            settings.write_text(text + ("\n" if text and not text.endswith("\n") else "") + _ONE_RUN_AT_A_TIME)


def mark_stale_runs(home: HtxHome) -> None:
    """Fail the runs a killed process left "STARTED", before the UI shows them as still running."""
    prepare_environment(home)
    from dagster import DagsterInstance

    from orchestration.run_health import fail_stale_runs

    with DagsterInstance.get() as instance:
        fail_stale_runs(instance)


def run_job(job_name: str, home: HtxHome | None = None) -> bool:
    """Execute ``htx_run`` or ``htx_build``; True when every step (and blocking check) succeeded."""
    home = home or HtxHome.from_env()
    prepare_environment(home)
    from dagster import DagsterInstance

    from orchestration import progress
    from orchestration.definitions import defs
    from orchestration.run_health import fail_stale_runs, process_tags
    from sources.core.home import writer_lock

    job = (defs() if callable(defs) else defs).resolve_job_def(job_name)
    with writer_lock(home), DagsterInstance.get() as instance, progress.reporting():
        fail_stale_runs(instance)  # a run killed last time must not stay "STARTED" forever
        # The UI keeps every log line; the terminal shows warnings and errors only.
        quiet = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
        result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=quiet, tags=process_tags())
    return result.success
