"""`htx sql` under hostile queries: runaway work stops, every type prints, nothing reads files or drives the terminal.

A small real warehouse (a `marts` table holding every DuckDB type, with NaN, infinite dates, ANSI escapes and
formulas in its rows) is queried through the installed `htx` command, or in-process through the same Typer
command where only the message matters (the refusals), to keep the module fast.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal

import duckdb
import pytest
from typer.testing import CliRunner

from orchestration.cli.main import app
from sources.core.home import HtxHome
from sources.warehouse.reader import QueryTimeout, connect, query
from tests.htx_cli import HTX, REPO, htx

ESC = "\x1b"
HOSTILE_TEXT = "chr(27) || '[2J' || chr(27) || '[31mĐỎ [/] [red]x' || chr(7) || chr(155) || 'y'"
ALL_TYPES = f"""
create schema marts;
create type marts.mood as enum ('vui', 'buồn');
create table marts.all_types (
  id integer, b boolean, i64 bigint, hi hugeint, uhi uhugeint, dec decimal(18, 4), dbl double, flt float,
  s varchar, bl blob, uu uuid, iv interval, d date, t time, ttz timetz, ts timestamp, tstz timestamptz,
  tns timestamp_ns, bits bit, mood marts.mood, big bignum, li integer[], arr double[3],
  st struct(a integer, b varchar), mp map(varchar, integer), un union(num integer, txt varchar),
  nested struct(l interval[], m map(integer[], double)), j json);
insert into marts.all_types values
  (1, true, -9007199254740993, 170141183460469231731687303715884105727, 340282366920938463463374607431768211455,
   12345678901234.5678, 0.1, 1.1, 'Hà Nội', '\\xAA\\x00\\xFF'::blob, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
   interval '1 year 2 months 3 days 04:05:06.789', '2024-01-02', '12:34:56.789', '12:34:56+07', '2024-01-02 03:04:05',
   '2024-01-02 03:04:05+07', '2024-01-02 03:04:05.123456789', '10101', 'vui', 123456789012345678901234567890,
   [1, null, 3], [1.5, 2.5, 3.5], {{'a': 1, 'b': 'x'}}, map {{'k': 1}}, union_value(txt := 'y'),
   {{'l': [interval '1 month'], 'm': map {{[1, 2]: 'nan'::double}}}}, '{{"k": [1, 2.5, "v"]}}'),
  (2, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
   null, null, null, null, null, null, null, null, null),
  (3, false, -1, -1, 0, -0.5, 'nan', '-inf', {HOSTILE_TEXT}, '\\x1b[31m'::blob, '00000000-0000-0000-0000-000000000000',
   interval '-1 day', 'infinity', '00:00:00', '00:00:00+00', '-infinity', 'infinity', '1677-09-22 00:00:00', '0',
   'buồn', -5, [], [0.0, -0.0, 'nan'::double], {{'a': null, 'b': '=1+1'}}, map {{}}, union_value(num := 7),
   {{'l': [], 'm': map {{}}}}, 'null'),
  (4, true, 0, 0, 0, 0, 'inf', 'nan', '=HYPERLINK("http://x")', ''::blob, null, interval '0 seconds',
   '5877642-06-25 (BC)', '24:00:00', '23:59:59-15:59', '294247-01-10 04:00:54.775806', null, null, '1', null,
   -123456789012345678901234567890123456789012345678901234567890, null, null, null, null, null, null, '[]');
"""


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> HtxHome:
    home = HtxHome(tmp_path_factory.mktemp("sql_limits") / "htx_home").ensure()
    home.published_db.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(home.published_db)) as con:
        con.execute(ALL_TYPES)
    return home


@pytest.fixture
def cli(warehouse, monkeypatch):
    """The same `htx sql` command, in-process (no subprocess start-up): returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("HTX_HOME", str(warehouse.root))
    monkeypatch.setenv("DAGSTER_HOME", str(warehouse.dagster_home))  # _home() sets it; restored afterwards
    monkeypatch.setenv("COLUMNS", "200")

    def run(*args: str) -> tuple[int, str, str]:
        done = CliRunner().invoke(app, ["sql", *args])
        assert done.exception is None or isinstance(done.exception, SystemExit), done.exception
        return done.exit_code, done.stdout, " ".join(done.stderr.split())

    return run


def said(done: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in done.stderr, done.stderr
    return " ".join(done.stderr.split())  # Rich wraps long lines


@pytest.mark.parametrize(
    "sql",
    [
        "select count(*) from range(10000000000000)",
        "with recursive t(n) as (select 1 union all select n + 1 from t) select count(*) from t",
    ],
    ids=["range-1e13", "recursive-cte"],
)
def test_runaway_queries_stop_at_the_time_limit(warehouse, sql):
    started = time.monotonic()
    done = htx(warehouse, "sql", sql, "--timeout", "2", check=False)
    assert time.monotonic() - started < 15
    assert done.returncode == 3
    assert "Truy vấn quá thời gian 2 giây" in said(done) and "query stopped after 2 s" in said(done)
    assert "--timeout" in said(done)


def test_memory_limit_stops_a_huge_aggregation(warehouse):
    done = htx(
        warehouse,
        "sql",
        "select length(string_agg(repeat('x', 1000), '')) from range(10000000)",
        "--memory-limit",
        "100MB",
        "--timeout",
        "20",
        check=False,
    )
    assert done.returncode == 3
    assert "query needs more than 100MB of memory" in said(done) and "--memory-limit" in said(done)


@pytest.mark.skipif(sys.platform != "linux", reason="the process cap uses Linux's RLIMIT_DATA")
def test_one_huge_value_is_capped_too(warehouse):
    # DuckDB's memory_limit does not count a single value; the process cap (Linux) stops it cleanly.
    done = htx(
        warehouse, "sql", "select repeat('x', 1500000000) as big", "-f", "csv", "--memory-limit", "100MB", check=False
    )
    assert done.returncode == 3 and len(done.stdout) < 100
    assert "query needs more than 100MB of memory" in said(done)


def test_limits_cannot_be_lifted_from_inside_a_query(warehouse):
    with connect(warehouse.published_db, memory_limit="100MB") as con:
        assert (
            con.execute("select current_setting('memory_limit'), current_setting('temp_directory')").fetchone()[1] == ""
        )
        for sql in (
            "set memory_limit = '10GB'",
            "reset memory_limit",
            "set temp_directory = '/tmp'",
            "set enable_external_access = true",
        ):
            with pytest.raises(duckdb.Error, match="locked"):
                con.execute(sql)


def test_row_cap_keeps_the_first_rows_and_says_so(warehouse):
    done = htx(warehouse, "sql", "select range as n from range(10000000000000)", "--max-rows", "5", "-f", "csv")
    assert list(csv.reader(io.StringIO(done.stdout))) == [["n"], ["0"], ["1"], ["2"], ["3"], ["4"]]
    assert "chỉ hiện 5 dòng đầu / only the first 5 rows shown; use --max-rows" in said(done).lower()


def test_order_by_survives_the_row_cap(cli):
    code, out, err = cli("select range as n from range(30000) order by n desc", "-f", "csv", "--max-rows", "25000")
    assert code == 0 and "only the first 25000 rows shown" in err
    assert [int(n) for n in out.split()[1:]] == list(range(29999, 4999, -1))


def _wait_until_open(pid: int, path, limit: float = 60) -> None:
    import psutil

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if any(f.path == str(path) for f in psutil.Process(pid).open_files()):
            return
        time.sleep(0.05)
    raise AssertionError(f"htx sql did not open {path} within {limit} s")


def test_ctrl_c_stops_a_running_query_at_once(warehouse):
    env = {**os.environ, "HTX_HOME": str(warehouse.root)}
    with subprocess.Popen(
        [str(HTX), "sql", "select count(*) from range(10000000000000)", "--timeout", "60"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    ) as proc:
        _wait_until_open(proc.pid, warehouse.published_db)  # started, and inside DuckDB (however loaded CI is)
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=10)
    assert proc.returncode == 130 and "Traceback" not in err and "query interrupted" in " ".join(err.split())


def test_rows_stream_and_json_stays_valid_when_a_limit_cuts_it(warehouse):
    # Rows arrive long before the query could end: some are written, then the time limit stops it.
    done = htx(
        warehouse,
        "sql",
        "select range as n from range(10000000000000) where range % 10000 = 0",
        "-f",
        "json",
        "--max-rows",
        "100000000",
        "--timeout",
        "2",
        check=False,
    )
    assert done.returncode == 3
    rows = json.loads(done.stdout)
    assert rows[:2] == [{"n": 0}, {"n": 10000}]
    assert f"output incomplete: {len(rows)} rows written" in said(done)


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_every_type_prints_in_every_format(warehouse, fmt):
    done = htx(warehouse, "sql", "select *, null as nothing from marts.all_types order by id", "-f", fmt)
    assert said(done).startswith("(4 dòng / rows)") if fmt == "table" else said(done) == ""
    if fmt == "table":
        lines = done.stdout.splitlines()
        assert len(lines) == 2 + 4 and "nested" in lines[0] and "NaN" in lines[4] and "-Infinity" in lines[4]
        assert "1 year 2 months 3 days 04:05:06.789" in lines[2] and "AA00FF" in lines[2]
    elif fmt == "csv":
        header, *rows = csv.reader(io.StringIO(done.stdout))
        assert len(rows) == 4 and header[-1] == "nothing"
        row = dict(zip(header, rows[0], strict=True))
        assert row["iv"] == "1 year 2 months 3 days 04:05:06.789" and row["hi"] == str(2**127 - 1)
        assert row["bl"] == "AA00FF" and row["tns"] == "2024-01-02 03:04:05.123456789" and row["flt"] == "1.1"
        assert dict(zip(header, rows[3], strict=True))["s"] == '\'=HYPERLINK("http://x")'  # a formula, neutralised
        assert dict(zip(header, rows[2], strict=True))["iv"] == "-1 day"  # DuckDB's text, not a formula
    else:
        rows = json.loads(done.stdout, parse_float=Decimal)
        first, nulls, special, last = rows
        assert first["dec"] == Decimal("12345678901234.5678")
        assert (first["hi"], first["uhi"]) == (2**127 - 1, 2**128 - 1)
        assert first["iv"] == "1 year 2 months 3 days 04:05:06.789" and first["un"] == {"txt": "y"}
        assert first["nested"] == {"l": ["1 month"], "m": {"[1, 2]": "NaN"}}
        assert first["j"] == {"k": [1, Decimal("2.5"), "v"]}
        assert first["big"] == 123456789012345678901234567890 and first["arr"] == [
            Decimal("1.5"),
            Decimal("2.5"),
            Decimal("3.5"),
        ]
        assert set(nulls.values()) == {None, 2}
        assert (special["dbl"], special["flt"], special["d"], special["ts"]) == (
            "NaN",
            "-Infinity",
            "infinity",
            "-infinity",
        )
        assert special["s"].startswith(ESC + "[2J")  # exact in JSON (escaped as \u001b), never raw on stdout
        assert (last["dbl"], last["flt"], last["d"]) == ("Infinity", "NaN", "5877642-06-25 (BC)")


def test_nan_and_infinity_are_valid_json_strings(cli):
    code, out, _ = cli(
        "select 'nan'::double a, 'inf'::float b, '-inf'::double c, ['nan'::double] d, {'x': 'inf'::double} e",
        "-f",
        "json",
    )
    assert code == 0
    assert json.loads(out, parse_constant=pytest.fail) == [
        {"a": "NaN", "b": "Infinity", "c": "-Infinity", "d": ["NaN"], "e": {"x": "Infinity"}}
    ]


def test_terminal_output_escapes_control_characters_and_markup(warehouse):
    done = htx(warehouse, "sql", f'select s, {HOSTILE_TEXT} as "{ESC}[31mcol" from marts.all_types where id = 3')
    assert ESC not in done.stdout and "\x07" not in done.stdout and "\x9b" not in done.stdout
    assert "\\x1b[2J\\x1b[31mĐỎ [/] [red]x\\x07\\x9by" in done.stdout  # visible, markup printed as written
    assert "\\x1b[31mcol" in done.stdout.splitlines()[0]
    assert ESC not in htx(warehouse, "sql", "select s from marts.all_types", "-f", "json").stdout


@pytest.mark.parametrize("sql", ["", "   ", ";", " ; ;", "/* only a comment */"])
def test_no_query_is_a_clean_message(cli, sql):
    code, out, err = cli(sql)
    assert (code, out) == (2, "")
    assert "Không có câu truy vấn" in err and "no query given" in err


def test_one_statement_at_a_time(cli):
    code, _, err = cli("select 1; select 2")
    assert code == 2 and "Mỗi lần chỉ một câu truy vấn" in err and "one statement at a time" in err


@pytest.mark.parametrize(
    "sql",
    [
        "create table marts.x (i integer)",
        "create temp table x (i integer)",
        "insert into marts.all_types (id) values (9)",
        "update marts.all_types set id = 9",
        "delete from marts.all_types",
        "drop table marts.all_types",
        "attach ':memory:' as m",
        "attach '/tmp/htx_other.duckdb' as o",
        "detach htx",
        "copy marts.all_types to '{out}'",
        "export database '{out}'",
        "set enable_external_access = true",
        "set memory_limit = '100GB'",
        "reset memory_limit",
        "pragma memory_limit = '100GB'",
        "pragma enable_profiling",
        "install httpfs",
        "load httpfs",
        "begin transaction",
        "checkpoint",
        "vacuum",
        "create secret (type s3)",
        "set variable x = 1",
    ],
)
def test_writes_settings_and_extensions_are_refused_as_read_only(cli, tmp_path, sql):
    out = tmp_path / "leak.csv"
    code, stdout, err = cli(sql.format(out=out))
    assert (code, stdout) == (2, "")
    assert "read-only" in err or "chỉ đọc" in err
    assert not out.exists()


@pytest.mark.parametrize(
    "sql",
    [
        "select * from read_csv('/etc/passwd')",
        "select * from read_text('/etc/passwd')",
        "select * from glob('/etc/*')",
        "select * from read_blob('/etc/hostname')",
        "select * from read_parquet('http://example.com/x.parquet')",
        "select * from 'https://example.com/x.csv'",
        "select * from read_json_auto('/etc/hostname')",
    ],
)
def test_files_and_network_are_unreachable(cli, sql):
    code, out, err = cli(sql)
    assert (code, out) == (2, "")
    assert "file and network access is switched off" in err and "root:" not in err


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("selec 1", "SQL syntax error"),
        ("select * from marts.nope", "unknown table, column or function"),
        ("select nope", "unknown table, column or function"),
        ("select 1 / 'x'", "query error"),
    ],
)
def test_parser_and_binder_errors_are_clean(cli, sql, message):
    code, out, err = cli(sql)
    assert (code, out) == (2, "") and message in err


@pytest.mark.parametrize(
    "sql",
    [
        "select 42 as x; -- done",
        "show all tables",
        "describe marts.all_types",
        "summarize select id, s, dbl from marts.all_types",
        "pragma table_info('marts.all_types')",
        "explain select 1",
        "from marts.all_types select id order by id",
    ],
)
def test_reads_of_every_kind_still_work(cli, sql):
    code, out, err = cli(sql, "-f", "json")
    assert code == 0, err
    assert json.loads(out)


def test_wrong_options_and_missing_warehouse_are_clean(cli, tmp_path, monkeypatch):
    assert cli("select 1", "--memory-limit", "lots")[0] == 2
    assert cli("select 1", "--timeout", "nan")[0] == 2
    monkeypatch.setenv("HTX_HOME", str(tmp_path / "empty"))
    code, _, err = cli("select 1")
    assert code == 2 and "No published warehouse" in err


def test_a_closed_pipe_ends_quietly(warehouse):
    env = {"HTX_HOME": str(warehouse.root), "PATH": "/usr/bin:/bin"}
    with subprocess.Popen(
        [str(HTX), "sql", "select * from range(1000000)", "-f", "csv", "--max-rows", "1000000"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        proc.stdout.readline()
        proc.stdout.close()
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=60) in (141, -signal.SIGPIPE) and "Traceback" not in err


def test_query_api_keeps_its_signature_and_gains_a_time_limit(warehouse):
    frame = query("select id from marts.all_types where id > ? order by id", [2], warehouse.published_db)
    assert frame["id"].to_list() == [3, 4]
    with pytest.raises(duckdb.Error) as stopped:  # what the explorer and notebooks already catch
        query("select count(*) from range(10000000000000)", path=warehouse.published_db, timeout=1)
    assert isinstance(stopped.value, QueryTimeout)
