"""A blank submission workbook, pre-filled for one province and period, that a provincial officer fills in.

Sheet names, keys, column labels and value lists all come from ``sources.core.contract`` and the indicator
catalogue, so the template says exactly what the reader accepts (SUBMISSION_SPEC sections 2–3).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from xlsxwriter.utility import quote_sheetname, xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from sources.authoring.xlsx_writer import new_workbook
from sources.core import contract, reference
from sources.core.periods import parse_period

LAST_ROW = 5000  # the list sheets carry their validations on rows 2..LAST_ROW
LIST_SHEET = "_danh_muc"
REQUIRED_INDICATORS = ("coops_total",)
CODE_HEADER = "Mã chỉ tiêu (code)"  # hidden help column; the reader resolves the name column
DATE_FORMAT = "DD/MM/YYYY"
STATUS_CHOICES = ("chính thức", "sơ bộ", "ước tính")  # trạng thái số liệu, SUBMISSION_SPEC 6
_EXCEL_LIST_LIMIT = 255  # Excel refuses inline validation lists longer than this
_HEADER = {"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E78", "text_wrap": True, "valign": "vcenter"}
_REQUIRED = {"bg_color": "#FFF2CC"}
_WIDTHS = {"text": 32, "choice": 26, "date": 16, "count": 15, "money": 24, "stars": 10}
_DATE_RANGE = (date(1900, 1, 1), date(2100, 12, 31))


def _label(table: dict, key: str) -> str:
    return table[key][0]


def _instructions() -> tuple[list[str], list[str]]:
    values, value = _label(contract.SHEETS, "chi_tieu"), _label(contract.INDICATOR_COLUMNS, "gia_tri")
    unit, required = _label(contract.INDICATOR_COLUMNS, "don_vi"), _name_of(REQUIRED_INDICATORS[0])
    coops, ocop = _label(contract.SHEETS, "hop_tac_xa"), _label(contract.SHEETS, "ocop")
    plan, status = _label(contract.INDICATOR_COLUMNS, "ke_hoach"), _label(contract.INFO_KEYS, "trang_thai_so_lieu")
    vi = [
        "HƯỚNG DẪN",
        f"1. Ghi số liệu vào cột '{value}' của sheet '{values}'. Không sửa tên chỉ tiêu, tên sheet, dòng tiêu đề.",
        "2. Số viết theo cách Việt Nam: dấu chấm (.) phân cách hàng nghìn, dấu phẩy (,) là dấu thập phân "
        "(1.283 = một nghìn hai trăm tám mươi ba; 2,5 = hai phẩy năm).",
        "3. Chỉ tiêu không có số liệu: để trống ô, KHÔNG ghi 0 (0 nghĩa là có số liệu và bằng không).",
        f"4. Tiền ghi bằng đồng, hoặc ghi kèm đơn vị trong ô (1,3 tỷ đồng; 2 tỷ 300 triệu đồng), hoặc sửa cột "
        f"'{unit}' (ví dụ: triệu đồng/HTX).",
        f"5. '{required}' là chỉ tiêu bắt buộc (tô vàng); số này tính cả quỹ tín dụng nhân dân.",
        f"6. Ngày ghi dạng dd/mm/yyyy. Sheet '{coops}' và '{ocop}' không bắt buộc: mỗi dòng một HTX hoặc "
        "một sản phẩm; chọn giá trị trong danh sách thả xuống.",
        f"7. Thực hiện/kế hoạch: ghi '92/60' trong ô '{value}' (thực hiện 92, kế hoạch 60), hoặc ghi kế hoạch ở "
        f"cột '{plan}'; hai con số kế hoạch khác nhau sẽ bị từ chối.",
        f"8. '{status}': chính thức (mặc định), sơ bộ hoặc ước tính — cho cả báo cáo (sheet này) hoặc từng "
        f"dòng (cột '{status}'); cũng có thể ghi 'ước 1.200' trong ô. Báo cáo gửi trước khi kỳ kết thúc chỉ "
        "được nhận khi số liệu là ước tính hoặc sơ bộ.",
        "9. Đơn vị: số tiền theo năm cho chỉ tiêu theo tháng được chia 12 (48 triệu đồng/người/năm = 4 triệu "
        "đồng/người/tháng); 'nghìn', 'triệu', 'tỷ' dùng được cho mọi số (1,2 nghìn người). Số đếm (HTX, "
        "người, sản phẩm) phải là số nguyên: 1,234 người bị từ chối — ý là 1.234?",
    ]
    en = [
        "INSTRUCTIONS",
        f"1. Enter figures in the '{value}' (value) column of the '{values}' sheet. Do not rename indicators, "
        "sheets or header rows.",
        "2. Numbers in Vietnamese notation: '.' separates thousands, ',' is the decimal mark "
        "(1.283 = one thousand two hundred eighty-three; 2,5 = two point five).",
        "3. Not reported: leave the cell empty, NEVER 0 (0 means reported as zero).",
        f"4. Money in đồng, or with its unit in the cell (1,3 tỷ đồng; 2 tỷ 300 triệu đồng), or change the "
        f"'{unit}' (unit) column (e.g. triệu đồng/HTX).",
        f"5. '{required}' (coops_total) is required (highlighted); it counts people's credit funds too.",
        f"6. Dates as dd/mm/yyyy. The '{coops}' and '{ocop}' sheets are optional: one row per cooperative or "
        "product; pick values from the drop-down lists.",
        f"7. Actual/plan: write '92/60' in the '{value}' cell (actual 92, plan 60), or the plan in the '{plan}' "
        "column; two different plan figures are refused.",
        f"8. '{status}' (observation status): official (chính thức, the default), preliminary (sơ bộ) or "
        f"estimated (ước tính) — for the whole report (this sheet) or per row (the '{status}' column); 'ước "
        "1.200' in a cell works too. A report sent before its period ended is accepted only as estimates or "
        "preliminary figures.",
        "9. Units: a per-year amount for a per-month indicator is divided by 12 (48 triệu đồng/người/năm = 4 "
        "triệu đồng/người/tháng); 'nghìn', 'triệu', 'tỷ' scale any number (1,2 nghìn người). Counts (HTX, "
        "people, products) must be whole: 1,234 people is refused — 1.234 was meant?",
    ]
    return vi, en


def _name_of(code: str) -> str:
    return reference.indicators().filter(reference.indicators()["code"] == code)["name_vi"][0]


def _resolve(province: str, period: str, reporter: str):
    found = parse_period(period)
    if found is None:
        raise ValueError(
            f"Kỳ báo cáo '{period}' không hợp lệ; ví dụ: 2024-FY, 'Năm 2024', 'Quý I/2024'. / "
            f"Invalid period '{period}'; e.g. 2024-FY, 2024-H1, 'Năm 2024'."
        )
    match = reference.resolve_province(province, found.end_date)
    if match.province is None:
        if match.hint:
            raise ValueError(
                f"'{province}' đã sáp nhập vào {match.hint.name_vi} từ ngày {reference.MERGER_DATE:%d/%m/%Y}; "
                "hãy lập mẫu kỳ "
                f"{found.code} cho {match.hint.name_vi}. / '{province}' was merged into {match.hint.name_vi} "
                f"on {reference.MERGER_DATE}; make the {found.code} template for {match.hint.name_vi}."
            )
        raise ValueError(
            f"Không có tỉnh/thành phố '{province}' vào ngày {found.end_date:%d/%m/%Y} (kỳ {found.code}). / "
            f"No province '{province}' on {found.end_date} (period {found.code}); problem: {match.problem}."
        )
    code = reporter if reporter in reference.REPORTERS else reference.resolve_reporter(reporter)
    if code is None:
        raise ValueError(
            f"Không nhận ra đơn vị báo cáo '{reporter}'. / Unknown reporter '{reporter}'; "
            f"use one of {', '.join(reference.REPORTERS)}."
        )
    return match.province, found, code


class _Book:
    """The workbook being written, its formats, and the hidden sheet of long drop-down lists (made on demand)."""

    def __init__(self, path: Path):
        self.book: Workbook = new_workbook(path)
        self.formats = {
            name: self.book.add_format(spec)
            for name, spec in {
                "header": _HEADER,
                "bold": {"bold": True},
                "italic": {"italic": True},
                "date": {"num_format": DATE_FORMAT},
                "text": {"num_format": "@"},
                "required": _REQUIRED,
                "required_bold": {**_REQUIRED, "bold": True},
            }.items()
        }
        self.lists: Worksheet | None = None
        self.list_columns = 0

    def list_source(self, name: str, choices: tuple[str, ...]) -> str | list[str]:
        """An inline list when Excel allows it; otherwise a range on the hidden list sheet."""
        inline = ",".join(choices)
        if len(inline) <= _EXCEL_LIST_LIMIT and not any("," in c or '"' in c for c in choices):
            return list(choices)
        # NB the reader warns about sheets outside the contract, so this sheet only appears when needed.
        if self.lists is None:
            self.lists = self.book.add_worksheet(LIST_SHEET)
            self.lists.hide()
        col = self.list_columns
        self.list_columns += 1
        for r, value in enumerate((name, *choices)):
            self.lists.write_string(r, col, value)
        letter = xl_col_to_name(col)
        return f"={quote_sheetname(LIST_SHEET)}!${letter}$2:${letter}${len(choices) + 1}"


def _header(book: _Book, sheet: Worksheet, labels: list[str], widths: list[int]) -> None:
    for c, (label, width) in enumerate(zip(labels, widths, strict=False)):
        sheet.write_string(0, c, label, book.formats["header"])
        sheet.set_column(c, c, width)
    sheet.freeze_panes(1, 0)


_ERRORS = {
    "choice": ("Giá trị sai / Invalid value", "Chọn một giá trị trong danh sách. / Pick a value from the list."),
    "count": (
        "Số đếm / Count",
        "Số nguyên không âm; để trống nếu không có số liệu. / A whole number ≥ 0; leave empty when not reported.",
    ),
    "date": ("Ngày / Date", "Ghi ngày dạng dd/mm/yyyy. / Write the date as dd/mm/yyyy."),
}


def _validate(sheet: Worksheet, cells: str, kind: str, source: str | list | None = None) -> None:
    if kind in ("choice", "stars"):
        rule = {"validate": "list", "source": source}
        kind = "choice"
    elif kind == "count":
        rule = {"validate": "integer", "criteria": ">=", "value": 0}
    elif kind == "date":
        # A warning, not a stop: the contract also accepts dates typed as text (dd/mm/yyyy).
        rule = {
            "validate": "date",
            "criteria": "between",
            "minimum": _DATE_RANGE[0],
            "maximum": _DATE_RANGE[1],
            "error_type": "warning",
        }
    else:
        return
    title, message = _ERRORS[kind]
    sheet.data_validation(cells, {**rule, "ignore_blank": True, "error_title": title, "error_message": message})


def _info_sheet(book: _Book, sheet: Worksheet, province: reference.Province, period_code: str, reporter: str) -> None:
    values = {
        "tinh": province.name_vi,
        "ky_bao_cao": period_code,
        "don_vi_bao_cao": reference.REPORTERS[reporter][0],
        "trang_thai_so_lieu": STATUS_CHOICES[0],
    }
    for r, (key, (label, _aliases)) in enumerate(contract.INFO_KEYS.items()):
        if key in ("tinh", "ky_bao_cao"):  # the two required keys
            sheet.write_string(r, 0, label, book.formats["bold"])
        else:
            sheet.write_string(r, 0, label)
        if key == "ngay_gui":
            sheet.write_blank(r, 1, None, book.formats["date"])
            _validate(sheet, f"B{r + 1}", "date")
        elif values.get(key) is not None:
            sheet.write_string(r, 1, values[key])
        if key == "don_vi_bao_cao":
            names = tuple(vi for vi, _en in reference.REPORTERS.values())
            _validate(sheet, f"B{r + 1}", "choice", book.list_source(key, names))
        if key == "trang_thai_so_lieu":
            _validate(sheet, f"B{r + 1}", "choice", book.list_source(key, STATUS_CHOICES))
    vi, en = _instructions()
    for r, line in enumerate([*vi, "", *en], start=len(contract.INFO_KEYS) + 2):
        if line:
            style = "bold" if line.isupper() else "italic" if line in en else None
            sheet.write_string(r, 0, line, book.formats[style] if style else None)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 32)


def _indicator_sheet(book: _Book, sheet: Worksheet) -> None:
    keys = ("chi_tieu", "gia_tri", "don_vi", "ke_hoach", "trang_thai_so_lieu", "nguon")  # CSV-only: Thông tin
    labels = [*(_label(contract.INDICATOR_COLUMNS, k) for k in keys), CODE_HEADER]
    _header(book, sheet, labels, [55, 18, 20, 18, 18, 30, 24])
    sheet.set_column(len(keys), len(keys), 24, None, {"hidden": True})
    catalogue = list(reference.indicators().iter_rows(named=True))
    # Empty means the report's own status (Thông tin); a row may say otherwise.
    _validate(sheet, f"E2:E{len(catalogue) + 1}", "choice", book.list_source("trang_thai_so_lieu", STATUS_CHOICES))
    for r, row in enumerate(catalogue, start=1):
        required = row["code"] in REQUIRED_INDICATORS
        fill = book.formats["required"] if required else None
        sheet.write_string(r, 0, row["name_vi"], book.formats["required_bold"] if required else None)
        for c in range(1, len(keys)):
            if c == 2:
                sheet.write_string(r, c, row["unit"], fill)
            elif required:
                sheet.write_blank(r, c, None, fill)
        sheet.write_string(r, len(keys), row["code"])
        if required:
            sheet.write_comment(r, 0, f"Bắt buộc / Required ({row['code']})", {"author": "htx-warehouse"})


def _list_sheet(book: _Book, sheet: Worksheet, columns: tuple[contract.ListColumn, ...]) -> None:
    _header(book, sheet, [c.label_vi for c in columns], [_WIDTHS[c.kind] for c in columns])
    for i, column in enumerate(columns):
        letter = xl_col_to_name(i)
        cells = f"{letter}2:{letter}{LAST_ROW}"
        if column.kind == "choice":
            _validate(sheet, cells, "choice", book.list_source(column.code, column.choices))
        elif column.kind == "stars":
            _validate(sheet, cells, "stars", ["3", "4", "5"])
        else:
            _validate(sheet, cells, column.kind)
        if column.kind in ("date", "text"):
            # Column formats apply to what is typed later: dates show as dd/mm/yyyy, and codes stay text
            # (a registration code typed as a number would lose its leading zeros).
            sheet.set_column(i, i, _WIDTHS[column.kind], book.formats[column.kind])


def write_template(path: Path, province: str, period: str, reporter: str = "lien_minh_htx") -> Path:
    """Write the submission template for ``province`` (name or code) and ``period`` (code or Vietnamese name).

    Raises ValueError (Vietnamese / English) for a bad period, an unknown reporter, or a province that did
    not exist on the period's end date (naming the unit that reports instead).
    """
    found_province, found_period, reporter_code = _resolve(province, period, reporter)
    path = Path(path)
    book = _Book(path)
    # The four contract sheets first; the hidden list sheet, when needed, comes after them.
    sheets = {key: book.book.add_worksheet(_label(contract.SHEETS, key)) for key in contract.SHEETS}
    _info_sheet(book, sheets["thong_tin"], found_province, found_period.code, reporter_code)
    _indicator_sheet(book, sheets["chi_tieu"])
    _list_sheet(book, sheets["hop_tac_xa"], contract.COOPERATIVE_COLUMNS)
    _list_sheet(book, sheets["ocop"], contract.OCOP_COLUMNS)
    book.book.close()
    return path
