"""Lint-only stand-ins for dbt's cross-database macros (`dbt.concat`, ...): sqlfluff's jinja templater has none."""


def concat(fields):
    return f"concat({', '.join(fields)})"


def split_part(string_text, delimiter_text, part_number):
    return f"split_part({string_text}, {delimiter_text}, {part_number})"
