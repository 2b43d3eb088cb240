"""The reader's choices: kept for the whole session, shared by every page, and mirrored in the URL.

Each choice (``lang``, ``indicator``, ``period``, ``reporter``, ``boundary``, ``province`` …) lives once in
``st.session_state["choice.<name>"]`` as a *code* (``coops_total``, ``2024-FY``, ``old:42``), never as a label:

- a widget gets its own key (``widget.<name>``); before it is drawn it is set from the choice, and its
  on_change copies the reader's pick back. So changing another control never resets it, and switching the
  language only changes how the same codes are labelled;
- a choice the options no longer contain (another indicator has no such period) falls back to the first
  option *and says so* on the page (``fallback_notes``), instead of silently showing something else;
- the first run of a session reads the URL's query parameters; every run writes the page's choices back, so
  the address bar is always a link to exactly this view.

Streamlit's own ``bind="query-params"`` is not used: it puts the *formatted label* in the URL (which
changes with the language) and drops values equal to the default (so a shared link would drift when a newer
period is published).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import streamlit as st

URL_KEYS = ("lang", "indicator", "period", "reporter", "boundary", "province", "region", "ptype")
_PREFIX = "choice."
_WIDGET = "widget."
_NOTES = "fallback_notes"
# Every code we put in a URL looks like this (coops_total, 2024-FY, old:42, lien_minh_htx); anything else is
# ignored, never stored or echoed (a link must not be able to put markdown or markup on the page).
_CODE = re.compile(r"[A-Za-z0-9_:.\-]{1,40}")


def init_from_url() -> None:
    """On the first run of a session: take the choices a shared link carries."""
    if st.session_state.get("_url_read"):
        return
    st.session_state["_url_read"] = True
    for name in URL_KEYS:
        value = st.query_params.get(name)
        if value and _CODE.fullmatch(value):
            st.session_state[_PREFIX + name] = value


def get(name: str, default: str | None = None) -> str | None:
    return st.session_state.get(_PREFIX + name, default)


def put(name: str, value: str | None) -> None:
    st.session_state[_PREFIX + name] = value


def _copy_back(name: str) -> None:
    put(name, st.session_state.get(_WIDGET + name))


def resolve(name: str, options: Sequence[str], default: str | None = None, *, label: Callable[[str], str]) -> str:
    """The chosen option if it is still offered, else ``default`` (or the first option) with a note."""
    chosen = get(name)
    if chosen in options:
        return chosen
    fallback = default if default in options else options[0]
    if chosen is not None:
        notes = st.session_state.setdefault(_NOTES, [])
        notes.append((name, chosen, fallback, label))
    put(name, fallback)
    return fallback


def choose(
    widget: Callable,
    name: str,
    label: str,
    options: Sequence[str],
    *,
    format_func: Callable[[str], str],
    default: str | None = None,
    **kwargs,
) -> str:
    """Draw ``widget`` (st.selectbox, st.radio, or a container's) for choice ``name``; return the chosen code."""
    options = list(options)
    value = resolve(name, options, default, label=format_func)
    st.session_state[_WIDGET + name] = value
    labels = {o: format_func(o) for o in options}  # fixed now: Streamlit may call it outside the run
    widget(
        label,
        options,
        format_func=labels.__getitem__,
        key=_WIDGET + name,
        on_change=_copy_back,
        args=(name,),
        **kwargs,
    )
    return value


def take_fallback_notes() -> list[tuple[str, str, str, Callable[[str], str]]]:
    """Choices that fell back during this run (name, asked, shown, labeller); cleared once taken."""
    return st.session_state.pop(_NOTES, [])


def write_url(names: Sequence[str]) -> None:
    """Mirror ``lang`` and the page's choices into the address bar (without a rerun)."""
    wanted = {n: get(n) for n in ("lang", *names) if get(n) is not None}
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)
