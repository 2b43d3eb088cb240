"""`htx withdraw`: a version sent by mistake leaves the warehouse at the next build, the earlier version
becomes current again, nothing is deleted, and what cannot be withdrawn is refused with a reason."""

from __future__ import annotations

import json
from datetime import date

import pytest

from sources.authoring.sample_submissions import write_workbook
from sources.core.home import HtxHome
from tests.htx_cli import htx

pytestmark = pytest.mark.slow


def _ha_tinh(folder, name: str, sent: date, coops: object):
    info = {"Tỉnh": "Hà Tĩnh", "Kỳ báo cáo": "2024-FY", "Ngày gửi": sent}
    return write_workbook(folder / name, info, [["Số hợp tác xã đang hoạt động", coops, "HTX", "synthetic: test"]])


def _sql(home, query) -> list[dict]:
    return json.loads(htx(home, "sql", query, "--format", "json").stdout)


COOPS = (
    "select value from marts.fct_indicator_values "
    "where province_key = 'old:42' and period_code = '2024-FY' and indicator_code = 'coops_total'"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Two versions of Hà Tĩnh 2024-FY (the second, later one carries a typo) and a quarantined file."""
    home = HtxHome(tmp_path_factory.mktemp("withdraw") / "htx_home").ensure()
    folder = tmp_path_factory.mktemp("files")
    _ha_tinh(folder, "v1.xlsx", date(2025, 1, 10), 975)
    _ha_tinh(folder, "v2.xlsx", date(2025, 1, 20), 9750)
    _ha_tinh(folder, "hong.xlsx", date(2025, 1, 21), "không rõ")
    report = {
        r["file"].rsplit("/", 1)[-1]: r
        for r in json.loads(htx(home, "ingest", str(folder), "--json", check=False).stdout)
    }
    htx(home, "build")
    ids = {name: r["submission_id"] for name, r in report.items()}
    return home, ids


def test_withdrawn_version_leaves_the_warehouse_and_the_earlier_one_returns(built):
    home, ids = built
    assert _sql(home, COOPS) == [{"value": 9750}]
    done = htx(home, "withdraw", ids["v2.xlsx"], "--reason", "Nhập nhầm thêm một số 0", "--by", "cán bộ A")
    assert "htx build" in done.stderr
    # Nothing changes for readers until the next build publishes.
    assert _sql(home, COOPS) == [{"value": 9750}]
    htx(home, "build")
    assert _sql(home, COOPS) == [{"value": 975}]
    rows = {
        r["submission_id"]: r
        for r in _sql(
            home,
            "select submission_id, status, withdrawn_by, withdrawal_reason, withdrawn_at from marts.fct_submissions",
        )
    }
    assert rows[ids["v2.xlsx"]]["status"] == "withdrawn"
    assert rows[ids["v2.xlsx"]]["withdrawn_by"] == "cán bộ A"
    assert rows[ids["v2.xlsx"]]["withdrawal_reason"] == "Nhập nhầm thêm một số 0"
    assert rows[ids["v2.xlsx"]]["withdrawn_at"] is not None
    assert rows[ids["v1.xlsx"]]["status"] == "accepted" and rows[ids["v1.xlsx"]]["withdrawn_at"] is None
    # The file itself is still kept, byte for byte.
    assert len([p for p in home.raw_store.rglob("*") if p.is_file() and p.stat().st_size]) >= 3


@pytest.mark.parametrize(
    ("target", "reason", "says"),
    [
        ("v2.xlsx", "lần nữa", "already withdrawn"),
        ("hong.xlsx", "không cần", "quarantined"),
        ("s_khong_co", "không có", "No submission"),
        ("v1.xlsx", "   ", "Give the reason"),
    ],
)
def test_what_cannot_be_withdrawn_is_refused_with_a_reason(built, target, reason, says):
    home, ids = built
    if target == "v2.xlsx":
        htx(home, "withdraw", ids[target], "--reason", "lần đầu", check=False)
    done = htx(home, "withdraw", ids.get(target, target), "--reason", reason, check=False)
    assert done.returncode == 1
    assert says in " ".join(done.stderr.split())
    assert _sql(
        home,
        "select count(*) as n from marts.fct_submissions where status = 'withdrawn' "
        f"and submission_id = '{ids['v1.xlsx']}'",
    ) == [{"n": 0}]
