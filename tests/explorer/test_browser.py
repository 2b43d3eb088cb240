"""The explorer in a real browser (Debian's Chromium driven by Playwright): what a policymaker sees."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from warehouse_fixture import build_warehouse

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Chromium not installed (apt-get install chromium); .ci/run installs it"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def explorer_url(tmp_path):
    home = tmp_path / "htx_home"
    build_warehouse(home / "warehouse" / "htx.duckdb")
    docs = home / "quality" / "data_docs"  # what a gate run leaves (sources/gate/suites.py build_data_docs)
    docs.mkdir(parents=True)
    (docs / "index.html").write_text("<html><body><h1>Great Expectations: indicators suite</h1></body></html>")
    port, docs_port = _free_port(), _free_port()
    env = {**os.environ, "HTX_HOME": str(home)}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "htx"), "explore", "--port", str(port), "--docs-port", str(docs_port)],
        cwd=REPO,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.3)
    yield f"http://127.0.0.1:{port}"
    os.killpg(server.pid, 15)
    server.wait(timeout=20)


def test_ranking_renders_in_chromium(explorer_url, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.goto(explorer_url)
        page.get_by_text("Xếp hạng", exact=False).first.wait_for(timeout=30_000)
        page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
        body = page.inner_text("body")
        page.screenshot(path=str(tmp_path / "ranking.png"), full_page=True)
        browser.close()
    assert "Hà Tĩnh" in body  # province names in Vietnamese
    assert "mô phỏng" in body.lower() or "synthetic" in body.lower()  # provenance note on the page
    assert (tmp_path / "ranking.png").stat().st_size > 20_000


def test_quality_page_lists_the_refused_file_and_opens_the_data_docs(explorer_url, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.goto(f"{explorer_url}/quality")
        page.get_by_text("Hồ sơ bị cách ly").first.wait_for(timeout=30_000)
        page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
        page.screenshot(path=str(tmp_path / "quality.png"), full_page=True)
        with page.context.expect_page() as opened:
            page.get_by_text("Báo cáo kiểm tra chi tiết (Great Expectations)").click()
        docs = opened.value
        docs.wait_for_load_state()
        docs_text = docs.inner_text("body")
        browser.close()
    assert "Great Expectations: indicators suite" in docs_text  # served by `htx explore`, reached by a click
    assert (tmp_path / "quality.png").stat().st_size > 20_000
