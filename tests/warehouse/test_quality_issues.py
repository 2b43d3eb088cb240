"""Quality issues are in the warehouse, with rule, severity, place and a bilingual message; `htx quality` sums them.

Against the national demo set, whose manifest says which files must be quarantined and why.
"""

import json

import polars as pl
import pytest

from sources.demo.generate import manifest_path
from sources.warehouse.reader import query
from tests.htx_cli import htx

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def issues(national_home) -> pl.DataFrame:
    return query("select * from marts.fct_quality_issues", path=national_home.published_db)


def test_every_intended_quarantine_is_an_error_issue_with_its_rule_and_message(national_home, issues):
    manifest = json.loads(manifest_path(national_home.inbox).read_text())
    bad = [f for f in manifest["files"] if f["intended"] == "quarantined"]
    assert len(bad) >= 20
    for f in bad:
        mine = issues.filter(pl.col("file_name") == f["file"].rsplit("/", 1)[-1])
        errors = mine.filter(pl.col("severity") == "error")
        assert f["error_code"] in errors["rule_id"].to_list(), f
        assert (errors["submission_status"] == "quarantined").all()
        assert errors["message_vi"].str.len_chars().min() > 10 and errors["message_en"].str.len_chars().min() > 10


def test_warnings_match_what_the_gate_counted_and_point_at_a_cell(national_home, issues):
    counted = query(
        "select submission_id, n_warnings from marts.fct_submissions where n_warnings > 0",
        path=national_home.published_db,
    )
    gate = issues.filter((pl.col("found_by") == "gate") & (pl.col("severity") == "warning"))
    per_submission = gate.group_by("submission_id").len("n")
    assert (
        counted.join(per_submission, on="submission_id", how="full", coalesce=True)
        .filter(pl.col("n_warnings") != pl.col("n"))
        .is_empty()
    )
    jumps = gate.filter(pl.col("rule_id") == "stock_jump")
    assert jumps.height > 0 and jumps["cell"].is_not_null().all() and jumps["indicator_code"].is_not_null().all()


def test_peer_outliers_are_exactly_the_robust_z_outliers_recomputed_in_polars(national_home, issues):
    outliers = issues.filter(pl.col("rule_id") == "peer_outlier")
    assert outliers.height > 0 and (outliers["severity"] == "warning").all()
    values = query(
        "select submission_id, period_code, reporter, indicator_code, value "
        "from marts.fct_indicator_values where value > 0",
        path=national_home.published_db,
    )
    group = ["period_code", "reporter", "indicator_code"]
    scored = (
        values.with_columns(pl.col("value").log().alias("x"))
        .with_columns(pl.col("x").median().over(group).alias("med"), pl.len().over(group).alias("n"))
        .with_columns((pl.col("x") - pl.col("med")).abs().median().over(group).alias("mad"))
        .filter((pl.col("n") >= 8) & (pl.col("mad") > 0))
        .filter((0.6745 * (pl.col("x") - pl.col("med")) / pl.col("mad")).abs() > 3.5)
    )
    expected = set(scored.select("submission_id", "indicator_code").iter_rows())
    assert set(outliers.select("submission_id", "indicator_code").iter_rows()) == expected


def test_htx_quality_sums_what_the_warehouse_holds(national_home):
    rows = json.loads(htx(national_home, "quality", "--all", "-f", "json").stdout)
    statuses = dict(
        query(
            "select status, count(*) as n from marts.fct_submissions group by status", path=national_home.published_db
        ).iter_rows()
    )
    for status in ("accepted", "quarantined", "superseded"):
        assert sum(r[status] for r in rows) == statuses.get(status, 0)
    table = htx(national_home, "quality", "--all").stdout
    assert "Cách ly" in table and "Quarant" in table and "Hà Tĩnh" in table
    errors = json.loads(htx(national_home, "quality", "--all", "--issues", "--severity", "error", "-f", "json").stdout)
    assert errors and {e["severity"] for e in errors} == {"error"}
    assert all(e["message_vi"] and e["message_en"] for e in errors)


def test_the_run_left_great_expectations_data_docs_of_both_suites(national_home):
    index = national_home.data_docs / "index.html"
    assert index.exists()
    pages = {p.relative_to(national_home.data_docs).parts[:2] for p in national_home.data_docs.rglob("*.html")}
    suites = ("indicators", "cross_field", "cooperatives", "ocop_products")  # one per staged table, and the rules
    assert {("expectations", f"{name}.html") for name in suites} <= pages
    assert {("validations", name) for name in suites} <= pages  # this run's results


def test_dagster_shows_each_staged_tables_rules_as_a_check_with_counts_and_samples(national_home, issues):
    import dagster as dg

    gate_issues = issues.filter(pl.col("found_by") == "gate")
    with dg.DagsterInstance.from_config(str(national_home.dagster_home)) as instance:
        for table, rule in (
            ("indicator_values", "stock_jump"),
            ("cooperatives", "coop_list_count_mismatch"),
            ("ocop_products", "bad_stars"),
        ):
            key = dg.AssetCheckKey(dg.AssetKey(["landing", table]), f"{table}_rules")
            record = instance.event_log_storage.get_asset_check_execution_history(key, limit=1)[0]
            evaluation = record.event.dagster_event.event_specific_data
            assert evaluation.severity == dg.AssetCheckSeverity.WARN and not evaluation.passed
            by_rule = evaluation.metadata["by_rule"].value
            assert by_rule[rule] == gate_issues.filter(pl.col("rule_id") == rule).height
            assert rule in evaluation.metadata["samples"].value or by_rule[rule] == 0
