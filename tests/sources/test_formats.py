"""All three formats of SUBMISSION_SPEC section 2, with the encodings, delimiters and spellings provinces use."""

import json
from datetime import date, datetime

import pytest

from sources.authoring.sample_submissions import write_workbook
from sources.demo.files import encode_cp1258
from sources.parse.parse_file import parse_file

RECEIVED = datetime(2026, 11, 1)
LONG_CSV = (
    "Tỉnh;Kỳ báo cáo;Chỉ tiêu;Giá trị;Đơn vị tính;Kế hoạch\n"
    "Hà Tĩnh;2024-FY;Số HTX;1.020;HTX;1.000\n"
    "Hà Tĩnh;2024-FY;Doanh thu bình quân;2 tỷ 300 triệu đồng;;\n"
    "Nam Định;Năm 2024;coops_total;530;hợp tác xã;\n"
    "Nam Định;Năm 2024;Thu nhập bình quân;4,2;triệu đồng/người/tháng;\n"
)


def values(sub) -> dict:
    return dict(sub.indicators.select("indicator_code", "value").iter_rows())


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_long_csv_with_several_provinces_in_every_accepted_encoding(tmp_path, encoding):
    path = tmp_path / "tong_hop.csv"
    path.write_bytes(encode_cp1258(LONG_CSV) if encoding == "cp1258" else LONG_CSV.encode(encoding))
    subs = parse_file(path, RECEIVED)
    assert [(s.province_key, s.period_code) for s in subs] == [("old:42", "2024-FY"), ("old:36", "2024-FY")]
    assert all(not s.errors for s in subs)
    assert values(subs[0]) == {"coops_total": 1020, "revenue_avg_per_coop": 2_300_000_000}
    assert subs[0].indicators["target"].to_list()[0] == 1000
    assert values(subs[1]) == {"coops_total": 530, "income_avg_worker_month": 4_200_000}
    assert subs[1].indicators["value_cell"].to_list() == ["D4", "D5"]  # the line in the file, not in the group


def test_comma_delimited_csv_with_quoted_vietnamese_decimals(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(
        'tinh,ky_bao_cao,chi_tieu,gia_tri\n42,2024-H1,coops_total,975\n42,2024-H1,Doanh thu bình quân,"1,3 tỷ"\n',
        encoding="utf-8",
    )
    [sub] = parse_file(path, RECEIVED)
    assert values(sub) == {"coops_total": 975, "revenue_avg_per_coop": 1_300_000_000}


def test_json_submission(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(
        json.dumps(
            {
                "province": "Ho Chi Minh City",
                "period": "6 tháng đầu năm 2024",
                "reporter": "Sở Kế hoạch và Đầu tư",
                "submitted_at": "2024-07-20T09:30:00",
                "prepared_by": "Phòng KTTT",
                "indicators": [
                    {"chi_tieu": "coops_total", "gia_tri": 1204},
                    {"chi_tieu": "ocop_products_total", "gia_tri": "x"},
                ],
                "cooperatives": [
                    {"ma_htx": "0301", "ten_htx": "HTX Tân Phú", "so_thanh_vien": 12, "trang_thai": "Đang hoạt động"}
                ],
                "ocop_products": [{"ten_san_pham": "Bánh tráng", "so_sao": 4, "loai_chu_the": "htx"}],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    [sub] = parse_file(path, RECEIVED)
    assert (sub.province_key, sub.period_code, sub.reporter) == ("old:79", "2024-H1", "so_ke_hoach_dau_tu")
    assert sub.submitted_at == datetime(2024, 7, 20, 9, 30)
    assert values(sub) == {"coops_total": 1204, "ocop_products_total": None}  # 'x' is not reported, not 0
    assert sub.cooperatives.row(0, named=True)["status"] == "đang hoạt động"
    assert sub.ocop_products.row(0, named=True)["owner_type"] == "HTX"


def test_workbook_with_headers_without_diacritics_and_english_sheet_names(tmp_path):
    path = write_workbook(
        tmp_path / "w.xlsx",
        {"TINH": "ha tinh", "KY BAO CAO": "Quý II/2024", "NGAY GUI": "05/07/2024"},
        [["so htx", "975", "htx"]],
        header=("CHI TIEU", "GIA TRI", "DVT"),
        extra_sheets={
            "Cooperatives": [
                ["MA HTX", "TEN HTX", "LINH VUC", "TRANG THAI"],
                [4201.0, "HTX Thạch Hà", "Nong nghiep", "dang hoat dong"],
            ]
        },
    )
    [sub] = parse_file(path, RECEIVED)
    assert not sub.errors and (sub.province_key, sub.period_code) == ("old:42", "2024-Q2")
    coop = sub.cooperatives.row(0, named=True)
    assert (coop["coop_id"], coop["sector"], coop["status"]) == ("4201", "nông nghiệp", "đang hoạt động")


def test_list_counts_are_compared_with_the_reported_totals(tmp_path):
    coops = [["Mã HTX", "Tên HTX", "Trạng thái"]] + [[f"C{i}", f"HTX {i}", "đang hoạt động"] for i in range(8)]
    path = write_workbook(
        tmp_path / "w.xlsx",
        {"Tỉnh": "42", "Kỳ báo cáo": "2024-FY"},
        [["coops_total", 10]],
        extra_sheets={"Danh sách HTX": coops},
    )
    [sub] = parse_file(path, RECEIVED)
    assert [w.code for w in sub.warnings] == ["coop_list_count_mismatch"]
    assert sub.warnings[0].indicator_code == "coops_total" and not sub.errors


def test_formulas_are_never_evaluated_and_formula_like_text_stays_text(tmp_path):
    import openpyxl

    coops = [["Mã HTX", "Tên HTX"], ["C1", "placeholder"], ["C2", "@SUM(1)"], ["C3", "=1+2"], ["C4", "placeholder"]]
    path = write_workbook(
        tmp_path / "w.xlsx",
        {"Tỉnh": "42", "Kỳ báo cáo": "2024-FY"},
        [["coops_total", 3]],
        extra_sheets={"Danh sách HTX": coops},
    )
    book = openpyxl.load_workbook(path)
    cell = book["Danh sách HTX"]["B2"]
    cell.value, cell.data_type = '=HYPERLINK("http://x","bấm")', "s"  # text that starts like a formula
    book["Danh sách HTX"]["B5"] = "=1+2"  # a real formula, saved without a computed value
    book.save(path)
    [sub] = parse_file(path, RECEIVED)
    # Text stays text (written as text, '=1+2' too); the real formula is never computed into 3: the clerk is
    # asked to open and save the file in Excel.
    assert sub.cooperatives["name"].to_list() == ['=HYPERLINK("http://x","bấm")', "@SUM(1)", "=1+2", None]
    assert [(e.code, e.cell) for e in sub.errors] == [("formula_not_calculated", "B5")]


def test_reproducible_workbooks_have_the_same_bytes(tmp_path, monkeypatch):
    import time

    first = write_workbook(tmp_path / "a.xlsx", {"Tỉnh": "42"}, [["coops_total", 1]]).read_bytes()
    time.sleep(1.1)  # zip members and document properties carry seconds
    assert write_workbook(tmp_path / "b.xlsx", {"Tỉnh": "42"}, [["coops_total", 1]]).read_bytes() == first


def test_dates_in_every_accepted_form(tmp_path):
    for raw, expected in [
        (date(2024, 7, 5), datetime(2024, 7, 5)),
        ("05/07/2024", datetime(2024, 7, 5)),
        ("2024-07-05 14:30:00", datetime(2024, 7, 5, 14, 30)),
    ]:
        path = write_workbook(
            tmp_path / "d.xlsx", {"Tỉnh": "42", "Kỳ báo cáo": "2024-H1", "Ngày gửi": raw}, [["coops_total", 1]]
        )
        assert parse_file(path, RECEIVED)[0].submitted_at == expected
