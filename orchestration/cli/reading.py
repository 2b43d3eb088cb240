"""Commands that read the published warehouse: sql, quality, explore, ui, docs."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from orchestration.cli import output, servers
from orchestration.cli.app import Format, app, home_for
from orchestration.runner import mark_stale_runs

PANEL = "Đọc kho / Reading the warehouse"


@app.command(rich_help_panel=PANEL)
def sql(
    query: Annotated[str, typer.Argument(help="One read-only SQL statement on the published warehouse (`marts`).")],
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="table, csv or json (one array, an object per line).")
    ] = Format.table,
    timeout: Annotated[float, typer.Option(help="Stop the query after this many seconds.")] = 30.0,
    memory_limit: Annotated[
        str, typer.Option(help="Memory the query may use (e.g. 500MB, 4GB); nothing spills to disk.")
    ] = "2GB",
    max_rows: Annotated[
        int, typer.Option(min=1, help="Print at most this many rows; stderr says when more were cut.")
    ] = 10_000,
    release: Annotated[
        str | None, typer.Option(help="Query an earlier release instead (a name from `htx releases`).")
    ] = None,
) -> None:
    """Query the published warehouse, read-only: no file or network access, one statement at a time.

    Rows are streamed as they come. Limits: `--timeout` (30 s), `--memory-limit` (2GB, no spilling to disk),
    `--max-rows` (10000). csv and json print every value exactly: NaN and ±Infinity as the strings "NaN",
    "Infinity", "-Infinity", BLOB as upper-case hex, INTERVAL, dates and times as DuckDB writes them, lists,
    structs and maps as JSON (json) or DuckDB text (csv); csv text starting with = + - @ gets a leading '
    (spreadsheet formulas). The table cuts cells at 60 columns and shows control characters as `\\x1b`.
    Exit code: 0 done, 2 query refused or wrong (or no warehouse), 3 time or memory limit reached, 130 Ctrl-C.

    Examples: `htx sql "select * from marts.dim_province limit 5"` ·
    `htx sql "select name_vi, value from marts.fct_indicator_values join marts.dim_province using (province_key)
    where indicator_code = 'coops_total' order by value desc" -f csv > htx.csv` ·
    `htx sql "$(cat q.sql)" -f json --max-rows 100000 --timeout 120` · `htx sql "show all tables"` ·
    `htx sql --release 2026-01-31_080000 "select * from meta.publication"` (what was published then)
    """
    from orchestration.cli import sql_output

    home = home_for()
    path = home.published_db
    if release is not None:
        from sources.warehouse.releases import ReleaseNotFound, find

        try:
            path = find(home, release)["path"]
        except ReleaseNotFound:
            raise typer.BadParameter(
                f"không có bản phát hành / no such release: {release} (see `htx releases`)"
            ) from None
    code = sql_output.run(query, fmt.value, path=path, timeout=timeout, memory_limit=memory_limit, max_rows=max_rows)
    if code:
        raise typer.Exit(code)


class Severity(StrEnum):
    error = "error"
    warning = "warning"


@app.command(rich_help_panel=PANEL)
def quality(
    all_files: Annotated[
        bool, typer.Option("--all", help="Every file ever received, not only the latest batch.")
    ] = False,
    list_issues: Annotated[bool, typer.Option("--issues", help="List each issue with its cell and message.")] = False,
    severity: Annotated[Severity | None, typer.Option(help="Only errors or only warnings (with --issues).")] = None,
    province: Annotated[str | None, typer.Option(help="One province: key (old:42) or name (with --issues).")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table, csv or json.")] = Format.table,
) -> None:
    """Data quality of the published warehouse: files accepted / quarantined / flagged per province.

    By default the latest batch received (the last `htx run`); `--all` for every file. Rules, severities and
    cells come from the gate (sources/gate/validation_rules.yml) and the warehouse's checks across provinces.

    Examples: `htx quality` · `htx quality --all` · `htx quality --issues --severity error` ·
    `htx quality --issues --province "Hà Tĩnh" -f csv > van_de.csv`
    """
    import duckdb

    from orchestration.cli import quality as report
    from sources.warehouse.reader import WarehouseNotPublished

    home, scope = home_for(), "all" if all_files else "latest"
    try:
        if list_issues:
            frame = report.issues(home.published_db, scope, severity.value if severity else None, province)
        else:
            frame = report.summary(home.published_db, scope)
    except WarehouseNotPublished as exc:
        output.console.print(f"[red]{exc}[/red]\nChạy / run `htx run` trước / first.")
        raise typer.Exit(2) from exc
    except duckdb.Error as exc:
        output.console.print(
            f"[red]Kho dữ liệu cũ, hãy chạy lại / outdated warehouse, run again: `htx run`[/red] ({exc})"
        )
        raise typer.Exit(2) from exc
    if fmt is Format.table and not list_issues:
        from rich.console import Console

        Console(width=None if sys.stdout.isatty() else 120).print(report.summary_table(frame, home.published_db))
        output.console.print(
            "Chi tiết / details: `htx quality --issues` · trong trình khám phá / in the explorer: "
            "`htx explore` → Chất lượng số liệu"
        )
        return
    sys.stdout.write(output.frame_as(frame, fmt.value) + "\n")


@app.command(rich_help_panel=PANEL)
def docs(
    port: int = 8080,
    serve: Annotated[bool, typer.Option(help="Serve the site; --no-serve only writes it.")] = True,
) -> None:
    """Generate and serve the warehouse documentation (dbt docs) on 127.0.0.1: lineage, tables, columns.

    Every table and column is described in English with the Vietnamese term; the explorer and the notebooks
    appear as exposures in the lineage. Examples: `htx docs` · `htx docs --port 8090` · `htx docs --no-serve`
    (writes $HTX_HOME/docs/static_index.html, one file to open or share).
    """
    from orchestration.cli import dbt_docs

    home = home_for(writes=True)
    if not home.published_db.exists():
        output.console.print(
            "[yellow]Chưa có kho dữ liệu: chỉ có sơ đồ và mô tả, không có kiểu cột. No warehouse "
            "published yet: lineage and descriptions only (`htx run` first for more).[/yellow]"
        )
    with output.console.status("Đang tạo tài liệu / generating docs (dbt docs generate)…"):
        page = dbt_docs.generate(home)
    output.console.print(f"Tài liệu / docs: {page}")
    if serve:
        servers.serve([dbt_docs.server(home, port)])


@app.command(rich_help_panel=PANEL)
def explore(port: int = 8501, docs_port: int = 8502) -> None:
    """Serve the explorer (Streamlit) on 127.0.0.1, with the Great Expectations Data Docs it links to."""
    home = home_for()
    servers.serve([servers.data_docs(home, docs_port), servers.explorer(home, port)])


@app.command(rich_help_panel=PANEL)
def ui(port: int = 3000) -> None:
    """Serve the Dagster UI on 127.0.0.1 (runs, asset graph, checks) with its daemon.

    The daemon runs what starts itself: files dropped into $HTX_HOME/inbox start one run once they stop arriving,
    every morning at 06:00 the warehouse is rebuilt (deadlines that passed show as missing), a failed run writes
    to $HTX_HOME/alerts.log (and posts to $HTX_ALERT_WEBHOOK if set); runs launched in the UI queue, one at a time.
    """
    home = home_for(writes=True)  # the Dagster instance writes its run storage
    mark_stale_runs(home)
    servers.serve([servers.dagster_ui(home, port), servers.dagster_daemon(home)])


@app.command(rich_help_panel=PANEL)
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; anything but 127.0.0.1 needs a proxy with login.")
    ] = ("127.0.0.1"),
    explorer_port: int = 8501,
    ui_port: int = 3000,
    docs_port: int = 8502,
) -> None:
    """Run everything a deployment needs: the explorer, the Dagster UI with its daemon, the GX Data Docs.

    Examples: `htx serve` (all on 127.0.0.1) · `htx serve --host 10.0.0.5 --explorer-port 80` (behind a
    reverse proxy that asks for a login: the servers have none).
    """
    home = home_for(writes=True)
    mark_stale_runs(home)
    servers.serve(
        [
            servers.data_docs(home, docs_port, host),
            servers.explorer(home, explorer_port, host),
            servers.dagster_ui(home, ui_port, host),
            servers.dagster_daemon(home),
        ]
    )
