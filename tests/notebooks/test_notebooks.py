"""The analysts' marimo notebooks run headless on the national demo warehouse and say what the warehouse says.

Each notebook is exported for real (`marimo export html`, a subprocess with ``HTX_HOME`` set, as an analyst
would run it); the export exits non-zero when any cell raises. The session stored in the HTML holds every
cell's output: no cell may end in an error, and the charts and headlines must match figures computed here
with plain SQL (for the national trend and the OCOP mix, from other tables than the notebooks read).
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
MARIMO = Path(sys.executable).parent / "marimo"
REPORTER = "lien_minh_htx"

# (notebook, arguments after `--`): every notebook with its defaults, plus the OCOP one on the first year
# of the 34 units (inferred regions, units that did not report).
RUNS = {
    "cooperatives_growth": ("cooperatives_growth", ()),
    "ocop_stars": ("ocop_stars", ()),
    "ocop_stars_2025": ("ocop_stars", ("--period", "2025-FY")),
    "reporting_completeness": ("reporting_completeness", ()),
}


@dataclass
class Export:
    """One headless run: the process and what its HTML export holds."""

    done: subprocess.CompletedProcess
    cells: list[dict]

    @property
    def errors(self) -> list[tuple[str, dict]]:
        return [(c["id"], o) for c in self.cells for o in c["outputs"] if o["type"] == "error"]

    def _html_outputs(self) -> list[str]:
        return [v for c in self.cells for o in c["outputs"] if o["type"] == "data" for v in o["data"].values()]

    @property
    def figures(self) -> list[dict]:
        """Every plotly figure shown, as plotly's JSON."""
        found = []
        for out in self._html_outputs():
            found += [
                json.loads(html.unescape(f)) for f in re.findall(r"<marimo-plotly[^>]*data-figure='([^']*)'", out)
            ]
        return found

    def figure(self, title_part: str) -> dict:
        matching = [f for f in self.figures if title_part in f["layout"]["title"]["text"]]
        assert len(matching) == 1, f"{len(matching)} figures titled {title_part!r}"
        return matching[0]

    @property
    def text(self) -> str:
        """The text a reader sees (markdown, callouts), tags and escaping removed, whitespace collapsed."""
        text = re.sub(r"\s+", " ", " ".join(visible_text(out) for out in self._html_outputs()))
        return re.sub(r"\( ", "(", re.sub(r" ([,.;:)])", r"\1", text))  # no gap where an inline tag was


def visible_text(fragment: str) -> str:
    """Text of an HTML output; a callout carries its own HTML as a JSON string in a `data-html` attribute."""
    nested = [visible_text(json.loads(html.unescape(inner))) for inner in re.findall(r"data-html='([^']*)'", fragment)]
    return " ".join([html.unescape(re.sub(r"<[^>]+>", " ", fragment)), *nested])


def export(notebook: str, htx_home: Path, out: Path, args: tuple[str, ...] = ()) -> Export:
    command = [str(MARIMO), "export", "html", str(NOTEBOOKS / f"{notebook}.py"), "-o", str(out), "--force"]
    command += ["--no-sandbox", *(["--", *args] if args else [])]
    # marimo also saves the session next to the notebook (notebooks/__marimo__/) unless Python's cache prefix is set.
    env = {**os.environ, "HTX_HOME": str(htx_home), "PYTHONPYCACHEPREFIX": str(out.parent / f"cache-{out.stem}")}
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    cells = []
    if out.exists():
        page = out.read_text(encoding="utf-8")
        start = page.index('"session": ') + len('"session": ')
        cells = json.JSONDecoder().raw_decode(page, start)[0]["cells"]
    return Export(done, cells)


@pytest.fixture(scope="module")
def exports(national_home, tmp_path_factory) -> dict[str, Export]:
    """All runs on the national demo warehouse, side by side (each one is a separate marimo process)."""
    out = tmp_path_factory.mktemp("notebooks")
    with ThreadPoolExecutor(max_workers=len(RUNS)) as pool:
        futures = {
            key: pool.submit(export, notebook, national_home.root, out / f"{key}.html", args)
            for key, (notebook, args) in RUNS.items()
        }
        return {key: future.result() for key, future in futures.items()}


@pytest.fixture(scope="module")
def sql(national_home):
    con = duckdb.connect(str(national_home.published_db), read_only=True)
    yield lambda query, params=None: con.execute(query, params).fetchall()
    con.close()


def pct(x: float, sign: str = "") -> str:
    """As the notebooks print shares: Vietnamese decimal comma."""
    return f"{x * 100:{sign}.1f} %".replace(".", ",")


def num(x: float) -> str:
    return f"{x:,.0f}".replace(",", ".")


@pytest.mark.parametrize("run", list(RUNS))
def test_notebook_runs_headless_without_errors_and_says_the_data_is_synthetic(exports, sql, run):
    result = exports[run]
    assert result.done.returncode == 0, f"{result.done.stdout}\n{result.done.stderr}"
    assert result.cells, "the export holds no session"
    assert result.errors == [], "cells failed or were stopped"
    assert result.figures, "no chart"
    for figure in result.figures:
        assert any(trace.get("x") or trace.get("y") for trace in figure["data"]), "an empty chart"
    # The provenance warning with the warehouse's own counts of published and synthetic values.
    counts = dict(sql("select provenance, count(*) from marts.fct_indicator_values group by provenance"))
    assert counts["published"] > 0 and counts["synthetic"] > 0
    assert "synthetic, not real" in result.text
    assert re.search(rf"published {re.escape(num(counts['published']))} ", result.text)
    assert re.search(rf"synthetic {re.escape(num(counts['synthetic']))} ", result.text)


def test_growth_ranks_the_34_units_by_growth_between_2021_and_2024(exports, sql):
    result = exports["cooperatives_growth"]
    # Complete roll-ups only; the same figures as the sum of the old provinces' own reports (checked below).
    expected = sql(
        """
        select p.name_vi, l.value / b.value - 1 as growth, b.value, l.value
        from marts.fct_indicator_values_new34 b
        join marts.fct_indicator_values_new34 l using (province_key, reporter, indicator_code)
        join marts.dim_province p using (province_key)
        where b.reporter = ? and b.indicator_code = 'coops_total'
          and b.period_code = '2021-FY' and l.period_code = '2024-FY' and b.is_complete and l.is_complete
        order by growth desc
        """,
        [REPORTER],
    )
    assert len(expected) == 34
    chart = result.figure("2021-FY → 2024-FY")
    (bars,) = chart["data"]
    shown = dict(zip(bars["y"], bars["x"], strict=True))
    assert len(shown) == len(expected)
    for name, growth, _, _ in expected:
        assert shown[name] == pytest.approx(growth * 100, abs=0.006), name
    assert bars["y"][-1] == expected[0][0], "the fastest-growing unit is not on top"
    top, _, before, after = expected[0]
    assert f"Fastest growth: {top} {pct(expected[0][1], '+')} ({num(before)} → {num(after)} HTX)" in result.text


def test_growth_national_trend_equals_the_provinces_own_reports(exports, sql):
    """Years where all 34 units are complete: the total is what the 63 old provinces reported, added up."""
    chart = exports["cooperatives_growth"].figure("nationwide")
    complete = next(t for t in chart["data"] if t.get("name", "").startswith("Đủ 34"))
    assert {"2021-FY", "2022-FY", "2023-FY", "2024-FY"} <= set(complete["x"])
    as_reported = dict(
        sql(
            """
            select period_code, sum(value) from marts.fct_indicator_values
            where reporter = ? and indicator_code = 'coops_total' and period_type = 'FY'
            group by period_code
            """,
            [REPORTER],
        )
    )
    for period, total in zip(complete["x"], complete["y"], strict=True):
        assert total == pytest.approx(as_reported[period]), period


@pytest.mark.parametrize(("run", "period"), [("ocop_stars", "2024-FY"), ("ocop_stars_2025", "2025-FY")])
def test_ocop_stars_mix_by_region_matches_the_derived_shares(exports, sql, run, period):
    result = exports[run]
    # fct_derived_measures: each province's star counts over its rated total, summed here per region.
    rows = sql(
        """
        select coalesce(p.region_name_vi, 'Cả nước / Whole country') as region, d.measure_code,
               sum(d.numerator) / sum(d.denominator) as share, count(*) as n_provinces
        from marts.fct_derived_measures d
        join marts.dim_province p using (province_key)
        where d.boundary = 'as_reported' and d.reporter = ? and d.period_code = ?
          and d.measure_code in ('ocop_3_star_share', 'ocop_4_star_share', 'ocop_5_star_share')
        group by grouping sets ((p.region_name_vi, d.measure_code), (d.measure_code))
        """,
        [REPORTER, period],
    )
    expected = {(region, measure.split("_")[1]): share for region, measure, share, _ in rows}
    n_national = next(n for region, measure, _, n in rows if region.startswith("Cả nước") and "_3_" in measure)
    chart = result.figure(f"OCOP products by star rating, {period}")
    assert [t["name"] for t in chart["data"]] == ["3 sao / 3★", "4 sao / 4★", "5 sao / 5★"]
    assert chart["data"][0]["y"][-1] == "Cả nước / Whole country", "the national bar is not on top"
    assert len(chart["data"][0]["y"]) == len(expected) / 3 >= 7  # six regions and the whole country
    for trace in chart["data"]:
        stars = trace["name"][0]
        for region, share in zip(trace["y"], trace["x"], strict=True):
            assert share == pytest.approx(expected[(region, stars)] * 100, abs=0.006), (region, stars)
    national = {stars: expected[("Cả nước / Whole country", stars)] for stars in "345"}
    assert f"3★ {pct(national['3'])}, 4★ {pct(national['4'])}, 5★ {pct(national['5'])}" in result.text
    n_existing = 63 if period == "2024-FY" else 34
    assert f"({n_national} / {n_existing} tỉnh báo cáo đủ" in result.text
    assert ("inferred" in result.text) == (period == "2025-FY")


def test_reporting_completeness_counts_each_status_per_period(exports, sql):
    result = exports["reporting_completeness"]
    rows = sql(
        """
        select period_code, status, count(*) from marts.fct_reporting_completeness
        where reporter = ? and expected
        group by period_code, status
        """,
        [REPORTER],
    )
    expected = {(period, status): n for period, status, n in rows}
    assert {status for _, status in expected} >= {"on_time", "late", "missing"}
    chart = result.figure("Provincial alliance reports per period")
    labels = {
        "Đúng hạn": "on_time",
        "Trễ hạn": "late",
        "Chưa gửi": "missing",
        "Bị từ chối": "quarantined",
        "Chưa đến hạn": "not_due",
    }
    bars = {labels[t["name"].split(" / ")[0]]: t for t in chart["data"] if t["type"] == "bar"}
    assert {"on_time", "late", "missing"} <= set(bars)
    periods = {period for period, _ in expected}
    for status, trace in bars.items():
        assert set(trace["x"]) == periods
        for period, n in zip(trace["x"], trace["y"], strict=True):
            assert n == expected.get((period, status), 0), (period, status)
    # The headline names the latest period whose reports are due, with its on-time count.
    ((latest, on_time, due),) = sql(
        """
        select r.period_code, count(*) filter (where r.status = 'on_time'), count(*)
        from marts.fct_reporting_completeness r join marts.dim_period d using (period_code)
        where r.reporter = ? and r.expected and r.status <> 'not_due'
        group by r.period_code, d.end_date
        order by d.end_date desc
        limit 1
        """,
        [REPORTER],
    )
    assert f"Latest period due: {latest} — đúng hạn / on time {on_time} / {due}" in result.text


@pytest.mark.parametrize("notebook", sorted({notebook for notebook, _ in RUNS.values()}))
def test_without_a_warehouse_the_notebook_says_so_instead_of_failing(tmp_path, notebook):
    empty_home = tmp_path / "htx_home"
    empty_home.mkdir()
    result = export(notebook, empty_home, tmp_path / "out.html")
    assert result.done.returncode == 0, result.done.stderr
    assert "No published warehouse" in result.text
    assert result.figures == []
    # Everything after the check is skipped, not failed.
    assert {o.get("ename") for _, o in result.errors} == {"ancestor-stopped"}


def test_a_failing_cell_fails_the_export(tmp_path):
    """What the checks above rely on: `marimo export html` exits non-zero when a cell raises."""
    broken = tmp_path / "broken.py"
    broken.write_text(
        "import marimo\n\napp = marimo.App()\n\n\n@app.cell\ndef _():\n    1 / 0\n    return\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [str(MARIMO), "export", "html", str(broken), "-o", str(tmp_path / "b.html"), "--force", "--no-sandbox"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode != 0
    assert "ZeroDivisionError" in done.stdout + done.stderr or "division by zero" in done.stdout + done.stderr
