"""How the CLI shows results: tables for people, JSON/CSV for scripts."""

from __future__ import annotations

import json

import polars as pl
from rich.console import Console
from rich.table import Table
from rich.text import Text

from sources.core.problems import shown
from sources.landing.ingest import IngestResult

console = Console(stderr=True)
STATUS_STYLE = {"accepted": "green", "quarantined": "red", "partial": "yellow", "duplicate": "yellow", "refused": "red"}
STATUS_VI = {
    "accepted": "hợp lệ",
    "quarantined": "cách ly",
    "partial": "một phần",
    "duplicate": "trùng lặp",
    "refused": "từ chối",
}


def safe(value: object, limit: int = 2000) -> str:
    """Text from a file, made harmless for the terminal: control characters and ANSI escapes shown as
    `\\x1b`, never sent raw. (Cells become `Text`, never markup, so `[/]` or `[red]` print as written.)"""
    return shown(value, limit)


def ingest_table(results: list[IngestResult], title: str = "Kết quả tiếp nhận / Ingest results") -> Table:
    table = Table(title=title)
    for column in ("Tệp / File", "Trạng thái / Status", "Tỉnh", "Kỳ", "Lỗi, cảnh báo / Problems"):
        table.add_column(column, overflow="fold")
    for r in results:
        name = safe(r.file.rsplit("/", 1)[-1], 200)
        if r.parts:  # one line per province-period of a multi-part file, each with its own reasons
            table.add_row(Text(name), _status(r.status), Text("—"), Text(f"{len(r.parts)} phần / parts"), Text(""))
            for n, part in enumerate(r.parts, start=1):
                table.add_row(
                    Text(f"  ↳ {n}. {part['submission_id'] or ''}", style="dim"),
                    _status(part["status"]),
                    Text(part["province_key"] or "—"),
                    Text(part["period_code"] or "—"),
                    _problems(part["errors"], part["warnings"]),
                )
        else:
            table.add_row(
                Text(name),
                _status(r.status),
                Text(r.province_key or "—"),
                Text(r.period_code or "—"),
                _problems(r.errors, r.warnings),
            )
    return table


def _status(status: str) -> Text:
    return Text(f"{STATUS_VI[status]} / {status}", style=STATUS_STYLE[status])


def _problems(errors: list[dict], warnings: list[dict]) -> Text:
    lines = [(p, "red") for p in errors] + [(p, "yellow") for p in warnings]
    if not lines:
        return Text("—")
    return Text("\n").join(
        Text.assemble((safe(p["code"], 60), style), " ", (_where(p), "dim"), safe(p["message_vi"]))
        for p, style in lines
    )


def _where(problem: dict) -> str:
    place = problem.get("cell") or (f"dòng {problem['row']}" if problem.get("row") else None)
    parts = [safe(p, 80) for p in (problem.get("sheet"), place) if p]
    return f"({' '.join(parts)}) " if parts else ""


def ingest_json(results: list[IngestResult]) -> str:
    return json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2)


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Text that a spreadsheet would run as a formula ('=', '+', '-', '@') gets a leading quote."""
    return frame.with_columns(
        pl.when(
            pl.col(c).str.starts_with("=")
            | pl.col(c).str.starts_with("+")
            | pl.col(c).str.starts_with("-")
            | pl.col(c).str.starts_with("@")
        )
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c in frame.columns
        if frame.schema[c] == pl.String
    )


def frame_as(frame: pl.DataFrame, fmt: str) -> str:
    if fmt == "csv":
        return neutralise_formulas(frame).write_csv()
    if fmt == "json":
        return json.dumps(frame.to_dicts(), ensure_ascii=False, default=str, indent=2)
    visible = frame.with_columns(
        pl.col(c).map_elements(safe, return_dtype=pl.String) for c in frame.columns if frame.schema[c] == pl.String
    )
    with pl.Config(tbl_rows=200, tbl_cols=50, fmt_str_lengths=60, tbl_width_chars=200):
        return str(visible)
