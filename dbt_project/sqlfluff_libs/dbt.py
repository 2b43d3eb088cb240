"""Lint-only stand-ins for dbt's cross-database macros (`dbt.concat`, ...): sqlfluff's jinja templater has none."""


def concat(fields):
    return f"concat({', '.join(fields)})"


def split_part(string_text, delimiter_text, part_number):
    return f"split_part({string_text}, {delimiter_text}, {part_number})"


def listagg(measure, delimiter_text="','", order_by_clause=None, limit_num=None):
    return f"string_agg({measure}, {delimiter_text} {order_by_clause or ''})"


def dateadd(datepart, interval, from_date_or_timestamp):
    return f"date_add({from_date_or_timestamp}, interval ({interval}) {datepart})"


def current_timestamp():
    return "current_timestamp"


def cast(field, type):  # noqa: A002 - dbt's own argument name
    return f"cast({field} as {type})"
