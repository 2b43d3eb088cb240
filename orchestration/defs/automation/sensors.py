"""Runs that start themselves: files dropped into the inbox (subfolders too) start one `htx_run`.

Files arriving together make one run: the sensor waits until nothing new has appeared for ``SETTLE_SECONDS``,
and starts nothing while a run of the job is queued or going. Its cursor remembers every file it has seen (path,
size, modification time), so a file already ingested never starts a run again — but a file replaced in place does.
"""

from __future__ import annotations

import hashlib
import json
import os
import time

import dagster as dg

from sources.core.home import HtxHome, env_number

SETTLE_SECONDS_ENV = "HTX_INBOX_SETTLE_SECONDS"
_ACTIVE = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING,
           dg.DagsterRunStatus.STARTED]  # fmt: skip


def inbox_fingerprints(home: HtxHome) -> dict[str, list[int]]:
    """Every entry under the inbox (not following links) by relative path: [size, mtime_ns]."""
    found = {}
    for root, dirs, files in os.walk(home.inbox, followlinks=False):
        dirs.sort()
        for name in files:
            path = os.path.join(root, name)
            try:
                stat = os.lstat(path)
            except FileNotFoundError:  # gone while we looked
                continue
            found[os.path.relpath(path, home.inbox)] = [stat.st_size, stat.st_mtime_ns]
    return found


def already_received(home: HtxHome, files: dict[str, list[int]]) -> dict[str, list[int]]:
    """On the sensor's first tick (no cursor yet): the files the registry already received by name and size — an
    inbox that `htx run` or `htx demo` just ingested does not start a second run."""
    if not home.registry_db.exists():
        return {}
    from sources.landing import registry

    with registry.open_registry(home.registry_db) as con:
        known = {(r[0], r[1]) for r in con.execute("select file_name, size_bytes from received_files")}
    return {path: mark for path, mark in files.items() if (os.path.basename(path), mark[0]) in known}


@dg.sensor(
    name="inbox_arrivals",
    job_name="htx_run",
    minimum_interval_seconds=15,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="New files in $HTX_HOME/inbox (subfolders too) start one htx_run once they stop arriving.",
)
def inbox_arrivals(context: dg.SensorEvaluationContext):
    home = HtxHome.from_env()
    now = inbox_fingerprints(home)
    seen = json.loads(context.cursor) if context.cursor else already_received(home, now)
    new = {path: mark for path, mark in now.items() if seen.get(path) != mark}
    if not new:
        return dg.SkipReason("Không có tệp mới / nothing new in the inbox")
    settle = env_number(SETTLE_SECONDS_ENV, 10, 0, 3600)
    newest = max(mark[1] for mark in new.values()) / 1e9
    if time.time() - newest < settle:
        return dg.SkipReason(f"{len(new)} new file(s) still arriving; waiting {settle:.0f} s of quiet")
    running = context.instance.get_runs(filters=dg.RunsFilter(job_name="htx_run", statuses=_ACTIVE), limit=1)
    if running:
        return dg.SkipReason(f"run {running[0].run_id[:8]} is in progress; the new files wait for the next tick")
    context.update_cursor(json.dumps(now, sort_keys=True))
    key = hashlib.sha256(json.dumps(new, sort_keys=True).encode()).hexdigest()[:16]
    return dg.RunRequest(run_key=f"inbox-{key}", tags={"htx/trigger": "inbox", "htx/new_files": str(len(new))})
