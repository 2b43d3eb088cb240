"""Commands on releases: list what was published when, and put an earlier release back."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from orchestration.cli import output
from orchestration.cli.app import app, home_for

PANEL = "Bản phát hành / Releases"


@app.command("releases", rich_help_panel=PANEL)
def list_releases() -> None:
    """List the kept releases, newest first; ● marks the one readers see now.

    Every publish keeps a dated, read-only copy of the warehouse and its notes under
    $HTX_HOME/warehouse/releases/<name>/ (htx.duckdb, NOTES.md, release.json); the newest HTX_KEEP_RELEASES
    (default 10) are kept.

    Examples: `htx releases` · `htx rollback 2026-01-31_080000` ·
    `htx sql --release 2026-01-31_080000 "select count(*) from marts.fct_submissions"`
    """
    from sources.warehouse.releases import list_releases as found
    from sources.warehouse.releases import published_sha

    home = home_for()
    releases = found(home)
    if not releases:
        output.console.print("Chưa có bản phát hành nào / no releases yet: `htx run` publishes one.")
        return
    current = published_sha(home)
    table = Table("", "release", "published (UTC)", "accepted", "superseded", "quarantined")
    table.columns[1].no_wrap = table.columns[2].no_wrap = True
    for r in releases:
        changes = r.get("changes", {})
        table.add_row(
            "●" if r["sha256"] == current else "",
            r["name"],
            r["published_at"][:19].replace("T", " "),
            *(str(len(changes.get(s, []))) for s in ("accepted", "superseded", "quarantined")),
        )
    Console().print(table)  # the listing is the command's output: stdout
    output.console.print(f"Ghi chú / notes: {releases[0]['path'].parent.parent}/<release>/NOTES.md")


@app.command(rich_help_panel=PANEL)
def rollback(
    release: Annotated[str, typer.Argument(help="The release's name, as `htx releases` lists it.")],
) -> None:
    """Publish an earlier release again, atomically (readers switch from one whole file to the other).

    The release's file is checked against its sha256 first. The files received since stay in the raw store and
    the registry: the next `htx run` or `htx build` publishes a new release that includes them again.

    Example: `htx rollback 2026-01-31_080000`
    """
    from sources.core.home import writer_lock
    from sources.warehouse import releases

    home = home_for(writes=True)
    try:
        with writer_lock(home):
            chosen = releases.rollback(home, release)
    except releases.ReleaseNotFound:
        names = ", ".join(r["name"] for r in releases.list_releases(home)[:5]) or "—"
        output.console.print(
            f"[red]Không có bản phát hành '{output.safe(release, 80)}' / no such release.[/red] "
            f"Xem / see `htx releases` ({names})."
        )
        raise typer.Exit(2) from None
    output.console.print(
        f"[green]Đã công bố lại / republished:[/green] {chosen['name']} (published {chosen['published_at'][:19]})"
    )
