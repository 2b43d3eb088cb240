# The two commands: `make demo` and `make test`. Only Python >= 3.11 is needed beforehand.
PYTHON ?= python3
VENV := .venv
UV := $(VENV)/bin/uv
SYNCED := $(VENV)/.synced-$(shell cat uv.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test check lint format install clean

# The styles and scripts of GX's Data Docs, from the npm registry, so the quality pages render offline.
GX_ASSETS := $(VENV)/share/htx/gx-assets/logo.svg

install: $(SYNCED) $(GX_ASSETS)

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check uv==0.13.9

# Installs exactly what uv.lock pins (fails if the lock is out of date with pyproject.toml), compiled to bytecode:
# where PYTHONDONTWRITEBYTECODE is set (as on our CI machines) every `htx` would otherwise compile Dagster, dbt and
# GX from source again, seconds of every run.
$(SYNCED): pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --compile-bytecode --python $(VENV)/bin/python
	rm -f $(VENV)/.synced-* && touch $@

$(GX_ASSETS): | $(SYNCED)
	$(VENV)/bin/python -m sources.gate.data_docs_assets

demo: install
	$(VENV)/bin/htx demo

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/sqlfluff lint dbt_project/models dbt_project/tests

test: lint
	$(VENV)/bin/python -m pytest

# While developing: lint and the fast tests (no whole-pipeline runs), a few minutes instead of ~20.
check: lint
	$(VENV)/bin/python -m pytest -m "not slow"

format: $(SYNCED)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf .htx dbt_project/target dbt_project/logs
