"""The list sheets have Great Expectations suites too, from the `list_rules` of validation_rules.yml."""

from datetime import date

import polars as pl
import yaml

from sources.authoring.sample_submissions import write_workbook
from sources.core.contract import COOPERATIVE_COLUMNS, OCOP_COLUMNS
from sources.core.home import writer_lock
from sources.gate.suites import RULES_FILE
from sources.landing.ingest import export_registry, ingest_file

INFO = {"Tỉnh": "Hà Tĩnh", "Kỳ báo cáo": "Năm 2024", "Ngày gửi": date(2025, 1, 20)}
VALUES = [["coops_total", 3], ["ocop_products_total", 2], ["ocop_3_star", 2]]


def _coop(code, name, revenue, profit, income):
    row = {c.code: None for c in COOPERATIVE_COLUMNS} | {
        "ma_htx": code,
        "ten_htx": name,
        "doanh_thu": revenue,
        "loi_nhuan": profit,
        "thu_nhap_binh_quan": income,
    }
    return [row[c.code] for c in COOPERATIVE_COLUMNS]


def _product(name, certified):
    row = {c.code: None for c in OCOP_COLUMNS} | {"ten_san_pham": name, "so_sao": 3, "ngay_cong_nhan": certified}
    return [row[c.code] for c in OCOP_COLUMNS]


def _ingest(home, tmp_path, coops, products):
    sheets = {
        "Danh sách HTX": [[c.label_vi for c in COOPERATIVE_COLUMNS], *coops],
        "Sản phẩm OCOP": [[c.label_vi for c in OCOP_COLUMNS], *products],
    }
    path = write_workbook(tmp_path / "lists.xlsx", INFO, VALUES, extra_sheets=sheets)
    with writer_lock(home):
        result = ingest_file(home, path)
        export_registry(home)
    return result


def test_every_rule_is_data_with_severity_missing_values_and_both_languages():
    rules = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    assert set(rules["list_rules"]) == {"cooperatives", "ocop_products"}
    every = [
        *rules["per_value"],
        *rules["cross_field"],
        *rules["comparisons"],
        *(r for table in rules["list_rules"].values() for r in table),
    ]
    assert len({r["id"] for r in every}) == len(every)  # one id, one rule
    for rule in every:
        assert rule["severity"] in ("error", "warning") and rule["description_vi"] and rule["description_en"]
        if "compares" not in rule:  # the rules GX checks say how a missing value is treated
            assert rule["missing"] in ("skip_rule", "sum_present", "is_the_failure"), rule["id"]


def test_warnings_point_at_the_row_and_column_and_keep_the_file(home, tmp_path):
    result = _ingest(
        home,
        tmp_path,
        [
            _coop("HT1", "HTX Hoa Sen", 2_000_000_000, 100_000_000, 6_000_000),
            _coop("HT2", "HTX Lúa Vàng", 1_000_000_000, 3_000_000_000, 6_000_000),  # profit > revenue
            _coop("HT3", "HTX Chè Xanh", 900_000_000, 10_000_000, 200_000_000),  # income 200 M a month
        ],
        [_product("Chè búp", date(2024, 5, 1)), _product("Mật ong", date(2020, 3, 1))],
    )  # expired by 2024-12-31
    assert result.status == "accepted"
    found = {
        (w["code"], w["sheet"], w["row"], w["column"])
        for w in result.warnings
        if w["code"] not in ("coop_list_count_mismatch", "ocop_list_count_mismatch")
    }
    assert found == {
        ("coop_profit_within_revenue", "Danh sách HTX", 3, "Lợi nhuận (đồng)"),
        ("coop_income_plausible", "Danh sách HTX", 4, "Thu nhập bình quân (đồng/người/tháng)"),
        ("ocop_certificate_current", "Sản phẩm OCOP", 3, "Ngày công nhận"),
    }
    # The rows stay in the list, flagged, the way a flagged indicator value does.
    coops = pl.read_parquet(home.landing / "cooperatives" / f"{result.submission_id}.parquet")
    assert dict(coops.select("coop_id", "flag_reasons").iter_rows()) == {
        "HT1": None,
        "HT2": "coop_profit_within_revenue",
        "HT3": "coop_income_plausible",
    }
    products = pl.read_parquet(home.landing / "ocop_products" / f"{result.submission_id}.parquet")
    assert products["is_flagged"].to_list() == [False, True]
    messages = {w["code"]: w for w in result.warnings}
    assert "HTX Lúa Vàng" in messages["coop_profit_within_revenue"]["message_vi"]
    assert "profit" in messages["coop_profit_within_revenue"]["message_en"]


def test_a_list_row_without_a_name_quarantines_the_submission(home, tmp_path):
    result = _ingest(
        home,
        tmp_path,
        [_coop("HT1", None, 2_000_000_000, 100_000_000, 6_000_000)],
        [_product("Chè búp", date(2024, 5, 1))],
    )
    assert result.status == "quarantined"
    assert [(e["code"], e["row"]) for e in result.errors] == [("coop_named", 2)]
