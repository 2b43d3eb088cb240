"""What the analysts' notebooks share: the published warehouse (or a bilingual stop), the demo-data callout,
Vietnamese number formats.

A plain module, not a notebook. The notebooks import it as ``_common`` from their setup cell: its folder is on
``sys.path`` both under marimo (``marimo edit`` / ``marimo export html``, which add the notebook's folder) and
under ``python notebooks/<name>.py`` (the script's folder). It puts the repository root on ``sys.path`` for
``apps`` and ``sources``, and hands the notebooks ``query`` so that they need no import path of their own.
"""

from __future__ import annotations

import sys
from inspect import cleandoc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import marimo as mo  # noqa: E402 (after the path set-up above)
import polars as pl  # noqa: E402

from sources.warehouse.reader import published_path, query  # noqa: E402

__all__ = [
    "REPORTER",
    "count_provenance",
    "num",
    "pct",
    "pct_change",
    "provenance_callout",
    "query",
    "warehouse_or_stop",
]

REPORTER = "lien_minh_htx"  # the provincial alliance: the series every notebook shows

# What every notebook says about the demo warehouse, above its own counts of published and synthetic values.
DEMO_NOTE = """\
**Dữ liệu minh hoạ / Demo data.** Số liệu trong kho mẫu là dữ liệu **tổng hợp (synthetic)**, không phải
số liệu thống kê thật — trừ các số liệu **đã công bố (published)** có kèm nguồn (cột `provenance`).
*The demo figures are synthetic, not real statistics, except the published anchor figures
(column `provenance`).*"""


def pct(x: float) -> str:
    """0.1234 -> '12,3 %' (Vietnamese decimal comma)."""
    return f"{x * 100:.1f} %".replace(".", ",")


def pct_change(x: float) -> str:
    """0.1234 -> '+12,3 %', -0.05 -> '-5,0 %' (Vietnamese decimal comma, always signed)."""
    return f"{x * 100:+.1f} %".replace(".", ",")


def num(x: float) -> str:
    """12345 -> '12.345' (Vietnamese thousands separator)."""
    return f"{x:,.0f}".replace(",", ".")


def warehouse_or_stop() -> Path:
    """The published warehouse; without one, stop the calling cell (and everything after it) and say why."""
    path = published_path()
    mo.stop(
        not path.exists(),
        mo.callout(
            mo.md(
                f"**Chưa có kho dữ liệu được công bố** tại `{path}`: hãy chạy `htx run` (hoặc `htx demo`).\n\n"
                f"**No published warehouse** at `{path}`: run `htx run` (or `htx demo`) first."
            ),
            kind="danger",
        ),
    )
    return path


def count_provenance(warehouse: Path, used: str, params: list) -> pl.DataFrame:
    """Per provenance (`published`, `synthetic`): every value in the warehouse (`n_values`) and `n_used`.

    ``used`` is an SQL aggregate over ``marts.fct_indicator_values`` counting what the notebook itself reads,
    e.g. ``count(*) filter (where indicator_code = $1)``; ``params`` fills its placeholders.
    """
    return query(
        f"""
        select provenance, count(*) as n_values, {used} as n_used
        from marts.fct_indicator_values
        group by provenance
        order by provenance
        """,
        params,
        path=warehouse,
    )


def provenance_callout(
    counts: pl.DataFrame,
    used_header: str,
    *,
    note: str = DEMO_NOTE,
    values_header: str = "giá trị trong kho / values in the warehouse",
) -> mo.Html:
    """The warning that the demo data is synthetic, with the counts of `count_provenance` as a table.

    ``note`` (markdown, indented like a cell's or not) replaces the standard `DEMO_NOTE` above the table.
    """
    n_values = dict(zip(counts["provenance"], counts["n_values"], strict=True))
    n_used = dict(zip(counts["provenance"], counts["n_used"], strict=True))
    rows = [
        f"| {provenance} | {num(n_values.get(provenance, 0))} | {num(n_used.get(provenance, 0))} |"
        for provenance in ("published", "synthetic")
    ]
    table = [f"| provenance | {values_header} | {used_header} |", "| --- | ---: | ---: |", *rows]
    return mo.callout(mo.md("\n\n".join([cleandoc(note), "\n".join(table)])), kind="warn")
