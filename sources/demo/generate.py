"""`htx generate`: the national demo set, every province 2019-H1 … 2026-H1, as provinces would send it.

Deterministic: the same seed and scale give the same files, byte for byte. Values are synthetic except the
province-level rows of anchor_facts.csv, which are reproduced exactly and marked `published` with their
source. The manifest beside the folder (`manifest_path`) records what was meant: which province-periods are
missing, late, resubmitted or bad.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import date, timedelta
from functools import cache
from multiprocessing import get_context
from pathlib import Path

from sources.core.contract import sheet_title
from sources.core.reference import REPORTERS, indicators, report_deadline
from sources.core.vn_text import format_vi
from sources.demo.bad_files import write_corpus
from sources.demo.files import cooperative_header, info_rows, ocop_header, write_csv, write_xlsx
from sources.demo.national import old_provinces, rng
from sources.demo.registers import Register, ocop_rows
from sources.demo.values import (
    MERGER_YEAR,
    anchor_sources,
    anchors,
    new_unit_values,
    old_province_values,
    reconcile,
)
from sources.parse.cell_reading import read_indicator_cell

PERIODS = [f"{y}-{t}" for y in range(2019, 2027) for t in ("H1", "FY") if (y, t) != (2026, "FY")]
SECOND_REPORTER_PROVINCES = ("01", "22", "42", "79")
CALIBRATION_PERIODS = {"2021-FY", "2022-FY", "2023-FY", "2024-FY"}  # never missing: national totals are checked
RATES = {
    "missing": 0.07,
    "csv": 0.08,
    "ascii": 0.10,
    "text_numbers": 0.15,
    "late": 0.10,
    "resubmitted": 0.03,
    "null_value": 0.03,
    "estimate_first": 0.05,
    "estimate_only": 0.25,
}
# Year-end estimates (số ước tính), sent in December before the year ends: for ~5 % of full-year reports the
# official report follows in January and supersedes it; for ~25 % of the latest full year (sent before
# the demo was made) the estimate is still all there is, so the explorer shows estimates beside official figures.
LATEST_FY = max(p for p in PERIODS if p.endswith("FY"))
LIST_MISMATCH = ("20", "2022-FY")  # this list leaves out cooperatives on purpose: a warning, not an error


def generate(out: Path, seed: int = 2024, scale: int = 1, progress: Callable[[int, int], None] | None = None) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    state = _prepare(seed)
    jobs, files = state["jobs"], []
    # Writing ~900 workbooks is the slow part: share it between the cores. Each worker rebuilds the same
    # deterministic state (forking a process that runs Polars threads can deadlock, so workers are spawned).
    with ProcessPoolExecutor(
        max_workers=os.cpu_count() or 1,
        mp_context=get_context("spawn"),
        initializer=_init_worker,
        initargs=(out, seed, scale),
    ) as pool:
        results = [pool.submit(_write_job, n) for n in range(len(jobs))]
        for done, _ in enumerate(as_completed(results)):
            if progress:
                progress(done + 1, len(jobs))
    for future in results:
        files += future.result()
    # The manifest lives beside the folder, not in it: everything in an inbox is received as a submission.
    bad = write_corpus(out / "khong_hop_le")
    files += [{"file": f"khong_hop_le/{name}", "intended": "quarantined", "error_code": code} for name, code, _ in bad]
    manifest = {
        "seed": seed,
        "scale": scale,
        "periods": PERIODS,
        "files": files,
        "missing": state["missing"],
        "note": "Synthetic demo data except values marked 'published' (anchor_facts.csv).",
    }
    manifest_path(out).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, default=str))
    return manifest


def manifest_path(out: Path) -> Path:
    """`<folder>.manifest.json` next to the generated folder (for the inbox: `$HTX_HOME/inbox.manifest.json`)."""
    return out.parent / f"{out.name}.manifest.json"


def _prepare(seed: int) -> dict:
    """Everything the files are written from: values, registers, and the plan of who sends what."""
    old = old_province_values(seed)
    new = new_unit_values(old)
    published = anchors()
    members: dict[str, list[str]] = {}
    for p in old_provinces():
        members.setdefault(p.new_code, []).append(p.code)
    # Keyed by (merged?, code): old 15 is Yên Bái, new 15 is Lào Cai.
    names = {(False, p.code): p.name for p in old_provinces()} | {
        (True, p.new_code): p.new_name for p in old_provinces()
    }
    jobs, missing = [], []
    for period in PERIODS:
        year, ptype = int(period[:4]), period[5:]
        merged = year > MERGER_YEAR or (year == MERGER_YEAR and ptype == "FY")
        units = sorted(members) if merged else sorted(p.code for p in old_provinces())
        for code in units:
            values = (new if merged else old)[(code, period)]
            is_anchored = any(k[0] == code and k[1] == period for k in published) and not merged
            r = rng(seed, "mess", code, period)
            if not is_anchored and period not in CALIBRATION_PERIODS and r.random() < RATES["missing"]:
                missing.append({"province_key": f"{'new' if merged else 'old'}:{code}", "period_code": period})
                continue
            jobs.append((code, period, "lien_minh_htx", values, merged, r))
            if ptype == "FY" and code in SECOND_REPORTER_PROVINCES:
                other = "so_tai_chinh" if merged else "so_ke_hoach_dau_tu"
                jobs.append((code, period, other, values, merged, rng(seed, "other", code, period)))
    jobs.append(("22", "2024-FY", "lien_minh_htx_vn", dict(old[("22", "2024-FY")]), False, rng(seed, "vn", "22")))
    return {
        "old": old,
        "published": published,
        "members": members,
        "names": names,
        "jobs": jobs,
        "missing": missing,
        "registers": _registers(seed, old),
    }


_STATE: dict = {}


def _init_worker(out: Path, seed: int, scale: int) -> None:
    _STATE.update(_prepare(seed), out=out, seed=seed, scale=scale)


def _write_job(n: int) -> list[dict]:
    st = _STATE
    code, period, reporter, values, merged, r = st["jobs"][n]
    name = st["names"][(merged, code)]
    return _write_submission(
        st["out"],
        st["seed"],
        st["scale"],
        code,
        name,
        period,
        reporter,
        values,
        merged,
        r,
        st["published"],
        st["registers"],
        st["members"],
    )


def _registers(seed: int, old: dict) -> dict[str, Register]:
    registers = {}
    for p in old_provinces():
        first = old[(p.code, "2019-FY")]
        register = Register(seed, p.code, int(first["coops_total"] - first["coops_new"] + first["coops_dissolved"]))
        for year in range(2019, MERGER_YEAR + 1):
            v = old[(p.code, f"{year}-FY")]
            register.advance(year, int(v["coops_new"]), int(v["coops_dissolved"]))
        registers[p.code] = register
    return registers


def _write_submission(
    out, seed, scale, code, name, period, reporter, values, merged, r, published, registers, members
) -> list[dict]:
    year, ptype = int(period[:4]), period[5:]
    end = date(year, 12, 31) if ptype == "FY" else date(year, 6, 30)
    deadline = report_deadline("lien_minh_htx", ptype, end)  # other reporters keep the alliance's rhythm
    late = r.random() < RATES["late"]
    submitted = deadline + timedelta(days=r.randint(5, 60)) if late else deadline - timedelta(days=r.randint(0, 25))
    as_csv, ascii_only = r.random() < RATES["csv"], r.random() < RATES["ascii"]
    text_numbers = r.random() < RATES["text_numbers"]
    resubmitted = r.random() < RATES["resubmitted"] and reporter == "lien_minh_htx"
    facts = (
        {}
        if merged
        else {i: v for (c, p, rep, i), v in published.items() if c == code and p == period and rep == reporter}
    )
    sources = (
        {}
        if merged
        else {
            i: src for (c, p, rep, i), src in anchor_sources().items() if c == code and p == period and rep == reporter
        }
    )
    if reporter not in ("lien_minh_htx", "lien_minh_htx_vn"):  # another office counts a little differently
        sums = {i["code"] for i in indicators().iter_rows(named=True) if i["aggregation"] == "sum"}
        values = {
            k: (v * rng(seed, "disagree", code, period, k).uniform(0.92, 1.08) if v is not None else None)
            for k, v in values.items()
        }
        values = {k: round(v) if k in sums and v is not None else v for k, v in values.items()}
        reconcile(values)
    if reporter == "lien_minh_htx_vn":
        values = {"coops_total": values["coops_total"], "coops_new": values["coops_new"]}
    estimate = _estimate_plan(seed, code, period, reporter) if not (resubmitted or facts) else None
    rows = _indicator_rows(seed, code, period, values, facts, sources, text_numbers, scale, r)
    key = f"{'new' if merged else 'old'}:{code}"
    slug = f"{code}_{period}_{reporter}"
    province_text = r.choice([name, f"Tỉnh {name}", code]) if not ascii_only else name.upper()
    reporter_vi = REPORTERS[reporter][0]
    written = []
    versions = [("", submitted, rows)]
    if resubmitted:  # a first version with a wrong total, corrected two weeks later
        wrong = [list(row) for row in rows]
        wrong[0][1] = round(float(str(wrong[0][1]).replace(".", "").replace(",", ".")) * 1.1)
        first = max(submitted - timedelta(days=14), end + timedelta(days=1))  # never before the period ended
        versions = [("_lan1", first, wrong), ("_lan2", submitted, rows)]
    if estimate:  # the December estimate: close to the final figures, marked as an estimate
        day = date(year, 12, rng(seed, "estimate_day", code, period).randint(5, 20))
        guess = _estimated_rows(seed, code, period, rows) if estimate == "estimate_first" else rows
        versions = [("_uoc", day, guess)] + (versions if estimate == "estimate_first" else [])
    for suffix, day, version_rows in versions:
        if as_csv and not facts and suffix != "_uoc":
            path = out / period / f"{slug}{suffix}.csv"
            encoding, delimiter = r.choice([("utf-8-sig", ";"), ("cp1258", ";"), ("utf-16", ","), ("utf-8", ",")])
            write_csv(path, province_text, period, reporter_vi, day, version_rows, encoding, delimiter)
        else:
            path = out / period / f"{slug}{suffix}.xlsx"
            lists = (
                _lists(seed, scale, code, period, values, registers, members, merged, ascii_only)
                if ptype == "FY" and reporter == "lien_minh_htx"
                else {}
            )
            info = info_rows(
                province_text,
                period if not ascii_only else f"Năm {year}" if ptype == "FY" else f"6 tháng đầu năm {year}",
                reporter_vi,
                day,
                ascii_only,
                status="ước tính" if suffix == "_uoc" else None,
            )
            write_xlsx(path, info, version_rows, lists, ascii_only)
        written.append(
            {
                "file": str(path.relative_to(out)),
                "province_key": key,
                "period_code": period,
                "reporter": reporter,
                "submitted_at": day.isoformat(),
                "late": late,
                "intended": "superseded"
                if suffix == "_lan1" or (suffix == "_uoc" and len(versions) > 1)
                else "accepted",
                "obs_status": "estimated" if suffix == "_uoc" else "official",
            }
        )
    return written


def _estimate_plan(seed: int, code: str, period: str, reporter: str) -> str | None:
    """'estimate_first', 'estimate_only' or None (its own random stream: the other choices stay as they were)."""
    if not period.endswith("FY") or reporter != "lien_minh_htx" or period in CALIBRATION_PERIODS:
        return None
    draw = rng(seed, "estimate", code, period).random()
    if period == LATEST_FY:
        return "estimate_only" if draw < RATES["estimate_only"] else None
    return "estimate_first" if draw < RATES["estimate_first"] else None


def _estimated_rows(seed: int, code: str, period: str, rows: list[list]) -> list[list]:
    """The December estimate of the rows, written as numbers: flows and averages up to 4 % off the final figure
    (stocks as final, so the estimate keeps the rules between them, e.g. OCOP stars within the total)."""
    r = rng(seed, "estimate_values", code, period)
    guessed = []
    for name, cell, unit, note, target in rows:
        own_unit, kind = _units_by_name()[name]
        value = read_indicator_cell(cell, unit, own_unit).value
        if value is not None and kind != "stock":
            value = value * r.uniform(0.96, 1.04)
            value = round(value, -4) if "đồng" in own_unit else round(value)
        guessed.append([name, value, own_unit, note, target])
    return guessed


@cache
def _units_by_name() -> dict[str, tuple[str, str]]:
    """Indicator name (as the demo writes it) → (unit, kind), looked up once per worker, not per row."""
    return {i["name_vi"]: (i["unit"], i["kind"]) for i in indicators().iter_rows(named=True)}


def _indicator_rows(seed, code, period, values, facts, sources, text_numbers, scale, r) -> list[list]:
    rows = []
    catalogue = indicators().iter_rows(named=True)
    for ind in catalogue:
        if ind["code"] not in values:
            continue
        value = facts.get(ind["code"], values[ind["code"]])
        published = ind["code"] in facts
        if (
            not published
            and period not in CALIBRATION_PERIODS
            and ind["code"] != "coops_total"
            and r.random() < RATES["null_value"]
        ):
            value = None  # not reported: an empty cell, never 0
        if value is not None and not published and scale > 1 and ind["aggregation"] == "sum":
            value = value * scale
        unit = ind["unit"]
        cell: object = value
        if value is not None and text_numbers:
            if "đồng" in unit and value >= 1e9 and r.random() < 0.5:  # '2 tỷ 300 triệu đồng'
                billions, millions = divmod(round(value / 1e6), 1000)
                cell, unit = f"{billions} tỷ {millions} triệu đồng" if millions else f"{billions} tỷ đồng", None
            elif "đồng" in unit and value >= 1e9:
                cell, unit = f"{format_vi(round(value / 1e9, 3))} tỷ đồng", None
            elif "đồng" in unit:
                cell, unit = f"{format_vi(round(value / 1e6, 2))}", "triệu " + ind["unit"]
            else:
                cell = format_vi(value)
        note = f"published: {sources[ind['code']]}" if published else f"synthetic: htx generate, seed {seed}"
        rows.append([ind["name_vi"], cell, unit, note, _target(seed, code, period, ind, value)])
    return rows


# Provincial alliances set yearly plans (kế hoạch) for a few indicators; about two in three write them down.
PLANNED = {"coops_total": (0.95, 1.08), "coops_new": (0.8, 1.3), "income_avg_worker_month": (0.95, 1.1)}


def _target(seed, code, period, ind, value) -> float | None:
    plan = rng(seed, "target", code, period, ind["code"])
    if value is None or not period.endswith("FY") or ind["code"] not in PLANNED or plan.random() > 0.65:
        return None
    target = value * plan.uniform(*PLANNED[ind["code"]])
    return round(target, -4) if "đồng" in ind["unit"] else round(target)


def _lists(seed, scale, code, period, values, registers, members, merged, ascii_only) -> dict:
    year = int(period[:4])
    olds = members[code] if merged else [code]
    coops = [row for c in olds for row in registers[c].rows(year, scale)]
    if (code, period) == LIST_MISMATCH:
        coops = coops[: int(len(coops) * 0.85)]
    total = int(values["ocop_products_total"]) * scale
    stars = (int(values["ocop_3_star"]) * scale, int(values["ocop_4_star"]) * scale, 0)
    stars = (stars[0], stars[1], total - stars[0] - stars[1])
    products = ocop_rows(seed, code, year, stars, int(values["ocop_products_coop"]) * scale)
    title_coops, title_ocop = sheet_title("hop_tac_xa"), sheet_title("ocop")
    return {title_coops: (cooperative_header(ascii_only), coops), title_ocop: (ocop_header(ascii_only), products)}
