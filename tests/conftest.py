"""Shared fixtures: every test gets its own HTX_HOME, so nothing leaks between tests or into .htx/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from sources.core.home import HtxHome
from sources.gate import suites
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


@pytest.fixture
def rules_with(tmp_path, monkeypatch):
    """Call it with a function that edits the project's rules (the parsed validation_rules.yml), or with the whole
    text of a rules file: from then on the gate reads that file. The real rules are read again after the test."""

    def use(edit) -> None:
        if isinstance(edit, str):
            text = edit
        else:
            rules = yaml.safe_load(suites.RULES_FILE.read_text(encoding="utf-8"))
            edit(rules)
            text = yaml.safe_dump(rules, allow_unicode=True)
        edited = tmp_path / "validation_rules.yml"
        edited.write_text(text, encoding="utf-8")
        monkeypatch.setattr(suites, "RULES_FILE", edited)
        suites.reload()

    yield use
    suites.reload()
