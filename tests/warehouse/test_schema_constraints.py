"""The marts' NOT NULL columns and accepted values are constraints of the published tables themselves (dbt model
contracts, dbt_project/models/marts/*.yml): DuckDB refused to build a table breaking them, refuses any later
write that would, and an analyst sees them (`DESCRIBE`, `duckdb_constraints()`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

pytestmark = pytest.mark.slow

MARTS = Path(__file__).resolve().parents[2] / "dbt_project" / "models" / "marts"


def declared(kind: str) -> set[tuple[str, str]]:
    """(mart, column) for every column constraint of this type in the marts' YAML."""
    found = set()
    for path in MARTS.glob("*.yml"):
        for model in yaml.safe_load(path.read_text(encoding="utf-8")).get("models", []):
            for column in model.get("columns", []):
                if any(c["type"] == kind for c in column.get("constraints", [])):
                    found.add((model["name"], column["name"]))
    return found


def test_declared_constraints_are_the_published_tables_own(national_home):
    not_null, checks = declared("not_null"), declared("check")
    assert len({table for table, _ in not_null}) >= 15 and len(checks) >= 20  # every mart declares its keys
    with duckdb.connect(str(national_home.published_db), read_only=True) as con:
        nullable = {
            (table, column): is_nullable
            for table, column, is_nullable in con.execute(
                "select table_name, column_name, is_nullable from duckdb_columns() where schema_name = 'marts'"
            ).fetchall()
        }
        checked = {
            (table, column)
            for table, columns in con.execute(
                "select table_name, constraint_column_names from duckdb_constraints() "
                "where schema_name = 'marts' and constraint_type = 'CHECK'"
            ).fetchall()
            for column in columns
        }
    assert {key for key in not_null if nullable.get(key) is not False} == set()
    assert {key for key, is_nullable in nullable.items() if not is_nullable} == not_null  # nothing undeclared
    assert checked == checks


def test_the_published_tables_refuse_a_null_key_or_a_value_outside_the_accepted_ones(national_home, tmp_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(national_home.published_db, copy)
    with duckdb.connect(str(copy)) as con:
        for change in ("period_code = null", "boundary = 'elsewhere'", "obs_status = 'guessed'"):
            with pytest.raises(duckdb.ConstraintException):
                con.execute(
                    f"update marts.fct_revenue set {change} where period_code = (select min(period_code) "
                    "from marts.fct_revenue)"
                )
        assert con.execute("select count(*) from marts.fct_revenue where boundary = 'elsewhere'").fetchone() == (0,)
