"""Commands that run the pipeline: build, run, generate, demo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from orchestration.cli import output, servers
from orchestration.cli.app import app, finish, home_for
from orchestration.runner import mark_stale_runs, run_job

PANEL = "Chạy / Pipeline"


@app.command(rich_help_panel=PANEL)
def build() -> None:
    """Build, check and publish the warehouse from what has been ingested (a Dagster run).

    The published warehouse is replaced only if every dbt test and check passes.
    """
    finish(run_job("htx_build", home_for(writes=True)))


@app.command(rich_help_panel=PANEL)
def run() -> None:
    """Ingest everything in $HTX_HOME/inbox, then build, check and publish (one Dagster run).

    With nothing new (no file landed or withdrawn, no model or rule changed since the published build) the build
    is skipped and the published warehouse stays exactly as it is: a few seconds. `htx build` always rebuilds.
    """
    home = home_for(writes=True)
    before = _identity(home.published_db)
    success = run_job("htx_run", home)
    if success and before is not None and _identity(home.published_db) == before:
        output.console.print(
            "Không có gì mới; kho dữ liệu giữ nguyên / nothing new: the published warehouse is unchanged."
        )
        return
    finish(success)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_mtime_ns


@app.command(rich_help_panel=PANEL)
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
    write_demo_set(out or home_for(writes=True).inbox, seed, scale)


def write_demo_set(target: Path, seed: int, scale: int) -> dict:
    from rich.progress import Progress

    from sources.demo.generate import generate as write_demo

    with Progress(console=output.console) as bar:
        task = bar.add_task("Đang tạo dữ liệu mẫu / generating", total=None)
        manifest = write_demo(
            target, seed, scale, progress=lambda done, total: bar.update(task, completed=done, total=total)
        )
    output.console.print(
        f"Đã tạo {len(manifest['files'])} tệp trong / wrote {len(manifest['files'])} files to "
        f"{target} ({len(manifest['missing'])} tỉnh-kỳ không gửi / province-periods missing)"
    )
    return manifest


@app.command(rich_help_panel=PANEL)
def demo(
    serve: Annotated[bool, typer.Option(help="Serve the explorer and the Dagster UI afterwards.")] = True,
    small: Annotated[bool, typer.Option(help="Use 13 sample files instead of the national set (faster).")] = False,
    explorer_port: int = 8501,
    ui_port: int = 3000,
    docs_port: int = 8502,
) -> None:
    """Generate the national demo set into the inbox, run the whole pipeline, then serve the explorer and Dagster UI."""
    home = home_for(writes=True)
    if small:
        from sources.authoring.sample_submissions import write_samples

        write_samples(home.inbox)
    else:
        write_demo_set(home.inbox, 2024, 1)
    if not run_job("htx_run", home):
        finish(False)
    finish(True)
    if serve:
        mark_stale_runs(home)
        servers.serve(
            [
                servers.data_docs(home, docs_port),
                servers.explorer(home, explorer_port),
                servers.dagster_ui(home, ui_port),
                servers.dagster_daemon(home),
            ]
        )
