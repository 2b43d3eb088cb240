"""The blank submission template: what a provincial officer opens, fills in and sends back."""

import time
from datetime import datetime

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from sources.authoring.template import CODE_HEADER, LIST_SHEET, _Book, write_template
from sources.core import contract, reference

SHEET_TITLES = [label for label, _aliases in contract.SHEETS.values()]


def _rows(path, title):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(title).to_python(skip_empty_area=False)


def _info(path):
    return {row[0]: row[1] for row in _rows(path, "Thông tin") if row and row[0]}


def _column_format(sheet, index: int) -> str:
    """The number format of column ``index`` (1-based); adjacent columns alike are stored as one range."""
    found = [d for d in sheet.column_dimensions.values() if d.min and d.min <= index <= d.max]
    return found[0].number_format if found else "General"


def _validations(sheet):
    """Header label → the data validation covering that column's row 2."""
    found = {}
    for cell in sheet[1]:
        ref = f"{cell.column_letter}2"
        found[cell.value] = next((dv for dv in sheet.data_validations.dataValidation if ref in dv.sqref), None)
    return found


def test_template_opens_with_the_four_contract_sheets_and_no_formulas(tmp_path):
    path = write_template(tmp_path / "mau.xlsx", "Hà Tĩnh", "2024-FY")
    assert CalamineWorkbook.from_path(str(path)).sheet_names == SHEET_TITLES
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == SHEET_TITLES
    assert not [c.coordinate for s in book for row in s.iter_rows() for c in row if c.data_type == "f"]


@pytest.mark.parametrize(
    ("province", "period", "name", "code"),
    [
        ("15", "2025-FY", "Lào Cai", "2025-FY"),
        ("15", "2024-FY", "Yên Bái", "2024-FY"),
        ("44", "Năm 2025", "Quảng Trị", "2025-FY"),
        ("ha tinh", "6 tháng đầu năm 2024", "Hà Tĩnh", "2024-H1"),
        ("TP. Hồ Chí Minh", "Quý III/2025", "TP Hồ Chí Minh", "2025-Q3"),
    ],
)
def test_info_sheet_is_prefilled_with_the_province_in_force_and_the_period_code(tmp_path, province, period, name, code):
    info = _info(write_template(tmp_path / "mau.xlsx", province, period))
    assert (info["Tỉnh"], info["Kỳ báo cáo"], info["Đơn vị báo cáo"]) == (name, code, "Liên minh HTX tỉnh")
    assert info["Ngày gửi"] == info["Người lập"] == info["Ghi chú"] == ""


def test_submission_date_is_an_empty_date_cell_and_reporter_is_named_in_vietnamese(tmp_path):
    path = write_template(tmp_path / "mau.xlsx", "Hà Tĩnh", "2024-FY", reporter="so_tai_chinh")
    sheet = openpyxl.load_workbook(path)["Thông tin"]
    keys = {row[0].value: row[1] for row in sheet.iter_rows(max_col=2)}
    assert keys["Ngày gửi"].value is None and keys["Ngày gửi"].number_format == "DD/MM/YYYY"
    assert keys["Đơn vị báo cáo"].value == "Sở Tài chính"
    assert (
        _info(write_template(tmp_path / "b.xlsx", "42", "2024-FY", "Cục Thống kê"))["Đơn vị báo cáo"] == "Cục Thống kê"
    )


def test_instructions_explain_vietnamese_numbers_and_empty_cells_in_both_languages(tmp_path):
    text = " ".join(str(row[0]) for row in _rows(write_template(tmp_path / "mau.xlsx", "01", "2024-FY"), "Thông tin"))
    assert text.index("HƯỚNG DẪN") < text.index("INSTRUCTIONS")
    for phrase in ("dấu chấm (.)", "dấu phẩy (,)", "KHÔNG ghi 0", "tỷ đồng", "NEVER 0", "'.' separates thousands"):
        assert phrase in text


def test_every_catalogue_indicator_appears_once_with_its_unit_and_code(tmp_path):
    rows = _rows(write_template(tmp_path / "mau.xlsx", "01", "2024-FY"), "Chỉ tiêu")
    labels = [
        contract.INDICATOR_COLUMNS[k][0]
        for k in ("chi_tieu", "gia_tri", "don_vi", "ke_hoach", "trang_thai_so_lieu", "nguon")
    ]
    assert rows[0] == [*labels, CODE_HEADER]
    catalogue = reference.indicators()
    assert [(r[0], r[2], r[6]) for r in rows[1:]] == list(
        zip(catalogue["name_vi"], catalogue["unit"], catalogue["code"], strict=True)
    )
    assert all(r[1] == r[3] == "" for r in rows[1:])  # value and target left for the province
    assert all(reference.resolve_indicator(r[0]) == r[6] for r in rows[1:])  # the name alone is unambiguous


def test_required_indicator_is_marked_and_code_column_hidden(tmp_path):
    sheet = openpyxl.load_workbook(write_template(tmp_path / "mau.xlsx", "01", "2024-FY"))["Chỉ tiêu"]
    marked = [row[0] for row in sheet.iter_rows(min_row=2) if row[0].font.bold]
    assert [(c.value, "Bắt buộc" in c.comment.text) for c in marked] == [("Số hợp tác xã đang hoạt động", True)]
    assert sheet.column_dimensions["G"].hidden and sheet.freeze_panes == "A2"


@pytest.mark.parametrize(
    ("title", "columns"), [("Danh sách HTX", contract.COOPERATIVE_COLUMNS), ("Sản phẩm OCOP", contract.OCOP_COLUMNS)]
)
def test_list_sheets_offer_exactly_the_contract_choices(tmp_path, title, columns):
    book = openpyxl.load_workbook(write_template(tmp_path / "mau.xlsx", "01", "2024-FY"))
    sheet = book[title]
    assert [c.value for c in sheet[1]] == [c.label_vi for c in columns] and sheet.freeze_panes == "A2"
    rules = _validations(sheet)
    for i, column in enumerate(columns, start=1):
        letter = get_column_letter(i)
        rule = rules[column.label_vi]
        if column.kind == "choice":
            assert rule.type == "list" and rule.formula1.strip('"').split(",") == list(column.choices)
            assert str(rule.sqref) == f"{letter}2:{letter}5000"
        elif column.kind == "stars":
            assert (rule.type, rule.formula1) == ("list", '"3,4,5"')
        elif column.kind == "count":
            assert (rule.type, rule.operator, rule.formula1) == ("whole", "greaterThanOrEqual", "0")
        elif column.kind == "date":
            assert rule.type == "date" and _column_format(sheet, i) == "DD/MM/YYYY"
        else:
            assert column.kind == "money" or _column_format(sheet, i) == "@"  # codes stay text
            assert rule is None  # free text and money (which may carry its unit: '1,3 tỷ đồng')
    assert LIST_SHEET not in book.sheetnames  # every list fits inline: no extra sheet for the reader to warn about


def test_a_list_too_long_for_excel_goes_to_a_hidden_sheet(tmp_path):
    book = _Book(tmp_path / "danh_muc.xlsx")
    book.book.add_worksheet("Thông tin")
    choices = tuple(f"nhóm sản phẩm số {i}" for i in range(30))
    assert book.list_source("nhom", choices) == f"={LIST_SHEET}!$A$2:$A$31"
    assert book.list_source("khac", ("a", "b, c")) == f"={LIST_SHEET}!$B$2:$B$3"  # a comma inside a value
    assert book.list_source("ngan", ("a", "b")) == ["a", "b"]  # short lists stay inline
    book.book.close()
    lists = openpyxl.load_workbook(tmp_path / "danh_muc.xlsx")[LIST_SHEET]
    assert lists.sheet_state == "hidden" and [c.value for c in lists["A"]][1:] == list(choices)


def test_a_merged_province_is_refused_naming_the_unit_that_reports(tmp_path):
    with pytest.raises(ValueError, match="Yên Bái.*Lào Cai.*merged into Lào Cai"):
        write_template(tmp_path / "mau.xlsx", "Yên Bái", "2025-FY")
    with pytest.raises(ValueError, match="Kỳ báo cáo.*Invalid period"):
        write_template(tmp_path / "mau.xlsx", "Lào Cai", "2025")
    with pytest.raises(ValueError, match="Unknown reporter"):
        write_template(tmp_path / "mau.xlsx", "Lào Cai", "2025-FY", reporter="someone")
    assert not (tmp_path / "mau.xlsx").exists()


def test_same_arguments_give_byte_identical_files(tmp_path, monkeypatch):
    first = write_template(tmp_path / "a.xlsx", "Lào Cai", "2025-FY").read_bytes()
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 86_400)  # a day later: zip entries must not carry "now"
    assert write_template(tmp_path / "b.xlsx", "15", "Năm 2025").read_bytes() == first
    assert write_template(tmp_path / "c.xlsx", "15", "2024-FY").read_bytes() != first


def test_a_filled_in_template_reads_back_without_errors(tmp_path):
    from sources.parse.parse_file import parse_file

    path = write_template(tmp_path / "lao_cai_2025-Q3.xlsx", "15", "2025-Q3")
    book = openpyxl.load_workbook(path)
    values = {"coops_total": 975, "coop_groups_total": "2.538", "revenue_avg_per_coop": "1,3 tỷ đồng"}
    for row in book["Chỉ tiêu"].iter_rows(min_row=2):
        if row[6].value in values:
            row[1].value = values[row[6].value]
    book["Thông tin"]["B3"] = datetime(2025, 10, 15)
    book["Danh sách HTX"].append(
        [
            "5300123456",
            "HTX Nông nghiệp Bảo Thắng",
            "Xã Bảo Thắng",
            "nông nghiệp",
            datetime(2019, 3, 1),
            "đang hoạt động",
            12,
            8,
            "500 triệu đồng",
            None,
            None,
            None,
            "khá",
        ]
    )
    book["Sản phẩm OCOP"].append(
        ["Chè Shan tuyết", "HTX Nông nghiệp Bảo Thắng", "5300123456", "HTX", "đồ uống", 4, datetime(2023, 6, 30)]
    )
    book.save(path)
    result = parse_file(path, datetime(2026, 1, 1))
    subs = result if isinstance(result, list) else [result]
    assert len(subs) == 1
    [sub] = subs
    assert sub.errors == []
    assert (sub.province_key, sub.period_code, sub.reporter) == ("new:15", "2025-Q3", "lien_minh_htx")
    got = dict(zip(sub.indicators["indicator_code"], sub.indicators["value"], strict=True))
    assert (got["coops_total"], got["coop_groups_total"], got["revenue_avg_per_coop"]) == (975, 2538, 1.3e9)
    assert not [p for p in sub.warnings if p.code == "unknown_category"]  # the drop-down values are the contract's


def test_an_untouched_template_is_refused_only_for_the_missing_required_figure(tmp_path):
    from sources.parse.parse_file import parse_file

    result = parse_file(write_template(tmp_path / "trong.xlsx", "Hà Tĩnh", "2024-FY"), datetime(2026, 1, 1))
    [sub] = result if isinstance(result, list) else [result]
    assert [p.code for p in sub.errors] == ["missing_coops_total"]
    assert sub.indicators["value"].null_count() == sub.indicators.height  # empty means not reported, never 0


def test_the_status_field_is_offered_for_the_report_and_each_row_and_explained(tmp_path):
    path = write_template(tmp_path / "mau.xlsx", "42", "2024-FY")
    assert _info(path)["Trạng thái số liệu"] == "chính thức"
    book = openpyxl.load_workbook(path)
    for title in ("Thông tin", "Chỉ tiêu"):
        lists = [v.formula1 for v in book[title].data_validations.dataValidation if v.type == "list"]
        assert '"chính thức,sơ bộ,ước tính"' in lists, title
    text = " ".join(str(row[0]) for row in _rows(path, "Thông tin"))
    for phrase in (
        "'92/60'",
        "ước 1.200",
        "chia 12",
        "1,2 nghìn người",
        "Actual/plan",
        "divided by 12",
        "estimated (ước tính)",
    ):
        assert phrase in text


def test_a_template_marked_estimated_before_the_period_ends_is_accepted_as_estimates(tmp_path):
    from sources.parse.parse_file import parse_file

    path = write_template(tmp_path / "uoc.xlsx", "42", "2024-FY")
    book = openpyxl.load_workbook(path)
    info = {row[0].value: row[1] for row in book["Thông tin"].iter_rows(max_col=2)}
    info["Ngày gửi"].value, info["Trạng thái số liệu"].value = datetime(2024, 12, 10), "ước tính"
    for row in book["Chỉ tiêu"].iter_rows(min_row=2):
        if row[6].value == "coops_total":
            row[1].value = "1.020/1.050"
        if row[6].value == "coops_new":
            row[1].value, row[4].value = 40, "sơ bộ"
    book.save(path)
    [sub] = parse_file(path, datetime(2025, 1, 5))
    assert sub.errors == []
    values = {r["indicator_code"]: r for r in sub.indicators.iter_rows(named=True)}
    assert (values["coops_total"]["value"], values["coops_total"]["target"]) == (1020, 1050)
    assert values["coops_total"]["obs_status"] == "estimated" and values["coops_new"]["obs_status"] == "preliminary"
    assert values["coops_total"]["provenance"] == "reported"
