"""A few sample workbooks for the demo and the tests, written as provinces would send them.

Values are synthetic (seeded) except the published anchor facts of reference/anchor_facts.csv,
which are reproduced exactly and marked with their source. A later issue replaces this with the
national demo generator.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import polars as pl

from sources.authoring.xlsx_writer import new_workbook, write_value
from sources.core.contract import INDICATOR_COLUMNS, labels_of, sheet_title
from sources.core.reference import read_reference

SKELETON_INDICATORS = (
    "coops_total",
    "coop_groups_total",
    "revenue_avg_per_coop",
    "income_avg_worker_month",
    "ocop_products_total",
)
SAMPLE_PROVINCES = ("01", "15", "17", "22", "26", "36", "42", "79", "89", "92")


def write_workbook(
    path: Path,
    info: dict[str, object],
    rows: list[list[object]],
    header: tuple[str, ...] | None = None,
    extra_sheets: dict[str, list[list[object]]] | None = None,
) -> Path:
    """Write a contract workbook: a `thong_tin` key/value sheet, a `chi_tieu` sheet, and any list sheets
    (title → rows, header first)."""
    header = header or tuple(labels_of(INDICATOR_COLUMNS, ("chi_tieu", "gia_tri", "don_vi", "nguon")))
    path = Path(path)
    book = new_workbook(path)  # same input, same bytes
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    sheets = {
        sheet_title("thong_tin"): [[key, value] for key, value in info.items()],
        sheet_title("chi_tieu"): [list(header), *rows],
        **(extra_sheets or {}),
    }
    for title, sheet_rows in sheets.items():
        sheet = book.add_worksheet(title)
        for r, row in enumerate(sheet_rows):
            for c, value in enumerate(row):
                write_value(sheet, r, c, value, day)
    book.close()
    return path


def _synthetic_rows(rng: random.Random) -> list[list[object]]:
    coops = rng.randint(180, 1400)
    note = "synthetic: sample generator, seed 2024"
    return [
        ["Số hợp tác xã đang hoạt động", coops, "HTX", note],
        ["Số tổ hợp tác", f"{rng.randint(300, 4000):,}".replace(",", "."), "THT", note],
        [
            "Doanh thu bình quân một HTX trong kỳ",
            f"{rng.randint(9, 40) / 10:.1f} tỷ đồng".replace(".", ","),
            None,
            note,
        ],
        ["Thu nhập bình quân lao động thường xuyên", rng.randint(35, 75) * 100_000, "đồng/người/tháng", note],
        ["Tổng số sản phẩm OCOP trên địa bàn", rng.randint(40, 400), "sản phẩm", note],
    ]


def _anchor_rows(province_code: str, period: str) -> list[list[object]]:
    facts = read_reference("anchor_facts").filter(
        (pl.col("province_code") == province_code) & (pl.col("period") == period)
    )
    return [[f["indicator"], float(f["value"]), None, f"published: {f['source']}"] for f in facts.iter_rows(named=True)]


def write_samples(inbox: Path) -> list[Path]:
    """Write the demo inbox: ten provinces for 2024-FY, two published anchors and one bad file."""
    rng = random.Random(2024)
    names = {r["old_code"]: r["old_name"] for r in read_reference("provinces_2025").iter_rows(named=True)}
    written = []
    for code in SAMPLE_PROVINCES:
        info = {
            "Tỉnh": names[code].split(" (")[0],
            "Kỳ báo cáo": "Năm 2024",
            "Ngày gửi": date(2025, 1, 20),
            "Đơn vị báo cáo": "Liên minh HTX tỉnh",
            "Người lập": "Mẫu dữ liệu / sample",
        }
        written.append(write_workbook(inbox / f"bao_cao_{code}_2024-FY.xlsx", info, _synthetic_rows(rng)))
    for code, period, label in (("42", "2024-H1", "6 tháng đầu năm 2024"), ("17", "2021-FY", "Năm 2021")):
        info = {"tinh": code, "ky_bao_cao": label, "ngay_gui": "15/07/2024", "don_vi_bao_cao": "lien_minh_htx"}
        written.append(write_workbook(inbox / f"bao_cao_{code}_{period}.xlsx", info, _anchor_rows(code, period)))
    # Yên Bái no longer exists in 2025-FY: this file must be quarantined with a message naming Lào Cai.
    bad = {"Tỉnh": "Yên Bái", "Kỳ báo cáo": "2025-FY", "Ngày gửi": date(2026, 1, 15)}
    written.append(write_workbook(inbox / "bao_cao_yen_bai_2025-FY.xlsx", bad, _synthetic_rows(rng)))
    return written
