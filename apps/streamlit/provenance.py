"""What every page says about where its figures come from: a banner when any are synthetic, notes on choices
that fell back, and a footer naming the snapshot (its publish time — never a path on the server).

Demo snapshots mix synthetic figures with a few published anchor figures; a reader who screenshots a chart
must not mistake one for the other.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import duckdb
import streamlit as st

from apps.streamlit import data, state
from apps.streamlit.i18n import format_day, lang, t
from sources.core.vn_text import format_number

# Vietnam has no daylight saving time, so a fixed offset is exact (and needs no tz database).
VIETNAM_TZ = timezone(timedelta(hours=7))


def format_time(moment: datetime | float, language: str | None = None) -> str:
    if not isinstance(moment, datetime):
        moment = datetime.fromtimestamp(moment, tz=UTC)
    local = moment.astimezone(VIETNAM_TZ)
    if (language or lang()) == "vi":
        return local.strftime("%H:%M ngày %d/%m/%Y (giờ Việt Nam)")
    return local.strftime("%Y-%m-%d %H:%M (Vietnam time)")


def published_at(snap: data.Snapshot) -> datetime:
    """When the snapshot was published (the record inside it; the file's time for older files)."""
    stamp = data.publication(snap).get("published_at")
    return datetime.fromisoformat(stamp) if stamp else datetime.fromtimestamp(snap.mtime_ns / 1e9, tz=UTC)


def synthetic_banner(snap: data.Snapshot) -> None:
    counts = data.provenance_counts(snap)
    synthetic = counts.get("synthetic", 0)
    if synthetic:
        share = synthetic / max(sum(counts.values()), 1)
        st.warning(t("banner.synthetic", share=format_number(share * 100, lang(), 1)), icon=":material/science:")


def overdue_banner(snap: data.Snapshot) -> None:
    """Say so when a reporting deadline passed after this snapshot was published (the daily rebuild did not run)."""
    published = published_at(snap)
    due = data.deadline_passed_since_publish(snap, published.astimezone(VIETNAM_TZ).date())
    if due is not None:
        st.warning(t("banner.overdue", due=format_day(due), time=format_time(published)), icon=":material/schedule:")


def fallback_notes() -> None:
    """Say which choice could not be kept (e.g. the period does not exist for the new indicator) and what is shown."""
    for name, asked, shown, label in state.take_fallback_notes():
        st.info(t("fallback.note", what=t(f"choice.{name}"), asked=asked, shown=label(shown)), icon=":material/undo:")


def footer() -> None:
    st.divider()
    st.caption(t("footer.text"))
    snap = data.snapshot()
    if snap is None:
        st.caption(t("footer.no_snapshot"))
        return
    try:
        st.caption(t("footer.snapshot", time=format_time(published_at(snap))))
    except duckdb.Error:  # an unreadable file: the page above already said so
        return
