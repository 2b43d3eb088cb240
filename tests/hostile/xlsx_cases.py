"""Crafted .xlsx files, written from scratch with zipfile: each one breaks one rule of sources/intake/xlsx_scan.py.

All are tiny (the stray-cell bomb is ~2 KB) and written into the test's tmp_path, never committed. Apart from
its fault, each is a valid submission (province 42, period 2024-FY, coops_total in B2 of 'Chỉ tiêu'), so that a
file the scan lets through is read for real.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>'
)
INDICATORS = "Chỉ tiêu"


def text(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def number(ref: str, value: float) -> str:
    return f'<c r="{ref}"><v>{value}</v></c>'


def info_sheet() -> str:
    return sheet(
        f'<row r="1">{text("A1", "Tỉnh")}{text("B1", "42")}</row>'
        f'<row r="2">{text("A2", "Kỳ báo cáo")}{text("B2", "2024-FY")}</row>'
    )


def indicators_sheet(value_cell: str = number("B2", 1020), more_rows: str = "", before: str = "") -> str:
    """'Chỉ tiêu' with coops_total in row 2 (``value_cell`` is its B2), then ``more_rows``."""
    return sheet(
        f'<row r="1">{text("A1", "Chỉ tiêu")}{text("B1", "Giá trị")}</row>'
        f'<row r="2">{text("A2", "coops_total")}{value_cell}</row>{more_rows}',
        before,
    )


def sheet(data: str, before: str = "", prolog: str = "") -> str:
    return f'{prolog}<worksheet xmlns="{MAIN}" xmlns:r="{OFFICE}">{before}<sheetData>{data}</sheetData></worksheet>'


def write(
    path: Path,
    sheets: list[tuple[str, str]] | None = None,
    targets: list[str] | None = None,
    extra: dict[str, str] | None = None,
) -> Path:
    """A workbook of (title, worksheet XML) — by default 'Thông tin' and 'Chỉ tiêu' — whose sheet i is the part
    ``targets[i]`` (default worksheets/sheet{i+1}.xml); ``extra`` adds or replaces parts."""
    sheets = sheets if sheets is not None else [("Thông tin", info_sheet()), (INDICATORS, indicators_sheet())]
    targets = targets or [f"worksheets/sheet{i + 1}.xml" for i in range(len(sheets))]
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{OFFICE}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE}"><sheets>'
        + "".join(f'<sheet name="{title}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (title, _) in enumerate(sheets))
        + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{RELS}">'
        + "".join(
            f'<Relationship Id="rId{i + 1}" Type="{OFFICE}/worksheet" Target="{target}"/>'
            for i, target in enumerate(targets)
        )
        + "</Relationships>",
    }
    parts |= {f"xl/worksheets/sheet{i + 1}.xml": xml for i, (_, xml) in enumerate(sheets)}
    parts |= extra or {}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return path


def stray_cell(path: Path, ref: str = "XFD199999") -> Path:
    """One forgotten cell far away: calamine builds the grid from A1 to it (XFD199999: ~100 GB, an abort)."""
    return write(
        path,
        [
            ("Thông tin", info_sheet()),
            (
                INDICATORS,
                indicators_sheet(
                    more_rows=f'<row r="{ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}">{number(ref, 1)}</row>'
                ),
            ),
        ],
    )


def huge_dimension(path: Path) -> Path:
    """A declared extent of the whole grid over two filled rows: calamine does not allocate for it."""
    return write(
        path, [("Thông tin", info_sheet()), (INDICATORS, indicators_sheet(before='<dimension ref="A1:XFD1048576"/>'))]
    )


def bad_reference(path: Path, ref: str, row: str = "3") -> Path:
    """A cell reference outside Excel's grid or malformed (calamine would wrap A4294967297 round to A1)."""
    return write(
        path,
        [
            ("Thông tin", info_sheet()),
            (INDICATORS, indicators_sheet(more_rows=f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>')),
        ],
    )


def cells_without_r(path: Path, count: int = 1) -> Path:
    """Row 3 holds a text cell at A3, then ``count`` cells without `r` — they follow it: B3, C3, …; the last one
    is a formula without a cached value."""
    cells = "<c><v>1</v></c>" * (count - 1) + "<c><f>1+1</f></c>"
    return write(
        path,
        [
            ("Thông tin", info_sheet()),
            (INDICATORS, indicators_sheet(more_rows=f'<row r="3">{text("A3", "ghi chú")}{cells}</row>')),
        ],
    )


def repeated_cell(path: Path, count: int) -> Path:
    """The same cell ``count`` times: calamine keeps every copy until it builds the grid."""
    return write(
        path,
        [
            ("Thông tin", info_sheet()),
            (INDICATORS, indicators_sheet(more_rows='<row r="3">' + number("A3", 1) * count + "</row>")),
        ],
    )


def many_sheets(path: Path, count: int) -> Path:
    extra = [(f"Ghi chú {i}", sheet("")) for i in range(count - 2)]
    return write(path, [("Thông tin", info_sheet()), (INDICATORS, indicators_sheet()), *extra])


def traversal(path: Path, target: str = "../../worksheets/sheet2.xml") -> Path:
    return write(path, targets=["worksheets/sheet1.xml", target])


def escaped_target(path: Path) -> Path:
    """'sheet&#50;.xml' is sheet2.xml to an XML parser but a part of that literal name to calamine."""
    return write(
        path,
        targets=["worksheets/sheet1.xml", "worksheets/sheet&#50;.xml"],
        extra={"xl/worksheets/sheet&#50;.xml": stray_sheet()},
    )


def stray_sheet() -> str:
    return indicators_sheet(more_rows=f'<row r="199999">{number("XFD199999", 1)}</row>')


def duplicate_parts(path: Path) -> Path:
    """Two members that calamine's case-insensitive lookup cannot tell apart."""
    path = write(path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("XL/worksheets/sheet2.xml", stray_sheet())
    return path


def doctype(path: Path) -> Path:
    """A billion-laughs entity declaration in 'Chỉ tiêu'."""
    laughs = "".join(f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10))
    prolog = f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY l0 "ha">{laughs}]>'
    return write(
        path,
        [
            ("Thông tin", info_sheet()),
            (INDICATORS, sheet(f'<row r="1">{text("A1", "Chỉ tiêu")}{text("B1", "&l9;")}</row>', prolog=prolog)),
        ],
    )


def shared_strings(path: Path, unique_count: int, strings: int = 1) -> Path:
    """A shared-strings table declaring ``unique_count`` strings (calamine reserves them all) and holding
    ``strings``."""
    table = (
        f'<sst xmlns="{MAIN}" count="{strings}" uniqueCount="{unique_count}">'
        + "".join(f"<si><t>s{i}</t></si>" for i in range(strings))
        + "</sst>"
    )
    return write(path, extra={"xl/sharedStrings.xml": table})


def formula(path: Path, value_cell: str) -> Path:
    """coops_total's B2 is ``value_cell``, e.g. '<c r="B2"><f>SUM(B5:B9)</f></c>'."""
    return write(path, [("Thông tin", info_sheet()), (INDICATORS, indicators_sheet(value_cell))])
