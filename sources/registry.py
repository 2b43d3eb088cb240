"""The registry: which files were received, when, and what the gate decided about each (SQLite).

SQLite is the source of truth; ``export`` writes it as Parquet for dbt, which reads only Parquet.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl

_SCHEMA = """
create table if not exists received_files (
    sha256 text not null, file_name text not null, received_at text not null, size_bytes integer not null,
    primary key (sha256, file_name));
create table if not exists submissions (
    submission_id text primary key, sha256 text not null unique, file_name text not null,
    received_at text not null, submitted_at text, province_key text, period_code text, reporter text,
    status text not null check (status in ('accepted', 'quarantined')),
    n_errors integer not null, n_warnings integer not null, problems_json text not null);
"""
SUBMISSION_COLUMNS = ("submission_id", "sha256", "file_name", "received_at", "submitted_at", "province_key",
                      "period_code", "reporter", "status", "n_errors", "n_warnings", "problems_json")


@contextmanager
def open_registry(path: Path) -> Iterator[sqlite3.Connection]:
    con = sqlite3.connect(path, timeout=30)
    con.row_factory = sqlite3.Row
    try:
        con.executescript(_SCHEMA)
        with con:
            yield con
    finally:
        con.close()


def record_receipt(con: sqlite3.Connection, sha256: str, file_name: str, received_at: str, size: int) -> bool:
    """Note that ``file_name`` arrived with these bytes; False when this exact pair was already noted."""
    cur = con.execute("insert or ignore into received_files values (?, ?, ?, ?)",
                      (sha256, file_name, received_at, size))
    return cur.rowcount == 1


def find_submission(con: sqlite3.Connection, sha256: str) -> dict | None:
    row = con.execute("select * from submissions where sha256 = ?", (sha256,)).fetchone()
    return dict(row) if row else None


def record_submission(con: sqlite3.Connection, row: dict) -> None:
    con.execute(f"insert into submissions ({', '.join(SUBMISSION_COLUMNS)}) values "
                f"({', '.join('?' for _ in SUBMISSION_COLUMNS)})", [row[c] for c in SUBMISSION_COLUMNS])


def export(con: sqlite3.Connection, target: Path) -> None:
    """Write the submissions table as Parquet (atomically) for the warehouse build."""
    rows = [dict(r) for r in con.execute("select * from submissions order by received_at, submission_id")]
    frame = pl.DataFrame(rows, schema={c: pl.Int64 if c.startswith("n_") else pl.String
                                       for c in SUBMISSION_COLUMNS})
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    frame.write_parquet(tmp)
    tmp.replace(target)
