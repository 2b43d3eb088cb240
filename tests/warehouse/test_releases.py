"""Releases: every publish is kept, dated and read-only, with notes; an earlier one can be put back byte for byte."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from datetime import UTC, datetime, timedelta

import duckdb
import pytest

from sources.warehouse import releases
from tests.htx_cli import htx

T0 = datetime(2026, 1, 31, 1, 0, tzinfo=UTC)


def _publish(home, n_files: int, when: datetime, statuses: dict[int, str] | None = None) -> dict:
    """A published file as `publish` leaves it (marts + the record inside), then kept as a release."""
    build = home.published_db.with_suffix(".test-build")
    build.unlink(missing_ok=True)
    record = {"published_at": when.isoformat(), "row_counts": {"fct_submissions": n_files}}
    with duckdb.connect(str(build)) as con:
        con.execute("create schema marts; create schema meta")
        con.execute("create table marts.dim_province (province_key varchar, name_vi varchar)")
        con.execute("insert into marts.dim_province values ('old:42', 'Hà Tĩnh')")
        con.execute(
            "create table marts.fct_submissions (submission_id varchar, status varchar, file_name varchar, "
            "province_key varchar, period_code varchar, reporter varchar, received_at timestamptz)"
        )
        for i in range(n_files):  # file i arrived an hour before the publish that first included it
            con.execute(
                "insert into marts.fct_submissions values (?, ?, ?, 'old:42', '2024-FY', 'lien_minh_htx', ?)",
                [
                    f"s{i}",
                    (statuses or {}).get(i, "accepted"),
                    f"ha_tinh_{i}.xlsx",
                    T0 + timedelta(days=i) - timedelta(hours=1),
                ],
            )
        con.execute("create table meta.publication as select ?::varchar as record_json", [json.dumps(record)])
    home.published_db.parent.mkdir(parents=True, exist_ok=True)
    os.replace(build, home.published_db)
    return releases.keep(home, home.published_db, record)


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_each_publish_keeps_a_dated_read_only_release_with_notes(home) -> None:
    first = _publish(home, 1, T0)
    second = _publish(home, 2, T0 + timedelta(days=1))
    found = releases.list_releases(home)
    assert [r["name"] for r in found] == ["2026-02-01_010000", "2026-01-31_010000"]  # newest first
    assert found[0]["sha256"] == _sha(home.published_db) == second["sha256"]
    assert found[1]["sha256"] == first["sha256"] != second["sha256"]
    for item in found[0]["path"].parent.iterdir():
        assert stat.S_IMODE(item.stat().st_mode) == 0o444
    # The second release names the one file that arrived since the first, and the row count change.
    assert [f["file"] for f in second["changes"]["accepted"]] == ["ha_tinh_1.xlsx"]
    notes = (found[0]["path"].parent / "NOTES.md").read_text(encoding="utf-8")
    assert "Hà Tĩnh · 2024-FY · lien_minh_htx · `ha_tinh_1.xlsx`" in notes and "| fct_submissions | 2 | +1 |" in notes
    assert "2026-01-31_010000" in notes  # the previous release


def test_the_notes_name_submissions_whose_status_changed_since_the_previous_release(home) -> None:
    """A file already published that is superseded, withdrawn or decided again (`htx regate`) is named with its
    status before and now, though it did not arrive since."""
    _publish(home, 2, T0)
    third = _publish(home, 2, T0 + timedelta(days=1), statuses={0: "quarantined"})
    assert third["status_changes"] == [
        {
            "province": "Hà Tĩnh",
            "period": "2024-FY",
            "reporter": "lien_minh_htx",
            "file": "ha_tinh_0.xlsx",
            "before": "accepted",
            "after": "quarantined",
        }
    ]
    notes = (releases.find(home, third["name"])["path"].parent / "NOTES.md").read_text(encoding="utf-8")
    assert "`ha_tinh_0.xlsx`: accepted → quarantined" in notes and "previous release (1)" in notes


def test_rollback_restores_the_earlier_file_byte_for_byte(home) -> None:
    first = _publish(home, 1, T0)
    _publish(home, 2, T0 + timedelta(days=1))
    releases.rollback(home, first["name"])
    assert _sha(home.published_db) == first["sha256"]
    assert json.loads((home.published_db.parent / "published.json").read_text())["published_at"] == T0.isoformat()
    with pytest.raises(releases.ReleaseNotFound):
        releases.rollback(home, "../../etc")


def test_an_altered_release_is_not_rolled_back(home) -> None:
    first = _publish(home, 1, T0)
    _publish(home, 2, T0 + timedelta(days=1))
    path = releases.find(home, first["name"])["path"]
    path.chmod(0o644)
    with path.open("r+b") as f:
        f.seek(100)
        f.write(b"\x00tampered")
    before = _sha(home.published_db)
    with pytest.raises(Exception, match="sha256"):
        releases.rollback(home, first["name"])
    assert _sha(home.published_db) == before  # nothing swapped


def test_old_releases_are_pruned_but_never_the_published_one(home, monkeypatch) -> None:
    monkeypatch.setenv("HTX_KEEP_RELEASES", "2")
    first = _publish(home, 1, T0)
    _publish(home, 2, T0 + timedelta(days=1))
    _publish(home, 3, T0 + timedelta(days=2))
    names = [r["name"] for r in releases.list_releases(home)]
    assert names == ["2026-02-02_010000", "2026-02-01_010000"]  # the oldest went
    second = releases.list_releases(home)[1]
    releases.rollback(home, second["name"])  # readers now see the older of the two
    assert releases.prune(home, 1) == []  # keeping one would remove the published one: it stays
    assert len(releases.list_releases(home)) == 2 and first["name"] not in names


def test_the_cli_lists_rolls_back_and_reads_a_past_release(home) -> None:
    first = _publish(home, 1, T0)
    _publish(home, 2, T0 + timedelta(days=1))
    listed = htx(home, "releases")
    assert listed.returncode == 0 and first["name"] in listed.stdout + listed.stderr
    old = htx(home, "sql", "--release", first["name"], "-f", "csv", "select count(*) as n from marts.fct_submissions")
    assert old.returncode == 0 and old.stdout.strip().splitlines()[-1] == "1"  # what was published then
    wrong = htx(home, "rollback", "2020-01-01_000000", check=False)
    said = " ".join((wrong.stdout + wrong.stderr).split())
    assert wrong.returncode == 2 and "htx releases" in said and first["name"] in said  # what exists, what to do
    done = htx(home, "rollback", first["name"])
    assert done.returncode == 0 and _sha(home.published_db) == first["sha256"]
    now = htx(home, "sql", "-f", "csv", "select count(*) as n from marts.fct_submissions")
    assert now.stdout.strip().splitlines()[-1] == "1"


@pytest.mark.slow
def test_the_national_run_kept_its_release(national_home) -> None:
    (kept,) = releases.list_releases(national_home)[:1]
    assert kept["sha256"] == _sha(national_home.published_db)
    with duckdb.connect(str(national_home.published_db), read_only=True) as con:
        accepted = con.execute("select count(*) from marts.fct_submissions where status = 'accepted'").fetchone()[0]
    assert len(kept["changes"]["accepted"]) == accepted  # the first release: every file is new
