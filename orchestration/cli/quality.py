"""`htx quality`: what the gate and the warehouse found, per province, from the published snapshot."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from rich.table import Table

from sources.warehouse import quality_queries
from sources.warehouse.reader import query


def summary(path: Path, scope: str = "latest") -> pl.DataFrame:
    """Per province: files accepted / quarantined / superseded / duplicate, warnings and errors found."""
    frame = query(quality_queries.BY_PROVINCE, params=[None, scope == "latest"], path=path)
    return frame.select(pl.col("name_vi").fill_null("(không rõ / unreadable)").alias("province"), pl.exclude("name_vi"))


def issues(path: Path, scope: str = "latest", severity: str | None = None, province: str | None = None) -> pl.DataFrame:
    """Every issue with its location and bilingual message (errors first)."""
    return query(quality_queries.ISSUES, params=[None, scope == "latest", severity, province], path=path).select(
        "file_name",
        "province_key",
        "period_code",
        "severity",
        "rule_id",
        "indicator_code",
        "sheet",
        "cell",
        "sheet_row",
        "message_vi",
        "message_en",
        "submission_status",
    )


def summary_table(frame: pl.DataFrame, published: Path) -> Table:
    from sources.core.home import HtxHome
    from sources.warehouse.snapshot import publication

    record = publication(HtxHome(published.parent.parent))
    when = record["published_at"][:19] if record else "?"
    table = Table(title=f"Chất lượng số liệu / Data quality — bản công bố / snapshot {when}")
    columns = {
        "province": "Tỉnh\nProvince",
        "accepted": "Hợp lệ\nAccepted",
        "quarantined": "Cách ly\nQuarant.",
        "superseded": "Bị thay\nSupersed.",
        "duplicate": "Trùng\nDuplic.",
        "flagged": "Có c.báo\nFlagged",
        "warnings": "C.báo\nWarnings",
        "errors": "Lỗi\nErrors",
    }
    for key, label in columns.items():
        table.add_column(label, justify="left" if key == "province" else "right", no_wrap=True)
    for row in frame.iter_rows(named=True):
        style = "red" if row["quarantined"] else ("yellow" if row["flagged"] else "")
        table.add_row(*(str(row[c]) for c in columns), style=style)
    totals = frame.select(pl.exclude("province", "province_key").sum()).row(0, named=True)
    table.add_row("Tổng / Total", *(str(totals[c]) for c in list(columns)[1:]), style="bold", end_section=True)
    return table
