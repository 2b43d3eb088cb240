"""Read-only access to the published warehouse, shared by the explorer and ``htx sql``.

Each request opens the published DuckDB file read-only and closes it again: the builder
replaces that file atomically (``os.replace``), so a reader never holds a lock the builder
needs and always sees one whole snapshot. File access, extensions and configuration changes
are switched off: a query cannot read local files or reach the network.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from sources.home import HtxHome

_LOCKED_DOWN = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "lock_configuration": True,
}


class WarehouseNotPublished(RuntimeError):
    """No snapshot has been published yet under this HTX_HOME."""


def published_path(home: HtxHome | None = None) -> Path:
    return (home or HtxHome.from_env()).published_db


@contextmanager
def connect(path: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    path = path or published_path()
    if not path.exists():
        raise WarehouseNotPublished(
            f"Chưa có kho dữ liệu tại {path} — run `htx run` (or `htx demo`) first. "
            f"/ No published warehouse at {path}: run `htx run` first."
        )
    con = duckdb.connect(str(path), read_only=True, config=dict(_LOCKED_DOWN))
    try:
        yield con
    finally:
        con.close()


def query(sql: str, params: list | None = None, path: Path | None = None) -> pl.DataFrame:
    """Run one read-only query on the published snapshot and return a Polars frame."""
    with connect(path) as con:
        return con.sql(sql, params=params or None).pl()
