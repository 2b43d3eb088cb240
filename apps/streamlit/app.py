"""Entry point of the explorer: ``streamlit run apps/streamlit/app.py``.

Holds what every page shares — page config, the language switch, navigation, the page title, what to
say when no snapshot is published or it cannot be read, and the provenance footer — so a new page is one
file (that only renders data) plus one ``st.Page`` line below.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import streamlit as st

from apps.streamlit.i18n import NO_WAREHOUSE, language_switch, t
from apps.streamlit.provenance import footer
from sources.warehouse.reader import WarehouseNotPublished, published_path

st.set_page_config(page_title="htx-warehouse", layout="wide")

# Before navigation, so page titles in the menu follow the chosen language.
language_switch()

# Not "pages/": Streamlit treats a folder of that name as a legacy multipage app and may then
# run a page file alone, skipping this entrypoint (no language switch, no footer).
_VIEWS = Path(__file__).parent / "views"
_PAGES = {  # url path → (file, menu label, page title, icon)
    "": ("ranking.py", "nav.ranking", "ranking.title", ":material/leaderboard:"),
    "trend": ("trend.py", "nav.trend", "trend.title", ":material/show_chart:"),
    "quality": ("quality.py", "nav.quality", "quality.title", ":material/fact_check:"),
}
page = st.navigation(
    [
        st.Page(_VIEWS / file, title=t(label), icon=icon, default=not path, **({"url_path": path} if path else {}))
        for path, (file, label, _title, icon) in _PAGES.items()
    ]
)
st.title(t(_PAGES[page.url_path][2]))
try:
    page.run()
except WarehouseNotPublished:  # also when the file vanished between the check and a query
    st.error(NO_WAREHOUSE.format(path=published_path()))
except duckdb.Error as exc:  # e.g. a snapshot from an older schema
    st.error(t("error.unreadable", detail=exc))

# After the page, never inside it: pages return early on errors, the footer still shows.
footer()
