"""kill -9 at every risky point of ingest, build and publish: the warehouse that finally comes out equals a
clean run's, every file is recorded whole (all parts of a multi-part CSV, or none), readers never see a
half-published snapshot, and Dagster does not keep a dead run "STARTED" forever."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess

import duckdb
import pytest

from sources.authoring.sample_submissions import write_samples
from sources.core.home import HtxHome
from sources.warehouse.snapshot import CONTRACT_TABLES
from tests.hostile.cases import CASES
from tests.hostile.generate import write_cases
from tests.htx_cli import HTX, REPO

pytestmark = pytest.mark.slow
MULTI_PART = [c for c in CASES if c.name in ("nhieu_phan.csv", "ba_cach_viet.csv", "ma_so.json")]


def _htx(home: HtxHome, *args: str, failpoint: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "HTX_HOME": str(home.root)}
    env.pop("HTX_FAILPOINT", None)
    if failpoint:
        env["HTX_FAILPOINT"] = failpoint
    return subprocess.run([str(HTX), *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=900)


def _killed(done: subprocess.CompletedProcess) -> bool:
    return done.returncode in (-signal.SIGKILL, 128 + signal.SIGKILL)


def _inbox(home: HtxHome) -> None:
    write_samples(home.inbox)
    write_cases(home.inbox, MULTI_PART)


def _registry(home: HtxHome) -> list[tuple]:
    with sqlite3.connect(home.registry_db) as con:
        return sorted(
            con.execute(
                "select submission_id, sha256, file_name, province_key, period_code, reporter, "
                "status, problems_json from submissions"
            ).fetchall()
        )


def _warehouse(home: HtxHome) -> dict[str, list[tuple]]:
    """Every contract table, without the columns that only say *when* a file arrived."""
    tables = {}
    with duckdb.connect(str(home.published_db), read_only=True) as con:
        for table in CONTRACT_TABLES:
            columns = [
                c
                for (c,) in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = 'marts' and table_name = ? order by ordinal_position",
                    [table],
                ).fetchall()
                if "received" not in c
            ]
            rows = con.execute(f"select {', '.join(columns)} from marts.{table}").fetchall()
            tables[table] = sorted(rows, key=repr)
    return tables


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> HtxHome:
    home = HtxHome(tmp_path_factory.mktemp("clean") / "home").ensure()
    _inbox(home)
    assert _htx(home, "run").returncode == 0
    return home


def test_ingest_killed_at_every_point_then_rerun_records_exactly_what_a_clean_ingest_does(clean, tmp_path):
    home = HtxHome(tmp_path / "home").ensure()
    _inbox(home)
    # Each run dies somewhere else: inside the 60-part CSV's commit, after keeping files, before and after
    # recording one. (The CSV goes first: periods are taken in order, so a later run would have recorded it.)
    for point in (
        "ingest.before_commit@nhieu_phan.csv",
        "ingest.kept#4",
        "ingest.before_commit#3",
        "ingest.after_commit#2",
    ):
        killed = _htx(home, "ingest", str(home.inbox), "--json", failpoint=point)
        assert _killed(killed), (point, killed.stderr[-2000:])
        if home.registry_db.exists():  # whatever was recorded was recorded whole: no CSV half in, half out
            assert len([r for r in _registry(home) if r[2] == "nhieu_phan.csv"]) in (0, 60)
    again = _htx(home, "ingest", str(home.inbox), "--json")
    assert again.returncode == 0, again.stderr[-2000:]
    assert _registry(home) == _registry(clean)
    landed = sorted(p.relative_to(home.landing) for p in home.landing.rglob("s*.parquet"))
    assert landed == sorted(p.relative_to(clean.landing) for p in clean.landing.rglob("s*.parquet"))


def test_killed_builds_and_publishes_never_show_readers_half_a_snapshot_and_end_equal(clean, tmp_path):
    home = HtxHome(tmp_path / "home")
    shutil.copytree(clean.root, home.root)  # a published snapshot to protect
    first = json.loads((home.published_db.parent / "published.json").read_text())

    for point in ("build.after_dbt", "publish.before_swap"):
        assert _killed(_htx(home, "build", failpoint=point))
        # The published snapshot is still the first one, whole, and described by its record.
        assert json.loads((home.published_db.parent / "published.json").read_text()) == first
        with duckdb.connect(str(home.published_db), read_only=True) as con:
            assert json.loads(con.execute("select record_json from meta.publication").fetchone()[0]) == first

    assert _killed(_htx(home, "build", failpoint="publish.after_swap"))
    # Swapped, but the copy beside it still describes the old file: readers get the record from inside it.
    with duckdb.connect(str(home.published_db), read_only=True) as con:
        inside = json.loads(con.execute("select record_json from meta.publication").fetchone()[0])
    assert inside != first
    shown = _htx(home, "quality")
    assert shown.returncode == 0 and inside["published_at"][:19] in shown.stdout + shown.stderr
    assert json.loads((home.published_db.parent / "published.json").read_text()) == inside  # repaired

    assert _htx(home, "run").returncode == 0
    assert _warehouse(home) == _warehouse(clean)

    from dagster import DagsterInstance, DagsterRunStatus, RunsFilter

    with DagsterInstance.from_config(str(home.dagster_home)) as instance:
        runs = instance.get_runs()
        assert not instance.get_runs(filters=RunsFilter(statuses=[DagsterRunStatus.STARTED]))
        failed = [r for r in runs if r.status == DagsterRunStatus.FAILURE]
        assert len(failed) == 3  # the three killed builds, marked failed by the next start
