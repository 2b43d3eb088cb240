"""How the CLI shows results: tables for people, JSON/CSV for scripts."""

from __future__ import annotations

import json

import polars as pl
from rich.console import Console
from rich.table import Table

from sources.ingest import IngestResult

console = Console(stderr=True)
STATUS_STYLE = {"accepted": "green", "quarantined": "red", "duplicate": "yellow"}
STATUS_VI = {"accepted": "hợp lệ", "quarantined": "cách ly", "duplicate": "trùng lặp"}


def ingest_table(results: list[IngestResult], title: str = "Kết quả tiếp nhận / Ingest results") -> Table:
    table = Table(title=title)
    for column in ("Tệp / File", "Trạng thái / Status", "Tỉnh", "Kỳ", "Lỗi, cảnh báo / Problems"):
        table.add_column(column, overflow="fold")
    for r in results:
        problems = [f"[red]{p['code']}[/red] {_where(p)}{p['message_vi']}" for p in r.errors]
        problems += [f"[yellow]{p['code']}[/yellow] {_where(p)}{p['message_vi']}" for p in r.warnings]
        style = STATUS_STYLE[r.status]
        table.add_row(r.file.rsplit("/", 1)[-1], f"[{style}]{STATUS_VI[r.status]} / {r.status}[/{style}]",
                      r.province_key or "—", r.period_code or "—", "\n".join(problems) or "—")
    return table


def _where(problem: dict) -> str:
    place = problem.get("cell") or (f"dòng {problem['row']}" if problem.get("row") else None)
    return f"[dim]({problem['sheet'] or ''} {place or ''})[/dim] ".replace("( ", "(").replace(" )", ")") \
        if place or problem.get("sheet") else ""


def ingest_json(results: list[IngestResult]) -> str:
    return json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2)


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Text that a spreadsheet would run as a formula ('=', '+', '-', '@') gets a leading quote."""
    return frame.with_columns(
        pl.when(pl.col(c).str.starts_with("=") | pl.col(c).str.starts_with("+") | pl.col(c).str.starts_with("-")
                | pl.col(c).str.starts_with("@")).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in frame.columns if frame.schema[c] == pl.String)


def frame_as(frame: pl.DataFrame, fmt: str) -> str:
    if fmt == "csv":
        return neutralise_formulas(frame).write_csv()
    if fmt == "json":
        return json.dumps(frame.to_dicts(), ensure_ascii=False, default=str, indent=2)
    with pl.Config(tbl_rows=200, tbl_cols=50, fmt_str_lengths=60, tbl_width_chars=200):
        return str(frame)
