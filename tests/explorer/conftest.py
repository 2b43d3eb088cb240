"""Fixtures pointing the explorer at a fresh HTX_HOME (see warehouse_fixture.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from warehouse_fixture import build_warehouse


@pytest.fixture
def htx_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty HTX_HOME: nothing published yet."""
    home = tmp_path / "htx_home"
    home.mkdir()
    monkeypatch.setenv("HTX_HOME", str(home))
    return home


@pytest.fixture
def published(htx_home: Path) -> Path:
    """HTX_HOME with the fixture warehouse published at warehouse/htx.duckdb."""
    return build_warehouse(htx_home / "warehouse" / "htx.duckdb")


@pytest.fixture(autouse=True)
def _keep_the_main_module():
    """AppTest runs the app as ``sys.modules["__main__"]`` and leaves it there; a later test's spawned ingest
    worker would then import the Streamlit app as its main module and die ("All workers expired")."""
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main
