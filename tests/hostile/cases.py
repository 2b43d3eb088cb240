"""Hostile submissions (issue 10), written from scratch when the tests run: nothing large is committed.

Each case is a file a careless or malicious sender could produce, with the decision the warehouse must
reach: the status of the file and the error codes it must name. `python -m tests.hostile.generate DIR`
writes them all (with the crafted workbooks of xlsx_cases.py) for trying by hand: `htx check DIR`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sources.authoring.sample_submissions import write_workbook

INFO = {"Tỉnh": "Hà Tĩnh", "Kỳ báo cáo": "2024-FY", "Ngày gửi": date(2025, 1, 15)}
COOPS = ["Số hợp tác xã đang hoạt động", 975, "HTX"]


@dataclass(frozen=True)
class Case:
    name: str  # the file name, as received
    write: Callable[[Path], None]
    status: str  # accepted | quarantined | partial
    codes: frozenset[str]  # error codes the decision must name (all of them)
    why: str


def _xlsx(info: dict, rows: list[list[object]]) -> Callable[[Path], None]:
    return lambda path: write_workbook(path, info, rows)


def _json(document: object | str) -> Callable[[Path], None]:
    text = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False)
    return lambda path: path.write_text(text, encoding="utf-8")


def _csv(lines: list[str]) -> Callable[[Path], None]:
    return lambda path: path.write_text("\n".join(lines) + "\n", encoding="utf-8")


_CSV_HEADER = "tinh,ky_bao_cao,chi_tieu,gia_tri,ngay_gui"
_JSON_OK = '{"province": "42", "period": "2024-FY", "submitted_at": "2025-01-15", "indicators": [%s]}'


def _many_parts(bad_every: int) -> list[str]:
    """A national compilation: every old province × three years, one part in ``bad_every`` refused."""
    lines = [_CSV_HEADER]
    codes = [f"{c:02d}" for c in (1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31)]
    n = 0
    for year in (2021, 2022, 2023):
        for code in codes:
            n += 1
            value = "hai nghìn" if n % bad_every == 0 else str(900 + n)
            lines.append(f"{code},{year}-FY,coops_total,{value},15/01/{year + 1}")
    return lines


CASES = [
    Case(
        "ky_0001.xlsx",
        _xlsx({**INFO, "Kỳ báo cáo": "0001-FY"}, [COOPS]),
        "quarantined",
        frozenset({"implausible_year"}),
        "year 1: used to crash the history check",
    ),
    Case(
        "ky_1900.xlsx",
        _xlsx({**INFO, "Kỳ báo cáo": "1900-FY"}, [COOPS]),
        "quarantined",
        frozenset({"implausible_year"}),
        "accepted, then never reached the facts",
    ),
    Case(
        "ky_0000.json",
        _json({"province": "42", "period": "0000-FY", "indicators": [{"chi_tieu": "coops_total", "gia_tri": 1}]}),
        "quarantined",
        frozenset({"implausible_year"}),
        "year 0 is no date at all",
    ),
    Case(
        "vo_cuc.json",
        _json(_JSON_OK % '{"chi_tieu": "coops_total", "gia_tri": Infinity}'),
        "quarantined",
        frozenset({"bad_value_not_finite"}),
        "JSON Infinity: accepted with a warning, then every build failed",
    ),
    Case(
        "qua_lon.json",
        _json(_JSON_OK % '{"chi_tieu": "coops_total", "gia_tri": 1e400}'),
        "quarantined",
        frozenset({"bad_value_not_finite"}),
        "1e400 reads as infinity",
    ),
    Case(
        "nan.json",
        _json(
            _JSON_OK % '{"chi_tieu": "coops_total", "gia_tri": 900}, {"chi_tieu": "coop_groups_total", "gia_tri": NaN}'
        ),
        "quarantined",
        frozenset({"bad_value_not_finite"}),
        "NaN became NULL silently",
    ),
    Case(
        "so_khong_lo.xlsx",
        _xlsx(INFO, [COOPS, ["Số tổ hợp tác", 1e300, "THT"]]),
        "quarantined",
        frozenset({"bad_value_not_finite"}),
        "a finite number no province can have, that overflows sums",
    ),
    Case(
        "khoa_trung.json",
        _json(
            '{"province": "42", "province": "Nghệ An", "period": "2024-FY", '
            '"indicators": [{"chi_tieu": "coops_total", "gia_tri": 900}]}'
        ),
        "quarantined",
        frozenset({"duplicate_key"}),
        "duplicate JSON keys: the last one won",
    ),
    Case(
        "hai_tinh.xlsx",
        _xlsx({**INFO, "tinh": "Nghệ An"}, [COOPS]),
        "quarantined",
        frozenset({"conflicting_info"}),
        "two provinces in 'Thông tin': the first one won",
    ),
    Case(
        "hai_ke_hoach.json",
        _json(
            _JSON_OK % '{"chi_tieu": "coops_total", "gia_tri": 900, "ke_hoach": 950}, '
            '{"chi_tieu": "coops_total", "gia_tri": 900, "ke_hoach": 1000}'
        ),
        "quarantined",
        frozenset({"duplicate_indicator"}),
        "the same indicator with two targets",
    ),
    Case(
        "ngay_2099.xlsx",
        _xlsx({**INFO, "Ngày gửi": date(2099, 1, 1)}, [COOPS]),
        "quarantined",
        frozenset({"future_date"}),
        "ngày gửi in 2099 would stay 'current' over every later correction",
    ),
    Case(
        "phan_tram.xlsx",
        _xlsx(INFO, [["Số hợp tác xã đang hoạt động", "500%", "HTX"]]),
        "quarantined",
        frozenset({"bad_value_percent"}),
        "500% is no count of cooperatives",
    ),
    Case(
        "ma_so.json",
        _json(
            {
                "province": 42,
                "period": "2024-FY",
                "submitted_at": "2025-01-15",
                "indicators": [{"chi_tieu": "coops_total", "gia_tri": 900}],
            }
        ),
        "accepted",
        frozenset(),
        "a province code typed as the number 42 was refused as 42.0",
    ),
    Case(
        "ba_cach_viet.csv",
        _csv(
            [
                _CSV_HEADER,
                "Hà Tĩnh,2024-FY,coops_total,900,15/01/2025",
                "HA TINH,2024-FY,coops_total,950,15/01/2025",
                "42,2024-FY,coops_total,990,15/01/2025",
            ]
        ),
        "quarantined",
        frozenset({"duplicate_indicator"}),
        "one province spelled three ways with three values: the last won",
    ),
    Case(
        "ba_cach_viet_cung_so.csv",
        _csv(
            [
                _CSV_HEADER,
                "Hà Tĩnh,2024-FY,coops_total,900,15/01/2025",
                "HA TINH,2024-FY,coop_groups_total,120,15/01/2025",
            ]
        ),
        "accepted",
        frozenset(),
        "one province spelled two ways, no conflict: one submission",
    ),
    Case(
        "nhieu_phan.csv",
        _csv(_many_parts(bad_every=12)),
        "partial",
        frozenset({"bad_value_not_numeric"}),
        "60 province-periods, 5 refused: reported part by part",
    ),
    # Excel stores control characters as `_x001B_`, which readers turn back into ESC.
    Case(
        "[bold red]ten\x1b[31m.xlsx",
        _xlsx({**INFO, "Tỉnh": "[/]_x001B_[2J_x001B_[31m"}, [COOPS]),
        "quarantined",
        frozenset({"unknown_province"}),
        "markup and ANSI escapes in a file name and a cell",
    ),
    Case(
        "ansi.json",
        _json(
            {
                "province": "[/]\u001b[2J",
                "period": "2024-FY",
                "indicators": [{"chi_tieu": "\u001b]0;pwned\u0007coops_total", "gia_tri": 1}],
            }
        ),
        "quarantined",
        frozenset({"unknown_province"}),
        "terminal escapes in JSON strings",
    ),
    Case(".an_danh.xlsx", _xlsx(INFO, [COOPS]), "accepted", frozenset(), "a dotfile is a file like any other"),
]
