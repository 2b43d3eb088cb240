"""Problems found in a submission, worded for the provincial officer who sent it (Vietnamese first)."""

from __future__ import annotations

from dataclasses import asdict, dataclass


def cell_ref(row: int | None, column: int | None) -> str | None:
    """Excel-style reference from 1-based row and column numbers: (3, 2) → 'B3'."""
    if row is None or column is None:
        return None
    letters = ""
    while column:
        column, rem = divmod(column - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


@dataclass(frozen=True)
class Problem:
    code: str
    severity: str  # 'error' quarantines the submission; 'warning' flags the value
    message_vi: str
    message_en: str
    sheet: str | None = None
    row: int | None = None  # 1-based, as Excel shows it
    column: str | None = None  # column header as written in the file
    cell: str | None = None  # Excel reference, e.g. 'B7'
    indicator_code: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    def where(self) -> str:
        parts = [f"sheet '{self.sheet}'" if self.sheet else None,
                 f"ô/cell {self.cell}" if self.cell else (f"dòng/row {self.row}" if self.row else None),
                 f"cột/column '{self.column}'" if self.column and not self.cell else None]
        return ", ".join(p for p in parts if p) or "file"


def error(code: str, vi: str, en: str, **where) -> Problem:
    return Problem(code, "error", vi, en, **where)


def warning(code: str, vi: str, en: str, **where) -> Problem:
    return Problem(code, "warning", vi, en, **where)
