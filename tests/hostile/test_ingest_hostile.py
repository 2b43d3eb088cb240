"""Hostile files at the front door: each is decided on its own, the same way by `htx check` and `htx ingest`,
with a reason in words; nothing outside the given paths is read; the terminal never runs what a file says."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

from sources.authoring.sample_submissions import write_workbook
from sources.core.home import writer_lock
from sources.intake.arrivals import list_arrivals
from sources.intake.raw_store import stored_path
from sources.landing.ingest import dry_run_many, export_registry, ingest_files
from tests.hostile.cases import CASES, COOPS, INFO
from tests.hostile.generate import write_cases
from tests.htx_cli import htx


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    write_cases(folder, CASES)
    return folder


def _codes(result) -> set[str]:
    return {e["code"] for e in result.errors}


@pytest.fixture(scope="module")
def checked(hostile):
    return dict(zip([c.name for c in CASES], dry_run_many([hostile / c.name for c in CASES]), strict=True))


@pytest.mark.parametrize("case", CASES, ids=[c.name.encode("ascii", "replace").decode() for c in CASES])
def test_check_decides_each_hostile_file_with_its_reason(checked, case):
    result = checked[case.name]
    assert result.status == case.status, (case.why, result.errors)
    assert case.codes <= _codes(result), (case.why, result.errors)
    for problem in result.errors:
        assert problem["message_vi"] and problem["message_en"], problem


def test_ingest_decides_exactly_as_check_and_records_every_part(home, hostile, checked):
    with writer_lock(home):
        results = ingest_files(home, [hostile / c.name for c in CASES])
        export_registry(home)
    for case, result in zip(CASES, results, strict=True):
        assert (result.status, _codes(result)) == (checked[case.name].status, _codes(checked[case.name])), case.why
    parts = next(r for c, r in zip(CASES, results, strict=True) if c.name == "nhieu_phan.csv").parts
    assert len(parts) == 60 and sum(p["status"] == "quarantined" for p in parts) == 5
    refused = [p for p in parts if p["status"] == "quarantined"]
    assert all(p["province_key"] and p["period_code"] and p["errors"][0]["cell"] for p in refused)
    with sqlite3.connect(home.registry_db) as con:
        recorded = con.execute("select count(*) from submissions where file_name = 'nhieu_phan.csv'").fetchone()[0]
    assert recorded == 60


def test_cli_report_gives_each_part_and_keeps_markup_and_escapes_harmless(home, hostile):
    done = htx(home, "ingest", str(hostile), "--json")
    report = {os.path.basename(r["file"]): r for r in json.loads(done.stdout)}
    multi = report["nhieu_phan.csv"]
    assert multi["status"] == "partial" and multi["submission_id"] is None
    assert {(p["province_key"], p["period_code"]) for p in multi["parts"]} >= {("old:01", "2021-FY")}
    bad = [p for p in multi["parts"] if p["status"] == "quarantined"]
    assert all(p["errors"] and p["submission_id"] for p in bad)
    table = htx(home, "ingest", str(hostile))  # all duplicates now: the table still names every file
    shown = table.stdout + table.stderr
    assert "\x1b[2J" not in shown and "\x1b[31m" not in shown and "\\x1b" in shown
    again = htx(home, "check", str(hostile / "[bold red]ten\x1b[31m.xlsx"), check=False)
    assert again.returncode == 1 and "[/]" in again.stdout + again.stderr


def test_symlinks_devices_and_pipes_in_the_inbox_are_refused_unread(home, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:SECRET_TOKEN\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    write_workbook(outside / "linked_folder_report.xlsx", INFO, [COOPS])
    good = write_workbook(home.inbox / "bao_cao.xlsx", INFO, [COOPS])
    (home.inbox / "passwd.xlsx").symlink_to(secret)
    (home.inbox / "environ.csv").symlink_to("/proc/self/environ")
    (home.inbox / "linked").symlink_to(outside, target_is_directory=True)
    os.mkfifo(home.inbox / "pipe.csv")
    with writer_lock(home):
        results = {r.file.rsplit("/", 1)[-1]: r for r in ingest_files(home, list_arrivals([home.inbox]))}
    assert results["bao_cao.xlsx"].status == "accepted"
    assert {n: r.status for n, r in results.items() if n != "bao_cao.xlsx"} == dict.fromkeys(
        ("passwd.xlsx", "environ.csv", "linked", "pipe.csv"), "refused"
    )
    assert _codes(results["pipe.csv"]) == {"not_a_regular_file"} and _codes(results["linked"]) == {"symlink_refused"}
    stored = [p.read_bytes() for p in home.raw_store.rglob("*") if p.is_file()]
    assert stored == [good.read_bytes()]  # nothing of /etc, /proc or the linked folder was kept
    assert stored_path(home.raw_store, results["bao_cao.xlsx"].sha256).exists()


def test_a_symlink_is_read_only_when_explicitly_allowed(home, tmp_path):
    report = write_workbook(tmp_path / "real.xlsx", INFO, [COOPS])
    link = tmp_path / "link.xlsx"
    link.symlink_to(report)
    refused = htx(home, "ingest", str(link), "--json", check=False)
    assert json.loads(refused.stdout)[0]["status"] == "refused"
    allowed = htx(home, "ingest", str(link), "--json", "--allow-symlinks")
    assert json.loads(allowed.stdout)[0]["status"] == "accepted"


def test_a_crashing_or_hanging_reader_costs_only_its_own_file(home, tmp_path, monkeypatch):
    monkeypatch.setenv("HTX_FAILPOINT", "read@crash.xlsx=kill,read@hang.xlsx=hang")
    monkeypatch.setenv("HTX_FILE_TIME_LIMIT", "4")
    files = [
        write_workbook(tmp_path / f"{name}.xlsx", {**INFO, "Tỉnh": code}, [COOPS])
        for name, code in (("crash", "42"), ("ok_1", "40"), ("hang", "38"), ("ok_2", "44"))
    ]
    with writer_lock(home):
        results = ingest_files(home, files)
    assert [(r.status, sorted(_codes(r))) for r in results] == [
        ("quarantined", ["reader_crashed"]),
        ("accepted", []),
        ("quarantined", ["file_too_slow"]),
        ("accepted", []),
    ]
    # Decided, so a later run sees duplicates instead of dying on the same file again.
    monkeypatch.delenv("HTX_FAILPOINT")
    with writer_lock(home):
        assert {r.status for r in ingest_files(home, files)} == {"duplicate"}


def test_a_gate_process_that_dies_costs_the_verdict_not_the_run(home, tmp_path, monkeypatch):
    """Great Expectations runs in a process of its own: if it dies mid-batch the file is kept and quarantined as the
    system's fault (gate_failed, "tell the operator"), and the next batch gets a fresh gate."""
    first = write_workbook(tmp_path / "first.xlsx", INFO, [COOPS])
    monkeypatch.setenv("HTX_FAILPOINT", "gate=kill")
    with writer_lock(home):
        [result] = ingest_files(home, [first])
    assert result.status == "quarantined" and _codes(result) == {"gate_failed"}
    assert stored_path(home.raw_store, result.sha256).read_bytes() == first.read_bytes()
    monkeypatch.delenv("HTX_FAILPOINT")
    second = write_workbook(tmp_path / "second.xlsx", {**INFO, "Tỉnh": "40"}, [COOPS])
    with writer_lock(home):
        [result] = ingest_files(home, [second])
    assert result.status == "accepted"
