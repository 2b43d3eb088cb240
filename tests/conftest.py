"""Shared fixtures: every test gets its own HTX_HOME, so nothing leaks between tests or into .htx/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sources.core.home import HtxHome
from tests.htx_cli import htx


@pytest.fixture
def home(tmp_path, monkeypatch) -> HtxHome:
    monkeypatch.setenv("HTX_HOME", str(tmp_path / "htx_home"))
    return HtxHome.from_env().ensure()


@pytest.fixture(scope="session")
def national_home(tmp_path_factory) -> HtxHome:
    """The national demo set (~900 files) generated and run through the whole pipeline, once per session.

    Shared by the demo, warehouse, notebook and analyst-query tests: treat it as read-only. While developing,
    HTX_TEST_NATIONAL_HOME=<an HTX_HOME where `htx generate && htx run` already ran> skips the ~2 minutes.
    """
    if os.environ.get("HTX_TEST_NATIONAL_HOME"):
        return HtxHome(Path(os.environ["HTX_TEST_NATIONAL_HOME"]))
    home = HtxHome(tmp_path_factory.mktemp("national") / "htx_home").ensure()
    htx(home, "generate")
    htx(home, "run")
    return home
