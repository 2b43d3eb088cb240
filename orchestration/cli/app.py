"""The `htx` Typer app and what its commands share: the home to work in, paths to read, how a run ends."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from orchestration.cli import output
from orchestration.runner import prepare_environment
from sources.core.home import HtxHome

app = typer.Typer(
    help="htx-warehouse: kho số liệu kinh tế tập thể / statistics warehouse for Vietnam's cooperatives.\n\n"
    "All state lives under $HTX_HOME (default: .htx in the current folder).\n\n"
    "Examples:\n\n"
    "  htx demo                      # sample data → pipeline → explorer on 127.0.0.1\n\n"
    "  htx ingest bao_cao_42.xlsx    # keep and check one provincial workbook\n\n"
    "  htx run                       # ingest the inbox, build, check, publish\n\n"
    "  htx quality                   # what was accepted, quarantined, flagged (latest batch)\n\n"
    '  htx sql "select * from marts.dim_province limit 5"',
    no_args_is_help=True,
    rich_markup_mode="markdown",
    pretty_exceptions_show_locals=False,
)


def home_for(writes: bool = False) -> HtxHome:
    """The home to work in; for commands that write, checked to be writable with room for a build."""
    home = HtxHome.from_env()
    if writes:
        from sources.intake.isolation import memory_limit_bytes, time_limit_s

        time_limit_s(), memory_limit_bytes()  # a mistyped setting is named now, not after files are kept
        home.check_writable()
    prepare_environment(home, create=writes)
    return home


def expand_paths(paths: list[Path], allow_symlinks: bool = False) -> list[Path]:
    from sources.intake.arrivals import list_arrivals

    try:
        return list_arrivals(paths, follow_symlinks=allow_symlinks)
    except FileNotFoundError as exc:
        raise typer.BadParameter(f"không tìm thấy / not found: {exc.args[0]}") from exc


ALLOW_SYMLINKS = typer.Option(
    "--allow-symlinks",
    help="Read files that symbolic links point to (refused by default: "
    "a link can point at secrets such as /etc/passwd).",
)


def finish(success: bool) -> None:
    home = HtxHome.from_env()
    if not success:
        home.check_writable()  # a full disk or a home gone read-only: say that, not just "failed"
    if success:
        output.console.print(
            f"[green]Đã công bố / published:[/green] {home.published_db}\n"
            'Xem / explore: `htx explore` · truy vấn / query: `htx sql "..."`'
        )
        return
    output.console.print(
        "[red]Lỗi: bản dựng không đạt kiểm tra; kho dữ liệu đang dùng không thay đổi.[/red]\n"
        "Build failed its checks; the published warehouse is unchanged. "
        "Details: `htx ui` (Dagster runs)."
    )
    raise typer.Exit(1)


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
