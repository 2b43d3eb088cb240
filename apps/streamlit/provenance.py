"""The provenance footer every page ends with.

Demo snapshots mix synthetic figures with a few published anchor figures; a reader who
screenshots a chart must not mistake one for the other, so every page says so and names
the snapshot (with its modification time) the figures came from.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import streamlit as st

from apps.streamlit.i18n import lang, t
from sources.warehouse.reader import published_path

# Vietnam has no daylight saving time, so a fixed offset is exact (and needs no tz database).
VIETNAM_TZ = timezone(timedelta(hours=7))


def format_mtime(epoch_seconds: float, language: str | None = None) -> str:
    local = datetime.fromtimestamp(epoch_seconds, tz=UTC).astimezone(VIETNAM_TZ)
    if (language or lang()) == "vi":
        return local.strftime("%H:%M ngày %d/%m/%Y (giờ Việt Nam, UTC+7)")
    return local.strftime("%Y-%m-%d %H:%M (Vietnam time, UTC+7)")


def footer() -> None:
    st.divider()
    st.caption(t("footer.text"))
    path = published_path()
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        st.caption(t("footer.no_snapshot"))
        return
    st.caption(t("footer.snapshot", path=path, mtime=format_mtime(mtime)))
