"""Hostile .xlsx files are refused before calamine allocates anything (sources/intake/xlsx_scan.py).

Files that would make calamine allocate gigabytes are read in a child process capped at 1 GB of address space:
should the scan ever let one through, the child aborts and the test fails on its exit code — a crash, not a hang.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from sources.authoring.template import write_template
from sources.core.problems import cell_ref
from sources.intake import safety
from sources.intake.safety import UnsafeFile
from sources.intake.xlsx_findings import MAX_FINDINGS
from sources.intake.xlsx_scan import scan_xlsx
from sources.parse.parse_file import parse_file
from sources.parse.workbook import contract_titles
from tests.hostile import xlsx_cases as cases

REPO = Path(__file__).resolve().parents[2]
ONE_GB = 1024**3
CHILD = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from datetime import UTC, datetime
from pathlib import Path
from sources.parse.parse_file import parse_file
subs = parse_file(Path(sys.argv[1]), datetime.now(UTC), run_gate=False)
print(json.dumps([p.to_dict() for sub in subs for p in sub.problems]))
"""
needs_rlimit = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is Linux's")


def in_child(path: Path, script: str = CHILD) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "MALLOC_ARENA_MAX": "2",
        "OPENBLAS_NUM_THREADS": "1",
        "POLARS_MAX_THREADS": "1",
        "RUST_BACKTRACE": "0",
    }
    return subprocess.run(
        [sys.executable, "-c", script.format(limit=ONE_GB), str(path)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def parse_in_child(path: Path) -> list[dict]:
    started = time.monotonic()
    done = in_child(path)
    assert done.returncode == 0, f"the reader died ({done.returncode}): calamine was reached\n{done.stderr[-3000:]}"
    assert time.monotonic() - started < 60
    return json.loads(done.stdout.splitlines()[-1])


def refused(path: Path, code: str) -> str:
    """parse_file quarantines ``path`` with ``code``; its Vietnamese and English messages."""
    [sub] = parse_file(path, datetime.now(UTC))
    assert [p.code for p in sub.errors] == [code], sub.problems
    return sub.errors[0].message_vi + " | " + sub.errors[0].message_en


def scan_refusal(path: Path) -> UnsafeFile:
    with pytest.raises(UnsafeFile) as caught:
        scan_xlsx(path, contract_titles)
    return caught.value


# --- bombs: read in a child with 1 GB of address space -------------------------------------------------------


@needs_rlimit
@pytest.mark.parametrize(
    ("make", "code", "cell"),
    [
        (lambda p: cases.stray_cell(p, "XFD199999"), "sheet_too_large", "XFD199999"),  # ~100 GB for calamine
        (lambda p: cases.stray_cell(p, "XFD5000"), "sheet_too_large", "XFD5000"),  # 3.3 GB, 20 s
        (lambda p: cases.stray_cell(p, "GR20001"), "sheet_too_large", "GR20001"),  # 200 columns × 20 001 rows
        (lambda p: cases.shared_strings(p, unique_count=4_000_000_000), "shared_strings_too_large", None),  # 96 GB
    ],
    ids=["XFD199999", "XFD5000", "area", "uniqueCount"],
)
def test_bombs_are_refused_before_calamine_allocates(tmp_path, make, code, cell):
    path = make(tmp_path / "bomb.xlsx")
    assert path.stat().st_size < 2500
    [problem] = parse_in_child(path)
    assert (problem["code"], problem["severity"]) == (code, "error")
    if cell:
        assert problem["message_vi"].startswith("Sheet 'Chỉ tiêu' có ") and f"ô {cell}" in problem["message_vi"]
        assert f"cell {cell}" in problem["message_en"] or f"cell at {cell}" in problem["message_en"]
        assert scan_refusal(path).where == {"sheet": "Chỉ tiêu", "row": int(cell.lstrip("GRXFD")), "cell": cell}


@needs_rlimit
def test_the_stray_cell_really_is_a_bomb_for_calamine_alone(tmp_path):
    """Without the scan, calamine aborts the whole process (if this fails, calamine has changed: re-measure)."""
    path = cases.stray_cell(tmp_path / "bomb.xlsx")
    done = in_child(
        path,
        "import resource, sys\nresource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n"
        "from python_calamine import CalamineWorkbook\n"
        "book = CalamineWorkbook.from_path(sys.argv[1])\n"
        "book.get_sheet_by_name('Chỉ tiêu').to_python(skip_empty_area=False)\n",
    )
    assert done.returncode != 0 and "memory allocation" in done.stderr


@needs_rlimit
def test_a_huge_declared_dimension_is_ignored_as_calamine_ignores_it(tmp_path):
    """<dimension ref="A1:XFD1048576"/> over two rows: calamine reserves room only under 100 000 cells."""
    path = cases.huge_dimension(tmp_path / "dimension.xlsx")
    assert parse_in_child(path) == []
    assert scan_xlsx(path, contract_titles).grids["Chỉ tiêu"] == (2, 2)


# --- everything else is refused by the scan in this process --------------------------------------------------


@pytest.mark.parametrize("ref", ["A4294967297", "XFE1", "AAAA1", "A0", "B-1", "1A", "A1048577", "$A$1", "A 1", ""])
def test_malformed_or_out_of_grid_references_are_refused(tmp_path, ref):
    message = refused(cases.bad_reference(tmp_path / "ref.xlsx", ref), "bad_cell_reference")
    assert "Sheet 'Chỉ tiêu'" in message


def test_a_row_number_beyond_excel_is_refused(tmp_path):
    message = refused(cases.bad_reference(tmp_path / "row.xlsx", "A3", row="1048577"), "bad_cell_reference")
    assert "'1048577'" in message


def test_cells_without_r_follow_the_previous_cell(tmp_path):
    [sub] = parse_file(cases.cells_without_r(tmp_path / "no_r.xlsx"), datetime.now(UTC))
    [problem] = [p for p in sub.errors if p.code == "formula_not_calculated"]
    assert (problem.sheet, problem.row, problem.cell) == ("Chỉ tiêu", 3, "B3")


def test_too_many_columns_are_refused_at_the_first_cell_beyond_column_gr(tmp_path):
    path = cases.cells_without_r(tmp_path / "wide.xlsx", count=safety.MAX_SHEET_COLUMNS)
    assert "ô GS3" in refused(path, "sheet_too_large")
    assert scan_refusal(path).where["cell"] == "GS3"
    assert not [
        p
        for p in parse_file(cases.cells_without_r(tmp_path / "ok.xlsx", count=199), datetime.now(UTC))[0].errors
        if p.code == "sheet_too_large"
    ]  # column GR itself is allowed


def test_repeated_cells_count_against_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_SHEET_CELLS", 20)  # 20 copies of A3 would take 20 cells in calamine
    assert "A3" in refused(cases.repeated_cell(tmp_path / "same.xlsx", 20), "sheet_too_large")


def test_too_many_sheets(tmp_path):
    refused(cases.many_sheets(tmp_path / "sheets.xlsx", safety.MAX_SHEETS + 1), "too_many_sheets")
    [sub] = parse_file(cases.many_sheets(tmp_path / "ok.xlsx", safety.MAX_SHEETS), datetime.now(UTC))
    assert not sub.errors


@pytest.mark.parametrize(
    "target",
    [
        "../../worksheets/sheet2.xml",
        "../worksheets/sheet2.xml",
        "worksheets/./sheet2.xml",
        "file:///etc/passwd",
        "worksheets\\sheet2.xml",
    ],
)
def test_relationship_targets_outside_the_archive_are_refused(tmp_path, target):
    assert target in refused(cases.traversal(tmp_path / "t.xlsx", target), "unsafe_part_path")


def test_targets_spelt_with_xml_escapes_and_look_alike_parts_are_refused(tmp_path):
    refused(cases.escaped_target(tmp_path / "escaped.xlsx"), "unsafe_part_path")
    refused(cases.duplicate_parts(tmp_path / "twins.xlsx"), "unsafe_part_path")


def test_a_sheet_list_read_differently_by_the_scan_and_by_calamine_is_refused(tmp_path):
    """A tab in a sheet's name is a space to an XML parser, a tab to calamine: which sheet was checked?"""
    path = cases.write(
        tmp_path / "tab.xlsx", [("Thông tin", cases.info_sheet()), ("Chỉ\ttiêu", cases.indicators_sheet())]
    )
    assert "inconsistent" in refused(path, "unreadable_file")


def test_doctype_and_entities_are_refused_before_any_expansion(tmp_path):
    started = time.monotonic()
    assert "DOCTYPE" in refused(cases.doctype(tmp_path / "laughs.xlsx"), "unsafe_xml")
    assert time.monotonic() - started < 5


def test_shared_strings_are_counted(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_SHARED_STRINGS", 10)
    refused(cases.shared_strings(tmp_path / "declared.xlsx", unique_count=11), "shared_strings_too_large")
    refused(cases.shared_strings(tmp_path / "held.xlsx", unique_count=1, strings=11), "shared_strings_too_large")
    [sub] = parse_file(cases.shared_strings(tmp_path / "ok.xlsx", unique_count=10, strings=10), datetime.now(UTC))
    assert not sub.errors


def test_a_part_larger_than_the_limit_is_refused_from_its_declared_size(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_XLSX_PART_BYTES", 2000)
    note = f'<row r="3">{cases.text("A3", "x" * 5000)}</row>'
    path = cases.write(
        tmp_path / "big.xlsx",
        [("Thông tin", cases.info_sheet()), (cases.INDICATORS, cases.indicators_sheet(more_rows=note))],
    )
    assert "sheet 'Chỉ tiêu'" in refused(path, "part_too_large")
    assert scan_refusal(path).where == {"sheet": "Chỉ tiêu"}


# --- formulas ----------------------------------------------------------------------------------------------


def test_a_formula_without_a_cached_value_is_an_error_at_its_cell(tmp_path):
    [sub] = parse_file(cases.formula(tmp_path / "f.xlsx", '<c r="B2"><f>SUM(B5:B9)</f></c>'), datetime.now(UTC))
    [problem] = [p for p in sub.errors if p.code == "formula_not_calculated"]
    assert (problem.sheet, problem.row, problem.cell) == ("Chỉ tiêu", 2, "B2")
    assert problem.message_vi.startswith("Ô B2 có công thức nhưng chưa có giá trị đã tính")


@pytest.mark.parametrize("cell", ['<c r="B2"><f>1+1</f><v></v></c>', '<c r="B2"><v>2</v><f>1+1</f></c>'])
def test_an_empty_cached_value_or_one_before_the_formula_is_not_calculated(tmp_path, cell):
    """calamine gives an empty cell for both (it keeps the last child of <c>)."""
    [sub] = parse_file(cases.formula(tmp_path / "f.xlsx", cell), datetime.now(UTC))
    assert "formula_not_calculated" in [p.code for p in sub.errors]


@pytest.mark.parametrize("value", ["#DIV/0!", "#REF!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"])
def test_a_cached_excel_error_is_an_error_at_its_cell(tmp_path, value):
    path = cases.formula(tmp_path / "e.xlsx", f'<c r="B2" t="e"><f>1/0</f><v>{value}</v></c>')
    assert CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Chỉ tiêu").to_python()[1][1] == ""  # silently
    [sub] = parse_file(path, datetime.now(UTC))
    [problem] = [p for p in sub.errors if p.code == "formula_error"]
    assert (problem.sheet, problem.cell) == ("Chỉ tiêu", "B2") and f"lỗi Excel {value}" in problem.message_vi


def test_a_formula_with_its_cached_value_is_accepted_and_the_value_used(tmp_path):
    [sub] = parse_file(
        cases.formula(tmp_path / "ok.xlsx", '<c r="B2"><f>1000+20</f><v>1020</v></c>'), datetime.now(UTC)
    )
    assert not sub.errors
    assert dict(sub.indicators.select("indicator_code", "value").iter_rows()) == {"coops_total": 1020}


def test_formula_problems_are_capped_with_one_summary(tmp_path):
    rows = "".join(f'<row r="{r}"><c r="C{r}"><f>1</f></c></row>' for r in range(3, 3 + MAX_FINDINGS + 7))
    path = cases.write(
        tmp_path / "many.xlsx",
        [("Thông tin", cases.info_sheet()), (cases.INDICATORS, cases.indicators_sheet(more_rows=rows))],
    )
    found = [p for p in parse_file(path, datetime.now(UTC))[0].errors if p.code == "formula_not_calculated"]
    assert len(found) == MAX_FINDINGS + 1 and found[-1].cell is None and found[-1].message_vi.startswith("Còn 7 ô")


# --- what must still read ----------------------------------------------------------------------------------


def test_the_template_scans_clean_and_reads_as_before(tmp_path):
    path = write_template(tmp_path / "mau.xlsx", "Hà Tĩnh", "2024-FY")
    scan = scan_xlsx(path, contract_titles)
    assert scan.titles == CalamineWorkbook.from_path(str(path)).sheet_names and not scan.findings
    [sub] = parse_file(path, datetime.now(UTC))
    assert [p.code for p in sub.errors] == ["missing_coops_total"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.randoms(use_true_random=False))
def test_cells_are_placed_as_calamine_places_them(tmp_path, rng: random.Random):
    """Rows with and without `r`, cells with and without `r`, empty cells: the scan's grid is calamine's."""

    def maybe_r(value: str, chance: float) -> str:
        return f' r="{value}"' if rng.random() < chance else ""

    rows = []
    for _ in range(rng.randint(1, 5)):
        cells = "".join(
            f"<c{maybe_r(cell_ref(rng.randint(1, 12), rng.randint(1, 8)), 0.5)}>"
            + rng.choice(["<v>7</v>", "", "<f>1</f><v>7</v>"])
            + "</c>"
            for _ in range(rng.randint(0, 4))
        )
        rows.append(f"<row{maybe_r(str(rng.randint(1, 12)), 0.6)}>{cells}</row>")
    path = cases.write(tmp_path / "layout.xlsx", [(cases.INDICATORS, cases.sheet("".join(rows)))])
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(cases.INDICATORS)
    assert scan_xlsx(path, contract_titles).grids[cases.INDICATORS] == (
        (sheet.end[0] + 1, sheet.end[1] + 1) if sheet.end else (0, 0)
    )
