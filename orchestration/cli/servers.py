"""The long-running servers: the explorer (Streamlit), the Dagster UI and its daemon, the GX Data Docs.

On 127.0.0.1 unless `htx serve --host` says otherwise (then put a reverse proxy with login in front)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from orchestration.cli.output import console
from sources.core.home import HtxHome

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@dataclass
class Server:
    name: str
    url: str
    command: list[str]


def explorer(home: HtxHome, port: int, host: str = "127.0.0.1") -> Server:
    return Server(
        "Explorer / Trình khám phá",
        f"http://{host}:{port}",
        [
            str(BIN / "streamlit"),
            "run",
            str(REPO / "apps" / "streamlit" / "app.py"),
            "--server.address",
            host,
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
    )


def data_docs(home: HtxHome, port: int, host: str = "127.0.0.1") -> Server:
    """The Great Expectations Data Docs of the latest gate runs, as static files; the explorer links to it."""
    home.data_docs.mkdir(parents=True, exist_ok=True)
    os.environ["HTX_DATA_DOCS_URL"] = f"http://{host}:{port}/index.html"  # read by the explorer it starts
    return Server(
        "GX Data Docs",
        f"http://{host}:{port}/index.html",
        [sys.executable, "-m", "http.server", str(port), "--bind", host, "--directory", str(home.data_docs)],
    )


def dagster_daemon(home: HtxHome) -> Server:
    """Dagster's daemon: runs the inbox sensor, the schedules, the failure alerts and the run queue (one at a time),
    so files dropped into the inbox are published and runs launched from the UI actually run."""
    return Server(
        "Dagster daemon",
        f"sensors, schedules, run queue (logs: {home.dagster_home})",
        [str(BIN / "dagster-daemon"), "run", "-m", "orchestration.definitions"],
    )


def dagster_ui(home: HtxHome, port: int, host: str = "127.0.0.1") -> Server:
    """Dagster's webserver behind a Host/Origin guard (orchestration/ui_server.py): no CSRF, no DNS rebinding."""
    return Server(
        "Dagster UI",
        f"http://{host}:{port}",
        [sys.executable, "-m", "orchestration.ui_server", "--host", host, "--port", str(port)],
    )


def serve(servers: list[Server]) -> None:
    """Start every server in its own process group and stop them all on Ctrl-C (or SIGTERM)."""
    signal.signal(signal.SIGTERM, _interrupt)  # a supervisor's stop must not orphan the servers
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    processes = [subprocess.Popen(s.command, cwd=REPO, env=env, start_new_session=True) for s in servers]
    for s in servers:
        console.print(f"[bold]{s.name}[/bold]: {s.url}")
    console.print("Nhấn Ctrl-C để dừng / press Ctrl-C to stop.")
    try:
        for process in processes:
            process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt
