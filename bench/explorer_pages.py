"""How fast the explorer's pages answer: p95 of each page's queries at 1× and 10× the national demo, and the time
of each page's first run (the script Streamlit executes before the browser can paint), cold.

    .venv/bin/python bench/explorer_pages.py --home HTX_HOME   # an HTX_HOME where `htx generate && htx run` ran
    .venv/bin/python bench/explorer_pages.py                    # builds one first (≈ 2–3 min)

10× is the published file with every fact table's rows repeated ten times under nine more reporter codes
(``lien_minh_htx_x1`` …): the queries scan ten times the rows while the page shows the same reporter. Nothing in
the repository is written; the copies live in a temp dir.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sources.warehouse.snapshot import CONTRACT_TABLES  # noqa: E402  (after the path is set)


def _scale(src: Path, dst: Path, factor: int) -> None:
    shutil.copyfile(src, dst)
    with duckdb.connect(str(dst)) as con:
        for table in CONTRACT_TABLES:  # every fact with a reporter column
            cols = [r[0] for r in con.execute(f"describe marts.{table}").fetchall()]
            if "reporter" not in cols:
                continue
            select = ", ".join(f"c.{c} || '_x' || n.i" if c == "reporter" else f"c.{c}" for c in cols)
            con.execute(f"insert into marts.{table} select {select} from marts.{table} c, range(1, {factor}) n(i)")


def _page_queries(snap):
    """Per page, the queries its first view runs (the functions behind Streamlit's cache)."""
    from apps.streamlit import data
    from apps.streamlit.data import compare, ocop, overview, profile, quality

    def raw(fn):
        return getattr(fn, "__wrapped__", fn)

    latest = raw(overview.latest_periods)(snap)
    fy = latest.get("FY", "2024-FY")
    members = ("new:42", "old:42")
    return {
        "overview": [
            lambda: raw(overview.latest_periods)(snap),
            lambda: raw(overview.national)(snap, fy),
            lambda: raw(overview.national)(snap, latest.get("H1", fy)),
            lambda: raw(compare.ranking_new34)(snap, "coops_total", fy, "lien_minh_htx"),
            lambda: raw(overview.reporting_status)(snap, fy),
            lambda: raw(overview.files_since)(snap, None),
            lambda: raw(data.provenance_counts)(snap),
        ],
        "compare": [
            lambda: raw(data.indicators)(snap),
            lambda: raw(data.periods)(snap, "coops_total"),
            lambda: raw(data.reporters)(snap, "coops_total", "2024-FY", "old63"),
            lambda: raw(compare.ranking)(snap, "coops_total", "2024-FY", "lien_minh_htx", "old63"),
            lambda: raw(compare.ranking_new34)(snap, "coops_total", "2024-FY", "lien_minh_htx"),
            lambda: raw(compare.outside_set)(snap, "coops_total", "2024-FY", "lien_minh_htx", "old63"),
        ],
        "profile": [
            lambda: raw(data.provinces)(snap),
            lambda: raw(profile.series)(snap, "new:42", "new34", "FY"),
            lambda: raw(profile.benchmarks)(snap, "new34", "BTB", "FY", "lien_minh_htx"),
            lambda: raw(profile.predecessors)(snap, "new:42", "coops_total", "FY", "lien_minh_htx"),
            lambda: raw(profile.latest_list_period)(snap, members, "fct_cooperative_snapshot"),
            lambda: raw(profile.cooperatives_by)(snap, members, "2024-FY", "sector"),
            lambda: raw(profile.ocop_mix)(snap, members, "2024-FY"),
            lambda: raw(profile.reporting_history)(snap, members),
        ],
        "ocop": [
            lambda: raw(ocop.periods)(snap),
            lambda: raw(ocop.stars_by_province)(snap, fy, "lien_minh_htx"),
            lambda: raw(ocop.stars_over_time)(snap, "FY", "lien_minh_htx"),
            lambda: raw(ocop.products)(snap, fy, None, None, None),
            lambda: raw(ocop.product_count)(snap, fy, None, None, None),
        ],
        "quality": [
            lambda: raw(quality.completeness)(snap, "lien_minh_htx", "FY"),
            lambda: raw(quality.submission_periods)(snap),
            lambda: raw(quality.quality_by_province)(snap, None),
            lambda: raw(quality.quality_issues)(snap, None, "error"),
            lambda: raw(quality.issue_counts)(snap, None),
            lambda: raw(quality.flagged_values)(snap, None),
        ],
    }


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) >= 20 else max(samples)


def _measure_queries(db: Path, repeat: int) -> dict[str, dict[str, float]]:
    from apps.streamlit.data import Snapshot

    stat = db.stat()
    snap = Snapshot(str(db), stat.st_mtime_ns, stat.st_ino)
    results = {}
    for page, queries in _page_queries(snap).items():
        per_query = [[] for _ in queries]
        for _ in range(repeat):
            for n, run in enumerate(queries):
                start = time.perf_counter()
                run()
                per_query[n].append(time.perf_counter() - start)
        results[page] = {
            "worst_query_p95_ms": max(_p95(s) for s in per_query) * 1000,
            "page_p95_ms": _p95([sum(r) for r in zip(*per_query, strict=True)]) * 1000,
        }
    return results


def _first_runs(home: Path) -> dict[str, float]:
    """Each page's first script run in a fresh AppTest session, caches cleared (cold)."""
    import streamlit as st
    from streamlit import logger
    from streamlit.testing.v1 import AppTest

    logger.set_log_level("error")  # AppTest outside a server warns about a missing run context on every call

    os.environ["HTX_HOME"] = str(home)
    times = {}
    for page in ("overview", "compare", "profile", "ocop", "quality", "about"):
        st.cache_data.clear()
        at = AppTest.from_file(str(REPO / "apps" / "streamlit" / "app.py"), default_timeout=120)
        at.switch_page(f"views/{page}.py")
        start = time.perf_counter()
        at.run()
        times[page] = time.perf_counter() - start
        assert not at.exception, at.exception
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--home", type=Path, help="an HTX_HOME with a published national demo warehouse")
    parser.add_argument("--repeat", type=int, default=40, help="runs of each query (default 40)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home
        if home is None:
            home = Path(tmp) / "home"
            htx = str(Path(sys.executable).parent / "htx")
            env = {**os.environ, "HTX_HOME": str(home)}
            for step in ("generate", "run"):
                subprocess.run([htx, step], env=env, check=True, stdout=subprocess.DEVNULL)
        published = home / "warehouse" / "htx.duckdb"
        ten = Path(tmp) / "x10.duckdb"
        _scale(published, ten, 10)
        print("first run of each page (AppTest, cold cache, 1×), seconds:")
        first_ever = _first_runs(home)  # the first page also pays the imports: run twice, report the second
        for page, seconds in _first_runs(home).items():
            print(f"  {page:9s} {seconds:6.2f}  (first ever: {first_ever[page]:.2f})")
        for label, db in (("1×", published), ("10×", ten)):
            print(f"queries at {label} ({db.stat().st_size / 1e6:.0f} MB), p95 over {args.repeat} runs, ms:")
            for page, found in _measure_queries(db, args.repeat).items():
                print(f"  {page:9s} page {found['page_p95_ms']:7.1f}   worst query {found['worst_query_p95_ms']:6.1f}")


if __name__ == "__main__":
    main()
