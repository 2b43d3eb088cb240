"""Run the Dagster jobs in-process, against the persistent instance under ``$HTX_HOME/dagster``,
so that CLI runs show up in the Dagster UI (``htx ui``) exactly like runs launched there."""

from __future__ import annotations

import gc
import json
import os

import yaml

from sources.core.home import HtxHome

# No telemetry, and no "join the community" pop-up over the asset graph (nux: new-user experience). One run at a
# time: DuckDB has one writer, so runs the daemon launches (sensor, schedule, UI) queue behind each other.
_ONE_RUN_AT_A_TIME = "concurrency:\n  runs:\n    max_concurrent_runs: 1\n"
_INSTANCE_YAML = "telemetry:\n  enabled: false\nnux:\n  enabled: false\n" + _ONE_RUN_AT_A_TIME
_STORAGE_KEYS = ("storage", "run_storage", "event_log_storage", "schedule_storage")
_EVENT_LOG_CLASS = "ReusedConnectionEventLogStorage"


def _history(home: HtxHome) -> str:
    """Where Dagster keeps a home's run history (its default place), as an absolute path: Dagster reads the setting
    relative to the working directory otherwise; a home that moved gets it corrected (``_settings``)."""
    return str(home.dagster_home / "history" / "runs")


def _event_log(home: HtxHome) -> str:
    """Dagster's run history, written without opening a connection per event (orchestration/event_log_storage.py)."""
    return (
        f"event_log_storage:\n  module: orchestration.event_log_storage\n  class: {_EVENT_LOG_CLASS}\n"
        f"  config:\n    base_dir: {json.dumps(_history(home))}\n"
    )


def _settings(home: HtxHome, text: str | None) -> str | None:
    """The home's dagster.yaml as it should be, or None to leave it: written once, then only what htx manages
    is added or corrected, keeping whatever a data engineer tuned (another storage, such as Postgres, stays)."""
    if text is None:
        return _INSTANCE_YAML + _event_log(home)
    try:
        tuned = yaml.safe_load(text) or {}
    except yaml.YAMLError:
        return None  # Dagster names the fault in its own settings file when it reads it
    if not isinstance(tuned, dict):
        return None
    wanted = text if text.endswith("\n") or not text else text + "\n"
    if "concurrency" not in tuned:  # a home made before runs were queued
        wanted += _ONE_RUN_AT_A_TIME
    events = tuned.get("event_log_storage")
    if not any(key in tuned for key in _STORAGE_KEYS):  # a home made before the faster event log
        wanted += _event_log(home)
    elif isinstance(events, dict) and events.get("class") == _EVENT_LOG_CLASS:
        here = _history(home)
        there = str((events.get("config") or {}).get("base_dir", ""))
        if there != here:  # the home was moved or copied: its history is here now
            for written in (json.dumps(there), there):
                if f"base_dir: {written}\n" in wanted:
                    wanted = wanted.replace(f"base_dir: {written}\n", f"base_dir: {json.dumps(here)}\n", 1)
                    break
    return wanted if wanted != text else None


def prepare_environment(home: HtxHome, create: bool = True) -> None:
    """Point Dagster and dbt at this HTX_HOME (child processes inherit it too); ``create`` its folders, unless
    the command only reads (a read-only home must still answer queries)."""
    os.environ["HTX_HOME"] = str(home.root)
    os.environ["DAGSTER_HOME"] = str(home.dagster_home)
    if not create:
        return
    home.ensure()
    path = home.dagster_home / "dagster.yaml"
    wanted = _settings(home, path.read_text() if path.exists() else None)
    if wanted is not None:
        path.write_text(wanted)


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
    if job_name == "htx_build" or any(home.inbox.iterdir()):  # both will gate: warm the gate up alongside
        from sources.gate import worker

        worker.start()
    from dagster import DagsterInstance

    from orchestration import progress
    from orchestration.definitions import defs
    from orchestration.run_health import fail_stale_runs, process_tags
    from sources.core.home import writer_lock

    job = (defs() if callable(defs) else defs).resolve_job_def(job_name)
    # The definitions, dbt's manifest and the libraries loaded so far live as long as the run: the garbage
    # collector need not walk them again on every full collection during it (~0.4 s of a build). Unfrozen after,
    # so a process that goes on (tests, a notebook) frees them as usual.
    gc.freeze()
    try:
        with writer_lock(home), DagsterInstance.get() as instance, progress.reporting():
            fail_stale_runs(instance)  # a run killed last time must not stay "STARTED" forever
            # The UI keeps every log line; the terminal shows warnings and errors only.
            quiet = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
            result = job.execute_in_process(
                instance=instance, raise_on_error=False, run_config=quiet, tags=process_tags()
            )
    finally:
        gc.unfreeze()
    return result.success
