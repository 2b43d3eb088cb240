"""Where htx keeps its state: everything lives under one folder, ``$HTX_HOME``.

Two different homes never share a file, so tests and demos can run side by side.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class HtxHome:
    root: Path

    @classmethod
    def from_env(cls) -> HtxHome:
        return cls(Path(os.environ.get("HTX_HOME", ".htx")).resolve())

    @property
    def inbox(self) -> Path:
        """Files waiting to be ingested (provinces drop their submissions here)."""
        return self.root / "inbox"

    @property
    def raw_store(self) -> Path:
        """Every received file, byte for byte, named by its sha256. Never overwritten."""
        return self.root / "raw"

    @property
    def registry_db(self) -> Path:
        """SQLite registry of received files and the gate's decision on each."""
        return self.root / "registry.sqlite"

    @property
    def landing(self) -> Path:
        """Parquet per accepted submission, plus the registry export, read by dbt."""
        return self.root / "landing"

    @property
    def quarantine(self) -> Path:
        """Human-readable report per quarantined submission."""
        return self.root / "quarantine"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def build_db(self) -> Path:
        """The DuckDB file dbt writes into; published only if every check passes."""
        return self.build_dir / "htx_build.duckdb"

    @property
    def published_db(self) -> Path:
        """The warehouse readers open (read-only, per request)."""
        return self.root / "warehouse" / "htx.duckdb"

    @property
    def data_docs(self) -> Path:
        """Great Expectations Data Docs of the latest gate runs (index.html)."""
        return self.root / "quality" / "data_docs"

    @property
    def dagster_home(self) -> Path:
        return self.root / "dagster"

    @property
    def lock_file(self) -> Path:
        """Held by the one process allowed to write (ingest or build) at a time."""
        return self.root / "writer.lock"

    def ensure(self) -> HtxHome:
        for folder in (self.inbox, self.raw_store, self.landing, self.quarantine, self.build_dir,
                       self.published_db.parent, self.dagster_home):
            folder.mkdir(parents=True, exist_ok=True)
        return self
