"""How long from a file landing to its figure being published, and how long a run with nothing new takes.

    .venv/bin/python bench/incremental_publish.py            # the 13 sample files, then one more file, 3 times

Measures, in a fresh HTX_HOME in a temp dir: `htx run` on the sample inbox (the first full build), `htx run` again
with nothing new (no rebuild), then one new province file dropped into the inbox and `htx run` until its value is
in the published warehouse (the issue's target: ≤ 15 s), three times with three files (median and slowest: a
shared VM's timings vary by a second or two). Wall-clock times of the real command, process start included.
Nothing in the repository is written.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sources.authoring.sample_submissions import write_samples, write_workbook  # noqa: E402


def _htx(home: Path, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).parent / "htx"), *args],
        env={**os.environ, "HTX_HOME": str(home)},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def _published(home: Path, province_key: str, period: str) -> float | None:
    import duckdb

    with duckdb.connect(str(home / "warehouse" / "htx.duckdb"), read_only=True) as con:
        found = con.execute(
            "select value from marts.fct_indicator_values where province_key = ? and period_code = ? "
            "and indicator_code = 'coops_total'",
            [province_key, period],
        ).fetchall()
    return found[0][0] if found else None


def _breakdown(home: Path, started: float) -> str:
    """Where the last run's time went, from Dagster's event log: before the run (process start, loading the
    definitions, creating the run), then each step."""
    os.environ["DAGSTER_HOME"] = str(home / "dagster")
    from dagster import DagsterInstance

    with DagsterInstance.get() as instance:
        run = instance.get_runs(limit=1)[0]
        records = instance.all_logs(run.run_id)
    spans, first = {}, records[0].timestamp
    for r in records:
        kind = r.dagster_event.event_type_value if r.dagster_event else ""
        if kind == "STEP_START":
            spans[r.step_key] = r.timestamp
        elif kind == "STEP_SUCCESS":
            spans[r.step_key] = r.timestamp - spans[r.step_key]
    steps = {k: v for k, v in spans.items() if v > 0.2}
    return f"before the first event {first - started:4.1f} s; " + ", ".join(f"{k} {v:4.1f} s" for k, v in steps.items())


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        (home / "inbox").mkdir(parents=True)
        write_samples(home / "inbox")
        first = _htx(home, "run")
        noop = _htx(home, "run")
        times = []
        for number in (412, 413, 414):
            info = {"Tỉnh": "Tỉnh Cao Bằng", "Kỳ báo cáo": "Năm 2024", "Ngày gửi": date(2025, 1, 20)}
            rows = [["Số HTX", str(number), "HTX", None]]
            write_workbook(home / "inbox" / f"cao_bang_2024_{number}.xlsx", info, rows)
            started = time.time()
            times.append(_htx(home, "run"))
            assert _published(home, "old:04", "2024-FY") == number, "the new file's figure is not published"
        print(f"first build of the sample inbox : {first:6.1f} s")
        print(f"htx run, nothing new            : {noop:6.1f} s   (no rebuild; the file is untouched)")
        print(
            f"one new file → published         : {statistics.median(times):6.1f} s median, {max(times):.1f} s slowest "
            "of 3   (target ≤ 15 s)"
        )
        print(f"  of which (the last): {_breakdown(home, started)}")


if __name__ == "__main__":
    main()
