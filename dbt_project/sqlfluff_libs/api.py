"""Lint-only stand-in for dbt's `api` context (`api.Column.translate_type`)."""


class Column:
    @staticmethod
    def translate_type(dtype: str) -> str:
        return {"string": "varchar"}.get(dtype, dtype)
