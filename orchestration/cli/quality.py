"""`htx quality`: what the gate and the warehouse found, per province, from the published snapshot."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
from rich.table import Table

from apps.warehouse_reader import query

# The latest batch: files received in the most recent ingest (an `htx run` stamps its whole batch at once).
_SCOPE = {
    "latest": "where s.received_at = (select max(received_at) from marts.fct_submissions)",
    "all": "where true",
}


def summary(path: Path, scope: str = "latest") -> pl.DataFrame:
    """Per province: files accepted / quarantined / superseded / duplicate, warnings and errors found."""
    return query(f"""
        with s as (select * from marts.fct_submissions s {_SCOPE[scope]}),
        issues as (
            select submission_id, count(*) filter (where severity = 'warning') as warnings,
                   count(*) filter (where severity = 'error') as errors
            from marts.fct_quality_issues group by submission_id)
        select coalesce(p.name_vi, '(không rõ / unreadable)') as province,
               s.province_key,
               count(*) filter (where s.status = 'accepted') as accepted,
               count(*) filter (where s.status = 'quarantined') as quarantined,
               count(*) filter (where s.status = 'superseded') as superseded,
               count(*) filter (where s.status = 'duplicate') as duplicate,
               count(*) filter (where coalesce(i.warnings, 0) > 0 and s.status = 'accepted') as flagged,
               coalesce(sum(i.warnings), 0) as warnings,
               coalesce(sum(i.errors), 0) as errors
        from s
        left join marts.dim_province p on p.province_key = s.province_key
        left join issues i on i.submission_id = s.submission_id
        group by all
        order by quarantined desc, flagged desc, province
    """, path=path)


def issues(path: Path, scope: str = "latest", severity: str | None = None, province: str | None = None) -> pl.DataFrame:
    """Every issue with its location and bilingual message (errors first)."""
    where = ["true"]
    params: list = []
    if severity:
        params.append(severity)
        where.append(f"q.severity = ${len(params)}")
    if province:
        params.append(province)
        where.append(f"(q.province_key = ${len(params)} or p.name_ascii ilike ${len(params)} "
                     f"or p.name_vi ilike ${len(params)})")
    return query(f"""
        with s as (select * from marts.fct_submissions s {_SCOPE[scope]})
        select q.file_name, q.province_key, q.period_code, q.severity, q.rule_id, q.sheet, q.cell,
               q.sheet_row, q.message_vi, q.message_en
        from marts.fct_quality_issues q
        join s on s.submission_id = q.submission_id
        left join marts.dim_province p on p.province_key = q.province_key
        where {' and '.join(where)}
        order by q.severity, q.file_name, q.sheet_row nulls first, q.rule_id
    """, params=params, path=path)


def summary_table(frame: pl.DataFrame, published: Path) -> Table:
    record = published.parent / "published.json"
    when = json.loads(record.read_text())["published_at"][:19] if record.exists() else "?"
    table = Table(title=f"Chất lượng số liệu / Data quality — bản công bố / snapshot {when}")
    columns = {"province": "Tỉnh\nProvince", "accepted": "Hợp lệ\nAccepted", "quarantined": "Cách ly\nQuarant.",
               "superseded": "Bị thay\nSupersed.", "duplicate": "Trùng\nDuplic.", "flagged": "Có c.báo\nFlagged",
               "warnings": "C.báo\nWarnings", "errors": "Lỗi\nErrors"}
    for key, label in columns.items():
        table.add_column(label, justify="left" if key == "province" else "right", no_wrap=True)
    for row in frame.iter_rows(named=True):
        style = "red" if row["quarantined"] else ("yellow" if row["flagged"] else "")
        table.add_row(*(str(row[c]) for c in columns), style=style)
    totals = frame.select(pl.exclude("province", "province_key").sum()).row(0, named=True)
    table.add_row("Tổng / Total", *(str(totals[c]) for c in list(columns)[1:]), style="bold", end_section=True)
    return table
