"""What the xlsx pre-scan found besides a broken limit: cells calamine would silently read as empty (a formula
without a cached value, a cached Excel error), reported as problems the clerk can act on."""

from __future__ import annotations

from dataclasses import dataclass, field

from sources.core.problems import Problem, cell_ref, error, shown

MAX_FINDINGS = 50  # per file; the rest are counted in one summary problem per code

_FORMULA = {  # code → message for one cell, and for the cells beyond MAX_FINDINGS
    "formula_not_calculated": (
        "Ô {ref} có công thức nhưng chưa có giá trị đã tính; hãy mở tệp bằng Excel, để Excel tính lại rồi lưu "
        "(Ctrl+S) và gửi lại.",
        "Cell {ref} has a formula but no calculated value; open the file in Excel, let it "
        "recalculate, save it (Ctrl+S) and send it again.",
        "có công thức chưa có giá trị đã tính",
        "have a formula with no calculated value",
    ),
    "formula_error": (
        "Ô {ref} chứa lỗi Excel {err}; hãy sửa công thức hoặc nhập số trực tiếp.",
        "Cell {ref} holds the Excel error {err}; correct the formula or type the number in directly.",
        "chứa lỗi Excel",
        "hold an Excel error",
    ),
}


def both_ways(value: int) -> tuple[str, str]:
    """A count as Vietnamese (200.000) and English (200,000) write it."""
    return f"{value:,}".replace(",", "."), f"{value:,}"


@dataclass(frozen=True)
class Finding:
    sheet: str
    row: int  # 1-based, as Excel shows it
    column: int
    error: str | None = None  # the cached Excel error; None: a formula with no cached value

    @property
    def code(self) -> str:
        return "formula_not_calculated" if self.error is None else "formula_error"


@dataclass
class Scan:
    titles: list[str] = field(default_factory=list)  # every sheet, in the workbook's order, as calamine lists them
    findings: list[Finding] = field(default_factory=list)  # the first MAX_FINDINGS
    more: dict[str, int] = field(default_factory=dict)  # code → findings beyond MAX_FINDINGS
    grids: dict[str, tuple[int, int]] = field(default_factory=dict)  # title → rows × columns calamine will hold

    def add(self, finding: Finding) -> None:
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(finding)
        else:
            self.more[finding.code] = self.more.get(finding.code, 0) + 1

    def problems(self) -> list[Problem]:
        out = []
        for f in self.findings:
            ref, err, (vi, en, _, _) = cell_ref(f.row, f.column), shown(f.error, 20), _FORMULA[f.code]
            out.append(
                error(
                    f.code, vi.format(ref=ref, err=err), en.format(ref=ref, err=err), sheet=f.sheet, row=f.row, cell=ref
                )
            )
        for code, count in self.more.items():
            (vi_count, en_count), (_, _, vi, en) = both_ways(count), _FORMULA[code]
            out.append(
                error(
                    code,
                    f"Còn {vi_count} ô khác {vi} (không liệt kê hết); hãy sửa rồi gửi lại.",
                    f"{en_count} more cells {en} (not all listed); correct them and send the file again.",
                )
            )
        return out
