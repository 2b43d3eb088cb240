"""What a submission becomes once read: warehouse keys, normalised Polars tables, and every problem found.

A `Table` is any tabular part of a submission (a sheet, a CSV file's rows for one province and period,
a JSON list) with the means to say *where* a cell is, in the words of its own format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import polars as pl

from sources.core.problems import Problem, cell_ref, shown
from sources.core.vn_text import fold

INDICATOR_SCHEMA = {
    "indicator_code": pl.String,
    "value": pl.Float64,
    "target": pl.Float64,
    "unit_as_written": pl.String,
    "provenance": pl.String,
    "provenance_note": pl.String,
    "sheet_row": pl.Int32,
    "value_cell": pl.String,
    "obs_status": pl.String,
    "indicator_as_written": pl.String,
}


@dataclass
class Table:
    title: str  # sheet title, file name or JSON key, as the sender wrote it
    rows: list[list[object]]
    row_numbers: list[int] | None = None  # as the sender counts them (Excel/CSV line, JSON item)
    json_style: bool = False  # JSON locations read `indicators[3].gia_tri`, not `B4`

    def number(self, index: int) -> int:
        return self.row_numbers[index] if self.row_numbers else index + 1

    def where(self, index: int, column: int, header: object = None) -> dict:
        row = self.number(index)
        if self.json_style:
            return dict(sheet=self.title, row=row, column=str(header), cell=f"{self.title}[{row - 1}].{header}")
        return dict(
            sheet=self.title,
            row=row,
            column=str(header) if header is not None else None,
            cell=cell_ref(row, column + 1),
        )


@dataclass
class ParsedSubmission:
    province_key: str | None = None
    period_code: str | None = None
    period_end: date | None = None
    period_where: dict = field(default_factory=dict)  # where the period was written, for timing messages
    reporter: str | None = None
    submitted_at: datetime | None = None
    prepared_by: str | None = None
    note: str | None = None  # ghi_chu: what the clerk wanted the reader to know
    obs_status: str = "official"  # the submission's own status; a value may say otherwise
    indicators: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=INDICATOR_SCHEMA))
    cooperatives: pl.DataFrame | None = None
    ocop_products: pl.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)
    indicator_sheet: str | None = None  # where the indicators were read from, for the gate's messages

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def match_name(header: object, names: dict[str, tuple[str, set[str]]]) -> str | None:
    """Which contract name a header (or key) is, ignoring case and diacritics."""
    folded = fold(str(header or "")).strip(" :*")
    return next((key for key, (_label, aliases) in names.items() if folded in aliases | {fold(key)}), None)


def text(cell: object) -> str | None:
    value = str(cell).strip() if cell is not None else ""
    return value or None


def provenance(note: str | None) -> tuple[str, str | None]:
    """(provenance, note): `reported` unless the file names a source (nguon); then `synthetic` for demo data
    ('synthetic …' / 'mô phỏng …'), else `published`, citing the source (a leading 'published:' dropped).
    'published:' with nothing after it cites nothing: the figure is the reporter's own."""
    if not note:
        return "reported", None
    folded = fold(note)
    if folded.startswith(("synthetic", "mo phong")):
        return "synthetic", note
    for prefix in ("published:", "cong bo:"):
        if folded.startswith(prefix):
            cited = note[len(prefix) :].strip()
            return ("published", cited) if cited else ("reported", None)
    return "published", note


def indicator_label(written: object, code: str | None) -> str:
    """An indicator as the clerk wrote it, with its code: "'Số HTX' (coops_total)"; the code alone when the
    clerk wrote the code."""
    written_text = text(written)
    if written_text is None or written_text == code:
        return str(code)
    return f"'{shown(written_text, 60)}' ({code})"


def find_header(table: Table, names: dict, required: tuple[str, ...], scan: int = 20):
    """The first row naming every required column (a title row may sit above it): (index, key → column)."""
    for r, row in enumerate(table.rows[:scan]):
        columns: dict[str, int] = {}
        for c, cell in enumerate(row):
            key = match_name(cell, names)
            if key and key not in columns:
                columns[key] = c
        if all(k in columns for k in required):
            return r, columns
    return None
