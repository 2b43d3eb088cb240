"""Labels and number formatting for the explorer, Vietnamese first.

Every label lives here with its Vietnamese and English text, so a page never hard-codes
user-facing strings and the language switch in the sidebar changes them all at once.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import streamlit as st
import yaml

from apps.streamlit import state
from sources.core.periods import period_name
from sources.core.reference import REPORTERS
from sources.core.vn_text import format_number as vn_number

LANGS = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANG = "vi"

# Every label, Vietnamese and English side by side (key: {vi: ..., en: ...}): data, not code.
_LABELS: dict[str, dict[str, str]] = yaml.safe_load((Path(__file__).parent / "labels.yml").read_text(encoding="utf-8"))


# Shown in both languages at once: the reader may not have found the switch yet.
NO_WAREHOUSE = (
    "**Chưa có kho dữ liệu được công bố.** Hãy chạy `htx run` (hoặc `make demo` để tạo dữ liệu minh hoạ) "
    "rồi tải lại trang.\n\n"
    "**No published warehouse yet.** Run `htx run` (or `make demo` for demo data), then reload this page."
)


def lang() -> str:
    value = state.get("lang", DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def t(key: str, **kwargs: object) -> str:
    """The label in the current language; an unknown key shows itself so it gets noticed."""
    pair = _LABELS.get(key)
    if pair is None:
        return key
    text = pair[lang()]
    return text.format(**kwargs) if kwargs else text


def reporter_name(code: str) -> str:
    pair = REPORTERS.get(code)
    if pair is None:
        return code
    return pair[0] if lang() == "vi" else pair[1]


def period_label(code: str) -> str:
    """'2024-H1' -> '6 tháng đầu năm 2024 (2024-H1)'; unknown shapes show the bare code."""
    name = period_name(code, lang())
    return code if name == code else f"{name} ({code})"


def language_switch() -> None:
    """Sidebar radio; its label is bilingual so it never changes under the user."""
    state.choose(st.sidebar.radio, "lang", _LABELS["lang.switch"]["vi"], list(LANGS), format_func=LANGS.__getitem__)


def format_number(value: float | None, language: str | None = None, max_decimals: int = 2) -> str:
    """sources.core.vn_text.format_number in the page's language; '' for a missing value (callers decide how to
    say "not reported": it is never shown as 0)."""
    return vn_number(value, language or lang(), max_decimals, missing="")


def format_day(day: date, language: str | None = None) -> str:
    """A date as readers write it: 01/07/2025 (vi) or 2025-07-01 (en)."""
    return f"{day:%d/%m/%Y}" if (language or lang()) == "vi" else day.isoformat()
