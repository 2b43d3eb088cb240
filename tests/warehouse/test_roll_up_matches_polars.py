"""`fct_indicator_values_new34` equals a roll-up computed here, independently, in Polars.

Straight from what the gate landed (the registry export and the Parquet of accepted submissions) and
the reference CSVs — none of the dbt models — for every unit, indicator, period and reporter.
"""

import duckdb
import polars as pl
import pytest

from sources.core.reference import read_reference

pytestmark = pytest.mark.slow
KEYS = ["province_key", "period_code", "reporter", "indicator_code"]


def current_values(landing) -> pl.DataFrame:
    """Values of the latest accepted version per (province, period, reporter): latest `ngay_gui`, then arrival."""
    submissions = pl.read_parquet(landing / "submissions.parquet").filter(pl.col("status") == "accepted")
    current = (
        submissions.with_columns(pl.col("received_at", "submitted_at").str.to_datetime(time_zone="UTC"))
        .sort(["submitted_at", "received_at", "submission_id"], descending=True, nulls_last=True)
        .group_by(["province_key", "period_code", "reporter"])
        .first()
        .select("submission_id")
    )
    values = pl.read_parquet(landing / "indicator_values" / "*.parquet")
    return values.join(current, on="submission_id").select(*KEYS, "value", "target")


def roll_up(values: pl.DataFrame) -> pl.DataFrame:
    provinces = read_reference("provinces_2025").select(
        ("old:" + pl.col("old_code")).alias("province_key"), ("new:" + pl.col("new_code")).alias("unit")
    )
    provinces = provinces.with_columns(pl.len().over("unit").alias("n_old"))
    catalogue = read_reference("indicators").select(pl.col("code").alias("indicator_code"), "aggregation", "weight")
    weights = values.select(
        "province_key", "period_code", "reporter", pl.col("indicator_code").alias("weight"), pl.col("value").alias("w")
    )
    old = (
        values.join(provinces, on="province_key")
        .join(catalogue, on="indicator_code")
        .join(weights, on=["province_key", "period_code", "reporter", "weight"], how="left")
        .with_columns(pl.when(pl.col("aggregation") == "sum").then(1.0).otherwise(pl.col("w")).alias("w"))
    )
    used_value = pl.col("value").is_not_null() & pl.col("w").is_not_null()
    used_target = pl.col("target").is_not_null() & pl.col("w").is_not_null()

    def combine(column: str, used: pl.Expr) -> pl.Expr:
        total = pl.col(column).filter(used).sum()
        mean = (pl.col(column) * pl.col("w")).filter(used).sum() / pl.col("w").filter(used).sum()
        return (
            pl.when(used.sum() == 0)
            .then(None)
            .when(pl.col("aggregation").first() == "sum")
            .then(total)
            .otherwise(mean)
            .alias(column)
        )

    rolled = (
        old.group_by("unit", "period_code", "reporter", "indicator_code")
        .agg(
            combine("value", used_value),
            combine("target", used_target),
            (used_value.sum() / pl.col("n_old").first()).alias("coverage"),
        )
        .rename({"unit": "province_key"})
    )
    direct = values.filter(pl.col("province_key").str.starts_with("new:")).with_columns(
        pl.col("value").is_not_null().cast(pl.Float64).alias("coverage")
    )
    return pl.concat([rolled, direct.select(rolled.columns)])


def test_every_rolled_up_value_matches_an_independent_polars_roll_up(national_home):
    expected = roll_up(current_values(national_home.landing))
    with duckdb.connect(str(national_home.published_db), read_only=True) as con:
        got = con.sql(
            f"select {', '.join(KEYS)}, value, target, coverage, is_complete from marts.fct_indicator_values_new34"
        ).pl()
    assert got.height == expected.height > 10_000
    both = expected.join(got, on=KEYS, how="full", suffix="_dbt", coalesce=True)
    assert both.height == expected.height, "a row exists on one side only"
    for column in ["value", "target", "coverage"]:
        a, b = pl.col(column), pl.col(f"{column}_dbt")
        wrong = both.filter((a.is_null() != b.is_null()) | ((a - b).abs() > 1e-9 * a.abs().clip(lower_bound=1)))
        assert wrong.is_empty(), f"{column} differs:\n{wrong.head(10)}"
    assert both.filter(pl.col("is_complete") != (pl.col("coverage") == 1)).is_empty()
    # The hard cases are in the data, not only in the unit tests: partial roll-ups and NULLs that stay NULL.
    assert both.filter(pl.col("coverage").is_between(0, 1, closed="none")).height > 0
    assert both.filter(pl.col("value").is_null()).height > 0
