"""docs/analysts.md: every SQL answer runs on the national demo warehouse through the read-only reader and
returns rows; three answers are recomputed independently in Polars from other marts."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from sources.warehouse.reader import query

pytestmark = pytest.mark.slow

DOC = Path(__file__).resolve().parents[2] / "docs" / "analysts.md"
SQL_BLOCK = re.compile(r"^```sql\n(.*?)^```", re.S | re.M)
HEADING = re.compile(r"^#{2,4} (.+)$", re.M)


def doc_queries() -> list[tuple[str, str]]:
    """(heading, sql) for every ```sql block of the doc, the heading being the nearest one above it."""
    text = DOC.read_text(encoding="utf-8")
    found = []
    for block in SQL_BLOCK.finditer(text):
        headings = HEADING.findall(text, 0, block.start())
        found.append((headings[-1] if headings else "", block.group(1)))
    return found


QUERIES = doc_queries()


def answer(home, words: str) -> pl.DataFrame:
    """Run the doc's query whose heading contains ``words``."""
    matching = [sql for heading, sql in QUERIES if words in heading]
    assert len(matching) == 1, f"expected one question about {words!r} in {DOC.name}, found {len(matching)}"
    return query(matching[0], path=home.published_db)


def marts(home, table: str) -> pl.DataFrame:
    return query(f"select * from marts.{table}", path=home.published_db)


def test_the_doc_answers_at_least_ten_questions():
    assert len(QUERIES) >= 10
    assert all(heading for heading, _ in QUERIES), "every query sits under a question heading"


@pytest.mark.parametrize("sql", [sql for _, sql in QUERIES], ids=[f"q{i + 1}" for i in range(len(QUERIES))])
def test_every_query_runs_read_only_and_returns_rows(national_home, sql):
    assert query(sql, path=national_home.published_db).height > 0


def test_fastest_growing_province_matches_a_roll_up_of_the_reported_figures(national_home):
    """Old provinces' 2021-FY and 2024-FY figures summed into their 2025 unit via dim_province.successor_key."""
    got = answer(national_home, "grew their cooperatives fastest")
    provinces = marts(national_home, "dim_province")
    members = provinces.filter(pl.col("province_set") == "old63").group_by("successor_key").agg(pl.len().alias("n_old"))
    reported = (
        marts(national_home, "fct_indicator_values")
        .filter(
            (pl.col("indicator_code") == "coops_total")
            & (pl.col("reporter") == "lien_minh_htx")
            & pl.col("period_code").is_in(["2021-FY", "2024-FY"])
            & pl.col("value").is_not_null()
        )
        .join(provinces.select("province_key", "successor_key"), on="province_key")
        .group_by("successor_key", "period_code")
        .agg(pl.col("value").sum(), pl.len().alias("n_reported"))
        .join(members, on="successor_key")
        .filter(pl.col("n_reported") == pl.col("n_old"))
    )
    growth = (
        reported.filter(pl.col("period_code") == "2021-FY")
        .join(reported.filter(pl.col("period_code") == "2024-FY"), on="successor_key", suffix="_2024")
        .with_columns((pl.col("value_2024") / pl.col("value")).alias("ratio"))
        .join(provinces.select("province_key", "name_vi"), left_on="successor_key", right_on="province_key")
    )
    fastest = growth.filter(pl.col("ratio") == pl.col("ratio").max())
    top = got.row(0, named=True)
    assert top["name_vi"] in fastest["name_vi"].to_list()
    mine = fastest.filter(pl.col("name_vi") == top["name_vi"]).row(0, named=True)
    assert (top["coops_2021"], top["coops_2024"]) == (mine["value"], mine["value_2024"])
    assert got.height == min(10, growth.height)


def test_four_star_share_by_region_matches_the_star_counts(national_home):
    got = answer(national_home, "4★")
    ocop = (
        marts(national_home, "fct_ocop")
        .filter(
            (pl.col("boundary") == "as_reported")
            & (pl.col("reporter") == "lien_minh_htx")
            & (pl.col("period_code") == "2024-FY")
        )
        .drop_nulls(["ocop_3_star", "ocop_4_star", "ocop_5_star"])
        .join(marts(national_home, "dim_province"), on="province_key")
        .group_by("region_name_vi")
        .agg(
            pl.col("ocop_4_star").sum().alias("four"),
            (pl.col("ocop_3_star") + pl.col("ocop_4_star") + pl.col("ocop_5_star")).sum().alias("rated"),
        )
    )
    expected = {row["region_name_vi"]: 100 * row["four"] / row["rated"] for row in ocop.iter_rows(named=True)}
    shares = dict(zip(got["region_name_vi"], got["share_4_star_pct"], strict=True))
    assert shares.keys() == expected.keys()
    for region, share in shares.items():
        assert share == pytest.approx(expected[region], abs=0.05 + 1e-9), region


def test_revenue_per_cooperative_by_region_is_weighted_by_cooperatives(national_home):
    got = answer(national_home, "Average revenue per cooperative")
    values = (
        marts(national_home, "fct_indicator_values")
        .filter((pl.col("reporter") == "lien_minh_htx") & (pl.col("period_code") == "2024-FY"))
        .pivot(on="indicator_code", index="province_key", values="value")
        .drop_nulls(["revenue_avg_per_coop", "coops_total"])
        .join(marts(national_home, "dim_province"), on="province_key")
        .group_by("region_name_vi")
        .agg(
            ((pl.col("revenue_avg_per_coop") * pl.col("coops_total")).sum() / pl.col("coops_total").sum() / 1e6).alias(
                "weighted"
            )
        )
    )
    expected = dict(zip(values["region_name_vi"], values["weighted"], strict=True))
    weighted = dict(zip(got["region_name_vi"], got["revenue_per_coop_mn_vnd"], strict=True))
    assert weighted.keys() == expected.keys()
    for region, value in weighted.items():
        assert value == pytest.approx(expected[region], abs=0.5 + 1e-6), region
