"""The gate's Great Expectations runs are named for what they checked (never "__none__") in the Data Docs."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from sources.gate import suites


def test_validation_runs_are_named_by_suite_and_batch(tmp_path: Path) -> None:
    frame = pl.DataFrame({"indicator_code": ["coops_total"], "value": [10.0], "target": [None], "unit": ["HTX"]})
    suites.validate_many({"s1": frame, "s2": frame})
    suites.build_data_docs(tmp_path)
    runs = {p.parent.parent.name for p in tmp_path.rglob("validations/**/*.html")}
    assert runs and not any("__none__" in r for r in runs)
    assert any(r.endswith("_indicators_long_2") for r in runs)  # time, suite, submissions in the batch
    assert any(r.endswith("_indicators_cross_field_2") for r in runs)


def test_the_data_docs_load_nothing_from_the_internet(tmp_path: Path) -> None:
    """Every style, script and image a Data Docs page loads is a file beside it (vendored at install time)."""
    import re

    frame = pl.DataFrame({"indicator_code": ["coops_total"], "value": [-1.0], "target": [None], "unit": ["HTX"]})
    suites.validate_many({"s1": frame})
    index = suites.build_data_docs(tmp_path)
    pages = list(tmp_path.rglob("*.html"))
    assert index in pages and len(pages) >= 3
    for page in pages:
        html = page.read_text(encoding="utf-8")
        loaded = re.findall(r'<(?:script|img)[^>]*\\ssrc="([^"]+)"|<link[^>]*\\shref="([^"]+)"', html)
        for src, href in loaded:
            url = src or href
            assert not url.startswith(("http:", "https:", "//")), (page.name, url)
            assert (page.parent / url.split("?")[0]).resolve().exists(), (page.name, url)
    fonts = tmp_path / "static" / "vendor" / "fontawesome-free" / "webfonts"
    assert any(fonts.glob("*.woff2"))  # what all.min.css asks for, relative to itself
