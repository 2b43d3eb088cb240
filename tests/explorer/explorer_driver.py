"""Drive the explorer the way a reader does (AppTest on the real entry point) and read what it shows."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
from streamlit.testing.v1 import AppTest
from warehouse_fixture import APP


def open_page(page: str, **query: str) -> AppTest:
    """The page at ``/<page>?<query>`` as a fresh session (a shared link opened in a new tab)."""
    # Absolute path: AppTest resolves a relative one against this file. Generous timeout: the first run imports
    # plotly and polars.
    at = AppTest.from_file(str(APP), default_timeout=90)
    for name, value in query.items():
        at.query_params[name] = value
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


# Streamlit gives a read-only table no id AppTest can find it by, so tables are found by a column only they have
# (Vietnamese or English header); ``last`` picks the main table where a page shows a smaller one of the same shape.
TABLES = {
    "compare_table": (("Hạng", "Rank"), True),
    "compare_partial": (("Hạng", "Rank"), False),
    "profile_latest": (("Tỷ lệ thực hiện", "Achievement"), False),
    "profile_reporters": (("period_code",), False),
    "profile_history": (("Số tệp", "Files"), False),
    "quality_refused": (("Vị trí", "Where"), False),
    "quality_flagged": (("Chỉ tiêu", "Indicator"), False),
    "quality_rules": (("Quy tắc", "Rule"), False),
    "about_indicators": (("Mã", "Code"), False),
    "about_merger": (("Các tỉnh cũ", "Old provinces"), False),
    "ocop_products": (("Ngày công nhận", "Certified on"), False),
}


def _find(at: AppTest, key: str):
    columns, last = TABLES[key]
    found = [d for d in at.dataframe if set(columns) & set(d.value.columns)]
    assert found, f"no table {key}: {[list(d.value.columns) for d in at.dataframe]}"
    return found[-1] if last else found[0]


def table(at: AppTest, key: str) -> pd.DataFrame:
    """The data of a table (see TABLES): numbers as numbers."""
    return _find(at, key).value


def shown(at: AppTest, key: str) -> pd.DataFrame:
    """The same table as the reader sees it: the display text the page formatted each cell with."""
    found = _find(at, key)
    styler = found.proto.arrow_data.styler
    assert styler.display_values, f"table {key} is not formatted for display"
    display = pa.ipc.open_stream(styler.display_values).read_all().to_pandas()
    display.columns = found.value.columns
    return display


def texts(at: AppTest) -> str:
    parts = [e.value for kind in (at.caption, at.markdown, at.error, at.info, at.warning, at.subheader) for e in kind]
    return "\n".join(str(p) for p in parts)


def chart_specs(at: AppTest) -> list[str]:
    return [c.proto.spec for c in at.get("plotly_chart")]
