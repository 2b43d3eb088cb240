"""The explorer in a real browser (Debian's Chromium driven by Playwright) on the national demo: what a policymaker
sees, on a desktop and on a 390 px phone, in both languages, through shareable URLs.

Screenshots land in test-artifacts/explorer/ (kept by CI as artifacts; look at them after a change).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("HTX_TEST_ARTIFACTS", REPO / "test-artifacts")) / "explorer"
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
PAGES = ["overview", "compare", "profile", "ocop", "quality", "about"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Chromium not installed (apt-get install chromium); .ci/run installs it"
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def explorer_url(national_home):
    port, docs_port = _free_port(), _free_port()
    env = {**os.environ, "HTX_HOME": str(national_home.root)}
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
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield f"http://127.0.0.1:{port}"
    os.killpg(server.pid, 15)
    server.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def _settle(page) -> None:
    """Wait until Streamlit has finished the run: the app is idle and no spinner shows."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
    page.wait_for_timeout(800)


def _no_errors(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, page.inner_text("body")[:2000]
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0, page.inner_text("body")[:2000]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("width", [1400, 390])
def test_every_page_in_both_languages_on_desktop_and_phone(explorer_url, browser, lang: str, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 2400 if width < 800 else 1400})
    outside = []  # fully offline: the map, fonts and icons come from this server, never from the internet
    page.on(
        "request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else outside.append(r.url)
    )
    for name in PAGES:
        page.goto(f"{explorer_url}/{name}?lang={lang}")
        _settle(page)
        _no_errors(page)
        body = page.inner_text("body")
        assert ("Dữ liệu minh hoạ" if lang == "vi" else "Demo data") in body  # the synthetic banner
        assert "/tmp/" not in body and "htx.duckdb" not in body  # no server paths
        if width == 390:  # nothing wider than the phone: no horizontal scrolling of the page itself
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{name} is {overflow}px wider than a 390px screen"
        page.screenshot(path=str(ARTIFACTS / f"{name}-{lang}-{width}.png"), full_page=True)
    page.close()
    assert not outside, outside


def test_a_shareable_url_opens_exactly_that_view(explorer_url, browser) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{explorer_url}/compare?indicator=coops_total&period=2024-FY&boundary=new34&lang=en")
    _settle(page)
    _no_errors(page)
    body = page.inner_text("body")
    assert "Compare provinces" in body and "Full year 2024 (2024-FY)" in body
    assert "Rolled up onto the 34 new provinces" in body
    page.close()


def test_clicking_a_province_on_the_map_opens_its_profile(explorer_url, browser) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{explorer_url}/overview")
    _settle(page)
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    plots = page.locator(".js-plotly-plot")
    the_map = next(plots.nth(i) for i in range(plots.count()) if plots.nth(i).evaluate("gd => !!gd._fullLayout.map"))
    the_map.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # the map needs a frame to draw
    # Where Hà Tĩnh (18.3N 105.75E) is on screen, asked of the map itself (plotly's maplibre subplot).
    point = the_map.evaluate(
        "gd => { const m = gd._fullLayout.map._subplot.map; const p = m.project([105.75, 18.3]);"
        " const r = m.getCanvas().getBoundingClientRect(); return {x: r.left + p.x, y: r.top + p.y}; }"
    )
    page.mouse.move(point["x"], point["y"])
    page.mouse.click(point["x"], point["y"])
    # Streamlit changes pages in place (history.pushState): no load event to wait for.
    page.wait_for_function("location.pathname.endsWith('/profile')", timeout=30_000)
    _settle(page)
    _no_errors(page)
    assert "province=new%3A42" in page.url or "province=new:42" in page.url
    assert "Hà Tĩnh" in page.inner_text("body")
    page.screenshot(path=str(ARTIFACTS / "profile-after-map-click.png"), full_page=True)
    page.close()


def test_a_table_downloads_as_excel_with_numeric_cells(explorer_url, browser, tmp_path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(f"{explorer_url}/compare?indicator=coops_total&period=2024-FY&lang=vi")
    _settle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải Excel").first.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    book = openpyxl.load_workbook(saved)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    value_col = header.index("Giá trị (HTX)") + 1
    first = sheet.cell(row=2, column=value_col)
    assert isinstance(first.value, int | float) and first.value > 0  # a number Excel can add up, not "1.087"
    assert first.number_format == "#,##0"
    notes = book["Ghi chú - Notes"]
    text = " ".join(str(c.value) for row in notes.iter_rows() for c in row if c.value)
    assert "Năm 2024 (2024-FY)" in text and "Minh hoạ" in text
    # Charts save as PNG from their toolbar (drawn in the browser, so offline too).
    chart = page.locator(".js-plotly-plot").first
    chart.hover()
    with page.expect_download() as picture:
        chart.locator('.modebar-btn[data-title*="png" i]').click()
    png = tmp_path / picture.value.suggested_filename
    picture.value.save_as(png)
    assert png.name == "htx_compare_chart.png" and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page.close()


def test_quality_page_opens_the_data_docs_and_they_render_offline(explorer_url, browser) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    outside = []
    page.context.on("request", lambda r: None if r.url.startswith("http://127.0.0.1") else outside.append(r.url))
    page.goto(f"{explorer_url}/quality")
    _settle(page)
    with page.context.expect_page() as opened:
        page.get_by_text("Báo cáo kiểm tra chi tiết (Great Expectations)").click()
    docs = opened.value
    docs.wait_for_load_state("networkidle")
    assert docs.url.startswith("http://127.0.0.1:")
    # Styled by the vendored Bootstrap (not an unstyled page whose CDN links failed): the navbar is laid out.
    assert docs.evaluate("getComputedStyle(document.querySelector('nav.navbar')).display") == "flex"
    docs.screenshot(path=str(ARTIFACTS / "data-docs.png"), full_page=True)
    assert not outside, outside
    page.close()
