"""Runs whose process died (kill -9, a power cut) would stay "STARTED" in Dagster forever.

Every run records which process executes it (run tags: pid, that process's start time, host). At the next
start of `htx` (a run, the UI), runs still in progress whose process is gone are marked failed, with a
message saying why. The start time guards against a recycled pid.
"""

from __future__ import annotations

import contextlib
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


LOCK_WAIT_ENV = "HTX_LOCK_WAIT_SECONDS"


@contextlib.contextmanager
def writer_lock_or_retry(context, home):
    """The writer lock for a step; when another writer (an `htx ingest` at the terminal, a withdrawal) keeps it
    longer than ``HTX_LOCK_WAIT_SECONDS`` (default 60), the step is retried later with exponential backoff
    (30 s, 60 s, 120 s … at most 10 min, five times) instead of failing the run or blocking the queue for ever."""
    from filelock import Timeout

    from sources.core.home import env_number, writer_lock

    try:
        lock = writer_lock(home, timeout=env_number(LOCK_WAIT_ENV, 60, 0, 3600))
        lock.__enter__()
    except Timeout:
        wait = min(600, 30 * 2**context.retry_number)
        context.log.warning(f"another process holds the writer lock of {home.root}; retrying in {wait} s")
        raise dg.RetryRequested(max_retries=5, seconds_to_wait=wait) from None
    try:
        yield
    finally:
        lock.__exit__(None, None, None)
