"""SUBMISSION_SPEC version 2 through the whole pipeline: estimates, actual/plan cells, per-year units, honest
provenance and a peer outlier, from workbooks to the marts, `htx quality` and the explorer's flags."""

from __future__ import annotations

import json
from datetime import date

import pytest

from sources.authoring.sample_submissions import write_workbook
from sources.core.home import HtxHome
from tests.htx_cli import htx

pytestmark = pytest.mark.slow

# Ten provinces' 2024-FY counts of cooperatives: Hà Nội's is far above its peers (a peer outlier, yet
# inside the plausible range, so only the comparison across provinces can see it).
COUNTS = {
    "01": 15000,
    "02": 420,
    "04": 510,
    "06": 380,
    "08": 600,
    "10": 470,
    "11": 530,
    "12": 350,
    "14": 650,
    "15": 440,
    "42": 975,
}
SENT = date(2025, 1, 20)


def _write(folder, code, info=None, rows=None, name=None, header=None):
    base = {
        "Tỉnh": code,
        "Kỳ báo cáo": "2024-FY",
        "Ngày gửi": SENT,
        "Người lập": "Nguyễn Văn A",
        "Ghi chú": "Số liệu tổng hợp từ các huyện",
    }
    rows = rows or [["Số hợp tác xã đang hoạt động", COUNTS[code], "HTX"]]
    kwargs = {"header": header} if header else {}
    return write_workbook(folder / (name or f"bao_cao_{code}.xlsx"), {**base, **(info or {})}, rows, **kwargs)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    home = HtxHome(tmp_path_factory.mktemp("v2") / "htx_home").ensure()
    folder = tmp_path_factory.mktemp("files")
    for code in COUNTS:
        if code not in ("42", "15"):
            _write(folder, code)
    # Hà Tĩnh: a December estimate, for the whole report; the official report never came.
    _write(folder, "42", {"Ngày gửi": date(2024, 12, 15), "Trạng thái số liệu": "ước tính"})
    # Yên Bái: actual/plan in one cell, a preliminary row, income per year.
    _write(
        folder,
        "15",
        rows=[
            ["Số hợp tác xã đang hoạt động", COUNTS["15"], "HTX", None, None],
            ["Số HTX thành lập mới trong kỳ", "92/60", "HTX", None, None],
            ["Số tổ hợp tác", "sơ bộ 1.283", "THT", None, None],
            ["Thu nhập bình quân lao động thường xuyên", 48, "triệu đồng/người/năm", None, None],
            ["Số thành viên HTX", "1,2 nghìn", "người", None, "Niên giám thống kê tỉnh 2024"],
        ],
        header=("Chỉ tiêu", "Giá trị", "Đơn vị tính", "Trạng thái số liệu", "Nguồn"),
    )
    # Bắc Giang, sent in November with official figures: refused.
    _write(
        folder,
        "24",
        {"Ngày gửi": date(2024, 11, 30)},
        rows=[["Số hợp tác xã đang hoạt động", 700, "HTX"]],
        name="bac_giang_som.xlsx",
    )
    report = {
        r["file"].rsplit("/", 1)[-1]: r
        for r in json.loads(htx(home, "ingest", str(folder), "--json", check=False).stdout)
    }
    htx(home, "build")
    return home, report


def _sql(home, query) -> list[dict]:
    return json.loads(htx(home, "sql", query, "--format", "json").stdout)


def _values(home, province_key) -> dict[str, dict]:
    rows = _sql(
        home,
        f"select * from marts.fct_indicator_values where period_code = '2024-FY' and province_key = '{province_key}'",
    )
    return {r["indicator_code"]: r for r in rows}


def test_an_estimate_is_stored_as_one_and_its_roll_up_too(built):
    home, report = built
    ha_tinh = _values(home, "old:42")["coops_total"]
    assert (ha_tinh["value"], ha_tinh["obs_status"]) == (975, "estimated")
    [rolled] = _sql(
        home,
        "select obs_status from marts.fct_indicator_values_new34 where province_key = 'new:42' "
        "and period_code = '2024-FY' and indicator_code = 'coops_total'",
    )
    assert rolled["obs_status"] == "estimated"
    [wide] = _sql(
        home,
        "select obs_status from marts.fct_cooperatives where boundary = 'as_reported' "
        "and province_key = 'old:42' and period_code = '2024-FY'",
    )
    assert wide["obs_status"] == "estimated"
    [sub] = _sql(
        home,
        f"select * from marts.fct_submissions where submission_id = '{report['bao_cao_42.xlsx']['submission_id']}'",
    )
    assert (sub["obs_status"], sub["prepared_by"], sub["note"]) == (
        "estimated",
        "Nguyễn Văn A",
        "Số liệu tổng hợp từ các huyện",
    )


def test_official_figures_sent_before_the_period_ended_are_refused(built):
    _home, report = built
    early = report["bac_giang_som.xlsx"]
    assert early["status"] == "quarantined"
    [problem] = early["errors"]
    assert problem["code"] == "sent_before_period_end" and "ước tính" in problem["message_vi"]


def test_actual_and_plan_per_row_status_units_and_provenance(built):
    home, _report = built
    yen_bai = _values(home, "old:15")
    assert (yen_bai["coops_new"]["value"], yen_bai["coops_new"]["target"]) == (92, 60)
    assert (yen_bai["coop_groups_total"]["value"], yen_bai["coop_groups_total"]["obs_status"]) == (1283, "preliminary")
    assert yen_bai["income_avg_worker_month"]["value"] == 4_000_000
    assert yen_bai["members_total"]["value"] == 1200
    assert (yen_bai["members_total"]["provenance"], yen_bai["members_total"]["provenance_note"]) == (
        "published",
        "Niên giám thống kê tỉnh 2024",
    )
    own = yen_bai["coops_total"]
    assert own["provenance"] == "reported" and own["obs_status"] == "official"
    assert "bao_cao_15.xlsx" in own["provenance_note"] and "Liên minh HTX tỉnh" in own["provenance_note"]


def test_a_peer_outlier_flags_its_value_and_quality_reports_agree(built):
    home, _report = built
    ha_noi = _values(home, "old:01")["coops_total"]
    assert ha_noi["is_flagged"] and "peer_outlier" in ha_noi["flag_reasons"]
    flagged = {
        (r["province_key"], r["period_code"], r["indicator_code"], reason)
        for r in _sql(home, "select * from marts.fct_indicator_values where is_flagged")
        for reason in r["flag_reasons"].split("; ")
    }
    issues = json.loads(htx(home, "quality", "--all", "--issues", "--severity", "warning", "-f", "json").stdout)
    listed = {
        (i["province_key"], i["period_code"], i["indicator_code"], i["rule_id"])
        for i in issues
        if i["submission_status"] == "accepted" and i["indicator_code"]
    }
    assert ("old:01", "2024-FY", "coops_total", "peer_outlier") in listed
    assert flagged == listed
