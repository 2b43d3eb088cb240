"""Table downloads: CSV and XLSX files read back for real (csv module, openpyxl), numbers kept as numbers."""

from __future__ import annotations

import contextlib
import csv
import io
from datetime import date, datetime

import openpyxl
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from apps.streamlit import downloads
from apps.streamlit.downloads import (
    NOTES_SHEET,
    safe_file_stem,
    sheet_title,
    to_csv_bytes,
    to_xlsx_bytes,
)

NOTES = [("Nguồn - Source", "Cục Thống kê, biểu 01/HTX"), ("Trạng thái - Status", "Sơ bộ (preliminary)")]


def _frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "Tỉnh, thành phố": ["Hà Tĩnh", "Đà Nẵng", "Quảng Ninh"],
            "Số HTX": [1283, -5, None],
            "Doanh thu bình quân": [2.84, 1234567.5, None],
            "Độ bao phủ": [0.33, 1.0, 0.5],
            "Ngày báo cáo": [date(2025, 1, 31), None, date(2024, 12, 31)],
            "Đầy đủ": [True, False, None],
        }
    )


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


# --- CSV ---


def test_csv_has_a_bom_plain_numbers_empty_nulls_and_iso_dates() -> None:
    rows = _csv_rows(to_csv_bytes(_frame()))
    assert rows[0] == ["Tỉnh, thành phố", "Số HTX", "Doanh thu bình quân", "Độ bao phủ", "Ngày báo cáo", "Đầy đủ"]
    assert rows[1] == ["Hà Tĩnh", "1283", "2.84", "0.33", "2025-01-31", "true"]
    assert rows[2] == ["Đà Nẵng", "-5", "1234567.5", "1", "", "false"]  # a negative number is not neutralised
    assert rows[3] == ["Quảng Ninh", "", "", "0.5", "2024-12-31", ""]
    assert len(rows) == 4


def test_csv_neutralises_formula_like_text_only() -> None:
    texts = ['=HYPERLINK("http://x")', "+1", "@SUM(A1)", "-2+3", "\tx", "\rx", "Hà Nội", "a=b", "'quoted"]
    frame = pl.DataFrame({"text": texts, "n": [-1.5] * len(texts)})
    rows = _csv_rows(to_csv_bytes(frame))
    assert [r[0] for r in rows[1:]] == [
        '\'=HYPERLINK("http://x")',
        "'+1",
        "'@SUM(A1)",
        "'-2+3",
        "'\tx",
        "'\rx",
        "Hà Nội",
        "a=b",
        "'quoted",
    ]
    assert {r[1] for r in rows[1:]} == {"-1.5"}


def test_csv_neutralises_categorical_text_and_headers() -> None:
    frame = pl.DataFrame({"=x": ["=1+1", "ok"]}, schema={"=x": pl.Categorical})
    assert _csv_rows(to_csv_bytes(frame)) == [["'=x"], ["'=1+1"], ["ok"]]


def test_csv_writes_non_finite_floats_as_empty_and_small_numbers_without_exponent() -> None:
    frame = pl.DataFrame({"x": [float("inf"), float("nan"), float("-inf"), 1e-7, 1e20, 3.0], "k": list("abcdef")})
    rows = _csv_rows(to_csv_bytes(frame))
    assert [r[0] for r in rows[1:]] == ["", "", "", "0.0000001", "100000000000000000000", "3"]
    assert b",a\n,b\n,c\n" in to_csv_bytes(frame)  # empty, not "inf"/"NaN"


def test_csv_keeps_empty_rows_of_a_one_column_table() -> None:
    data = to_csv_bytes(pl.DataFrame({"x": [float("nan"), None, 2.5]}))
    assert data == b'\xef\xbb\xbfx\n""\n""\n2.5\n'  # a blank line would be skipped by many readers
    assert _csv_rows(data) == [["x"], [""], [""], ["2.5"]]


def test_csv_writes_lists_and_structs_as_text() -> None:
    frame = pl.DataFrame({"l": [[1, 2], None], "s": [{"a": "=x"}, {"a": "y"}]})
    assert _csv_rows(to_csv_bytes(frame)) == [["l", "s"], ["[1, 2]", "{'a': '=x'}"], ["", "{'a': 'y'}"]]


def test_csv_of_an_empty_frame_is_just_the_header() -> None:
    assert _csv_rows(to_csv_bytes(_frame().head(0))) == [list(_frame().columns)]


# --- XLSX ---


def test_xlsx_numbers_are_numeric_cells_with_number_formats() -> None:
    book = _workbook(to_xlsx_bytes(_frame(), sheet_name="Xếp hạng", notes=NOTES, number_formats={"Độ bao phủ": "0%"}))
    sheet = book["Xếp hạng"]
    assert book.sheetnames == ["Xếp hạng", NOTES_SHEET]
    assert [c.value for c in sheet[1]] == list(_frame().columns)
    assert all(c.font.b for c in sheet[1])

    count = sheet["B2"]
    assert count.value == 1283 and count.data_type == "n" and count.number_format == "#,##0"
    assert sheet["B3"].value == -5 and sheet["B3"].number_format == "#,##0"
    assert sheet["B4"].value is None

    mean = sheet["C2"]
    assert mean.value == pytest.approx(2.84) and isinstance(mean.value, float)
    assert mean.number_format == "#,##0.00"
    assert sheet["C3"].value == pytest.approx(1234567.5)

    share = sheet["D2"]
    assert share.value == pytest.approx(0.33) and share.number_format == "0%"
    assert sheet["D3"].value == 1 and sheet["D3"].number_format == "0%"


def test_xlsx_dates_booleans_and_text_keep_their_types() -> None:
    sheet = _workbook(to_xlsx_bytes(_frame(), sheet_name="t", notes=[]))["t"]
    assert sheet["A3"].value == "Đà Nẵng" and sheet["A3"].data_type == "s"
    assert sheet["E2"].value == datetime(2025, 1, 31) and sheet["E2"].number_format == "dd/mm/yyyy"
    assert sheet["E3"].value is None
    assert sheet["F2"].value is True and sheet["F3"].value is False and sheet["F4"].value is None


def test_xlsx_writes_formula_like_text_as_plain_strings() -> None:
    texts = ['=HYPERLINK("http://x")', "+1", "@SUM(A1)", "http://example.com", "1.283"]
    sheet = _workbook(to_xlsx_bytes(pl.DataFrame({"text": texts}), sheet_name="t", notes=[]))["t"]
    cells = [sheet.cell(row=i, column=1) for i in range(2, 2 + len(texts))]
    assert [c.value for c in cells] == texts  # as given: no leading quote in the workbook
    assert [c.data_type for c in cells] == ["s"] * len(texts)
    assert sheet.cell(row=2, column=1).hyperlink is None and sheet.cell(row=5, column=1).hyperlink is None


def test_xlsx_header_is_frozen_filtered_and_columns_sized() -> None:
    frame = pl.DataFrame({"a": ["x" * 200, "y"], "Tên rất dài của một chỉ tiêu": [1, 2]})
    sheet = _workbook(to_xlsx_bytes(frame, sheet_name="t", notes=[]))["t"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:B3"
    assert sheet.column_dimensions["A"].width == pytest.approx(60, abs=1)  # capped
    assert 28 < sheet.column_dimensions["B"].width < 40  # as wide as its header


def test_xlsx_writes_non_finite_floats_as_empty_cells() -> None:
    frame = pl.DataFrame({"x": [float("inf"), float("nan"), 1.5, float("-inf")]})
    sheet = _workbook(to_xlsx_bytes(frame, sheet_name="t", notes=[]))["t"]
    assert [sheet.cell(row=i, column=1).value for i in range(2, 6)] == [None, None, 1.5, None]
    assert sheet["A4"].number_format == "#,##0.00"


def test_xlsx_whole_floats_get_the_integer_format() -> None:
    sheet = _workbook(to_xlsx_bytes(pl.DataFrame({"x": [975.0, 900.0, None]}), sheet_name="t", notes=[]))["t"]
    assert sheet["A2"].value == 975 and sheet["A2"].number_format == "#,##0"


def test_xlsx_notes_sheet_lists_the_pairs() -> None:
    notes = [*NOTES, ("Ảnh chụp - Snapshot", "2026-01-01 08:00"), ("Công thức?", "=1+1")]
    sheet = _workbook(to_xlsx_bytes(_frame(), sheet_name="t", notes=notes))[NOTES_SHEET]
    assert [(r[0].value, r[1].value) for r in sheet.iter_rows()] == notes
    assert sheet["B4"].data_type == "s"
    assert sheet["A1"].font.b


def test_xlsx_of_an_empty_frame_has_the_header() -> None:
    sheet = _workbook(to_xlsx_bytes(_frame().head(0), sheet_name="t", notes=[]))["t"]
    assert [c.value for c in sheet[1]] == list(_frame().columns)
    assert sheet.max_row == 1


def test_xlsx_bytes_are_reproducible() -> None:
    assert to_xlsx_bytes(_frame(), sheet_name="t", notes=NOTES) == to_xlsx_bytes(_frame(), sheet_name="t", notes=NOTES)


def test_sheet_name_is_sanitised() -> None:
    long_name = "Số HTX [2025]: Hà/Tĩnh*? \\ theo tỉnh, thành phố"
    book = _workbook(to_xlsx_bytes(_frame(), sheet_name=long_name, notes=[]))
    title = book.sheetnames[0]
    assert title == "Số HTX -2025-- Hà-Tĩnh-- - theo"
    assert len(title) == 31
    assert sheet_title("''") == "Dữ liệu"
    assert sheet_title("'Bảng'") == "Bảng"
    clash = _workbook(to_xlsx_bytes(_frame(), sheet_name=NOTES_SHEET, notes=[]))
    assert clash.sheetnames == ["Dữ liệu", NOTES_SHEET]


# --- file names and buttons ---


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("Xếp hạng Đà Nẵng 2025", "Xep-hang-Da-Nang-2025"),
        ("htx_xep-hang", "htx_xep-hang"),
        ("Số HTX / tỉnh (%)", "So-HTX-tinh"),
        ("../../etc/passwd", "etc-passwd"),
        ("Ước tính", "Uoc-tinh"),
        ("?!", "bang"),
    ],
)
def test_file_stem_is_ascii_letters_digits_dash_underscore(stem: str, expected: str) -> None:
    assert safe_file_stem(stem) == expected


def _buttons_app() -> None:
    import polars as pl

    from apps.streamlit.downloads import download_buttons

    download_buttons(
        pl.DataFrame({"Số HTX": [1283]}),
        file_stem="Xếp hạng",
        notes=[("Nguồn", "x")],
        labels=("Tải CSV", "Tải Excel"),
        key="ranking",
    )


def test_download_buttons_render_two_buttons_that_do_not_rerun() -> None:
    at = AppTest.from_function(_buttons_app)
    at.run()
    assert not at.exception, at.exception
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == ["Tải CSV", "Tải Excel"]
    assert [b.proto.id.rsplit("-", 1)[-1] for b in buttons] == ["ranking_csv", "ranking_xlsx"]
    assert [b.proto.ignore_rerun for b in buttons] == [True, True]
    assert buttons[0].proto.url.endswith(".csv") and buttons[1].proto.url.endswith(".xlsx")


def test_download_buttons_pass_names_types_and_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[tuple, dict]] = []
    monkeypatch.setattr(downloads.st, "columns", lambda n: [contextlib.nullcontext()] * n)
    monkeypatch.setattr(downloads.st, "download_button", lambda *a, **kw: calls.append((a, kw)))
    frame = pl.DataFrame({"Độ bao phủ": [0.5]})
    downloads.download_buttons(
        frame,
        file_stem="Độ bao phủ: Hà Tĩnh",
        notes=NOTES,
        labels=("Tải CSV", "Tải Excel"),
        key="cov",
        number_formats={"Độ bao phủ": "0%"},
    )
    (csv_args, csv_kw), (xlsx_args, xlsx_kw) = calls
    assert csv_args == ("Tải CSV", to_csv_bytes(frame))
    assert csv_kw == {"file_name": "Do-bao-phu-Ha-Tinh.csv", "mime": "text/csv", "key": "cov_csv", "on_click": "ignore"}
    assert xlsx_args[0] == "Tải Excel"
    assert xlsx_kw == {
        "file_name": "Do-bao-phu-Ha-Tinh.xlsx",
        "mime": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "key": "cov_xlsx",
        "on_click": "ignore",
    }
    book = _workbook(xlsx_args[1])
    assert book.sheetnames == ["Độ bao phủ- Hà Tĩnh", NOTES_SHEET]
    assert book.worksheets[0]["A2"].number_format == "0%"
