"""The submission contract (SUBMISSION_SPEC sections 2–3) as data: sheets, columns, their aliases, value lists.

Names are matched after ``fold`` (case and diacritics ignored), so aliases are written folded here.
Every reader (xlsx, csv, json), the template writer and the messages use this one description.
"""

from __future__ import annotations

from dataclasses import dataclass

SHEETS = {
    "thong_tin": ("Thông tin", {"thong tin", "info"}),
    "chi_tieu": ("Chỉ tiêu", {"chi tieu", "indicators"}),
    "hop_tac_xa": ("Danh sách HTX", {"hop tac xa", "danh sach htx", "cooperatives"}),
    "ocop": ("Sản phẩm OCOP", {"ocop", "san pham ocop", "ocop products"}),
}


def sheet_title(key: str) -> str:
    """A sheet's title as the template writes it: sheet_title('chi_tieu') == 'Chỉ tiêu'."""
    return SHEETS[key][0]


INFO_KEYS = {
    "tinh": ("Tỉnh", {"tinh", "tinh/thanh pho", "tinh thanh pho", "province"}),
    "ky_bao_cao": ("Kỳ báo cáo", {"ky bao cao", "period"}),
    "ngay_gui": ("Ngày gửi", {"ngay gui", "submitted at", "submitted_at"}),
    "don_vi_bao_cao": ("Đơn vị báo cáo", {"don vi bao cao", "reporter"}),
    "nguoi_lap": ("Người lập", {"nguoi lap", "prepared by", "prepared_by"}),
    "ghi_chu": ("Ghi chú", {"ghi chu", "note"}),
    "nguon": ("Nguồn số liệu", {"nguon", "nguon so lieu", "source", "provenance"}),
    # chinh_thuc (official, the default) / so_bo (preliminary) / uoc_tinh (estimated): SUBMISSION_SPEC 6.
    "trang_thai_so_lieu": (
        "Trạng thái số liệu",
        {"trang thai so lieu", "tinh trang so lieu", "obs status", "trang thai"},
    ),
}

INDICATOR_COLUMNS = {
    "chi_tieu": ("Chỉ tiêu", {"chi tieu", "indicator", "ma chi tieu"}),
    "gia_tri": ("Giá trị", {"gia tri", "thuc hien", "value"}),
    "don_vi": ("Đơn vị tính", {"don vi", "don vi tinh", "dvt", "unit"}),
    "ke_hoach": ("Kế hoạch", {"ke hoach", "chi tieu ke hoach", "target"}),
    "nguon": ("Nguồn số liệu", {"nguon", "nguon so lieu", "source", "provenance"}),
    "trang_thai_so_lieu": (
        "Trạng thái số liệu",
        {"trang thai so lieu", "tinh trang so lieu", "obs status", "trang thai"},
    ),
    # In a CSV every row says whose figures they are (in a workbook the info sheet does).
    "tinh": INFO_KEYS["tinh"],
    "ky_bao_cao": INFO_KEYS["ky_bao_cao"],
    "don_vi_bao_cao": INFO_KEYS["don_vi_bao_cao"],
    "ngay_gui": INFO_KEYS["ngay_gui"],
}


@dataclass(frozen=True)
class ListColumn:
    code: str
    label_vi: str
    aliases: frozenset[str]
    kind: str  # text | count | money | date | stars | choice
    choices: tuple[str, ...] = ()
    warehouse_name: str | None = None  # column name in the marts table


def _col(code, label, aliases, kind, choices=(), name=None) -> ListColumn:
    return ListColumn(code, label, frozenset(aliases), kind, tuple(choices), name or code)


SECTORS = (
    "nông nghiệp",
    "phi nông nghiệp",
    "quỹ tín dụng nhân dân",
    "vận tải",
    "xây dựng",
    "thương mại dịch vụ",
    "công nghiệp tiểu thủ công nghiệp",
    "khác",
)
COOP_STATUSES = ("đang hoạt động", "ngừng hoạt động", "giải thể")
RATINGS = ("tốt", "khá", "trung bình", "yếu")
OWNER_TYPES = ("HTX", "THT", "doanh nghiệp", "hộ kinh doanh")
PRODUCT_GROUPS = (
    "thực phẩm",
    "đồ uống",
    "thảo dược",
    "vải và may mặc",
    "lưu niệm - nội thất - trang trí",
    "dịch vụ du lịch cộng đồng và điểm du lịch",
)

COOPERATIVE_COLUMNS = (
    _col("ma_htx", "Mã HTX", {"ma htx", "ma so thue", "coop id", "coop_id"}, "text", name="coop_id"),
    _col("ten_htx", "Tên HTX", {"ten htx", "ten hop tac xa", "name"}, "text", name="name"),
    _col("xa_phuong", "Xã/phường", {"xa phuong", "xa/phuong", "commune"}, "text", name="commune"),
    _col("linh_vuc", "Lĩnh vực", {"linh vuc", "nganh nghe", "sector"}, "choice", SECTORS, name="sector"),
    _col("ngay_thanh_lap", "Ngày thành lập", {"ngay thanh lap", "founded on", "founded_on"}, "date", name="founded_on"),
    _col("trang_thai", "Trạng thái", {"trang thai", "status"}, "choice", COOP_STATUSES, name="status"),
    _col("so_thanh_vien", "Số thành viên", {"so thanh vien", "thanh vien", "members"}, "count", name="members"),
    _col("so_lao_dong", "Số lao động", {"so lao dong", "lao dong", "workers"}, "count", name="workers"),
    _col(
        "von_dieu_le",
        "Vốn điều lệ (đồng)",
        {"von dieu le", "von dieu le (dong)", "charter capital"},
        "money",
        name="charter_capital",
    ),
    _col("doanh_thu", "Doanh thu (đồng)", {"doanh thu", "doanh thu (dong)", "revenue"}, "money", name="revenue"),
    _col("loi_nhuan", "Lợi nhuận (đồng)", {"loi nhuan", "loi nhuan (dong)", "profit"}, "money", name="profit"),
    _col(
        "thu_nhap_binh_quan",
        "Thu nhập bình quân (đồng/người/tháng)",
        {"thu nhap binh quan", "thu nhap binh quan (dong/nguoi/thang)", "income avg month"},
        "money",
        name="income_avg_month",
    ),
    _col("xep_loai", "Xếp loại", {"xep loai", "rating"}, "choice", RATINGS, name="rating"),
)

OCOP_COLUMNS = (
    _col("ten_san_pham", "Tên sản phẩm", {"ten san pham", "san pham", "product name"}, "text", name="product_name"),
    _col("chu_the", "Chủ thể", {"chu the", "owner", "owner name"}, "text", name="owner_name"),
    _col("ma_htx", "Mã HTX", {"ma htx", "coop id", "coop_id"}, "text", name="coop_id"),
    _col("loai_chu_the", "Loại chủ thể", {"loai chu the", "owner type"}, "choice", OWNER_TYPES, name="owner_type"),
    _col(
        "nhom_san_pham",
        "Nhóm sản phẩm",
        {"nhom san pham", "product group"},
        "choice",
        PRODUCT_GROUPS,
        name="product_group",
    ),
    _col("so_sao", "Số sao", {"so sao", "hang sao", "stars"}, "stars", name="stars"),
    _col(
        "ngay_cong_nhan",
        "Ngày công nhận",
        {"ngay cong nhan", "certified on", "certified_on"},
        "date",
        name="certified_on",
    ),
)

# Ways a count's unit is written (folded) for each catalogue unit; money units are read by vn_text.money_scale.
COUNT_UNIT_ALIASES = {
    "HTX": {"htx", "hop tac xa"},
    "THT": {"tht", "to hop tac", "to"},
    "LHHTX": {"lhhtx", "lien hiep", "lien hiep htx", "lien hiep hop tac xa"},
    "quỹ": {"quy", "qtdnd", "quy tin dung"},
    "người": {"nguoi", "thanh vien", "lao dong"},
    "sản phẩm": {"san pham", "sp"},
    "chủ thể": {"chu the"},
}


def labels_of(table: dict, keys: tuple[str, ...]) -> list[str]:
    """The Vietnamese labels of ``keys`` in ``table`` (INFO_KEYS, INDICATOR_COLUMNS): what headers say."""
    return [table[k][0] for k in keys]
