"""`htx`: the command line of htx-warehouse. Every command works under $HTX_HOME (default ./.htx)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from orchestration.cli import output, servers
from orchestration.runner import mark_stale_runs, prepare_environment, run_job
from sources.core.home import HtxHome

app = typer.Typer(
    help="htx-warehouse: kho số liệu kinh tế tập thể / statistics warehouse for Vietnam's cooperatives.\n\n"
    "All state lives under $HTX_HOME (default: .htx in the current folder).\n\n"
    "Examples:\n\n"
    "  htx demo                      # sample data → pipeline → explorer on 127.0.0.1\n\n"
    "  htx ingest bao_cao_42.xlsx    # keep and check one provincial workbook\n\n"
    "  htx run                       # ingest the inbox, build, check, publish\n\n"
    "  htx quality                   # what was accepted, quarantined, flagged (latest batch)\n\n"
    "  htx sql \"select * from marts.dim_province limit 5\"",
    no_args_is_help=True, rich_markup_mode="markdown", pretty_exceptions_show_locals=False)


def _home(writes: bool = False) -> HtxHome:
    """The home to work in; for commands that write, checked to be writable with room for a build."""
    home = HtxHome.from_env()
    if writes:
        from sources.intake.isolation import memory_limit_bytes, time_limit_s

        time_limit_s(), memory_limit_bytes()  # a mistyped setting is named now, not after files are kept
        home.check_writable()
    prepare_environment(home, create=writes)
    return home


def _expand(paths: list[Path], allow_symlinks: bool = False) -> list[Path]:
    from sources.intake.arrivals import list_arrivals

    try:
        return list_arrivals(paths, follow_symlinks=allow_symlinks)
    except FileNotFoundError as exc:
        raise typer.BadParameter(f"không tìm thấy / not found: {exc.args[0]}") from exc


_ALLOW_SYMLINKS = typer.Option("--allow-symlinks", help="Read files that symbolic links point to (refused by default: "
                               "a link can point at secrets such as /etc/passwd).")


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files, or folders whose files are all ingested.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object per file (for scripts).")] = False,
    allow_symlinks: Annotated[bool, _ALLOW_SYMLINKS] = False,
) -> None:
    """Keep each file byte for byte and check it against the submission contract.

    Every file ends accepted, quarantined (kept, with reasons in Vietnamese and English), partial (a CSV
    with several provinces/periods, some refused: each part is listed), a duplicate of a file already
    received, or refused unread (a symbolic link, a device, a pipe). Nothing is published until `htx build`.

    Examples: `htx ingest inbox/` · `htx ingest bao_cao_42_2024-FY.xlsx --json`
    """
    from rich.progress import Progress

    from sources.core.home import writer_lock
    from sources.landing.ingest import export_registry, ingest_files

    home = _home(writes=True)
    files = _expand(paths, allow_symlinks)
    with writer_lock(home), Progress(console=output.console, disable=as_json) as bar:
        task = bar.add_task("Đang tiếp nhận / ingesting", total=len(files))
        results = ingest_files(home, files, on_file=lambda: bar.advance(task), follow_symlinks=allow_symlinks)
        export_registry(home)
    if as_json:
        print(output.ingest_json(results))
        return
    output.console.print(output.ingest_table(results))
    quarantined = sum(r.status in ("quarantined", "partial") for r in results)
    if quarantined:
        output.console.print(f"{quarantined} tệp bị cách ly; báo cáo lỗi trong {home.quarantine} / "
                             f"{quarantined} file(s) quarantined; reports in {home.quarantine}")
    output.console.print("Tiếp theo / next: `htx build` để cập nhật kho dữ liệu / to update the warehouse.")


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="Files, or folders whose files are all checked.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object per file (for scripts).")] = False,
    allow_symlinks: Annotated[bool, _ALLOW_SYMLINKS] = False,
) -> None:
    """Check files against the submission contract without storing anything (a dry run).

    Prints the same report as `htx ingest`. Exits 1 when a file would be quarantined, so it can guard
    a provincial office's own scripts.

    Example: `htx check bao_cao_42_2024-FY.xlsx`
    """
    from sources.landing.ingest import dry_run_many

    files = _expand(paths, allow_symlinks)
    with output.console.status(f"Đang kiểm tra {len(files)} tệp / checking {len(files)} file(s)…"):
        results = dry_run_many(files, follow_symlinks=allow_symlinks)
    if as_json:
        print(output.ingest_json(results))
    else:
        output.console.print(output.ingest_table(results, title="Kiểm tra (không lưu) / Check (nothing stored)"))
    if any(r.status in ("quarantined", "partial", "refused") for r in results):
        raise typer.Exit(1)


@app.command()
def template(
    province: Annotated[str, typer.Option("--province", "-p", help="Province name or 2-digit code.")],
    period: Annotated[str, typer.Option("--period", "-k", help="Period: 2025-FY, 2025-H1, 'Năm 2025'...")],
    reporter: Annotated[str, typer.Option(help="Who reports (default: the provincial alliance).")] = "lien_minh_htx",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Where to write the .xlsx.")] = None,
) -> None:
    """Write a blank, pre-filled submission workbook for a province and period.

    Sheets, headers, indicator names and units are those of the contract; drop-down lists guide the entries.

    Example: `htx template --province "Lào Cai" --period 2025-FY -o bao_cao_lao_cai_2025.xlsx`
    """
    from sources.authoring.template import write_template

    target = out or Path(f"mau_bao_cao_{province}_{period}.xlsx".replace(" ", "_").replace("/", "-"))
    try:
        write_template(target, province, period, reporter)
    except ValueError as exc:
        output.console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    output.console.print(f"Đã tạo mẫu báo cáo / template written: {target}\n"
                         f"Điền số liệu rồi kiểm tra bằng / fill it in, then check it with: `htx check {target}`")


@app.command()
def build() -> None:
    """Build, check and publish the warehouse from what has been ingested (a Dagster run).

    The published warehouse is replaced only if every dbt test and check passes.
    """
    _finish(run_job("htx_build", _home(writes=True)))


@app.command()
def run() -> None:
    """Ingest everything in $HTX_HOME/inbox, then build, check and publish (one Dagster run)."""
    _finish(run_job("htx_run", _home(writes=True)))


def _finish(success: bool) -> None:
    home = HtxHome.from_env()
    if not success:
        home.check_writable()  # a full disk or a home gone read-only: say that, not just "failed"
    if success:
        output.console.print(f"[green]Đã công bố / published:[/green] {home.published_db}\n"
                             "Xem / explore: `htx explore` · truy vấn / query: `htx sql \"...\"`")
        return
    output.console.print("[red]Lỗi: bản dựng không đạt kiểm tra; kho dữ liệu đang dùng không thay đổi.[/red]\n"
                         "Build failed its checks; the published warehouse is unchanged. "
                         "Details: `htx ui` (Dagster runs).")
    raise typer.Exit(1)


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="One read-only SQL statement on the published warehouse (`marts`).")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table, csv or json (one array, an object per "
                                        "line).")] = Format.table,
    timeout: Annotated[float, typer.Option(help="Stop the query after this many seconds.")] = 30.0,
    memory_limit: Annotated[str, typer.Option(help="Memory the query may use (e.g. 500MB, 4GB); nothing spills to "
                                              "disk.")] = "2GB",
    max_rows: Annotated[int, typer.Option(min=1, help="Print at most this many rows; stderr says when more were "
                                          "cut.")] = 10_000,
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
    `htx sql "$(cat q.sql)" -f json --max-rows 100000 --timeout 120` · `htx sql "show all tables"`
    """
    from orchestration.cli import sql_output

    code = sql_output.run(query, fmt.value, path=_home().published_db, timeout=timeout,
                          memory_limit=memory_limit, max_rows=max_rows)
    if code:
        raise typer.Exit(code)


@app.command()
def withdraw(
    submission_ids: Annotated[list[str], typer.Argument(help="Submission id(s), e.g. s0123456789abcdef or "
                                                        "s0123456789abcdef-3 for one part of a CSV.")],
    reason: Annotated[str, typer.Option("--reason", "-r", help="Why (kept with the submission, shown to users).")],
    by: Annotated[str | None, typer.Option(help="Who withdraws it (default: your login name).")] = None,
) -> None:
    """Take accepted submissions out of the warehouse (lý do bắt buộc / a reason is required).

    The file stays in the raw store and its decision in the registry; the withdrawal is recorded with who,
    when and why, and `fct_submissions` shows it as `withdrawn`. The next `htx build` publishes without it
    (an earlier version of the same province and period becomes current again).

    Example: `htx withdraw s0123456789abcdef --reason "Tỉnh báo số liệu nhập nhầm đơn vị, sẽ gửi lại"`
    """
    import getpass

    from sources.landing.withdrawal import WithdrawalRefused
    from sources.landing.withdrawal import withdraw as record

    home = _home(writes=True)
    try:
        who = by or getpass.getuser()
    except (OSError, KeyError):  # no login name in a bare container
        who = "unknown"
    failed = False
    for submission_id in submission_ids:
        try:
            found = record(home, submission_id, reason, who)
        except WithdrawalRefused as exc:
            output.console.print(Text(f"{exc.vi}\n{exc.en}", style="red"))
            failed = True
            continue
        what = f"{output.safe(found['file_name'], 120)}, {found['province_key']} {found['period_code']}"
        output.console.print(Text(f"Đã rút / withdrawn: {output.safe(submission_id, 40)} ({what})", style="green"))
    if not failed:
        output.console.print("Tiếp theo / next: `htx build` để công bố lại kho không có hồ sơ này / to republish "
                             "the warehouse without it.")
    raise typer.Exit(1 if failed else 0)


@app.command()
def explore(port: int = 8501, docs_port: int = 8502) -> None:
    """Serve the explorer (Streamlit) on 127.0.0.1, with the Great Expectations Data Docs it links to."""
    home = _home()
    servers.serve([servers.data_docs(home, docs_port), servers.explorer(home, port)])


@app.command()
def ui(port: int = 3000) -> None:
    """Serve the Dagster UI on 127.0.0.1: runs, asset graph, checks."""
    home = _home(writes=True)  # the Dagster instance writes its run storage
    mark_stale_runs(home)
    servers.serve([servers.dagster_ui(home, port)])


class Severity(StrEnum):
    error = "error"
    warning = "warning"


@app.command()
def quality(
    all_files: Annotated[bool, typer.Option("--all", help="Every file ever received, not only the latest batch.")]
    = False,
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

    home, scope = _home(), "all" if all_files else "latest"
    try:
        if list_issues:
            frame = report.issues(home.published_db, scope, severity.value if severity else None, province)
        else:
            frame = report.summary(home.published_db, scope)
    except WarehouseNotPublished as exc:
        output.console.print(f"[red]{exc}[/red]\nChạy / run `htx run` trước / first.")
        raise typer.Exit(2) from exc
    except duckdb.Error as exc:
        output.console.print(f"[red]Kho dữ liệu cũ, hãy chạy lại / outdated warehouse, run again: `htx run`[/red]"
                             f" ({exc})")
        raise typer.Exit(2) from exc
    if fmt is Format.table and not list_issues:
        from rich.console import Console

        Console(width=None if sys.stdout.isatty() else 120).print(report.summary_table(frame, home.published_db))
        output.console.print("Chi tiết / details: `htx quality --issues` · trong trình khám phá / in the explorer: "
                             "`htx explore` → Chất lượng số liệu")
        return
    sys.stdout.write(output.frame_as(frame, fmt.value) + "\n")


@app.command()
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

    home = _home(writes=True)
    if not home.published_db.exists():
        output.console.print("[yellow]Chưa có kho dữ liệu: chỉ có sơ đồ và mô tả, không có kiểu cột. No warehouse "
                             "published yet: lineage and descriptions only (`htx run` first for more).[/yellow]")
    with output.console.status("Đang tạo tài liệu / generating docs (dbt docs generate)…"):
        page = dbt_docs.generate(home)
    output.console.print(f"Tài liệu / docs: {page}")
    if serve:
        servers.serve([dbt_docs.server(home, port)])


@app.command()
def generate(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder to write into (default: the inbox).")] = None,
    seed: Annotated[int, typer.Option(help="Same seed, same files, byte for byte.")] = 2024,
    scale: Annotated[int, typer.Option(help="Multiply cooperatives and OCOP products (benchmarks).")] = 1,
) -> None:
    """Write the national demo set: every province, 2019-H1 … 2026-H1, as provinces would send it.

    Synthetic except the published figures of anchor_facts.csv (reproduced exactly, marked `published`);
    some province-periods are missing, some late, some resubmitted, a few files must be quarantined.
    `<folder>.manifest.json` beside the folder says which (for the inbox: `$HTX_HOME/inbox.manifest.json`).
    See docs/demo-data.md.

    Examples: `htx generate` · `htx generate --out /tmp/demo --scale 10`
    """
    _generate(out or _home(writes=True).inbox, seed, scale)


def _generate(target: Path, seed: int, scale: int) -> dict:
    from rich.progress import Progress

    from sources.demo.generate import generate as write_demo

    with Progress(console=output.console) as bar:
        task = bar.add_task("Đang tạo dữ liệu mẫu / generating", total=None)
        manifest = write_demo(target, seed, scale, progress=lambda done, total: bar.update(
            task, completed=done, total=total))
    output.console.print(f"Đã tạo {len(manifest['files'])} tệp trong / wrote {len(manifest['files'])} files to "
                         f"{target} ({len(manifest['missing'])} tỉnh-kỳ không gửi / province-periods missing)")
    return manifest


@app.command()
def demo(
    serve: Annotated[bool, typer.Option(help="Serve the explorer and the Dagster UI afterwards.")] = True,
    small: Annotated[bool, typer.Option(help="Use 13 sample files instead of the national set (faster).")] = False,
    explorer_port: int = 8501, ui_port: int = 3000, docs_port: int = 8502,
) -> None:
    """Generate the national demo set into the inbox, run the whole pipeline, then serve the explorer and Dagster UI."""
    home = _home(writes=True)
    if small:
        from sources.authoring.sample_submissions import write_samples

        write_samples(home.inbox)
    else:
        _generate(home.inbox, 2024, 1)
    if not run_job("htx_run", home):
        _finish(False)
    _finish(True)
    if serve:
        mark_stale_runs(home)
        servers.serve([servers.data_docs(home, docs_port), servers.explorer(home, explorer_port),
                       servers.dagster_ui(home, ui_port)])


def main() -> None:
    """The `htx` entry point: environment faults end with one bilingual message and a non-zero exit."""
    from sources.core.home import HomeProblem, disk_problem

    try:
        app()
    except HomeProblem as exc:
        _fault(exc)
    except OSError as exc:
        _fault(disk_problem(exc, Path(exc.filename) if exc.filename else HtxHome.from_env().root))
    except KeyboardInterrupt:  # Ctrl-C before a command could handle it (while starting up)
        Console(stderr=True).print("Đã dừng / interrupted.")
        raise SystemExit(130) from None


def _fault(problem) -> None:
    Console(stderr=True).print(Text(f"Lỗi môi trường / environment error:\n{problem.vi}\n{problem.en}", style="red"))
    raise SystemExit(3)


if __name__ == "__main__":
    main()
