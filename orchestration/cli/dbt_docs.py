"""`htx docs`: dbt's documentation site (lineage, tables, every column) for the published warehouse.

The catalogue (column types, row counts) is read from a *copy* of the published snapshot, so generating
the docs never opens, locks or changes the file readers use.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from orchestration.cli.servers import REPO, Server
from sources.core.home import HtxHome
from sources.gate.suites import dbt_vars

DBT_DIR = REPO / "dbt_project"
DBT = Path(sys.executable).parent / "dbt"


def docs_dir(home: HtxHome) -> Path:
    return home.root / "docs"


def _env(home: HtxHome, database: Path) -> dict[str, str]:
    return {**os.environ, "HTX_BUILD_DB": str(database), "HTX_LANDING_DIR": str(home.landing)}


def generate(home: HtxHome) -> Path:
    """Write manifest.json, catalog.json, index.html and static_index.html under $HTX_HOME/docs."""
    target = docs_dir(home)
    target.mkdir(parents=True, exist_ok=True)
    database = target / "catalog_source.duckdb"
    args = [
        str(DBT),
        "docs",
        "generate",
        "--project-dir",
        str(DBT_DIR),
        "--profiles-dir",
        str(DBT_DIR),
        "--target-path",
        str(target),
        "--static",
        "--quiet",
        "--vars",
        json.dumps(dbt_vars()),
    ]
    if home.published_db.exists():
        shutil.copyfile(home.published_db, database)
    else:  # lineage and descriptions only: nothing is built yet, so there are no types or row counts to show
        database.unlink(missing_ok=True)
        args += ["--no-compile", "--empty-catalog"]
    try:
        subprocess.run(args, cwd=DBT_DIR, env=_env(home, database), check=True, capture_output=True, text=True)
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"dbt docs generate failed:\n{exc.stdout}\n{exc.stderr}") from exc
    finally:
        database.unlink(missing_ok=True)
        database.with_suffix(".duckdb.wal").unlink(missing_ok=True)
    return target / "static_index.html"


def server(home: HtxHome, port: int) -> Server:
    return Server(
        "dbt docs",
        f"http://127.0.0.1:{port}",
        [
            str(DBT),
            "docs",
            "serve",
            "--project-dir",
            str(DBT_DIR),
            "--profiles-dir",
            str(DBT_DIR),
            "--target-path",
            str(docs_dir(home)),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-browser",
        ],
    )
