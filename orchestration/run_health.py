"""Runs whose process died (kill -9, a power cut) would stay "STARTED" in Dagster forever.

Every run records which process executes it (run tags: pid, that process's start time, host). At the next
start of `htx` (a run, the UI), runs still in progress whose process is gone are marked failed, with a
message saying why. The start time guards against a recycled pid.
"""

from __future__ import annotations

import os
import socket

import dagster as dg
import psutil

PID, STARTED, HOST = "htx/pid", "htx/pid_started", "htx/host"
_IN_PROGRESS = [dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING]


def process_tags() -> dict[str, str]:
    """Tags naming this process, for a run it executes."""
    return {PID: str(os.getpid()), STARTED: f"{psutil.Process().create_time():.2f}", HOST: socket.gethostname()}


def claim_run(context: dg.AssetExecutionContext | dg.OpExecutionContext) -> None:
    """Record the executing process on a run launched elsewhere (the UI); runs from `htx` carry it already."""
    if PID not in context.run.tags:
        context.instance.add_run_tags(context.run_id, process_tags())


def _alive(tags: dict[str, str]) -> bool:
    if tags.get(HOST) != socket.gethostname():
        return True  # another machine's process: not ours to judge
    try:
        process = psutil.Process(int(tags[PID]))
        return abs(process.create_time() - float(tags[STARTED])) < 1.0
    except (psutil.NoSuchProcess, psutil.AccessDenied, ValueError, KeyError):
        return False


def fail_stale_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark failed every in-progress run whose process is gone; return their ids."""
    stale = []
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=_IN_PROGRESS)):
        if PID in run.tags and not _alive(dict(run.tags)):
            instance.report_run_failed(
                run,
                f"Tiến trình chạy (pid {run.tags[PID]}) đã dừng đột ngột; lần chạy được đánh dấu thất bại. "
                f"/ The process running this (pid {run.tags[PID]}) stopped abruptly; the run is marked failed.",
            )
            stale.append(run.run_id)
    return stale
