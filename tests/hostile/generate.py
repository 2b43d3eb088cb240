"""Write the hostile corpus into a folder, for trying by hand: `python -m tests.hostile.generate /tmp/hostile`
then `htx check /tmp/hostile` (nothing is committed: every file is written from code)."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.hostile import xlsx_cases
from tests.hostile.cases import CASES, Case

# Crafted workbooks (tests/hostile/xlsx_cases.py), one per rule of the pre-read scan.
CRAFTED_XLSX = {
    "o_lac_XFD199999.xlsx": xlsx_cases.stray_cell,
    "kich_thuoc_gia.xlsx": xlsx_cases.huge_dimension,
    "qua_nhieu_sheet.xlsx": lambda path: xlsx_cases.many_sheets(path, 101),
    "duong_dan_thoat.xlsx": xlsx_cases.traversal,
    "doctype.xlsx": xlsx_cases.doctype,
    "chuoi_chung_khong_lo.xlsx": lambda path: xlsx_cases.shared_strings(path, 10**9),
}


def write_cases(folder: Path, cases: list[Case] = CASES) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for case in cases:
        case.write(folder / case.name)
        paths.append(folder / case.name)
    return paths


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile_files")
    for path in write_cases(target):
        print(path)
    for name, write in CRAFTED_XLSX.items():
        print(write(target / name) or target / name)
