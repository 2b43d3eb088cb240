"""Problems found in a submission, worded for the provincial officer who sent it (Vietnamese first)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def shown(value: object, limit: int = 80) -> str:
    """A cell's content as quoted in a message: control characters made visible, long text cut.

    Messages echo what the clerk wrote; a 1 MB cell or an ANSI escape must not travel into every report.
    """
    text = _CONTROL.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}",
        str(value if value is not None else ""),
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
        parts = [
            f"sheet '{self.sheet}'" if self.sheet else None,
            f"ô/cell {self.cell}" if self.cell else (f"dòng/row {self.row}" if self.row else None),
            f"cột/column '{self.column}'" if self.column and not self.cell else None,
        ]
        return ", ".join(p for p in parts if p) or "file"


def error(code: str, vi: str, en: str, **where) -> Problem:
    return Problem(code, "error", vi, en, **where)


def warning(code: str, vi: str, en: str, **where) -> Problem:
    return Problem(code, "warning", vi, en, **where)
