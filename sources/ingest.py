"""Ingest one received file: keep it, read it, pass it through the gate, record each decision.

This is the single path every file takes, whether it comes from ``htx ingest`` or the Dagster ingest asset.
"""

from __future__ import annotations

import fcntl
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl

from sources import gate, raw_store, registry
from sources.history import stock_jump_warnings
from sources.home import HtxHome
from sources.list_sheets import COOPERATIVE_SCHEMA, OCOP_SCHEMA
from sources.parse import gate_submissions, parse_file
from sources.problems import Problem
from sources.quarantine_report import write_report
from sources.submission import INDICATOR_SCHEMA, ParsedSubmission

_KEYS = {"submission_id": pl.String, "province_key": pl.String, "period_code": pl.String, "reporter": pl.String}
LANDED_SCHEMAS = {
    "indicator_values": {**INDICATOR_SCHEMA, "flag_reasons": pl.String, "is_flagged": pl.Boolean, **_KEYS},
    "cooperatives": {**COOPERATIVE_SCHEMA, "flag_reasons": pl.String, "is_flagged": pl.Boolean, **_KEYS},
    "ocop_products": {**OCOP_SCHEMA, "flag_reasons": pl.String, "is_flagged": pl.Boolean, **_KEYS},
}


@dataclass
class IngestResult:
    file: str
    sha256: str
    status: str  # accepted | quarantined | duplicate
    submission_id: str | None
    province_key: str | None = None
    period_code: str | None = None
    reporter: str | None = None
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    submissions: list[dict] | None = None  # only when one file holds several provinces/periods (CSV)

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None or k != "submissions"}


def submission_id_for(sha256: str, part: int, parts: int) -> str:
    # Derived from the bytes, so re-ingesting the same file can never mint a second id.
    return f"s{sha256[:16]}" if parts == 1 else f"s{sha256[:16]}-{part + 1}"


_locks_held: dict[Path, int] = {}


@contextmanager
def writer_lock(home: HtxHome) -> Iterator[None]:
    """One writing process per HTX_HOME: a second one waits here instead of corrupting state.

    Re-entrant within a process, so a whole run can hold it while its steps take it again.
    """
    home.ensure()
    if _locks_held.get(home.lock_file):
        _locks_held[home.lock_file] += 1
        try:
            yield
        finally:
            _locks_held[home.lock_file] -= 1
        return
    with home.lock_file.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        _locks_held[home.lock_file] = 1
        try:
            yield
        finally:
            _locks_held[home.lock_file] = 0


def ingest_file(home: HtxHome, path: Path, received_at: datetime | None = None) -> IngestResult:
    """Keep ``path`` in the raw store and decide on it. The caller holds the writer lock."""
    return ingest_files(home, [path], received_at)[0]


def ingest_files(home: HtxHome, paths: list[Path], received_at: datetime | None = None,
                 on_file: Callable[[], None] | None = None) -> list[IngestResult]:
    """Keep every file, read each, run the gate once over all of them, then decide file by file.

    Decisions go in period order, so a province's earlier period is landed before its history is checked.
    """
    received_at = received_at or datetime.now(UTC)
    results: dict[int, IngestResult] = {}
    pending: list[tuple[int, Path, str, list[ParsedSubmission]]] = []
    batch: dict[str, int] = {}  # sha → first index in this batch (a second copy is a duplicate)
    shas = [raw_store.sha256_of(path) for path in paths]
    for i, (path, sha) in enumerate(zip(paths, shas, strict=True)):
        raw_store.keep(home.raw_store, path, sha)
        with registry.open_registry(home.registry_db) as con:
            registry.record_receipt(con, sha, path.name, received_at.isoformat(), path.stat().st_size)
            known = registry.find_submissions(con, sha)
        if known:
            results[i] = _result(path, sha, known, status="duplicate")
        elif sha not in batch:
            batch[sha] = i
            pending.append((i, path, sha, parse_file(path, received_at, run_gate=False)))
        if on_file:
            on_file()
    gate_submissions([sub for *_, subs in pending for sub in subs])
    for i, path, sha, subs in sorted(pending, key=_period_order):
        rows = []
        for part, sub in enumerate(subs):
            if not sub.errors:
                sub.problems.extend(stock_jump_warnings(home, sub))
            rows.append(_decide(home, path, sha, received_at, sub, submission_id_for(sha, part, len(subs))))
            with registry.open_registry(home.registry_db) as con:
                registry.record_submission(con, rows[-1])
        results[i] = _result(path, sha, rows)
    for i, path in enumerate(paths):
        if i not in results:  # the same bytes twice in one batch
            first = results[batch[shas[i]]]
            results[i] = IngestResult(**{**first.__dict__, "file": str(path), "status": "duplicate"})
    return [results[i] for i in range(len(paths))]


def _period_order(item: tuple) -> tuple:
    _, path, _, subs = item
    ends = [s.period_end for s in subs if s.period_end]
    return (min(ends) if ends else date.max, path.name)


def dry_run(path: Path) -> IngestResult:
    """What ingesting ``path`` would decide, storing nothing (``htx check``)."""
    subs = parse_file(path, datetime.now(UTC))
    sha = raw_store.sha256_of(path)
    rows = [{"submission_id": None, "province_key": s.province_key, "period_code": s.period_code,
             "reporter": s.reporter, "status": "quarantined" if s.errors else "accepted", "n_errors": len(s.errors),
             "n_warnings": len(s.warnings), "problems_json": json.dumps([p.to_dict() for p in s.problems])}
            for s in subs]
    return _result(path, sha, rows)


def _decide(home: HtxHome, path: Path, sha: str, received_at: datetime, sub: ParsedSubmission,
            submission_id: str) -> dict:
    status = "quarantined" if sub.errors else "accepted"
    row = {"submission_id": submission_id, "sha256": sha, "file_name": path.name,
           "received_at": received_at.isoformat(),
           "submitted_at": sub.submitted_at.isoformat() if sub.submitted_at else None,
           "province_key": sub.province_key, "period_code": sub.period_code, "reporter": sub.reporter,
           "status": status, "n_errors": len(sub.errors), "n_warnings": len(sub.warnings),
           "problems_json": json.dumps([p.to_dict() for p in sub.problems], ensure_ascii=False)}
    if status == "accepted":
        _land(home, row, sub)
    else:
        write_report(home.quarantine / f"{submission_id}.txt", row, sub.problems)
    return row


def _land(home: HtxHome, row: dict, sub: ParsedSubmission) -> None:
    """Write the accepted submission's tables as Parquet, values and list rows flagged where a warning names them."""
    keys = [pl.lit(row[c], dtype=pl.String).alias(c) for c in _KEYS]
    values = _flagged(sub.indicators, "indicator_code", pl.String,
                      [(p.indicator_code, p.code) for p in sub.warnings if p.indicator_code])
    for table, frame in (("indicator_values", values), ("cooperatives", _flag_rows(sub, "cooperatives")),
                         ("ocop_products", _flag_rows(sub, "ocop_products"))):
        if frame is not None:
            _write(home.landing / table / f"{row['submission_id']}.parquet",
                   frame.with_columns(*keys).select(list(LANDED_SCHEMAS[table])))


def _flag_rows(sub: ParsedSubmission, table: str) -> pl.DataFrame | None:
    """A list's rows, flagged where a warning of that list's rules (validation_rules.yml) names their row."""
    frame = getattr(sub, table)
    if frame is None:
        return None
    ids = {r["id"] for r in gate.rules()["list_rules"][table]}
    return _flagged(frame, "sheet_row", pl.Int32,
                    [(p.row, p.code) for p in sub.warnings if p.code in ids and p.row is not None])


def _flagged(frame: pl.DataFrame, on: str, dtype: pl.DataType, warnings: list[tuple]) -> pl.DataFrame:
    """``frame`` with `flag_reasons` (the codes of the warnings naming each row's ``on`` value) and `is_flagged`."""
    flags: dict = {}
    for key, code in warnings:
        flags.setdefault(key, []).append(code)
    reasons = pl.DataFrame({on: list(flags), "flag_reasons": ["; ".join(v) for v in flags.values()]},
                           schema={on: dtype, "flag_reasons": pl.String})
    return frame.join(reasons, on=on, how="left").with_columns(pl.col("flag_reasons").is_not_null().alias("is_flagged"))


def _write(target: Path, frame: pl.DataFrame) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    frame.write_parquet(target.with_suffix(".tmp"))
    target.with_suffix(".tmp").replace(target)


def _result(path: Path, sha: str, rows: list[dict], status: str | None = None) -> IngestResult:
    problems = [[Problem(**p) for p in json.loads(r["problems_json"])] for r in rows]
    statuses = {r["status"] for r in rows}
    first = rows[0]
    result = IngestResult(
        file=str(path), sha256=sha, status=status or ("quarantined" if "quarantined" in statuses else "accepted"),
        submission_id=first["submission_id"], province_key=first["province_key"],
        period_code=first["period_code"], reporter=first["reporter"],
        errors=[p.to_dict() for ps in problems for p in ps if p.severity == "error"],
        warnings=[p.to_dict() for ps in problems for p in ps if p.severity == "warning"])
    if len(rows) > 1:
        result.submission_id = result.province_key = result.period_code = result.reporter = None
        result.submissions = [{k: r[k] for k in ("submission_id", "province_key", "period_code", "reporter",
                                                 "status", "n_errors", "n_warnings")} for r in rows]
    return result


def export_registry(home: HtxHome) -> Path:
    """Write what the build reads: the registry, and empty tables so a build with nothing accepted yet
    still finds every column."""
    target = home.landing / "submissions.parquet"
    with registry.open_registry(home.registry_db) as con:
        registry.export(con, target)
    for table, columns in LANDED_SCHEMAS.items():
        empty = home.landing / table / "_columns.parquet"
        # Rewritten when the columns changed, so older landed files read with NULL in the new ones.
        if not empty.exists() or dict(pl.read_parquet_schema(empty)) != columns:
            _write(empty, pl.DataFrame(schema=columns))
    return target
