"""`htx demo` (what `make demo` runs), without the servers: the sample inbox flows into a ranking."""

import json

import pytest

from sources.core.home import HtxHome
from tests.htx_cli import htx

pytestmark = pytest.mark.slow


def test_demo_publishes_a_ranking_and_quarantines_the_bad_sample(tmp_path):
    home = HtxHome(tmp_path / "demo_home")
    done = htx(home, "demo", "--no-serve", "--small")
    assert "published" in done.stderr
    ranking = json.loads(
        htx(
            home,
            "sql",
            """
        select p.name_vi, v.value from marts.fct_indicator_values v join marts.dim_province p using (province_key)
        where v.indicator_code = 'coops_total' and v.period_code = '2024-FY' order by v.value desc""",
            "-f",
            "json",
        ).stdout
    )
    assert len(ranking) == 10 and ranking[0]["value"] >= ranking[-1]["value"]
    anchor = json.loads(
        htx(
            home,
            "sql",
            """
        select value, provenance from marts.fct_indicator_values
        where province_key = 'old:42' and period_code = '2024-H1' and indicator_code = 'coops_total'""",
            "-f",
            "json",
        ).stdout
    )
    assert anchor == [{"value": 975.0, "provenance": "published"}]
    quarantined = json.loads(
        htx(
            home, "sql", "select file_name from marts.fct_submissions where status = 'quarantined'", "-f", "json"
        ).stdout
    )
    assert quarantined == [{"file_name": "bao_cao_yen_bai_2025-FY.xlsx"}]

    # Idempotence: running the same inbox again (every file now a duplicate) gives the same warehouse.
    def snapshot():
        tables = json.loads(
            htx(
                home,
                "sql",
                "select table_name from information_schema.tables where table_schema = 'marts' order by 1",
                "-f",
                "json",
            ).stdout
        )
        return {
            t["table_name"]: htx(home, "sql", f"select * from marts.{t['table_name']} order by all", "-f", "csv").stdout
            for t in tables
        }

    before = snapshot()
    htx(home, "run")
    assert snapshot() == before
