"""Read an .xlsx submission into plain rows per contract sheet, safely.

Cells keep their type (a number cell stays a number, a text cell stays text), which the
Vietnamese-number rules need: `2.5` typed as text is ambiguous, 2.5 typed as a number is not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineWorkbook

from sources.problems import Problem, warning
from sources.safety import MAX_SHEET_ROWS, UnsafeFile, check_xlsx_archive
from sources.vn_text import fold

# Contract sheet → the names it may carry (folded: case and diacritics ignored).
SHEETS = {
    "thong_tin": {"thong tin", "info"},
    "chi_tieu": {"chi tieu", "indicators"},
    "hop_tac_xa": {"hop tac xa", "danh sach htx", "cooperatives"},
    "ocop": {"ocop", "san pham ocop", "ocop products"},
}


@dataclass
class WorkbookRows:
    sheets: dict[str, list[list[object]]] = field(default_factory=dict)  # contract name → rows
    sheet_titles: dict[str, str] = field(default_factory=dict)  # contract name → title in the file
    problems: list[Problem] = field(default_factory=list)


def canonical_sheet(title: str) -> str | None:
    folded = fold(title)
    return next((name for name, aliases in SHEETS.items() if folded in aliases | {fold(name)}), None)


def read_workbook(path: Path) -> WorkbookRows:
    check_xlsx_archive(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for broken parts
        raise UnsafeFile("unreadable_file", "Không đọc được tệp Excel (.xlsx): tệp bị hỏng.",
                         "Cannot read the Excel (.xlsx) file: it is damaged.") from exc
    out = WorkbookRows()
    for title in book.sheet_names:
        name = canonical_sheet(title)
        if name is None or name in out.sheets:
            out.problems.append(warning(
                "extra_sheet", f"Sheet '{title}' không thuộc mẫu báo cáo nên được bỏ qua.",
                f"Sheet '{title}' is not part of the template and was ignored.", sheet=title))
            continue
        sheet = book.get_sheet_by_name(title)
        if sheet.total_height > MAX_SHEET_ROWS:
            raise UnsafeFile("sheet_too_large",
                             f"Sheet '{title}' có {sheet.total_height:,} dòng, vượt giới hạn {MAX_SHEET_ROWS:,}.",
                             f"Sheet '{title}' has {sheet.total_height:,} rows, over the limit of "
                             f"{MAX_SHEET_ROWS:,}.")
        out.sheets[name] = sheet.to_python(skip_empty_area=False)
        out.sheet_titles[name] = title
    return out
