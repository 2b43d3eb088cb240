"""`htx sql`: run one read-only query under limits and stream its rows as a table, CSV or JSON.

Rows are fetched in batches and written as they come (the table waits for its rows, up to --max-rows).
Every DuckDB type prints: DuckDB itself renders the values Python would mangle (INTERVAL months,
infinite dates, TIMESTAMP_NS, TIMETZ...) as text, nested values as JSON (json) or DuckDB text (csv, table),
BLOB as upper-case hex. Values never reach a terminal with their control characters or escape sequences.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

import duckdb
from rich.cells import cell_len, set_cell_size
from rich.markup import escape

from orchestration.cli.output import console
from orchestration.cli.sql_values import (
    FORMULA_START,
    NESTED_TYPES,
    NUMERIC_TYPES,
    RENDERED_TYPES,
    RawNumber,
    parse_json,
    to_json,
    to_text,
    visible,
)
from sources.warehouse.reader import (
    QueryRefused,
    QueryTimeout,
    WarehouseNotPublished,
    connect,
    memory_bytes,
    read_statement,
    time_limit,
    valid_memory_limit,
)

BATCH = 1000  # rows per fetch: what Python holds at once for csv and json
CELL_WIDTH = 60  # table cells are cut to this many columns
EXIT_REFUSED, EXIT_LIMIT, EXIT_CTRL_C, EXIT_BROKEN_PIPE = 2, 3, 130, 141


def _column(i: int, kind: duckdb.sqltypes.DuckDBPyType, fmt: str) -> tuple[str, Callable | None, str]:
    """(projection over column #i, how to decode its Python value, its kind: number, text or value).

    Only "text" (strings, enums, JSON, nested values, types unknown here) may hold what a province wrote,
    so only it is checked for spreadsheet formulas; DuckDB's own renderings ("-1 day") stay as they are.
    """
    ref, name = f"#{i}", kind.id
    if (name == "varchar" and str(kind) == "JSON") or name in NESTED_TYPES:
        if fmt == "json":
            return f"to_json({ref})", parse_json, "text"
        return f"CAST({ref} AS VARCHAR)", None, "text"
    if name in NUMERIC_TYPES:
        return ref, None, "number"
    if name in ("boolean", "null"):
        return ref, None, "value"
    if name == "varchar":
        return ref, None, "text"
    if name == "float":  # as DuckDB prints it: 0.1, not 0.10000000149011612
        return f"CAST({ref} AS VARCHAR)", lambda v: None if v is None else float(v), "number"
    if name == "bignum":
        return f"CAST({ref} AS VARCHAR)", lambda v: None if v is None else RawNumber(v), "number"
    if name == "blob":
        return f"hex({ref})", None, "value"
    if name in RENDERED_TYPES:
        return f"CAST({ref} AS VARCHAR)", None, "value"
    # ENUM and anything newer: DuckDB's own text, treated as text.
    return f"CAST({ref} AS VARCHAR)", None, "text"


# --- running ------------------------------------------------------------------------------------------------


class Rows:
    """The executing query's column names, and its rows, at most ``max_rows``, fetched ``BATCH`` at a time."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, names: list[str], decoders: list, kinds: list[str], max_rows: int, limit
    ):
        self.con, self.names, self.decoders, self.kinds = con, names, decoders, kinds
        self.max_rows, self.limit, self.count, self.truncated = max_rows, limit, 0, False
        self.written = 0  # rows already on stdout (csv, json), for the message when a limit stops the query

    def __iter__(self) -> Iterator[list]:
        while self.count < self.max_rows:
            batch = self.con.fetchmany(min(BATCH, self.max_rows - self.count))
            self.limit.check()
            if not batch:
                return
            self.count += len(batch)
            for row in batch:
                yield [d(v) if d else v for d, v in zip(self.decoders, row, strict=True)]
        self.truncated = bool(self.con.fetchmany(1))


def _execute(con: duckdb.DuckDBPyConnection, sql: str, kind, fmt: str, max_rows: int, limit) -> Rows:
    if kind == duckdb.StatementType.SELECT:
        relation = con.sql(sql)  # binds without running: names, types, and parser/binder errors
        names, columns = relation.columns, [_column(i + 1, t, fmt) for i, t in enumerate(relation.types)]
        # One more row than shown tells whether rows were cut; LIMIT also lets DuckDB stop early (top-N).
        wrapped = f"SELECT {', '.join(c[0] for c in columns)} FROM (\n{sql}\n) AS q LIMIT {max_rows + 1}"
        try:
            con.sql(wrapped)
        except (
            duckdb.ParserException,
            duckdb.BinderException,
            duckdb.ConversionException,
            duckdb.NotImplementedException,
        ):  # cannot be a subquery: Python converts its values
            pass
        else:
            con.execute(wrapped)
            return Rows(con, names, [c[1] for c in columns], [c[2] for c in columns], max_rows, limit)
    con.execute(sql)  # EXPLAIN, PRAGMA: text and plain numbers
    names = [d[0] for d in con.description or []]
    kinds = ["number" if str(d[1]).lower() in NUMERIC_TYPES else "text" for d in con.description or []]
    return Rows(con, names, [None] * len(names), kinds, max_rows, limit)


# --- writing ------------------------------------------------------------------------------------------------


def _unique(names: list[str]) -> Iterator[str]:
    """JSON keys: a repeated column name gets _1, _2... (as DuckDB names them in a subquery)."""
    seen: set[str] = set()
    for name in names:
        key, n = name, 0
        while key in seen:
            n, key = n + 1, f"{name}_{n + 1}"
        seen.add(key)
        yield key


def _neutralised(value: object, kind: str = "text") -> str:
    """CSV cell: text a spreadsheet would run as a formula (= + - @) gets a leading quote; numbers stay."""
    text = to_text(value)
    return "'" + text if kind == "text" and isinstance(value, str) and text.startswith(FORMULA_START) else text


def write_csv(rows: Rows, out: TextIO) -> None:
    # On a terminal, escapes stay visible; in a file, values are kept as they are.
    show = visible if out.isatty() else str
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([show(_neutralised(n)) for n in rows.names])
    for row in rows:
        writer.writerow([show(_neutralised(v, k)) for v, k in zip(row, rows.kinds, strict=True)])
        rows.written += 1


def write_json(rows: Rows, out: TextIO) -> None:
    """One JSON array, one object per line, written as rows arrive; closed even when a limit stops the query."""
    keys = [to_json(k) for k in _unique(rows.names)]
    out.write("[")
    separator = "\n"
    try:
        for row in rows:
            out.write(separator + "{" + ", ".join(f"{k}: {to_json(v)}" for k, v in zip(keys, row, strict=True)) + "}")
            separator = ",\n"
            rows.written += 1
    except BrokenPipeError:
        raise
    except BaseException:
        out.write("\n]\n")  # what was written stays valid JSON; stderr and the exit code say it is incomplete
        raise
    out.write("\n]\n")


def _cell(value: object) -> str:
    text = visible(to_text(value)) if value is not None else "NULL"
    return set_cell_size(text, CELL_WIDTH - 1) + "…" if cell_len(text) > CELL_WIDTH else text


def write_table(rows: Rows, out: TextIO) -> None:
    """An aligned text table (numbers to the right); every cell escaped and cut to CELL_WIDTH columns."""
    header = [_cell(n) for n in rows.names]
    body = [[_cell(v) for v in row] for row in rows]
    widths = [max([cell_len(h)] + [cell_len(r[i]) for r in body]) for i, h in enumerate(header)]
    numeric = [k == "number" for k in rows.kinds]

    def line(cells: list[str]) -> str:
        return " │ ".join(
            " " * (w - cell_len(c)) + c if num else c + " " * (w - cell_len(c))
            for c, w, num in zip(cells, widths, numeric, strict=True)
        ).rstrip()

    out.write(line(header) + "\n" + "─┼─".join("─" * w for w in widths) + "\n")
    out.writelines(line(r) + "\n" for r in body)
    console.print(f"({len(body)} dòng / rows)", highlight=False)


def write_plan(rows: Rows, out: TextIO) -> None:
    """EXPLAIN on a terminal: the plan drawn as DuckDB draws it, escapes visible, newlines kept."""
    for row in rows:
        out.write(visible(to_text(row[-1]), keep_newlines=True) + "\n")


WRITERS = {"csv": write_csv, "json": write_json, "table": write_table}


# --- the command --------------------------------------------------------------------------------------------


def _say(vi: str, en: str, detail: str = "") -> None:
    text = f"[red]{escape(visible(vi))} / {escape(visible(en))}[/red]"
    console.print(text + (f"\n{escape(visible(detail, keep_newlines=True))}" if detail else ""), highlight=False)


def _duckdb_message(exc: duckdb.Error, memory_limit: str) -> tuple[int, str, str, str]:
    detail = str(exc)
    if isinstance(exc, duckdb.OutOfMemoryException):
        return (
            EXIT_LIMIT,
            f"Truy vấn cần quá {memory_limit} bộ nhớ; hãy thu hẹp (WHERE, LIMIT, bớt cột) hoặc tăng --memory-limit",
            f"query needs more than {memory_limit} of memory: narrow it (WHERE, LIMIT, fewer "
            "columns) or raise --memory-limit",
            detail.splitlines()[0],
        )
    if isinstance(exc, duckdb.PermissionException):
        return (
            EXIT_REFUSED,
            "Không được đọc tệp hay truy cập mạng: htx sql chỉ đọc kho dữ liệu đã công bố",
            "file and network access is switched off: htx sql only reads the published warehouse (schema marts)",
            detail,
        )
    if "read-only mode" in detail or "configuration has been locked" in detail:
        return (
            EXIT_REFUSED,
            "Kho dữ liệu chỉ đọc: không ghi, không đổi cấu hình",
            "read-only: nothing can be written and no setting changed; use one SELECT-style query",
            detail,
        )
    if isinstance(exc, duckdb.ParserException):
        return EXIT_REFUSED, "Lỗi cú pháp SQL", "SQL syntax error: check the query near the mark below", detail
    if isinstance(exc, duckdb.BinderException | duckdb.CatalogException):
        return (
            EXIT_REFUSED,
            "Không tìm thấy bảng, cột hay hàm",
            'unknown table, column or function: list the tables with htx sql "show all tables"',
            detail,
        )
    return EXIT_REFUSED, "Lỗi truy vấn", "query error", detail


def run(
    sql: str,
    fmt: str,
    *,
    path: Path,
    timeout: float = 30.0,
    memory_limit: str = "2GB",
    max_rows: int = 10_000,
    out: TextIO | None = None,
) -> int:
    """Run ``sql`` and write its rows to ``out`` (stdout); messages go to stderr. Returns the exit code."""
    out = out or sys.stdout
    if not valid_memory_limit(memory_limit):
        _say(
            "--memory-limit không hợp lệ (ví dụ 500MB, 2GB)",
            f"invalid --memory-limit {memory_limit!r}: use a size such as 500MB or 2GB",
        )
        return EXIT_REFUSED
    if not 0 < timeout <= 86_400 or max_rows < 1:
        _say("--timeout phải từ 0 đến 86400 giây, --max-rows ≥ 1", "--timeout must be in (0, 86400] s, --max-rows ≥ 1")
        return EXIT_REFUSED
    rows = None
    try:
        with (
            _process_cap(memory_limit),
            connect(path, memory_limit=memory_limit) as con,
            time_limit(con, timeout, ctrl_c=True) as limit,
        ):
            text, kind = read_statement(con, sql)
            rows = _execute(con, text, kind, fmt, max_rows, limit)
            if kind == duckdb.StatementType.EXPLAIN and fmt == "table":
                write_plan(rows, out)
            else:
                WRITERS[fmt](rows, out)
            out.flush()
    except WarehouseNotPublished as exc:
        console.print(f"[red]{escape(str(exc))}[/red]", highlight=False)
        return EXIT_REFUSED
    except QueryRefused as exc:
        _say(exc.vi, exc.en)
        return EXIT_REFUSED
    except QueryTimeout:
        _say(
            f"Truy vấn quá thời gian {timeout:g} giây; hãy thu hẹp (WHERE, LIMIT) hoặc tăng --timeout",
            f"query stopped after {timeout:g} s: narrow it (WHERE, LIMIT) or raise --timeout",
        )
        return _partial(rows, EXIT_LIMIT)
    except (KeyboardInterrupt, duckdb.InterruptException):
        _say("Đã dừng truy vấn", "query interrupted")
        return _partial(rows, EXIT_CTRL_C)
    except MemoryError:
        _say(
            "Hết bộ nhớ khi in kết quả; hãy bớt cột hoặc --max-rows",
            "out of memory while printing: select fewer columns or lower --max-rows",
        )
        return EXIT_LIMIT
    except BrokenPipeError:  # e.g. `htx sql ... | head`: the reader has gone, nothing more to say
        _quiet_stdout()
        return EXIT_BROKEN_PIPE
    except duckdb.Error as exc:
        code, vi, en, detail = _duckdb_message(exc, memory_limit)
        _say(vi, en, detail)
        return _partial(rows, code)
    if rows.truncated:
        console.print(
            f"[yellow]Chỉ hiện {rows.max_rows} dòng đầu / only the first {rows.max_rows} rows shown; use "
            "--max-rows to see more (or LIMIT/WHERE to narrow the query)[/yellow]",
            highlight=False,
        )
    return 0


@contextlib.contextmanager
def _process_cap(memory_limit: str) -> Iterator[None]:
    """Linux: while the query runs, the process may grow by at most twice ``memory_limit`` plus 1 GiB.

    DuckDB's memory_limit does not count one huge value (`repeat('x', 1e9)`) nor its copies in Python; past
    this cap allocations fail cleanly instead (DuckDB: Out of Memory Error; Python: MemoryError).
    """
    if not sys.platform.startswith("linux"):  # elsewhere RLIMIT_DATA misses mmap'd memory, or does not exist
        yield
        return
    import resource

    old = resource.getrlimit(resource.RLIMIT_DATA)
    with contextlib.suppress(OSError, ValueError, TypeError):
        used = int(re.search(r"VmData:\s*(\d+) kB", Path("/proc/self/status").read_text())[1]) * 1024
        cap = used + 2 * (memory_bytes(memory_limit) or 0) + 2**30
        if old[1] != resource.RLIM_INFINITY:
            cap = min(cap, old[1])
        if old[0] == resource.RLIM_INFINITY or cap < old[0]:
            resource.setrlimit(resource.RLIMIT_DATA, (cap, old[1]))
    try:
        yield
    finally:
        with contextlib.suppress(OSError, ValueError):
            resource.setrlimit(resource.RLIMIT_DATA, old)


def _partial(rows: Rows | None, code: int) -> int:
    if rows is not None and rows.written:
        n = rows.written
        console.print(
            f"[yellow]Kết quả không đầy đủ: {n} dòng đã in / output incomplete: {n} rows written before the "
            "query stopped[/yellow]",
            highlight=False,
        )
    return code


def _quiet_stdout() -> None:
    # Python would report the broken pipe again when it flushes stdout at exit.
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
