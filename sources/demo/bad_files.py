"""Bad submissions, one or more per error rule of SUBMISSION_SPEC section 4.

The demo set includes them (each must end quarantined), and `tests/corpus/` keeps a committed copy that
anyone can open in Excel (`python tests/corpus/make_corpus.py` rewrites it). `expected.csv` says which error
each must be quarantined with.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

from sources.authoring.sample_submissions import write_workbook

INFO = {"Tỉnh": "Hà Tĩnh", "Kỳ báo cáo": "2024-FY", "Ngày gửi": date(2025, 1, 20)}
OK = [["Số hợp tác xã đang hoạt động", 1020, "HTX"]]
COOP_HEADER = ["Mã HTX", "Tên HTX", "Lĩnh vực", "Trạng thái", "Số thành viên"]
OCOP_HEADER = ["Tên sản phẩm", "Chủ thể", "Loại chủ thể", "Số sao"]

WORKBOOKS = {  # file → (info, indicator rows, extra sheets, expected error code, what it shows)
    "tinh_khong_ton_tai.xlsx": (
        {**INFO, "Tỉnh": "Tỉnh Atlantis"},
        OK,
        None,
        "unknown_province",
        "a province that does not exist",
    ),
    "yen_bai_sau_sap_nhap.xlsx": (
        {**INFO, "Tỉnh": "Yên Bái", "Kỳ báo cáo": "2025-FY", "Ngày gửi": date(2026, 1, 10)},
        OK,
        None,
        "province_not_in_force",
        "Yên Bái reporting after it merged into Lào Cai",
    ),
    "ky_sai.xlsx": ({**INFO, "Kỳ báo cáo": "Năm hai nghìn"}, OK, None, "bad_period", "a period nobody can read"),
    "ky_chua_ket_thuc.xlsx": (
        {**INFO, "Kỳ báo cáo": "2030-FY"},
        OK,
        None,
        "unfinished_period",
        "a period that has not ended",
    ),
    "thieu_so_htx.xlsx": (INFO, [["Số tổ hợp tác", 2500, "THT"]], None, "missing_coops_total", "no coops_total"),
    "chi_tieu_la.xlsx": (
        INFO,
        [*OK, ["Số con trâu", 12, None]],
        None,
        "unknown_indicator",
        "an indicator outside the catalogue",
    ),
    "gia_tri_chu.xlsx": (
        INFO,
        [["Số HTX", "khoảng một nghìn", "HTX"]],
        None,
        "bad_value_not_numeric",
        "words instead of a number",
    ),
    "gia_tri_mo_ho.xlsx": (
        INFO,
        [["Số HTX", "1.02", "HTX"]],
        None,
        "bad_value_ambiguous",
        "'1.02' — thousands or decimals?",
    ),
    "don_vi_sai.xlsx": (
        INFO,
        [*OK, ["Doanh thu bình quân", 5, "tấn"]],
        None,
        "bad_value_bad_unit",
        "revenue in tonnes",
    ),
    "so_am.xlsx": (INFO, [*OK, ["Số tổ hợp tác", -3, "THT"]], None, "count_not_negative", "a negative count"),
    "ocop_sao_vuot_tong.xlsx": (
        INFO,
        [*OK, ["ocop_products_total", 100], ["ocop_3_star", 70], ["ocop_4_star", 40]],
        None,
        "ocop_stars_within_total",
        "3★ + 4★ > all OCOP products",
    ),
    "ocop_htx_vuot_tong.xlsx": (
        INFO,
        [*OK, ["ocop_products_total", 100], ["ocop_products_coop", 120]],
        None,
        "ocop_coop_within_total",
        "cooperatives' OCOP products > all",
    ),
    "htx_hieu_qua_vuot_tong.xlsx": (
        INFO,
        [*OK, ["coops_effective", 1500, "HTX"]],
        None,
        "effective_within_total",
        "effective cooperatives > all cooperatives",
    ),
    "htx_13_1_vuot_tong.xlsx": (
        INFO,
        [*OK, ["coops_ntm_13_1", 2000, "HTX"]],
        None,
        "ntm_within_total",
        "criterion 13.1 cooperatives > all cooperatives",
    ),
    "chi_tieu_trung.xlsx": (
        INFO,
        [*OK, ["coops_total", 1021, "HTX"]],
        None,
        "duplicate_indicator",
        "the same indicator twice with two values",
    ),
    "ma_htx_trung.xlsx": (
        INFO,
        OK,
        {
            "Danh sách HTX": [
                COOP_HEADER,
                ["4201", "HTX A", "nông nghiệp", "đang hoạt động", 10],
                ["4201", "HTX B", "vận tải", "đang hoạt động", 7],
            ]
        },
        "duplicate_coop_id",
        "two cooperatives with one code",
    ),
    "so_sao_sai.xlsx": (
        INFO,
        OK,
        {"Sản phẩm OCOP": [OCOP_HEADER, ["Kẹo cu đơ", "HTX A", "HTX", 6]]},
        "bad_stars",
        "a 6-star OCOP product",
    ),
    "thieu_tinh.xlsx": ({"Kỳ báo cáo": "2024-FY"}, OK, None, "missing_tinh", "no province at all"),
    "don_vi_bao_cao_la.xlsx": (
        {**INFO, "Đơn vị báo cáo": "Hội nông dân"},
        OK,
        None,
        "unknown_reporter",
        "a reporter outside the list",
    ),
    "ngay_gui_sai.xlsx": ({**INFO, "Ngày gửi": "hôm qua"}, OK, None, "bad_date", "a date nobody can read"),
    # SUBMISSION_SPEC section 6 (version 2)
    "gui_truoc_ket_thuc.xlsx": (
        {**INFO, "Ngày gửi": date(2024, 11, 30)},
        OK,
        None,
        "sent_before_period_end",
        "a 2024-FY report sent in November, its figures not marked as estimates",
    ),
    "so_nguoi_le.xlsx": (
        INFO,
        [*OK, ["Số thành viên HTX", "1,234", "người"]],
        None,
        "count_not_integer",
        "1,234 people — a decimal comma where thousands were meant",
    ),
    "trang_thai_la.xlsx": (
        {**INFO, "Trạng thái số liệu": "dự báo"},
        OK,
        None,
        "bad_obs_status",
        "an observation status outside the list",
    ),
    "thu_nhap_theo_quy.xlsx": (
        INFO,
        [*OK, ["Thu nhập bình quân lao động thường xuyên", 12, "triệu đồng/người/quý"]],
        None,
        "bad_value_bad_unit",
        "income per quarter for a monthly indicator",
    ),
}


def write_corpus(files: Path, manifest: Path | None = None) -> list[tuple[str, str, str]]:
    """Write every bad file into ``files`` and, when asked, the list of expected errors into ``manifest``."""
    FILES = files  # noqa: N806
    FILES.mkdir(parents=True, exist_ok=True)
    expected = []
    for name, (info, rows, extra, code, what) in WORKBOOKS.items():
        write_workbook(FILES / name, info, rows, extra_sheets=extra)
        expected.append((name, code, what))
    new_coops = ["Số HTX thành lập mới trong kỳ", "92/60", "HTX", 70]
    write_workbook(
        FILES / "ke_hoach_mau_thuan.xlsx",
        INFO,
        [*OK, new_coops],
        header=("Chỉ tiêu", "Giá trị", "Đơn vị tính", "Kế hoạch"),
    )
    expected.append(("ke_hoach_mau_thuan.xlsx", "conflicting_target", "plan 60 in the cell, 70 in the plan column"))
    good = (FILES / "tinh_khong_ton_tai.xlsx").read_bytes()
    (FILES / "bi_cat_ngan.xlsx").write_bytes(good[: len(good) // 2])
    expected.append(("bi_cat_ngan.xlsx", "unreadable_file", "a workbook cut in half"))
    (FILES / "doi_ten.xlsx").write_text("Báo cáo tình hình HTX (văn bản, không phải Excel)\n", encoding="utf-8")
    expected.append(("doi_ten.xlsx", "unreadable_file", "a text file renamed .xlsx"))
    (FILES / "ma_hoa_la.csv").write_bytes(b"chi_tieu,gia_tri\x00\xff\xfe\x00coops_total,\x81\x8d\x8f\n")
    expected.append(("ma_hoa_la.csv", "bad_encoding", "a CSV in no accepted encoding"))
    (FILES / "json_hong.json").write_text('{"province": "Hà Tĩnh", "indicators": [', encoding="utf-8")
    expected.append(("json_hong.json", "unreadable_file", "a JSON file cut short"))
    (FILES / "bao_cao.docx").write_bytes(b"PK\x03\x04 not a submission format")
    expected.append(("bao_cao.docx", "unsupported_format", "a Word document"))
    (FILES / "csv_gia_tri_mo_ho.csv").write_text(
        "Tỉnh;Kỳ báo cáo;Chỉ tiêu;Giá trị\nHà Tĩnh;2024-FY;Số HTX;2.5\n", encoding="utf-8"
    )
    expected.append(("csv_gia_tri_mo_ho.csv", "bad_value_ambiguous", "an ambiguous value in a CSV"))
    (FILES / "json_so_sao.json").write_text(
        json.dumps(
            {
                "province": "42",
                "period": "2024-FY",
                "indicators": [{"chi_tieu": "coops_total", "gia_tri": 1020}],
                "ocop_products": [{"ten_san_pham": "Nước mắm", "so_sao": 2}],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    expected.append(("json_so_sao.json", "bad_stars", "a 2-star product in JSON"))
    if manifest is None:
        return expected
    with manifest.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "error_code", "what_it_shows"])
        writer.writerows(expected)
    return expected
