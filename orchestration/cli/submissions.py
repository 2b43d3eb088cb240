"""Commands for files from provinces: ingest, check, template, withdraw."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from orchestration.cli import output
from orchestration.cli.app import ALLOW_SYMLINKS, app, expand_paths, home_for

PANEL = "Tệp của tỉnh / Files from provinces"


@app.command(rich_help_panel=PANEL)
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files, or folders whose files are all ingested.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object per file (for scripts).")] = False,
    allow_symlinks: Annotated[bool, ALLOW_SYMLINKS] = False,
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

    home = home_for(writes=True)
    files = expand_paths(paths, allow_symlinks)
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
        output.console.print(
            f"{quarantined} tệp bị cách ly; báo cáo lỗi trong {home.quarantine} / "
            f"{quarantined} file(s) quarantined; reports in {home.quarantine}"
        )
    output.console.print("Tiếp theo / next: `htx build` để cập nhật kho dữ liệu / to update the warehouse.")


@app.command(rich_help_panel=PANEL)
def check(
    paths: Annotated[list[Path], typer.Argument(help="Files, or folders whose files are all checked.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object per file (for scripts).")] = False,
    allow_symlinks: Annotated[bool, ALLOW_SYMLINKS] = False,
) -> None:
    """Check files against the submission contract without storing anything (a dry run).

    Prints the same report as `htx ingest`. Exits 1 when a file would be quarantined, so it can guard
    a provincial office's own scripts.

    Example: `htx check bao_cao_42_2024-FY.xlsx`
    """
    from sources.landing.ingest import dry_run_many

    files = expand_paths(paths, allow_symlinks)
    with output.console.status(f"Đang kiểm tra {len(files)} tệp / checking {len(files)} file(s)…"):
        results = dry_run_many(files, follow_symlinks=allow_symlinks)
    if as_json:
        print(output.ingest_json(results))
    else:
        output.console.print(output.ingest_table(results, title="Kiểm tra (không lưu) / Check (nothing stored)"))
    if any(r.status in ("quarantined", "partial", "refused") for r in results):
        raise typer.Exit(1)


@app.command(rich_help_panel=PANEL)
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
    output.console.print(
        f"Đã tạo mẫu báo cáo / template written: {target}\n"
        f"Điền số liệu rồi kiểm tra bằng / fill it in, then check it with: `htx check {target}`"
    )


@app.command(rich_help_panel=PANEL)
def withdraw(
    submission_ids: Annotated[
        list[str],
        typer.Argument(help="Submission id(s), e.g. s0123456789abcdef or s0123456789abcdef-3 for one part of a CSV."),
    ],
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

    home = home_for(writes=True)
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
        output.console.print(
            "Tiếp theo / next: `htx build` để công bố lại kho không có hồ sơ này / to republish "
            "the warehouse without it."
        )
    raise typer.Exit(1 if failed else 0)
