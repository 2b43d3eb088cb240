"""Entry point of the explorer: ``streamlit run apps/streamlit/app.py``.

Holds what every page shares — page config, the language switch, navigation and the
provenance footer — so a new page is one file plus one ``st.Page`` line below.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from apps.streamlit.i18n import language_switch, t
from apps.streamlit.provenance import footer

st.set_page_config(page_title="htx-warehouse", layout="wide")

# Before navigation, so page titles in the menu follow the chosen language.
language_switch()

# Not "pages/": Streamlit treats a folder of that name as a legacy multipage app and may then
# run a page file alone, skipping this entrypoint (no language switch, no footer).
_VIEWS = Path(__file__).parent / "views"
page = st.navigation(
    [
        st.Page(_VIEWS / "ranking.py", title=t("nav.ranking"), icon=":material/leaderboard:", default=True),
        st.Page(_VIEWS / "trend.py", title=t("nav.trend"), icon=":material/show_chart:", url_path="trend"),
        st.Page(_VIEWS / "quality.py", title=t("nav.quality"), icon=":material/fact_check:", url_path="quality"),
    ]
)
page.run()

# After the page, never inside it: pages return early on errors, the footer still shows.
footer()
