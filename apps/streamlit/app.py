"""Entry point of the explorer: ``streamlit run apps/streamlit/app.py``.

Holds what every page shares — page config, the reader's choices (from the URL at first, back into the URL
after every run), the language switch, navigation, the title, the synthetic-data banner, notes on choices
that had to fall back, what to say when no snapshot is published or it cannot be read, and the provenance
footer — so a new page is one file in views/ (that only renders data) plus one line in ``PAGES``.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import streamlit as st

from apps.streamlit import data, state
from apps.streamlit.i18n import NO_WAREHOUSE, language_switch, t
from apps.streamlit.provenance import fallback_notes, footer, overdue_banner, synthetic_banner
from sources.warehouse.reader import WarehouseNotPublished

# An emoji, not a :material: icon: the favicon of a material icon is fetched from fonts.gstatic.com (offline: none).
st.set_page_config(page_title="htx-warehouse", page_icon="🌾", layout="wide")
state.init_from_url()
language_switch()  # before navigation, so page titles in the menu follow the chosen language

# Not "pages/": Streamlit treats a folder of that name as a legacy multipage app and may then
# run a page file alone, skipping this entrypoint (no language switch, no footer).
VIEWS = Path(__file__).parent / "views"
# url path → (menu label and title key, icon, the choices its URL carries)
PAGES = {
    "overview": ("nav.overview", ":material/dashboard:", ()),
    "compare": ("nav.compare", ":material/leaderboard:", ("indicator", "period", "reporter", "boundary", "region")),
    "profile": ("nav.profile", ":material/location_city:", ("province", "indicator", "ptype", "reporter")),
    "ocop": ("nav.ocop", ":material/star:", ("period", "reporter", "province")),
    "quality": ("nav.quality", ":material/fact_check:", ("period", "reporter", "ptype")),
    "about": ("nav.about", ":material/info:", ()),
}


def _landing() -> None:
    """``/`` opens the overview at its own address (``/overview``), so every view has one shareable URL."""
    st.switch_page(VIEWS / "overview.py")


page = st.navigation(
    [
        st.Page(_landing, title=t("nav.overview"), url_path="start", default=True, visibility="hidden"),
        *(
            st.Page(VIEWS / f"{path}.py", title=t(label), icon=icon, url_path=path)
            for path, (label, icon, _keys) in PAGES.items()
        ),
    ]
)
if page.url_path not in PAGES:
    page.run()  # the landing page: moves on to the overview
path = page.url_path
st.title(t(f"{PAGES[path][0]}.title"))
banner, notes = st.container(), st.container()
try:
    snap = data.current_snapshot()
    with banner:
        synthetic_banner(snap)
        overdue_banner(snap)
    page.run()
except WarehouseNotPublished:  # also when the file vanished between the check and a query
    st.error(NO_WAREHOUSE)
except duckdb.Error as exc:  # e.g. a snapshot from an older schema
    st.error(t("error.unreadable", detail=exc))
with notes:
    fallback_notes()
state.write_url(PAGES[path][2])
footer()  # after the page, never inside it: pages return early on errors, the footer still shows
