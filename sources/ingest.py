"""Ingest one received file: keep it, read it, pass it through the gate, record the decision.

This is the single path every file takes, whether it comes from ``htx ingest``, ``htx check``
or the Dagster ingest asset.
"""

from __future__ import annotations

import fcntl
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from sources import gate, raw_store, registry
from sources.home import HtxHome
from sources.indicator_sheet import read_indicators
from sources.normalise import INDICATOR_SCHEMA, ParsedSubmission, read_info
from sources.problems import Problem, error
from sources.quarantine_report import write_report
from sources.safety import UnsafeFile, check_size
from sources.workbook import read_workbook

SUPPORTED_SUFFIXES = (".xlsx",)
LANDED_SCHEMA = {**INDICATOR_SCHEMA, "flag_reasons": pl.String, "submission_id": pl.String,
                 "province_key": pl.String, "period_code": pl.String, "reporter": pl.String,
                 "is_flagged": pl.Boolean}


@dataclass
class IngestResult:
    file: str
    sha256: str
    status: str  # accepted | quarantined | duplicate
    submission_id: str
    province_key: str | None = None
    period_code: str | None = None
    reporter: str | None = None
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def submission_id_for(sha256: str) -> str:
    # Derived from the bytes, so re-ingesting the same file can never mint a second id.
    return f"s{sha256[:16]}"


def parse_file(path: Path, received_on: datetime) -> ParsedSubmission:
    """Read and gate a file without storing anything (the dry run behind ``htx check``)."""
    try:
        check_size(path)
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise UnsafeFile("unsupported_format",
                             f"Định dạng tệp '{path.suffix}' chưa được hỗ trợ; hãy gửi sổ tính Excel (.xlsx).",
                             f"File type '{path.suffix}' is not supported yet; send an Excel workbook (.xlsx).")
        book = read_workbook(path)
    except UnsafeFile as exc:
        sub = ParsedSubmission()
        sub.problems.append(error(exc.code, exc.vi, exc.en))
        return sub
    if "thong_tin" not in book.sheets or "chi_tieu" not in book.sheets:
        sub = ParsedSubmission(problems=book.problems)
        sub.problems.append(error(
            "missing_sheet", "Sổ tính phải có sheet 'thong_tin' (Thông tin) và sheet 'chi_tieu' (Chỉ tiêu).",
            "The workbook needs a 'thong_tin' (Info) sheet and a 'chi_tieu' (Indicators) sheet."))
        return sub
    sub, extra = read_info(book.sheets["thong_tin"], book.sheet_titles["thong_tin"], received_on.date())
    sub.problems[:0] = book.problems
    read_indicators(sub, book.sheets["chi_tieu"], book.sheet_titles["chi_tieu"], extra["source"])
    if not sub.errors:
        sub.problems.extend(gate.validate(sub.indicators, book.sheet_titles["chi_tieu"]))
    return sub


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
    received_at = received_at or datetime.now(UTC)
    sha = raw_store.sha256_of(path)
    raw_store.keep(home.raw_store, path, sha)
    with registry.open_registry(home.registry_db) as con:
        registry.record_receipt(con, sha, path.name, received_at.isoformat(), path.stat().st_size)
        known = registry.find_submission(con, sha)
        if known:
            return _result_from_row(path, known, status="duplicate")
        sub = parse_file(path, received_at)
        row = _decide(home, path, sha, received_at, sub)
        registry.record_submission(con, row)
    return _result_from_row(path, row)


def _decide(home: HtxHome, path: Path, sha: str, received_at: datetime, sub: ParsedSubmission) -> dict:
    submission_id = submission_id_for(sha)
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
    """Write the accepted submission's values as Parquet, flagged where a warning names them."""
    flags: dict[str, list[str]] = {}
    for p in sub.warnings:
        if p.indicator_code:
            flags.setdefault(p.indicator_code, []).append(p.code)
    reasons = pl.DataFrame({"indicator_code": list(flags), "flag_reasons": ["; ".join(v) for v in flags.values()]},
                           schema={"indicator_code": pl.String, "flag_reasons": pl.String})
    frame = (sub.indicators.join(reasons, on="indicator_code", how="left")
             .with_columns(*(pl.lit(row[c], dtype=pl.String).alias(c)
                             for c in ("submission_id", "province_key", "period_code", "reporter")),
                           pl.col("flag_reasons").is_not_null().alias("is_flagged"))
             .select(list(LANDED_SCHEMA)))
    target = home.landing / "indicator_values" / f"{row['submission_id']}.parquet"
    target.parent.mkdir(parents=True, exist_ok=True)
    frame.write_parquet(target.with_suffix(".tmp"))
    target.with_suffix(".tmp").replace(target)


def _result_from_row(path: Path, row: dict, status: str | None = None) -> IngestResult:
    problems = [Problem(**p) for p in json.loads(row["problems_json"])]
    return IngestResult(
        file=str(path), sha256=row["sha256"], status=status or row["status"], submission_id=row["submission_id"],
        province_key=row["province_key"], period_code=row["period_code"], reporter=row["reporter"],
        errors=[p.to_dict() for p in problems if p.severity == "error"],
        warnings=[p.to_dict() for p in problems if p.severity == "warning"])


def export_registry(home: HtxHome) -> Path:
    """Write what the build reads: the registry, and an empty values file so a build with no
    accepted submission yet still finds the table's columns."""
    target = home.landing / "submissions.parquet"
    with registry.open_registry(home.registry_db) as con:
        registry.export(con, target)
    empty = home.landing / "indicator_values" / "_columns.parquet"
    if not empty.exists():
        empty.parent.mkdir(parents=True, exist_ok=True)
        pl.DataFrame(schema=LANDED_SCHEMA).write_parquet(empty)
    return target
