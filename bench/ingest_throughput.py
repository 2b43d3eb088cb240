"""Ingest throughput: files/s and MB/s for national-demo-sized workbooks, and where the time goes.

    .venv/bin/python bench/ingest_throughput.py                 # 63 provinces, ~550 cooperatives each
    .venv/bin/python bench/ingest_throughput.py --scale         # a large province: ~2,000 cooperatives
    .venv/bin/python bench/ingest_throughput.py --files 20 --coops 1000 --ocop 400 --repeat 1

Steps: generate the workbooks (not timed), warm up once (the first gate call imports Great Expectations;
reported as cold start), time the bare Excel read (python-calamine, every sheet), time ``ingest_file`` on
every file into a fresh HTX home plus one ``export_registry``, then attribute the ingest time to its stages
(timers around the pipeline's functions) and to packages (cProfile). Results are printed; nothing in the
repository is written. Figures are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import shutil
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from python_calamine import CalamineWorkbook
from synthetic_workbooks import SCALE_COOPS, SCALE_FILES, SCALE_OCOP, generate  # a sibling script

from sources.core.home import HtxHome, writer_lock
from sources.gate import suites
from sources.intake import raw_store
from sources.landing import ingest
from sources.landing.ingest import export_registry
from sources.parse import parse_file, readers, workbook


def bare_read(paths: list[Path]) -> int:
    """What any reader must do at least: open with python-calamine and turn every sheet into Python rows."""
    cells = 0
    for path in paths:
        book = CalamineWorkbook.from_path(str(path))
        for title in book.sheet_names:
            rows = book.get_sheet_by_name(title).to_python(skip_empty_area=False)
            cells += sum(len(r) for r in rows)
    return cells


def ingest_all(paths: list[Path], home_root: Path) -> tuple[float, float, list]:
    """``ingest_file`` on every file into a fresh home (writer lock held), then one ``export_registry``.
    Returns (seconds in ingest_file, seconds in export_registry, results)."""
    home = HtxHome(home_root).ensure()
    with writer_lock(home):
        start = time.perf_counter()
        results = [ingest.ingest_file(home, p) for p in paths]  # looked up here so the stage timer sees it
        middle = time.perf_counter()
        export_registry(home)
        end = time.perf_counter()
    return middle - start, end - middle, results


class StageTimer:
    """Exclusive wall time per wrapped function (time in a wrapped callee counts for the callee only)."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self._children: list[float] = []

    def wrap(self, name: str, fn: Callable) -> Callable:
        def timed(*args, **kwargs):
            self._children.append(0.0)
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - start
                self.totals[name] += elapsed - self._children.pop()
                if self._children:
                    self._children[-1] += elapsed

        return timed


# (label, module, attribute): the attribute is looked up where the caller looks it up.
STAGES = (
    ("rest of ingest_file: registry (SQLite), JSON, results", ingest, "ingest_file"),
    ("sha256 of file (x2: receive + verify copy)", raw_store, "sha256_of"),
    ("raw store copy", raw_store, "keep"),
    ("zip safety check (check_xlsx_archive)", workbook, "check_xlsx_archive"),
    ("calamine read + sheet matching", readers, "read_workbook"),
    ("info sheet, Table objects (read_xlsx)", readers, "read_xlsx"),
    ("identity (province, period)", parse_file, "read_identity"),
    ("indicator sheet", parse_file, "read_indicators"),
    ("cooperative list", parse_file, "read_cooperatives"),
    ("OCOP list", parse_file, "read_ocop_products"),
    ("gate: Great Expectations suites", suites, "validate"),
    ("list vs total warnings", parse_file, "list_count_warnings"),
    ("stock-jump warnings (history)", ingest, "stock_jump_warnings"),
    ("landing: Parquet writes", ingest, "_land"),
)


@contextmanager
def timed_stages() -> Iterator[StageTimer]:
    timer, saved = StageTimer(), []
    for label, module, attribute in STAGES:
        original = getattr(module, attribute)
        saved.append((module, attribute, original))
        setattr(module, attribute, timer.wrap(label, original))
    try:
        yield timer
    finally:
        for module, attribute, original in reversed(saved):
            setattr(module, attribute, original)


_EXTENSION_TYPES = (
    ("Calamine", "python_calamine"),
    ("PyLazyFrame", "polars"),
    ("PyDataFrame", "polars"),
    ("PySeries", "polars"),
    ("PyExpr", "polars"),
)


def _package(filename: str, function: str) -> str:
    """Which package a profiled function belongs to."""
    if filename == "~":  # a built-in: '<built-in method unicodedata.category>', "<method 'x' of 'pkg.T' objects>"
        found = re.search(r"of '([\w.]+)\.\w+' objects|built-in method ([\w.]+)\.\w+>", function)
        module = (found[1] or found[2]).split(".")[0].lstrip("_") if found else "builtins"
        if module == "builtins":  # Rust extensions register their types under 'builtins'
            module = next((pkg for hint, pkg in _EXTENSION_TYPES if hint in function), module)
        return f"{module} (C)"
    if "site-packages/" in filename:
        return filename.split("site-packages/")[1].split("/")[0].removesuffix(".py")
    if "/sources/" in filename:
        return "sources (this repo)"
    return "stdlib"


def profile(paths: list[Path], home_root: Path, top: int) -> tuple[list, list, list, float]:
    profiler = cProfile.Profile()
    home = HtxHome(home_root).ensure()
    with writer_lock(home):
        profiler.enable()
        for path in paths:
            ingest.ingest_file(home, path)
        profiler.disable()
    stats = pstats.Stats(profiler)
    by_package: dict[str, float] = defaultdict(float)
    total = 0.0
    functions = []
    for (filename, line, function), (_cc, _nc, tottime, cumtime, _callers) in stats.stats.items():
        by_package[_package(filename, function)] += tottime
        total += tottime
        short = re.sub(r".*/(site-packages|python3\.\d+)/", "", filename).split(str(Path.cwd()) + "/")[-1]
        functions.append((cumtime, tottime, f"{short}:{line}({function})" if filename != "~" else function))
    packages = sorted(by_package.items(), key=lambda kv: -kv[1])
    by_own = sorted(functions, key=lambda f: -f[1])[:top]
    return packages, sorted(functions, reverse=True)[:top], by_own, total


# --------------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, help=f"workbooks to generate (default 63; {SCALE_FILES} with --scale)")
    parser.add_argument("--coops", type=int, help=f"rows in 'Danh sách HTX' (default 550; {SCALE_COOPS} with --scale)")
    parser.add_argument("--ocop", type=int, help=f"rows in 'Sản phẩm OCOP' (default 250; {SCALE_OCOP} with --scale)")
    parser.add_argument("--scale", action="store_true", help="a large province's workbook size")
    parser.add_argument("--repeat", type=int, default=2, help="repetitions of the ingest pass (median reported)")
    parser.add_argument("--read-repeat", type=int, default=5, help="repetitions of the bare read (median)")
    parser.add_argument("--stage-files", type=int, default=21, help="files in the timed-stages pass (0: skip)")
    parser.add_argument("--profile-files", type=int, default=6, help="files run under cProfile (0: skip)")
    parser.add_argument("--top", type=int, default=15, help="profile entries shown")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    n_files = args.files or (SCALE_FILES if args.scale else 63)
    n_coops = args.coops if args.coops is not None else (SCALE_COOPS if args.scale else 550)
    n_ocop = args.ocop if args.ocop is not None else (SCALE_OCOP if args.scale else 250)

    work = Path(tempfile.mkdtemp(prefix="htx-bench-"))
    try:
        run(work, n_files, n_coops, n_ocop, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path, n_files: int, n_coops: int, n_ocop: int, args: argparse.Namespace) -> None:
    start = time.perf_counter()
    paths = generate(work / "inbox", n_files, n_coops, n_ocop, args.seed)
    warmup_file = generate(work / "warmup", 1, n_coops, n_ocop, args.seed + 1)[0]
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    print(
        f"generated {n_files} workbooks ({n_coops} cooperatives, {n_ocop} OCOP products, 22 indicators each; "
        f"{megabytes:.2f} MB, {1e3 * megabytes / n_files:.0f} kB/file) in {time.perf_counter() - start:.1f} s "
        "(not counted)"
    )

    # Cold start: the first file through the gate builds the Great Expectations suites (imports GX).
    start = time.perf_counter()
    first = ingest_all([warmup_file], work / "home-warmup")
    cold = time.perf_counter() - start
    bare_read([warmup_file])
    if first[2][0].status != "accepted":
        raise SystemExit(f"warm-up file not accepted: {first[2][0].errors}")

    read_times, cells = [], 0
    for _ in range(args.read_repeat):
        start = time.perf_counter()
        cells = bare_read(paths)
        read_times.append(time.perf_counter() - start)
    read_s = statistics.median(read_times)

    ingest_times, export_times, results = [], [], []
    for rep in range(args.repeat):
        seconds, export_s, results = ingest_all(paths, work / f"home-{rep}")
        ingest_times.append(seconds)
        export_times.append(export_s)
    ingest_s, export_s = statistics.median(ingest_times), statistics.median(export_times)
    total_s = ingest_s + export_s

    statuses = Counter(r.status for r in results)
    problems = Counter(p["code"] for r in results for p in r.errors + r.warnings)
    print(f"outcome: {dict(statuses)}; problems: {dict(problems) or 'none'}")
    print(f"cold start (first file, incl. Great Expectations import and suite build): {cold:.2f} s")
    print()
    print(
        f"{'files':>5} {'MB':>6} {'cells':>9} {'bare read s':>11} {'ingest s':>9} {'export s':>8} "
        f"{'files/s':>7} {'MB/s':>6} {'outside bare read':>17}"
    )
    print(
        f"{n_files:>5} {megabytes:>6.2f} {cells:>9,} {read_s:>11.3f} {ingest_s:>9.3f} {export_s:>8.3f} "
        f"{n_files / total_s:>7.2f} {megabytes / total_s:>6.2f} {1 - read_s / total_s:>16.0%}"
    )
    print(
        f"  bare read alone: {n_files / read_s:.1f} files/s, {megabytes / read_s:.2f} MB/s; "
        f"per file: bare read {1e3 * read_s / n_files:.1f} ms, ingest {1e3 * total_s / n_files:.1f} ms"
    )
    print(
        f"  medians of {args.read_repeat} bare reads {[round(t, 3) for t in read_times]} and "
        f"{args.repeat} ingest passes {[round(t, 3) for t in ingest_times]}"
    )

    # Where the time goes, by stage: one more ingest pass with timers around the pipeline's functions.
    if args.stage_files:
        subset = paths[: args.stage_files]
        with timed_stages() as timer:
            staged_s, _, _ = ingest_all(subset, work / "home-stages")
        print()
        print(f"stages (exclusive wall time; extra pass over {len(subset)} files, {staged_s:.2f} s):")
        timer.totals["outside ingest_file (loop, timers)"] = staged_s - sum(timer.totals.values())
        for label, seconds in sorted(timer.totals.items(), key=lambda kv: -kv[1]):
            print(
                f"  {label:<55} {seconds:7.3f} s {seconds / staged_s:6.1%}  {1e3 * seconds / len(subset):7.1f} ms/file"
            )

    if args.profile_files:
        subset = paths[: args.profile_files]
        packages, functions, by_own, profiled = profile(subset, work / "home-profile", args.top)
        print()
        print(f"cProfile over {len(subset)} files (own time by package; profiling inflates pure-Python code):")
        for package, seconds in packages[:10]:
            print(f"  {package:<30} {seconds:7.3f} s {seconds / profiled:6.1%}")
        print(f"top {args.top} functions by cumulative time (s, own s):")
        for cumtime, tottime, name in functions:
            print(f"  {cumtime:7.3f} {tottime:7.3f}  {name[:110]}")
        print(f"top {args.top} functions by own time (s, cumulative s):")
        for cumtime, tottime, name in by_own:
            print(f"  {tottime:7.3f} {cumtime:7.3f}  {name[:110]}")


if __name__ == "__main__":
    main()
