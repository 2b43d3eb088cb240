"""When a run fails, someone hears about it: a line in ``$HTX_HOME/alerts.log`` and, if configured, a POST to a
webhook (``HTX_ALERT_WEBHOOK``, off by default; http or https only, 5 s timeout, never follows redirects)."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from datetime import UTC, datetime
from urllib.parse import urlparse

import dagster as dg

from sources.core.home import HtxHome

WEBHOOK_ENV = "HTX_ALERT_WEBHOOK"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a redirect could point the alert anywhere: refuse it
        return None


def alert_log(home: HtxHome):
    return home.root / "alerts.log"


def write_alert(home: HtxHome, alert: dict) -> None:
    """One line per alert: time, job, run, what failed (readable with `tail`; JSON after the tab)."""
    line = f"{alert['time']}  {alert['job']}  run {alert['run_id'][:8]}  {alert['message']}\t{json.dumps(alert)}\n"
    with alert_log(home).open("a", encoding="utf-8") as f:
        f.write(line)


def post_webhook(url: str, alert: dict, timeout: float = 5.0) -> str:
    """POST the alert as JSON; returns what happened in words (never raises: the alert is already logged)."""
    if urlparse(url).scheme not in ("http", "https"):
        return f"webhook refused: only http(s) URLs ({url!r})"
    request = urllib.request.Request(
        url, data=json.dumps(alert).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=timeout) as response:
            return f"webhook answered {response.status}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return f"webhook failed: {exc}"


@dg.run_failure_sensor(
    name="alert_on_run_failure",
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Any failed run: a line in $HTX_HOME/alerts.log and a POST to $HTX_ALERT_WEBHOOK if set.",
)
def alert_on_run_failure(context: dg.RunFailureSensorContext) -> None:
    home = HtxHome.from_env()
    alert = {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "job": context.dagster_run.job_name,
        "run_id": context.dagster_run.run_id,
        "message": (context.failure_event.message or "run failed").splitlines()[0][:500],
        "home": str(home.root),
    }
    write_alert(home, alert)
    url = os.environ.get(WEBHOOK_ENV, "").strip()
    if url:
        context.log.info(post_webhook(url, alert))
