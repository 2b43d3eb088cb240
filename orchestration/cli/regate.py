"""`htx regate`: decide again on kept files after the validation rules, the contract or the reference data changed."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from orchestration.cli import output
from orchestration.cli.app import app, finish, home_for
from orchestration.cli.submissions import PANEL

_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def _day(text: str) -> date:
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise typer.BadParameter(
        f"ngày không hợp lệ / not a date: {output.safe(text, 40)!r} — dùng / use 2026-01-31 hoặc / or 31/01/2026"
    )


@app.command(rich_help_panel=PANEL)
def regate(
    since: Annotated[
        str | None,
        typer.Option(help="Only files received on or after this day (2026-01-31 or 31/01/2026).", show_default=False),
    ] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Also files already decided under today's rules (history checks again).")
    ] = False,
    build: Annotated[bool, typer.Option(help="Build and publish afterwards when a decision changed.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the decisions as JSON (for scripts).")] = False,
) -> None:
    """Kiểm tra lại các tệp đã nhận theo quy tắc hiện hành / re-check kept files under today's rules.

    After `sources/gate/validation_rules.yml`, the submission contract or the reference data changed, the files
    decided under the earlier rules are read again from the raw store (byte for byte as received) and pass the
    gate again. Each outcome is added to the decision history — earlier decisions are never rewritten; a file
    accepted now enters the warehouse, a file quarantined now leaves it. Withdrawals stand. Then, when any
    decision changed, the warehouse is built and published (`--no-build` to do that later with `htx build`).

    Examples: `htx regate` · `htx regate --since 2026-01-01` · `htx regate --all --no-build --json`
    """
    from rich.progress import Progress

    from sources.core.home import writer_lock
    from sources.landing.regate import RulesUnreadable, due
    from sources.landing.regate import regate as decide_again

    day = _day(since) if since is not None else None
    home = home_for(writes=True)
    try:
        with writer_lock(home), Progress(console=output.console, disable=as_json) as bar:
            task = bar.add_task("Đang kiểm tra lại / re-checking", total=len(due(home, day, everything)))
            report = decide_again(home, day, everything, on_file=lambda: bar.advance(task))
    except RulesUnreadable as exc:
        output.console.print(Text(f"{exc.vi}\n{exc.en}", style="red"))
        raise typer.Exit(2) from None
    if as_json:
        print(json.dumps(asdict(report) | {"changed": len(report.changed)}, ensure_ascii=False, indent=2))
    else:
        _print(report)
    if report.changed and build:
        from orchestration.runner import run_job

        finish(run_job("htx_build", home))
    elif report.changed and not as_json:
        output.console.print("Tiếp theo / next: `htx build` để công bố các quyết định mới / to publish them.")
    raise typer.Exit(1 if report.not_rechecked else 0)


def _print(report) -> None:
    files = len({d.file_name for d in report.decided})
    output.console.print(
        f"Quy tắc / rules {report.rules_version}: kiểm tra lại {len(report.decided)} hồ sơ trong {files} tệp, "
        f"{len(report.changed)} thay đổi / re-checked {len(report.decided)} submission(s) in {files} file(s), "
        f"{len(report.changed)} changed."
    )
    if not report.decided and not report.not_rechecked:
        output.console.print("Không có tệp nào cần kiểm tra lại / nothing to re-check: every decision is current.")
    if report.changed:
        table = Table(title="Quyết định thay đổi / Changed decisions")
        for column in ("Hồ sơ / Submission", "Tệp / File", "Tỉnh", "Kỳ", "Trước → nay / Before → now", "Lý do"):
            table.add_column(column, overflow="fold")
        for d in report.changed:
            first = next((p for p in d.problems if p["severity"] == "error"), d.problems[0] if d.problems else None)
            table.add_row(
                Text(d.submission_id),
                Text(output.safe(d.file_name, 120)),
                Text(d.province_key or "—"),
                Text(d.period_code or "—"),
                Text(f"{d.before} → {d.after}", style="green" if d.after == "accepted" else "red"),
                Text(output.safe(f"{first['code']}: {first['message_vi']}", 300) if first else "—"),
            )
        output.console.print(table)
    for n in report.not_rechecked:
        output.console.print(
            Text(f"Không kiểm tra lại / not re-checked: {output.safe(n.file_name, 120)}\n  {n.vi}\n  {n.en}", "red")
        )
