"""Runs that start themselves: the inbox sensor, the daily schedule, the failure alerts (Dagster's test utilities,
real files, a real HTTP server on 127.0.0.1)."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.defs.automation import alerts, schedules, sensors
from sources.authoring.sample_submissions import write_workbook


@pytest.fixture
def instance():
    with dg.DagsterInstance.ephemeral() as found:
        yield found


def _tick(instance, cursor=None):
    context = dg.build_sensor_context(instance=instance, cursor=cursor)
    return sensors.inbox_arrivals(context), context.cursor


def _workbook(path, province="Tỉnh Hà Tĩnh", coops="975"):
    info = {"Tỉnh": province, "Kỳ báo cáo": "Năm 2024", "Ngày gửi": date(2025, 1, 20)}
    return write_workbook(path, info, [["Số HTX", coops, "HTX", None]])


def test_files_arriving_together_make_one_run_once_they_settle(home, instance, monkeypatch) -> None:
    result, cursor = _tick(instance)
    assert isinstance(result, dg.SkipReason) and "nothing new" in result.skip_message
    _workbook(home.inbox / "ha_tinh.xlsx")
    (home.inbox / "dot" / "sub").mkdir(parents=True)
    _workbook(home.inbox / "dot" / "sub" / "lao_cai.xlsx", "Tỉnh Lào Cai")
    monkeypatch.setenv("HTX_INBOX_SETTLE_SECONDS", "3600")
    result, _ = _tick(instance)
    assert isinstance(result, dg.SkipReason) and "still arriving" in result.skip_message
    monkeypatch.setenv("HTX_INBOX_SETTLE_SECONDS", "0")
    request, cursor = _tick(instance)
    assert isinstance(request, dg.RunRequest) and request.tags["htx/new_files"] == "2"  # one run for both
    assert sorted(json.loads(cursor)) == ["dot/sub/lao_cai.xlsx", "ha_tinh.xlsx"]
    again, _ = _tick(instance, cursor)
    assert isinstance(again, dg.SkipReason)  # files already seen start nothing
    time.sleep(0.01)
    _workbook(home.inbox / "ha_tinh.xlsx", coops="980")  # a corrected version, same name
    replaced, _ = _tick(instance, cursor)
    assert isinstance(replaced, dg.RunRequest) and replaced.tags["htx/new_files"] == "1"
    assert replaced.run_key != request.run_key


def test_no_new_run_while_one_is_going(home, instance, monkeypatch) -> None:
    monkeypatch.setenv("HTX_INBOX_SETTLE_SECONDS", "0")
    _workbook(home.inbox / "ha_tinh.xlsx")
    instance.add_run(dg.DagsterRun(job_name="htx_run", run_id="a1b2c3d4-run", status=dg.DagsterRunStatus.STARTED))
    result, cursor = _tick(instance)
    assert isinstance(result, dg.SkipReason) and "in progress" in result.skip_message
    assert cursor is None  # the files are not marked seen: the next tick after the run takes them


def test_the_daily_schedule_rebuilds_at_six_in_the_morning_vietnam_time() -> None:
    context = dg.build_schedule_context(scheduled_execution_time=datetime(2026, 1, 31, 23, 0, tzinfo=UTC))
    requests = schedules.daily_completeness.evaluate_tick(context).run_requests
    assert len(requests) == 1 and schedules.daily_completeness.job_name == "htx_build"
    hour_utc = int(schedules.daily_completeness.cron_schedule.split()[1])
    assert (hour_utc + 7) % 24 == 6 and schedules.daily_completeness.execution_timezone == "UTC"


class _Catcher(BaseHTTPRequestHandler):
    received: list = []
    redirect_to: str | None = None

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((self.path, json.loads(body)))
        if type(self).redirect_to:
            self.send_response(302)
            self.send_header("Location", type(self).redirect_to)
        else:
            self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def webhook():
    _Catcher.received, _Catcher.redirect_to = [], None
    server = HTTPServer(("127.0.0.1", 0), _Catcher)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/hook", _Catcher
    server.shutdown()


def _failed_run(instance):
    @dg.op
    def breaks():
        raise RuntimeError("dbt build failed: the published warehouse was left unchanged")

    @dg.job(name="htx_build")
    def failing():
        breaks()

    result = failing.execute_in_process(instance=instance, raise_on_error=False)
    assert not result.success
    return dg.build_run_status_sensor_context(
        sensor_name="alert_on_run_failure",
        dagster_instance=instance,
        dagster_run=result.dagster_run,
        dagster_event=result.get_run_failure_event(),
    ).for_run_failure()


def test_a_failed_run_is_logged_and_posted_to_the_webhook(home, instance, webhook, monkeypatch) -> None:
    url, catcher = webhook
    monkeypatch.setenv("HTX_ALERT_WEBHOOK", url)
    context = _failed_run(instance)
    alerts.alert_on_run_failure(context)
    line = alerts.alert_log(home).read_text(encoding="utf-8").splitlines()[-1]
    assert "htx_build" in line and context.dagster_run.run_id[:8] in line
    [(path, body)] = catcher.received
    assert path == "/hook" and body["job"] == "htx_build" and body["run_id"] == context.dagster_run.run_id
    assert "failed" in body["message"]


def test_alerts_are_off_by_default_and_the_webhook_is_never_redirected(home, instance, webhook, monkeypatch) -> None:
    url, catcher = webhook
    monkeypatch.delenv("HTX_ALERT_WEBHOOK", raising=False)
    alerts.alert_on_run_failure(_failed_run(instance))
    assert alerts.alert_log(home).exists() and not catcher.received  # logged, nothing posted
    catcher.redirect_to = url + "/elsewhere"
    said = alerts.post_webhook(url, {"job": "x"})
    assert [p for p, _ in catcher.received] == ["/hook"] and "302" in said  # the redirect was not followed
    assert "refused" in alerts.post_webhook("file:///etc/passwd", {"job": "x"})


@pytest.mark.slow
def test_a_file_dropped_into_the_inbox_ends_up_published(home, instance, monkeypatch) -> None:
    """The sensor's run request, run as the daemon runs it: the figure in the file is in the published warehouse."""
    from orchestration.runner import run_job

    monkeypatch.setenv("HTX_INBOX_SETTLE_SECONDS", "0")
    monkeypatch.setenv("DAGSTER_HOME", str(home.dagster_home))  # run_job points Dagster here; restored afterwards
    (home.inbox / "incoming").mkdir(parents=True)
    _workbook(home.inbox / "incoming" / "ha_tinh.xlsx", coops="1.021")
    request, _ = _tick(instance)
    assert isinstance(request, dg.RunRequest)
    assert run_job("htx_run", home)
    with duckdb.connect(str(home.published_db), read_only=True) as con:
        value = con.execute(
            "select value from marts.fct_indicator_values "
            "where province_key = 'old:42' and indicator_code = 'coops_total'"
        ).fetchone()[0]
    assert value == 1021


@pytest.mark.slow
def test_the_missing_reports_check_names_the_provinces(national_home) -> None:
    from orchestration.defs.publish.checks import reports_missing_after_deadline

    result = reports_missing_after_deadline(home=national_home)
    with duckdb.connect(str(national_home.published_db), read_only=True) as con:
        missing = con.execute(
            "select p.name_vi, c.period_code from marts.fct_reporting_completeness c "
            "join marts.dim_province p using (province_key) where c.status = 'missing'"
        ).fetchall()
    assert missing and not result.passed and result.severity == dg.AssetCheckSeverity.WARN
    assert result.metadata["missing_reports"].value == len(missing)
    listed = result.metadata["by_period"].value
    assert all(name in listed and period in listed for name, period in missing)


def test_the_published_warehouse_declares_when_it_is_overdue() -> None:
    from orchestration.defs.publish.assets import published_warehouse

    policy = published_warehouse.specs_by_key[dg.AssetKey(["published", "warehouse"])].freshness_policy
    assert policy.deadline_cron == "30 23 * * *" and policy.timezone == "UTC"  # 06:30 in Vietnam, after 06:00 build
    assert policy.lower_bound_delta.total_seconds() == 24 * 3600


def test_a_step_that_cannot_get_the_writer_lock_is_retried_later_with_backoff(home, monkeypatch) -> None:
    import logging
    import subprocess
    import sys
    from types import SimpleNamespace

    from orchestration.run_health import writer_lock_or_retry

    holder = subprocess.Popen(  # another writer (an `htx ingest` at the terminal) holds the lock
        [sys.executable, "-c", "import time\nfrom pathlib import Path\n"
         "from sources.core.home import HtxHome, writer_lock\n"
         f"with writer_lock(HtxHome(Path({str(home.root)!r}))):\n    print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setenv("HTX_LOCK_WAIT_SECONDS", "0.2")
        context = SimpleNamespace(retry_number=2, log=logging.getLogger("test"))
        with pytest.raises(dg.RetryRequested) as raised, writer_lock_or_retry(context, home):
            pass
        assert raised.value.max_retries == 5 and raised.value.seconds_to_wait == 120  # 30 s × 2², third attempt
    finally:
        holder.kill()
        holder.wait()
    with writer_lock_or_retry(SimpleNamespace(retry_number=0, log=logging.getLogger("test")), home):
        pass  # free again: taken at once


def test_the_first_tick_does_not_redo_what_was_just_ingested(home, instance, monkeypatch) -> None:
    """`htx demo` ingests the inbox, then starts the daemon: its sensor must not start a second run for it."""
    from sources.landing.ingest import ingest_files

    monkeypatch.setenv("HTX_INBOX_SETTLE_SECONDS", "0")
    done = _workbook(home.inbox / "ha_tinh.xlsx")
    ingest_files(home, [done])
    result, _ = _tick(instance)
    assert isinstance(result, dg.SkipReason)
    _workbook(home.inbox / "lao_cai.xlsx", "Tỉnh Lào Cai")  # a file that arrived after
    request, _ = _tick(instance)
    assert isinstance(request, dg.RunRequest) and request.tags["htx/new_files"] == "1"


def test_an_older_home_gets_one_run_at_a_time_and_keeps_its_own_settings(home, monkeypatch) -> None:
    """Homes made before runs were queued had no concurrency limit: it is added; settings tuned there stay."""
    import yaml

    from orchestration.runner import prepare_environment

    monkeypatch.setenv("DAGSTER_HOME", str(home.dagster_home))  # prepare_environment sets it; restored afterwards
    settings = home.dagster_home / "dagster.yaml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("telemetry:\n  enabled: false\nretention:\n  schedule:\n    purge_after_days: 7")
    prepare_environment(home)
    upgraded = yaml.safe_load(settings.read_text())
    assert upgraded["concurrency"]["runs"]["max_concurrent_runs"] == 1
    assert upgraded["retention"]["schedule"]["purge_after_days"] == 7 and upgraded["telemetry"]["enabled"] is False
    tuned = "concurrency:\n  runs:\n    max_concurrent_runs: 3\n"
    settings.write_text(tuned)
    prepare_environment(home)
    assert settings.read_text().startswith(tuned)  # a limit someone chose is theirs
    assert yaml.safe_load(settings.read_text())["concurrency"]["runs"]["max_concurrent_runs"] == 3
    settings.write_text("concurrency: [unclosed\n")
    prepare_environment(home)  # a broken file is left for Dagster to name, not rewritten or crashed on
    assert settings.read_text() == "concurrency: [unclosed\n"


def test_run_history_is_written_through_kept_connections_and_follows_a_moved_home(home, tmp_path, monkeypatch) -> None:
    """Dagster's run history goes through one kept SQLite connection per database (not one per event: ~4 s of
    every build). Older homes get it; a home that moved writes its history where it is now; a home set up for
    another storage (Postgres, say) keeps it."""
    import shutil

    import yaml

    from orchestration.event_log_storage import ReusedConnectionEventLogStorage
    from orchestration.runner import prepare_environment

    monkeypatch.setenv("DAGSTER_HOME", str(home.dagster_home))
    settings = home.dagster_home / "dagster.yaml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text("telemetry:\n  enabled: false\n")  # made before the kept connections
    prepare_environment(home)
    written = yaml.safe_load(settings.read_text())["event_log_storage"]
    assert written["config"]["base_dir"] == str(home.dagster_home / "history" / "runs")

    def stored_events(dagster_home) -> int:
        with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
            assert isinstance(instance.event_log_storage, ReusedConnectionEventLogStorage)
            run = instance.create_run_for_job(job_def=_empty_job())
            for n in range(30):
                instance.report_engine_event(f"event {n}", run)
            with dg.DagsterInstance.from_config(str(dagster_home)) as reader:  # another reader sees them all
                return len(reader.all_logs(run.run_id))

    def runs(dagster_home) -> int:
        with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
            return len(instance.get_run_records())

    assert stored_events(home.dagster_home) == 30
    moved = tmp_path / "moved_home"
    shutil.copytree(home.root, moved)
    moved_home = type(home)(moved)
    prepare_environment(moved_home)
    assert yaml.safe_load((moved_home.dagster_home / "dagster.yaml").read_text())["event_log_storage"]["config"][
        "base_dir"
    ] == str(moved_home.dagster_home / "history" / "runs")
    assert stored_events(moved_home.dagster_home) == 30
    assert (runs(home.dagster_home), runs(moved_home.dagster_home)) == (1, 2)  # the copy writes its own history
    assert len(list((moved_home.dagster_home / "history" / "runs").glob("*.db"))) == 3  # index + two runs
    elsewhere = "storage:\n  postgres:\n    postgres_url: postgresql://warehouse@db/dagster\n"
    settings.write_text(elsewhere)
    prepare_environment(home)
    assert "event_log_storage" not in yaml.safe_load(settings.read_text())


def _empty_job():
    @dg.op
    def nothing() -> None:
        pass

    @dg.job
    def empty():
        nothing()

    return empty
