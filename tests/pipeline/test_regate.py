"""`htx regate`: after the rules change, kept files are decided again — new decisions appended to the history,
the old ones untouched — and the warehouse follows: a file quarantined now leaves it, one accepted now enters it."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import duckdb
import pytest

from orchestration.defs.ingest.checks import decisions_follow_current_rules
from sources.authoring.sample_submissions import write_workbook
from sources.core.home import writer_lock
from sources.gate import suites
from sources.intake.raw_store import stored_path
from sources.landing import registry
from sources.landing.ingest import export_registry, ingest_files
from sources.landing.regate import RulesUnreadable, due, regate
from sources.warehouse import releases
from tests.htx_cli import htx

VALUE = (
    "select value from marts.fct_indicator_values "
    "where province_key = ? and period_code = '2024-FY' and indicator_code = 'coops_total'"
)


def _files(folder):
    sent = {"Kỳ báo cáo": "2024-FY", "Ngày gửi": date(2025, 1, 20)}
    big = write_workbook(  # above coops_total's plausible maximum (20,000): a warning today
        folder / "ha_tinh_2024.xlsx", {"Tỉnh": "Hà Tĩnh", **sent}, [["Số hợp tác xã đang hoạt động", "25.000", "HTX"]]
    )
    odd = write_workbook(  # a negative count: an error today
        folder / "quang_binh_2024.xlsx",
        {"Tỉnh": "Quảng Bình", **sent},
        [["Số hợp tác xã đang hoạt động", "300", "HTX"], ["Số tổ hợp tác", "-5", None]],
    )
    return big, odd


def _ingest(home, paths):
    with writer_lock(home):
        results = ingest_files(home, paths)
        export_registry(home)
    return {r.file.rsplit("/", 1)[-1]: r for r in results}


def _new_rules(rules: dict) -> None:
    """Counts above 20,000 become an error, negative counts a warning."""
    next(r for r in rules["per_value"] if r["id"] == "count_not_negative")["severity"] = "warning"
    rules["per_value"].append(
        {
            "id": "count_at_most_20000",
            "applies_to": "counts",
            "operator": "<=",
            "right": 20000,
            "missing": "skip_rule",
            "severity": "error",
            "description_vi": "Số đếm không quá 20.000",
            "description_en": "A count is at most 20,000",
        }
    )


@pytest.fixture
def change_rules(rules_with):
    """Call it to apply ``_new_rules`` from then on."""
    return lambda: rules_with(_new_rules)


def test_nothing_is_due_right_after_ingest_and_the_version_names_the_rules(home, tmp_path, rules_with):
    _ingest(home, list(_files(tmp_path)))
    assert due(home) == []  # decided under today's rules
    assert len(due(home, everything=True)) == 2
    assert len(due(home, since=date(2999, 1, 1), everything=True)) == 0
    before = suites.rules_version()
    assert decisions_follow_current_rules(home=home).passed
    rules_with(suites.RULES_FILE.read_text(encoding="utf-8") + "\n# a comment only\n")
    assert suites.rules_version() != before and len(due(home)) == 2
    warned = decisions_follow_current_rules(home=home)  # what the Dagster UI shows after the rules changed
    assert not warned.passed and warned.metadata["next"].value == "htx regate"
    assert warned.metadata["files_decided_under_other_rules"].value == 2


@pytest.mark.slow
def test_changed_rules_move_files_in_and_out_of_the_warehouse(home, tmp_path, change_rules, monkeypatch):
    from orchestration.runner import run_job

    monkeypatch.setenv("DAGSTER_HOME", str(home.dagster_home))  # run_job points Dagster here; restored afterwards
    big, odd = _files(tmp_path)
    first = _ingest(home, [big, odd])
    big_id, odd_id = first[big.name].submission_id, first[odd.name].submission_id
    assert (first[big.name].status, first[odd.name].status) == ("accepted", "quarantined")
    assert run_job("htx_build", home)  # published under today's rules
    change_rules()
    with registry.open_registry(home.registry_db) as con:
        original = [dict(r) for r in con.execute("select * from submissions order by submission_id")]

    with writer_lock(home):
        report = regate(home)
    assert {(d.submission_id, d.before, d.after) for d in report.changed} == {
        (big_id, "accepted", "quarantined"),
        (odd_id, "quarantined", "accepted"),
    }
    assert not report.not_rechecked

    with registry.open_registry(home.registry_db) as con:
        # The first decisions are exactly as they were; the new ones follow them in the history.
        assert [dict(r) for r in con.execute("select * from submissions order by submission_id")] == original
        history = registry.decision_history(con, big_id)
        assert [(h["cause"], h["status"]) for h in history] == [("received", "accepted"), ("regate", "quarantined")]
        assert history[1]["rules_version"] == suites.rules_version() != history[0]["rules_version"]
        for edit in ("update decisions set status = 'accepted'", "delete from decisions", "delete from submissions"):
            with pytest.raises(sqlite3.DatabaseError, match="history"):
                con.execute(edit)
    # The landing follows: the quarantined file's rows leave, the accepted one's arrive with its warning flag.
    assert not (home.landing / "indicator_values" / f"{big_id}.parquet").exists()
    assert (home.quarantine / f"{big_id}.txt").exists() and not (home.quarantine / f"{odd_id}.txt").exists()
    assert due(home) == []

    assert run_job("htx_build", home)  # in this process: the build's own gate re-check reads the patched rules
    with duckdb.connect(str(home.published_db), read_only=True) as con:
        assert con.execute(VALUE, ["old:42"]).fetchall() == []
        assert con.execute(VALUE, ["old:44"]).fetchall() == [(300,)]
        flagged = con.execute(
            "select is_flagged from marts.fct_indicator_values where province_key = 'old:44' "
            "and indicator_code = 'coop_groups_total'"
        ).fetchall()
        statuses = dict(con.execute("select submission_id, status from marts.fct_submissions").fetchall())
    assert flagged == [(True,)]
    assert statuses == {big_id: "quarantined", odd_id: "accepted"}
    # The release notes say what the re-check changed, though no file arrived.
    (latest, *_) = releases.list_releases(home)
    assert {(c["file"], c["before"], c["after"]) for c in latest["status_changes"]} == {
        (big.name, "accepted", "quarantined"),
        (odd.name, "quarantined", "accepted"),
    }


def test_a_damaged_or_missing_kept_file_keeps_its_decision_and_is_named(home, tmp_path, change_rules):
    big, odd = _files(tmp_path)
    first = _ingest(home, [big, odd])
    change_rules()
    kept = stored_path(home.raw_store, first[big.name].sha256)
    kept.chmod(0o644)
    kept.write_bytes(kept.read_bytes() + b"\0")
    stored_path(home.raw_store, first[odd.name].sha256).unlink()
    with writer_lock(home):
        report = regate(home)
    assert report.decided == []
    reasons = {n.file_name: n.en for n in report.not_rechecked}
    assert "altered" in reasons[big.name] and "missing" in reasons[odd.name]
    with registry.open_registry(home.registry_db) as con:
        assert con.execute("select count(*) from decisions").fetchone()[0] == 0
    assert len(due(home)) == 2  # still due: once the files are restored, `htx regate` decides on them


def test_the_command_explains_itself_and_refuses_bad_dates(home, tmp_path):
    _ingest(home, list(_files(tmp_path)))
    quiet = htx(home, "regate", "--no-build")
    assert "nothing to re-check" in quiet.stderr
    for bad in ("2026-02-30", "31/13/2026", "yesterday; rm -rf /", "9" * 5000):
        refused = htx(home, "regate", "--since", bad, check=False)
        assert refused.returncode == 2 and "not a date" in refused.stderr
    again = json.loads(htx(home, "regate", "--all", "--since", "20/01/2025", "--no-build", "--json").stdout)
    assert again["changed"] == 0 and len(again["decided"]) == 2 and again["not_rechecked"] == []
    assert "Examples" in htx(home, "regate", "--help").stdout


def test_a_crash_around_the_commit_leaves_no_gap_and_the_next_regate_ends_it(home, tmp_path, change_rules, monkeypatch):
    """Rows of a newly accepted file are landed before its decision is recorded, and a newly quarantined file's rows
    leave only after: whatever the moment of a crash, the build never misses an accepted submission's rows."""
    big, odd = _files(tmp_path)
    first = _ingest(home, [big, odd])
    big_id, odd_id = first[big.name].submission_id, first[odd.name].submission_id
    landed = home.landing / "indicator_values"
    change_rules()

    monkeypatch.setenv("HTX_FAILPOINT", "regate.before_commit=raise")
    with writer_lock(home):
        report = regate(home)
    assert report.decided == [] and len(report.not_rechecked) == 2
    with registry.open_registry(home.registry_db) as con:
        assert con.execute("select count(*) from decisions").fetchone()[0] == 0
    assert (landed / f"{big_id}.parquet").exists()  # still accepted: its rows stay
    assert (landed / f"{odd_id}.parquet").exists()  # landed ahead of its decision; ignored while quarantined

    monkeypatch.setenv("HTX_FAILPOINT", "regate.after_commit=raise")
    with writer_lock(home):
        regate(home)
    with registry.open_registry(home.registry_db) as con:
        assert registry.find_submission(con, big_id)["status"] == "quarantined"
    assert (landed / f"{big_id}.parquet").exists()  # not tidied yet: the build ignores a quarantined one's rows

    monkeypatch.delenv("HTX_FAILPOINT")
    with writer_lock(home):
        assert regate(home).decided == []  # nothing due any more: only the tidying was left
    assert not (landed / f"{big_id}.parquet").exists() and (home.quarantine / f"{big_id}.txt").exists()
    assert (landed / f"{odd_id}.parquet").exists()


def test_a_broken_rules_file_decides_nothing(home, tmp_path, rules_with):
    """A typo in the rules must not become a quarantine of every kept file: nothing is re-checked, and the command
    says which file to fix."""
    _ingest(home, list(_files(tmp_path)))
    rules_with("per_value: [unclosed\n")
    with writer_lock(home), pytest.raises(RulesUnreadable) as refused:
        regate(home)
    assert "validation_rules.yml" in refused.value.en and "nothing was re-checked" in refused.value.en
    with registry.open_registry(home.registry_db) as con:
        assert con.execute("select count(*) from decisions").fetchone()[0] == 0


def test_a_file_that_cannot_be_read_this_time_keeps_its_decision(home, tmp_path, change_rules, monkeypatch):
    """The kept bytes are those decided on before: a reader that fails now (a limit, a crash) says something about
    this run, not the file, so nothing is recorded and the file stays due."""
    big, odd = _files(tmp_path)
    _ingest(home, [big, odd])
    change_rules()
    monkeypatch.setenv("HTX_FAILPOINT", "read=raise")  # every reading worker fails
    with writer_lock(home):
        report = regate(home)
    assert report.decided == [] and {n.file_name for n in report.not_rechecked} == {big.name, odd.name}
    assert all("earlier decision stands" in n.en for n in report.not_rechecked)
    assert len(due(home)) == 2
