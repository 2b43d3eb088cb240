"""`htx docs` serves dbt's documentation of the published warehouse: lineage, exposures, every column described."""

import hashlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from tests.htx_cli import HTX, REPO

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 120) -> bytes:
    deadline = time.time() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.5)


@pytest.fixture(scope="module")
def served(national_home):
    """`htx docs` running for real against the national demo warehouse; yields the base URL."""
    before = hashlib.sha256(national_home.published_db.read_bytes()).hexdigest()
    port = free_port()
    process = subprocess.Popen(
        [str(HTX), "docs", "--port", str(port)],
        cwd=REPO,
        start_new_session=True,
        env={**os.environ, "HTX_HOME": str(national_home.root)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    with pytest.raises(OSError):  # stopping `htx docs` stops the docs server it started
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    # Generating the catalogue reads a copy: the published snapshot is untouched.
    assert hashlib.sha256(national_home.published_db.read_bytes()).hexdigest() == before


def test_the_site_serves_the_lineage_down_to_the_exposures(served):
    assert b"<html" in fetch(f"{served}/index.html").lower()
    manifest = json.loads(fetch(f"{served}/manifest.json"))
    parents = {child.split(".")[-1]: {p.split(".")[-1] for p in ps} for child, ps in manifest["parent_map"].items()}
    assert "int_indicator_values__new34" in parents["fct_indicator_values_new34"]
    assert "provinces_2025" in parents["stg_reference__provinces"]
    assert "fct_indicator_values" in parents["explorer"]
    assert "fct_reporting_completeness" in parents["analyst_notebooks"]


def test_every_mart_and_every_column_is_described(served):
    manifest = json.loads(fetch(f"{served}/manifest.json"))
    catalog = json.loads(fetch(f"{served}/catalog.json"))
    marts = {k: n for k, n in manifest["nodes"].items() if n["resource_type"] == "model" and n["schema"] == "marts"}
    assert len(marts) >= 15
    for key, node in marts.items():
        assert node["description"].strip(), key
        built = catalog["nodes"][key]["columns"]  # what is really in the warehouse, with its type
        described = {name: c["description"] for name, c in node["columns"].items()}
        for column in built:
            assert described.get(column, "").strip(), f"{node['name']}.{column} has no description"
