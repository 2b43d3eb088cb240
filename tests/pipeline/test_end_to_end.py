"""The whole path, through the real `htx` command: workbook → ingest → Dagster/dbt build → publish → `htx sql`.

One HTX_HOME for the module: each test builds on what the previous one left, as a data engineer would.
"""

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from sources.authoring.sample_submissions import write_workbook
from sources.core.home import HtxHome
from tests.htx_cli import htx

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> HtxHome:
    return HtxHome(tmp_path_factory.mktemp("e2e") / "htx_home").ensure()


@pytest.fixture(scope="module")
def workbooks(home, tmp_path_factory):
    folder = tmp_path_factory.mktemp("submissions")
    info = {"Tỉnh": "Tỉnh Hà Tĩnh", "Kỳ báo cáo": "6 tháng đầu năm 2024", "Ngày gửi": date(2024, 7, 15)}
    ha_tinh = write_workbook(
        folder / "ha_tinh_2024H1.xlsx",
        info,
        [
            ["Số HTX", "975", "HTX", "published: seed article"],
            ["Doanh thu bình quân", "1,3 tỷ đồng", None, "published: seed article"],
            ["Thu nhập bình quân", 4, "triệu đồng/người/tháng", "published: seed article"],
            ["Tổng số sản phẩm OCOP trên địa bàn", "-", None, "published: seed article"],
        ],
    )
    lao_cai = write_workbook(
        folder / "lao_cai_2025FY.xlsx",
        {"tinh": "15", "ky_bao_cao": "2025-FY", "ngay_gui": "12/01/2026"},
        [["coops_total", 1204, "HTX", "synthetic: test"], ["coop_groups_total", "3.017", "THT", "synthetic: test"]],
    )
    return {"ha_tinh": ha_tinh, "lao_cai": lao_cai}


def sql_json(home, query):
    return json.loads(htx(home, "sql", query, "--format", "json").stdout)


def built_kinds(home) -> set[str]:
    """The kinds of dbt nodes the latest build ran (model, seed, test, unit_test)."""
    (latest,) = (home.build_dir / "dbt").iterdir()  # dbt's artifacts of the latest build only
    results = json.loads((latest / "run_results.json").read_text())["results"]
    return {r["unique_id"].split(".")[0] for r in results}


def published_sha(home):
    return hashlib.sha256(home.published_db.read_bytes()).hexdigest()


VALUES = (
    "select province_key, period_code, indicator_code, value, provenance, provenance_note "
    "from marts.fct_indicator_values order by all"
)


def test_ingest_build_and_query_exact_values(home, workbooks):
    report = json.loads(htx(home, "ingest", str(workbooks["ha_tinh"].parent), "--json").stdout)
    assert {(r["file"].rsplit("/", 1)[-1], r["status"], r["province_key"], r["period_code"]) for r in report} == {
        ("ha_tinh_2024H1.xlsx", "accepted", "old:42", "2024-H1"),
        ("lao_cai_2025FY.xlsx", "accepted", "new:15", "2025-FY"),
    }
    htx(home, "build")
    assert "unit_test" in built_kinds(home)  # the first build on this code runs the models' unit tests
    rows = sql_json(home, VALUES)
    assert [(r["province_key"], r["indicator_code"], r["value"]) for r in rows] == [
        ("new:15", "coop_groups_total", 3017.0),
        ("new:15", "coops_total", 1204.0),
        ("old:42", "coops_total", 975.0),
        ("old:42", "income_avg_worker_month", 4_000_000.0),
        ("old:42", "ocop_products_total", None),
        ("old:42", "revenue_avg_per_coop", 1_300_000_000.0),
    ]
    assert {r["provenance"] for r in rows if r["province_key"] == "old:42"} == {"published"}
    assert {r["provenance"] for r in rows if r["province_key"] == "new:15"} == {"synthetic"}
    names = sql_json(
        home,
        "select p.name_vi from marts.fct_indicator_values v join marts.dim_province p "
        "using (province_key) where v.province_key = 'new:15' limit 1",
    )
    assert names == [{"name_vi": "Lào Cai"}]


def test_byte_identical_reingest_changes_nothing(home, workbooks):
    before_values, before_sha = sql_json(home, VALUES), published_sha(home)
    report = json.loads(htx(home, "ingest", str(workbooks["ha_tinh"]), "--json").stdout)
    assert [r["status"] for r in report] == ["duplicate"]
    assert published_sha(home) == before_sha
    htx(home, "build")
    # The same code as the published build: its unit tests passed on it already; the data tests run as always.
    assert "unit_test" not in built_kinds(home) and "test" in built_kinds(home)
    assert sql_json(home, VALUES) == before_values
    assert sql_json(home, "select count(*) as n from marts.fct_submissions") == [{"n": 2}]


def test_a_run_with_nothing_new_leaves_the_published_file_untouched(home):
    """`htx run` twice: the second finds nothing new, skips the build and the publish, keeps the file as it was."""
    from dagster import DagsterEventType, DagsterInstance

    htx(home, "run")  # publishes what the previous builds left, with the fingerprint of its inputs
    before = home.published_db.stat()
    before_sha, releases = published_sha(home), sorted((home.published_db.parent / "releases").iterdir())
    done = htx(home, "run")
    assert "nothing new" in done.stdout + done.stderr
    after = home.published_db.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert published_sha(home) == before_sha
    assert sorted((home.published_db.parent / "releases").iterdir()) == releases  # no new release either
    with DagsterInstance.from_config(str(home.dagster_home)) as instance:
        run = instance.get_runs(limit=1)[0]
        skipped = instance.get_records_for_run(run.run_id, of_type=DagsterEventType.STEP_SKIPPED).records
    assert run.job_name == "htx_run" and run.is_success
    steps = {r.event_log_entry.step_key for r in skipped}
    assert "warehouse_models" in steps and any(step.startswith("published") for step in steps)  # build, publish


def test_quarantined_file_leaves_the_published_warehouse_unchanged(home, tmp_path):
    before_values, before_sha = sql_json(home, VALUES), published_sha(home)
    bad = write_workbook(
        tmp_path / "ha_tinh_sai.xlsx",
        {"Tỉnh": "Hà Tĩnh", "Kỳ báo cáo": "2024-FY"},
        [["coops_total", "1.0.0"], ["số con mèo", 3]],
    )
    [result] = json.loads(htx(home, "ingest", str(bad), "--json").stdout)
    assert result["status"] == "quarantined"
    assert {e["code"] for e in result["errors"]} == {"bad_value_not_numeric", "unknown_indicator"}
    assert published_sha(home) == before_sha
    htx(home, "build")
    # The same code as the published build: its unit tests passed on it already; the data tests run as always.
    assert "unit_test" not in built_kinds(home) and "test" in built_kinds(home)
    assert sql_json(home, VALUES) == before_values
    statuses = sql_json(home, "select status, count(*) as n from marts.fct_submissions group by status order by 1")
    assert statuses == [{"status": "accepted", "n": 2}, {"status": "quarantined", "n": 1}]


def test_failing_dbt_test_blocks_publish_and_the_run_is_reported_failed(home):
    """Guard against Dagster skipping downstream steps silently: a failing test must fail the run."""
    import polars as pl
    from dagster import DagsterInstance, DagsterRunStatus

    before_sha = published_sha(home)
    # Bypass the gate on purpose: an indicator outside the catalogue breaks a relationships test.
    bogus = home.landing / "indicator_values" / "sbogus.parquet"
    template = pl.read_parquet(next(home.landing.glob("indicator_values/s*.parquet")))
    template.head(1).with_columns(pl.lit("not_an_indicator").alias("indicator_code")).write_parquet(bogus)
    try:
        done = htx(home, "build", check=False)
        assert done.returncode == 1
        assert "unchanged" in done.stderr
        assert published_sha(home) == before_sha
        with DagsterInstance.from_config(str(home.dagster_home)) as instance:
            latest = instance.get_runs(limit=1)[0]
        assert latest.job_name == "htx_build" and latest.status == DagsterRunStatus.FAILURE
    finally:
        bogus.unlink()


def test_sql_console_is_read_only_and_cannot_read_files(home):
    for query in (
        "select * from read_csv('/etc/passwd')",
        "create table marts.x as select 1 as a",
        "copy marts.dim_province to '/tmp/leak.csv'",
        "attach '/tmp/other.duckdb'",
        "install httpfs",
    ):
        done = htx(home, "sql", query, check=False)
        assert done.returncode == 2, query
    assert sql_json(home, "select count(*) as n from marts.dim_province") == [{"n": 97}]


def test_bad_file_corpus_is_quarantined_and_never_touches_the_published_warehouse(home):
    from tests.corpus.make_corpus import FILES

    before_sha = published_sha(home)
    report = json.loads(htx(home, "ingest", str(FILES), "--json").stdout)
    assert report and {r["status"] for r in report} == {"quarantined"}
    assert published_sha(home) == before_sha
    assert all((home.quarantine / f"{r['submission_id']}.txt").exists() for r in report if r["submission_id"])


def test_versions_duplicates_and_list_sheets_after_a_build(home, workbooks, tmp_path):
    folder = workbooks["ha_tinh"].parent
    # A corrected version, sent later, with a cooperative list and an OCOP sheet.
    write_workbook(
        tmp_path / "ha_tinh_2024H1_v2.xlsx",
        {"Tỉnh": "Hà Tĩnh", "Kỳ báo cáo": "2024-H1", "Ngày gửi": date(2024, 7, 30)},
        [["Số HTX", 980, "HTX"], ["Tổng số sản phẩm OCOP trên địa bàn", 2]],
        extra_sheets={
            "Danh sách HTX": [
                ["Mã HTX", "Tên HTX", "Trạng thái", "Vốn điều lệ"],
                ["3001", '@HYPERLINK("x")', "đang hoạt động", "1,5 tỷ"],
            ],
            "Sản phẩm OCOP": [
                ["Tên sản phẩm", "Số sao", "Ngày công nhận"],
                ["Kẹo cu đơ", 4, "12/03/2023"],
                ["Mực khô", 3, None],
            ],
        },
    )
    # A later version that is wrong: quarantined, so it must not replace the corrected one.
    write_workbook(
        tmp_path / "ha_tinh_2024H1_v3.xlsx",
        {"Tỉnh": "Hà Tĩnh", "Kỳ báo cáo": "2024-H1", "Ngày gửi": date(2024, 8, 15)},
        [["Số HTX", "9.8.0", "HTX"]],
    )
    # The first version again, byte for byte, under another name.
    (tmp_path / "ban_sao.xlsx").write_bytes(workbooks["ha_tinh"].read_bytes())
    statuses = {
        Path(r["file"]).name: r["status"] for r in json.loads(htx(home, "ingest", str(tmp_path), "--json").stdout)
    }
    assert statuses == {
        "ha_tinh_2024H1_v2.xlsx": "accepted",
        "ha_tinh_2024H1_v3.xlsx": "quarantined",
        "ban_sao.xlsx": "duplicate",
    }
    htx(home, "build")
    assert sql_json(
        home,
        "select value from marts.fct_indicator_values where province_key = 'old:42' "
        "and period_code = '2024-H1' and indicator_code = 'coops_total'",
    ) == [{"value": 980.0}]
    history = sql_json(
        home,
        "select file_name, status, superseded_by is not null as replaced "
        "from marts.fct_submissions where province_key = 'old:42'",
    )
    assert {(h["file_name"], h["status"], h["replaced"]) for h in history} >= {
        (workbooks["ha_tinh"].name, "superseded", True),
        ("ha_tinh_2024H1_v2.xlsx", "accepted", False),
        ("ha_tinh_2024H1_v3.xlsx", "quarantined", False),
        ("ban_sao.xlsx", "duplicate", False),
    }
    assert sql_json(home, "select coop_id, charter_capital from marts.fct_cooperative_snapshot") == [
        {"coop_id": "3001", "charter_capital": 1_500_000_000.0}
    ]
    assert sql_json(
        home, "select stars, cast(certified_on as varchar) as d from marts.fct_ocop_products order by stars"
    ) == [{"stars": 3, "d": None}, {"stars": 4, "d": "2023-03-12"}]
    exported = htx(home, "sql", "select name from marts.fct_cooperative_snapshot", "-f", "csv").stdout
    assert exported.splitlines()[1].lstrip('"').startswith("'@")  # a spreadsheet will not run it
    assert folder.exists()


def test_the_warehouse_can_be_rebuilt_from_the_kept_files_alone(home, tmp_path):
    """Replaying the raw store (arrival order, original receipt times, withdrawals) gives the same decisions and
    the same landed tables; a kept file that was altered is caught."""
    import shutil

    from sources.intake import raw_store
    from sources.landing import registry
    from sources.landing.replay import replay

    found = replay(home, tmp_path / "replay")
    assert found["identical"], found
    assert found["files"] >= 4 and found["submissions"] >= 3 and not found["missing_files"]
    copy = HtxHome(tmp_path / "copy")
    shutil.copytree(home.root, copy.root, ignore=shutil.ignore_patterns("dagster", "warehouse", "build"))
    with registry.open_registry(copy.registry_db) as con:
        sha = con.execute("select sha256 from submissions where status = 'accepted' limit 1").fetchone()[0]
    kept = raw_store.stored_path(copy.raw_store, sha)
    kept.write_bytes(kept.read_bytes()[:2000])  # an accepted file, damaged on disk
    damaged = replay(copy, tmp_path / "replay2")
    assert not damaged["identical"] and damaged["decisions_differ"]
