"""Read an .xlsx submission into plain rows per contract sheet, safely.

Cells keep their type (a number cell stays a number, a text cell stays text), which the
Vietnamese-number rules need: `2.5` typed as text is ambiguous, 2.5 typed as a number is not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from python_calamine import CalamineWorkbook

from sources.core.problems import Problem, shown, warning
from sources.core.vn_text import fold
from sources.intake.safety import MAX_SHEET_CELLS, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, UnsafeFile, check_xlsx_archive
from sources.intake.xlsx_scan import scan_xlsx

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


def contract_titles(titles: list[str]) -> list[str]:
    """The sheets read: the first bearing each contract name (later ones are extra)."""
    chosen: dict[str, str] = {}
    for title in titles:
        name = canonical_sheet(title)
        if name is not None:
            chosen.setdefault(name, title)
    return list(chosen.values())


def read_workbook(path: Path) -> WorkbookRows:
    check_xlsx_archive(path)
    scan = scan_xlsx(path, contract_titles)  # every limit, before calamine allocates anything
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for broken parts
        raise UnsafeFile(
            "unreadable_file",
            "Không đọc được tệp Excel (.xlsx): tệp bị hỏng.",
            "Cannot read the Excel (.xlsx) file: it is damaged.",
        ) from exc
    if book.sheet_names != scan.titles:  # the scan checked other sheets than calamine would read
        raise UnsafeFile(
            "unreadable_file",
            "Không đọc được tệp Excel (.xlsx): danh sách sheet không nhất quán.",
            "Cannot read the Excel (.xlsx) file: its list of sheets is inconsistent.",
        )
    out = WorkbookRows(problems=scan.problems())  # formulas calamine would read as empty cells
    for title in book.sheet_names:
        name = canonical_sheet(title)
        if name is None or name in out.sheets:
            out.problems.append(
                warning(
                    "extra_sheet",
                    f"Sheet '{shown(title)}' không thuộc mẫu báo cáo nên được bỏ qua.",
                    f"Sheet '{shown(title)}' is not part of the template and was ignored.",
                    sheet=title,
                )
            )
            continue
        try:
            sheet = book.get_sheet_by_name(title)
        except Exception as exc:
            raise UnsafeFile(
                "unreadable_file",
                f"Không đọc được sheet '{shown(title)}': tệp bị hỏng.",
                f"Cannot read the sheet '{shown(title)}': the file is damaged.",
                sheet=title,
            ) from exc
        rows, columns = (sheet.end[0] + 1, sheet.end[1] + 1) if sheet.end else (0, 0)
        if rows > MAX_SHEET_ROWS or columns > MAX_SHEET_COLUMNS or rows * columns > MAX_SHEET_CELLS:
            # the scan makes this unreachable; to_python would build the grid from A1, so check once more
            raise UnsafeFile(
                "sheet_too_large",
                f"Sheet '{shown(title)}' quá lớn ({rows} dòng × {columns} cột).",
                f"Sheet '{shown(title)}' is too large ({rows} rows × {columns} columns).",
                sheet=title,
            )
        out.sheets[name] = sheet.to_python(skip_empty_area=False)
        out.sheet_titles[name] = title
    return out
