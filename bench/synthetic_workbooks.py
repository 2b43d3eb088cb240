"""National-demo-sized workbooks for the ingest benchmark: provinces' cooperative and OCOP lists with realistic
spreads, written with the project's own workbook writer (deterministic per seed)."""

from __future__ import annotations

import math
import random
import statistics
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from sources.authoring.sample_submissions import write_workbook
from sources.core.contract import (
    COOP_STATUSES,
    COOPERATIVE_COLUMNS,
    OCOP_COLUMNS,
    OWNER_TYPES,
    PRODUCT_GROUPS,
    RATINGS,
    SECTORS,
)
from sources.core.reference import read_reference

NOTE = "synthetic: ingest benchmark"
SCALE_COOPS, SCALE_OCOP, SCALE_FILES = 2000, 800, 12

# --------------------------------------------------------------------------------------------------
# Workbook generation (deterministic: one random.Random(seed + file index) per file)
# --------------------------------------------------------------------------------------------------

_PLACES = (
    "An",
    "Bình",
    "Hòa",
    "Phú",
    "Tân",
    "Thạnh",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Trung",
    "Hưng",
    "Long",
    "Phước",
    "Thuận",
    "Quang",
    "Minh",
    "Hải",
    "Sơn",
    "Lộc",
    "Thịnh",
    "Vĩnh",
    "Xuân",
    "Yên",
    "Cẩm",
)
_COOP_KINDS = {
    "nông nghiệp": "Nông nghiệp",
    "phi nông nghiệp": "Dịch vụ tổng hợp",
    "quỹ tín dụng nhân dân": "",
    "vận tải": "Vận tải",
    "xây dựng": "Xây dựng",
    "thương mại dịch vụ": "Thương mại dịch vụ",
    "công nghiệp tiểu thủ công nghiệp": "Tiểu thủ công nghiệp",
    "khác": "Môi trường",
}
_PRODUCTS = (
    "Chè",
    "Gạo",
    "Mật ong",
    "Cà phê",
    "Nước mắm",
    "Miến dong",
    "Bưởi",
    "Cam",
    "Mắm tôm",
    "Rượu",
    "Nấm",
    "Tinh dầu",
    "Trà hoa vàng",
    "Chả cá",
    "Bánh đa",
    "Dược liệu",
    "Mây tre đan",
    "Thổ cẩm",
)
_SECTOR_WEIGHTS = (62, 8, 3, 6, 3, 9, 6, 3)
_STATUS_WEIGHTS = (85, 10, 5)
_RATING_WEIGHTS = (20, 35, 35, 10)
_OWNER_WEIGHTS = (42, 5, 25, 28)
_GROUP_WEIGHTS = (62, 8, 12, 6, 8, 4)


def _place(rng: random.Random) -> str:
    return f"{rng.choice(_PLACES)} {rng.choice(_PLACES)}"


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _vn_int(value: int) -> str:
    """1283 → '1.283' (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


def _vn_money(vnd: float) -> str:
    """2_300_000_000 → '2 tỷ 300 triệu đồng'; 650_000_000 → '650 triệu đồng'."""
    millions = round(vnd / 1e6)
    sign, millions = ("-" if millions < 0 else ""), abs(millions)
    ty, trieu = divmod(millions, 1000)
    if not ty:
        return f"{sign}{trieu} triệu đồng"
    return f"{sign}{ty} tỷ {trieu} triệu đồng" if trieu else f"{sign}{ty} tỷ đồng"


def _cooperatives(rng: random.Random, province_code: str, n: int) -> list[dict]:
    coops = []
    for i in range(n):
        sector = rng.choices(SECTORS, _SECTOR_WEIGHTS)[0]
        commune = f"{rng.choice(('Xã', 'Xã', 'Xã', 'Phường', 'Thị trấn'))} {_place(rng)}"
        kind = _COOP_KINDS[sector]
        name = (
            f"Quỹ tín dụng nhân dân {commune.split(' ', 1)[1]}"
            if sector == "quỹ tín dụng nhân dân"
            else f"HTX {kind} {commune.split(' ', 1)[1]}"
        )
        revenue = round(rng.lognormvariate(math.log(1.5e9), 1.2), -3)  # skewed: median 1.5 tỷ, long tail
        coops.append(
            {
                "ma_htx": f"{province_code}{i:04d}{rng.randrange(10_000):04d}",
                "ten_htx": name,
                "xa_phuong": commune,
                "linh_vuc": sector,
                "ngay_thanh_lap": _day(rng, date(1997, 1, 1), date(2024, 6, 30)),
                "trang_thai": rng.choices(COOP_STATUSES, _STATUS_WEIGHTS)[0],
                "so_thanh_vien": max(7, round(rng.lognormvariate(math.log(25), 0.9))),
                "so_lao_dong": max(1, round(rng.lognormvariate(math.log(9), 0.8))),
                "von_dieu_le": round(rng.lognormvariate(math.log(9e8), 1.1), -6),
                "doanh_thu": revenue,
                "loi_nhuan": round(revenue * rng.gauss(0.07, 0.08), -3),
                "thu_nhap_binh_quan": round(rng.lognormvariate(math.log(5.2e6), 0.3), -4),
                "xep_loai": rng.choices(RATINGS, _RATING_WEIGHTS)[0],
            }
        )
    return coops


def _cooperative_rows(rng: random.Random, coops: list[dict]) -> list[list[object]]:
    """Header with the contract's Vietnamese labels; cells typed as provinces type them (mostly numbers and
    dates, some Vietnamese-notation text)."""
    rows: list[list[object]] = [[c.label_vi for c in COOPERATIVE_COLUMNS]]
    for coop in coops:
        row = [coop[c.code] for c in COOPERATIVE_COLUMNS]
        if rng.random() < 0.15:  # founding date typed as text
            row[4] = coop["ngay_thanh_lap"].strftime("%d/%m/%Y")
        if rng.random() < 0.10:  # revenue typed as words
            row[9] = _vn_money(coop["doanh_thu"])
        if rng.random() < 0.10:  # members typed with a thousands separator
            row[6] = _vn_int(coop["so_thanh_vien"])
        rows.append(row)
    return rows


def _ocop_products(rng: random.Random, coops: list[dict], n: int) -> list[dict]:
    products = []
    for i in range(n):
        owner_type = rng.choices(OWNER_TYPES, _OWNER_WEIGHTS)[0]
        coop = rng.choice(coops) if owner_type == "HTX" and coops else None
        owner = (
            coop["ten_htx"]
            if coop
            else (
                f"Tổ hợp tác {_place(rng)}"
                if owner_type == "THT"
                else f"Công ty TNHH {_place(rng)}"
                if owner_type == "doanh nghiệp"
                else f"Hộ kinh doanh {_place(rng)}"
            )
        )
        products.append(
            {
                "ten_san_pham": f"{rng.choice(_PRODUCTS)} {_place(rng)} {i + 1}",
                "chu_the": owner,
                "ma_htx": coop["ma_htx"] if coop else None,
                "loai_chu_the": owner_type,
                "nhom_san_pham": rng.choices(PRODUCT_GROUPS, _GROUP_WEIGHTS)[0],
                "so_sao": rng.choices((3, 4, 5), (73, 26, 1))[0],
                "ngay_cong_nhan": _day(rng, date(2022, 1, 1), date(2024, 11, 30)),  # valid 36 months at 2024-FY
            }
        )
    return products


def _indicator_rows(rng: random.Random, coops: list[dict], products: list[dict]) -> list[list[object]]:
    """The 22 catalogue indicators, consistent with the lists so that no warning fires: coops_total is
    within 2 % of the active cooperatives listed, ocop_products_total equals the products listed."""
    active = [c for c in coops if c["trang_thai"] == "đang hoạt động"] or coops
    n_active = len(active)
    coops_total = max(1, round(n_active * rng.uniform(0.98, 1.02)))
    stars = Counter(p["so_sao"] for p in products)
    coop_products = [p for p in products if p["loai_chu_the"] in ("HTX", "THT")]
    mean = statistics.fmean
    return [
        ["Số hợp tác xã đang hoạt động", coops_total, "HTX", NOTE],
        ["Số tổ hợp tác", _vn_int(rng.randint(300, 4000)), "THT", NOTE],
        ["Số liên hiệp hợp tác xã", rng.randint(0, 8), "LHHTX", NOTE],
        ["Số quỹ tín dụng nhân dân", rng.randint(0, 45), "quỹ", NOTE],
        ["Số HTX thành lập mới trong kỳ", round(n_active * rng.uniform(0.05, 0.12)), "HTX", NOTE],
        ["Số HTX giải thể trong kỳ", round(n_active * rng.uniform(0.01, 0.05)), "HTX", NOTE],
        ["Số THT thành lập mới trong kỳ", rng.randint(10, 300), "THT", NOTE],
        [
            "Số HTX hoạt động hiệu quả (xếp loại tốt và khá)",
            min(coops_total, sum(c["xep_loai"] in ("tốt", "khá") for c in active)),
            "HTX",
            NOTE,
        ],
        ["Số HTX đạt tiêu chí 13.1 nông thôn mới", round(coops_total * rng.uniform(0.4, 0.8)), "HTX", NOTE],
        ["Số thành viên HTX", _vn_int(sum(c["so_thanh_vien"] for c in active)), "người", NOTE],
        ["Số lao động thường xuyên trong HTX", sum(c["so_lao_dong"] for c in active), "người", NOTE],
        ["Doanh thu bình quân một HTX trong kỳ", _vn_money(mean(c["doanh_thu"] for c in active)), None, NOTE],
        [
            "Lợi nhuận bình quân một HTX trong kỳ",
            round(mean(c["loi_nhuan"] for c in active) / 1e6, 1),
            "triệu đồng/HTX",
            NOTE,
        ],
        ["Vốn điều lệ bình quân một HTX", round(mean(c["von_dieu_le"] for c in active)), "đồng", NOTE],
        [
            "Dư nợ vay Quỹ hỗ trợ phát triển HTX",
            f"{rng.randint(50, 900) / 10:.1f} tỷ đồng".replace(".", ","),
            None,
            NOTE,
        ],
        [
            "Thu nhập bình quân lao động thường xuyên",
            _vn_int(int(round(mean(c["thu_nhap_binh_quan"] for c in active), -3))),
            "đồng/người/tháng",
            NOTE,
        ],
        ["Tổng số sản phẩm OCOP trên địa bàn", len(products), "sản phẩm", NOTE],
        ["Số sản phẩm OCOP của HTX và THT", len(coop_products), "sản phẩm", NOTE],
        ["Số HTX và THT có sản phẩm OCOP", len({p["chu_the"] for p in coop_products}), "chủ thể", NOTE],
        ["Số sản phẩm OCOP đạt 3 sao", stars[3], "sản phẩm", NOTE],
        ["Số sản phẩm OCOP đạt 4 sao", stars[4], "sản phẩm", NOTE],
        ["Số sản phẩm OCOP đạt 5 sao", stars[5], "sản phẩm", NOTE],
    ]


def generate(folder: Path, n_files: int, n_coops: int, n_ocop: int, seed: int) -> list[Path]:
    """One workbook per (old) province and period: provinces cycle over the 63, then the year goes back."""
    provinces = [
        (r["old_code"], r["old_name"].split(" (")[0]) for r in read_reference("provinces_2025").iter_rows(named=True)
    ]
    paths = []
    for i in range(n_files):
        rng = random.Random(seed * 100_003 + i)
        code, name = provinces[i % len(provinces)]
        year = 2024 - i // len(provinces)
        coops = _cooperatives(rng, code, n_coops)
        products = _ocop_products(rng, coops, n_ocop)
        info = {
            "Tỉnh": name,
            "Kỳ báo cáo": f"{year}-FY",
            "Ngày gửi": _day(rng, date(year + 1, 1, 10), date(year + 1, 2, 28)),
            "Đơn vị báo cáo": "Liên minh HTX tỉnh",
            "Người lập": "Phòng Tổng hợp",
            "Nguồn số liệu": NOTE,
        }
        ocop_rows = [[c.label_vi for c in OCOP_COLUMNS]] + [[p[c.code] for c in OCOP_COLUMNS] for p in products]
        paths.append(
            write_workbook(
                folder / f"bao_cao_{code}_{year}-FY.xlsx",
                info,
                _indicator_rows(rng, coops, products),
                header=("Chỉ tiêu", "Giá trị", "Đơn vị tính", "Nguồn số liệu"),
                extra_sheets={"Danh sách HTX": _cooperative_rows(rng, coops), "Sản phẩm OCOP": ocop_rows},
            )
        )
    return paths


# --------------------------------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------------------------------
