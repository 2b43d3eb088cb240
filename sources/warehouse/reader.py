"""Read-only access to the published warehouse, shared by the explorer and ``htx sql``.

Each request opens the published DuckDB file read-only and closes it again: the builder
replaces that file atomically (``os.replace``), so a reader never holds a lock the builder
needs and always sees one whole snapshot. File access, extensions and configuration changes
are switched off: a query cannot read local files or reach the network. Memory is capped and
nothing spills to disk; ``time_limit`` interrupts a query that runs too long.
"""

from __future__ import annotations

import os
import re
import select
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb
import polars as pl

from sources.core.home import HtxHome

DEFAULT_MEMORY_LIMIT = "2GB"
DEFAULT_TIMEOUT = 60.0  # seconds, for query(); `htx sql` has its own, shorter default

_LOCKED_DOWN = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    # No spilling: a query that outgrows memory_limit stops instead of filling the disk
    # beside the published file (DuckDB's default temp directory is `<db>.tmp`).
    "temp_directory": "",
    "max_temp_directory_size": "0B",
    # Nothing above (nor memory_limit) can then be changed by a query: SET, RESET, PRAGMA.
    "lock_configuration": True,
}
_MEMORY = re.compile(r"(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)", re.IGNORECASE)
_UNITS = {
    "B": 1,
    "KB": 10**3,
    "MB": 10**6,
    "GB": 10**9,
    "TB": 10**12,  # as DuckDB counts them
    "KIB": 2**10,
    "MIB": 2**20,
    "GIB": 2**30,
    "TIB": 2**40,
}
# Statements that only read; anything else (CREATE, INSERT, ATTACH, COPY, SET, LOAD...) is refused
# before it runs, and the read-only, locked-down connection would refuse it anyway.
_READ_STATEMENTS = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN, duckdb.StatementType.PRAGMA}


class WarehouseNotPublished(RuntimeError):
    """No snapshot has been published yet under this HTX_HOME."""


class QueryRefused(ValueError):
    """Not one read-only statement: ``vi`` and ``en`` say why and what to do."""

    def __init__(self, vi: str, en: str):
        super().__init__(f"{vi} / {en}")
        self.vi, self.en = vi, en


class QueryTimeout(duckdb.InterruptException):
    """The query ran past its time limit and was interrupted (a duckdb.Error, as callers already catch)."""

    def __init__(self, seconds: float):
        super().__init__(f"Truy vấn quá thời gian {seconds:g} giây / query stopped after {seconds:g} s")
        self.seconds = seconds


def published_path(home: HtxHome | None = None) -> Path:
    return (home or HtxHome.from_env()).published_db


def memory_bytes(value: str) -> int | None:
    """``500MB``, ``2GB``, ``1.5GiB`` in bytes; None when it is not such a size."""
    match = _MEMORY.fullmatch(value.strip())
    return int(float(match[1]) * _UNITS[match[2].upper()]) if match else None


def valid_memory_limit(value: str) -> bool:
    return memory_bytes(value) is not None


@contextmanager
def connect(
    path: Path | None = None, *, memory_limit: str = DEFAULT_MEMORY_LIMIT
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The published snapshot, read-only and locked down, with at most ``memory_limit`` of memory.

    DuckDB shares one database instance per file within a process: connections open at the same
    time must use the same ``memory_limit``.
    """
    path = path or published_path()
    if not path.exists():
        raise WarehouseNotPublished(
            f"Chưa có kho dữ liệu tại {path} — run `htx run` (or `htx demo`) first. "
            f"/ No published warehouse at {path}: run `htx run` first."
        )
    con = open_locked_down(path, memory_limit)
    try:
        yield con
    finally:
        con.close()


def open_locked_down(path: Path, memory_limit: str = DEFAULT_MEMORY_LIMIT) -> duckdb.DuckDBPyConnection:
    """A read-only, locked-down connection to ``path`` that the caller closes (``connect`` is the usual way)."""
    if not valid_memory_limit(memory_limit):
        raise ValueError(f"memory_limit {memory_limit!r}: expected a size such as 500MB or 2GB")
    return duckdb.connect(str(path), read_only=True, config={**_LOCKED_DOWN, "memory_limit": memory_limit.strip()})


ATTACHED = "warehouse"  # the catalog name of a snapshot opened by open_attached()


def open_attached(path: Path, memory_limit: str = DEFAULT_MEMORY_LIMIT) -> duckdb.DuckDBPyConnection:
    """The snapshot at ``path`` attached read-only to a private in-memory database, then locked down like
    ``connect``. For long-lived readers: DuckDB shares one instance per *path*, so a connection kept open across a
    publish would hand later ``duckdb.connect(path)`` calls the replaced file; a private instance cannot. Each
    cursor must run ``use warehouse`` first (the default catalog is per connection)."""
    if not valid_memory_limit(memory_limit):
        raise ValueError(f"memory_limit {memory_limit!r}: expected a size such as 500MB or 2GB")
    early = {k: v for k, v in _LOCKED_DOWN.items() if k not in ("enable_external_access", "lock_configuration")}
    con = duckdb.connect(":memory:", config={**early, "memory_limit": memory_limit.strip()})
    try:
        quoted = str(path).replace("'", "''")
        con.execute(f"attach '{quoted}' as {ATTACHED} (read_only)")
        con.execute(f"use {ATTACHED}")
        con.execute("set enable_external_access = false")  # after the attach: no other file, ever
        con.execute("set lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


class TimeLimit:
    """Interrupt the connection's query after ``seconds`` (None: no limit), or on Ctrl-C if ``ctrl_c``.

    A watcher thread calls ``connection.interrupt()``; DuckDB then raises in the thread running the
    query, which leaves as QueryTimeout (or KeyboardInterrupt). DuckDB ignores an interrupt that lands
    while Python is between two fetches, so streaming loops also call ``check()``. Ctrl-C: Python runs
    its handler only once DuckDB returns, so the signal is watched through ``signal.set_wakeup_fd``
    (main thread only; not for callers with their own wakeup fd, such as an asyncio loop).
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, seconds: float | None, ctrl_c: bool = False):
        self.con, self.seconds, self.fired, self.cancelled = con, seconds, False, False
        self._ctrl_c = ctrl_c and threading.current_thread() is threading.main_thread()
        self._lock, self._done = threading.Lock(), False
        self._stop = os.pipe()
        self._signals = os.pipe() if self._ctrl_c else None
        self._old_wakeup = -1

    def _watch(self) -> None:
        deadline = None if self.seconds is None else time.monotonic() + self.seconds
        fds = [self._stop[0]] + ([self._signals[0]] if self._signals else [])
        while True:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready = select.select(fds, [], [], wait)[0]
            if self._stop[0] in ready:
                return
            if not ready:
                self.fired = True
                break
            if signal.SIGINT in os.read(self._signals[0], 64):
                self.cancelled = True
                break
        with self._lock:  # never interrupt a connection that is being closed
            if not self._done:
                with suppress(duckdb.Error):
                    self.con.interrupt()

    def check(self) -> None:
        if self.cancelled:
            raise KeyboardInterrupt
        if self.fired:
            raise QueryTimeout(self.seconds or 0)

    def __enter__(self) -> TimeLimit:
        if self._signals:
            os.set_blocking(self._signals[1], False)
            self._old_wakeup = signal.set_wakeup_fd(self._signals[1], warn_on_full_buffer=False)
        self._thread = threading.Thread(target=self._watch, name="htx-query-limit", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        with self._lock:
            self._done = True
        os.write(self._stop[1], b"x")
        self._thread.join()
        if self._signals:
            signal.set_wakeup_fd(self._old_wakeup)
        for fd in (*self._stop, *(self._signals or ())):
            os.close(fd)
        if isinstance(exc, QueryTimeout | KeyboardInterrupt) or not isinstance(exc, Exception):
            return
        # DuckDB reports an interrupt as InterruptException, or RuntimeError when a signal was pending.
        if self.cancelled:
            raise KeyboardInterrupt from exc
        if self.fired and isinstance(exc, duckdb.InterruptException | RuntimeError):
            raise QueryTimeout(self.seconds or 0) from exc


def time_limit(con: duckdb.DuckDBPyConnection, seconds: float | None, ctrl_c: bool = False) -> TimeLimit:
    """``with time_limit(con, 30) as limit: ...``: see TimeLimit."""
    return TimeLimit(con, seconds, ctrl_c)


def read_statement(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[str, duckdb.StatementType]:
    """The one read-only statement in ``sql``, without its trailing ``;``, and its type.

    Raises QueryRefused for no statement, several, or one that is not a read; duckdb.ParserException
    for a syntax error.
    """
    statements = con.extract_statements(sql)
    if not statements:
        raise QueryRefused(
            "Không có câu truy vấn (trống, chỉ có `;` hoặc chú thích)",
            'no query given (empty, only `;` or a comment): e.g. htx sql "select * from marts.dim_province limit 5"',
        )
    if len(statements) > 1:
        raise QueryRefused(
            f"Mỗi lần chỉ một câu truy vấn (nhận được {len(statements)})",
            f"one statement at a time ({len(statements)} given): run them one by one",
        )
    statement = statements[0]
    if statement.type not in _READ_STATEMENTS:
        kind = statement.type.name
        raise QueryRefused(
            f"Kho dữ liệu chỉ đọc: không chạy được câu lệnh {kind}",
            f"read-only: {kind} is not allowed; use one SELECT-style query "
            "(SELECT, WITH, FROM, VALUES, SHOW, DESCRIBE, SUMMARIZE, EXPLAIN, PRAGMA table_info)",
        )
    return _without_trailing_semicolon(statement.query), statement.type


def _without_trailing_semicolon(sql: str) -> str:
    # The statement's text keeps its `;` (and comments after it); cut at the last `;` token.
    # Token positions are byte offsets.
    raw = sql.encode()
    tokens = [(pos, kind) for pos, kind in duckdb.tokenize(sql) if kind != duckdb.token_type.comment]
    end = len(raw)
    while tokens and tokens[-1][1] == duckdb.token_type.operator and raw[tokens[-1][0] : tokens[-1][0] + 1] == b";":
        end = tokens.pop()[0]
    return raw[:end].decode()


def query(
    sql: str,
    params: list | None = None,
    path: Path | None = None,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
) -> pl.DataFrame:
    """Run one read-only query on the published snapshot and return a Polars frame.

    Stops with QueryTimeout (a duckdb.Error) after ``timeout`` seconds; the whole result is in memory,
    so this is for the explorer's and notebooks' own queries, not for arbitrary SQL (see `htx sql`).
    """
    with connect(path, memory_limit=memory_limit) as con, time_limit(con, timeout):
        return con.sql(sql, params=params or None).pl()
