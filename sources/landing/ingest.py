"""Ingest one received file: keep it, read it, pass it through the gate, record each decision.

This is the single path every file takes, whether it comes from ``htx ingest`` or the Dagster ingest asset.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl

from sources.core.failpoints import failpoint
from sources.core.home import HtxHome
from sources.core.problems import Problem, error, shown
from sources.core.reference import REPORTERS
from sources.gate import suites
from sources.gate.history import stock_jump_warnings
from sources.intake import isolation, raw_store
from sources.landing import registry
from sources.landing.quarantine_report import write_report
from sources.parse.cell_reading import FINALITY
from sources.parse.list_sheets import COOPERATIVE_SCHEMA, OCOP_SCHEMA
from sources.parse.parse_file import gate_submissions
from sources.parse.submission import INDICATOR_SCHEMA, ParsedSubmission

_KEYS = {"submission_id": pl.String, "province_key": pl.String, "period_code": pl.String, "reporter": pl.String}
logger = logging.getLogger(__name__)
LANDED_SCHEMAS = {
    "indicator_values": {**INDICATOR_SCHEMA, "flag_reasons": pl.String, "is_flagged": pl.Boolean, **_KEYS},
    "cooperatives": {**COOPERATIVE_SCHEMA, "flag_reasons": pl.String, "is_flagged": pl.Boolean, **_KEYS},
    "ocop_products": {**OCOP_SCHEMA, "flag_reasons": pl.String, "is_flagged": pl.Boolean, **_KEYS},
}


@dataclass
class IngestResult:
    file: str
    sha256: str | None  # None when the path was refused unread (a symlink, a device…)
    status: str  # accepted | quarantined | partial (some parts of a multi-part file) | duplicate | refused
    submission_id: str | None
    province_key: str | None = None
    period_code: str | None = None
    reporter: str | None = None
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    parts: list[dict] | None = None  # a file holding several provinces/periods (CSV): each part's decision

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None or k != "parts"}


def submission_id_for(sha256: str, part: int, parts: int) -> str:
    # Derived from the bytes, so re-ingesting the same file can never mint a second id.
    return f"s{sha256[:16]}" if parts == 1 else f"s{sha256[:16]}-{part + 1}"


def ingest_file(home: HtxHome, path: Path, received_at: datetime | None = None) -> IngestResult:
    """Keep ``path`` in the raw store and decide on it. The caller holds the writer lock."""
    return ingest_files(home, [path], received_at)[0]


def ingest_files(
    home: HtxHome,
    paths: list[Path],
    received_at: datetime | None = None,
    on_file: Callable[[], None] | None = None,
    follow_symlinks: bool = False,
) -> list[IngestResult]:
    """Keep every file, read each in a worker, run the gate once over all of them, then decide file by file.

    Each file is recorded in one transaction (every part of a multi-part CSV together) after its tables have
    landed: a crash at any point leaves each file either wholly decided or not at all, and ingesting again
    completes what was missing. Decisions go in period order, so a province's earlier period is landed
    before its history is checked.
    """
    received_at = received_at or datetime.now(UTC)
    tick = on_file or (lambda: None)
    results: dict[int, IngestResult] = {}
    fresh: list[tuple[int, Path, raw_store.Kept]] = []
    copies: list[tuple[int, Path, raw_store.Kept]] = []  # the same bytes again within this batch
    first_index: dict[str, int] = {}
    for i, path in enumerate(paths):
        try:
            kept = raw_store.keep(home.raw_store, path, follow_symlinks)
        except raw_store.NotAcceptedFile as exc:
            results[i] = IngestResult(
                str(path), None, "refused", None, errors=[error(exc.code, exc.vi, exc.en).to_dict()]
            )
            tick()
            continue
        failpoint("ingest.kept", path.name)
        with registry.open_registry(home.registry_db) as con:
            known = registry.find_submissions(con, kept.sha256)
            if known:
                registry.record_receipt(con, kept.sha256, path.name, received_at.isoformat(), kept.size)
        if known:
            results[i] = _result(path, kept.sha256, known, status="duplicate")
        elif kept.sha256 in first_index:
            copies.append((i, path, kept))
        else:
            first_index[kept.sha256] = i
            fresh.append((i, path, kept))
            continue
        tick()
    parsed = isolation.read_files([(kept.stored, path.name) for _, path, kept in fresh], received_at, on_done=tick)
    gate_submissions([sub for subs in parsed for sub in subs])
    decided_in_order = sorted(zip(fresh, parsed, strict=True), key=lambda f: period_order(f[1], f[0][1].name))
    for (i, path, kept), subs in decided_in_order:
        results[i] = _decide_file(home, path, kept, received_at, subs)
    for i, path, kept in copies:
        with registry.open_registry(home.registry_db) as con:
            registry.record_receipt(con, kept.sha256, path.name, received_at.isoformat(), kept.size)
        first = results[first_index[kept.sha256]]
        results[i] = IngestResult(**{**first.__dict__, "file": str(path), "status": "duplicate"})
    return [results[i] for i in range(len(paths))]


def period_order(subs: list[ParsedSubmission], file_name: str) -> tuple:
    """Where a file's decision goes in a batch: earlier periods first, so a province's history is decided before
    the periods compared with it."""
    ends = [s.period_end for s in subs if s.period_end]
    return (min(ends) if ends else date.max, file_name)


def dry_run(path: Path, follow_symlinks: bool = False) -> IngestResult:
    """What ingesting ``path`` would decide, storing nothing (``htx check``)."""
    return dry_run_many([path], follow_symlinks)[0]


def dry_run_many(paths: list[Path], follow_symlinks: bool = False) -> list[IngestResult]:
    """`htx check`: each file read in a worker from a private copy, gated, decided — nothing stored."""
    with tempfile.TemporaryDirectory(prefix="htx-check-") as scratch:
        results: dict[int, IngestResult] = {}
        readable = []
        for i, path in enumerate(paths):
            try:
                readable.append((i, path, raw_store.keep(Path(scratch), path, follow_symlinks)))
            except raw_store.NotAcceptedFile as exc:
                results[i] = IngestResult(
                    str(path), None, "refused", None, errors=[error(exc.code, exc.vi, exc.en).to_dict()]
                )
        now = datetime.now(UTC)
        parsed = isolation.read_files([(kept.stored, path.name) for _, path, kept in readable], now)
        gate_submissions([sub for subs in parsed for sub in subs])
        for (i, path, kept), subs in zip(readable, parsed, strict=True):
            rows = [decision_row(None, path, kept, now, sub) for sub in subs]
            results[i] = _result(path, kept.sha256, rows)
    return [results[i] for i in range(len(paths))]


MAX_PROBLEMS = 200  # per submission: enough to fix a file; a million-row error list helps nobody


def decision_row(
    submission_id: str | None, path: Path, kept: raw_store.Kept, received_at: datetime, sub: ParsedSubmission
) -> dict:
    problems = sub.problems
    if len(problems) > MAX_PROBLEMS:
        rest = len(problems) - MAX_PROBLEMS
        problems = problems[:MAX_PROBLEMS] + [
            Problem(
                "too_many_problems",
                "error" if sub.errors else "warning",
                f"Còn {rest:,} vấn đề khác không liệt kê; hãy sửa các vấn đề trên rồi kiểm tra lại (htx check).",
                f"{rest:,} more problems not listed; fix those above and check again (htx check).",
            )
        ]
    return {
        "submission_id": submission_id,
        "sha256": kept.sha256,
        "file_name": path.name,
        "received_at": received_at.isoformat(),
        "submitted_at": sub.submitted_at.isoformat() if sub.submitted_at else None,
        "province_key": sub.province_key,
        "period_code": sub.period_code,
        "reporter": sub.reporter,
        "status": "quarantined" if sub.errors else "accepted",
        "n_errors": len(sub.errors),
        "n_warnings": len(sub.warnings),
        "problems_json": json.dumps([p.to_dict() for p in problems], ensure_ascii=False),
        "prepared_by": sub.prepared_by,
        "note": sub.note,
        "obs_status": _least_final(sub),
        "rules_version": suites.rules_version(),
    }


def _least_final(sub: ParsedSubmission) -> str | None:
    """The submission's status as a whole: the least final of its values (an official file with one
    estimated value is not wholly official)."""
    statuses = set(sub.indicators["obs_status"].drop_nulls().to_list()) if not sub.indicators.is_empty() else set()
    return min(statuses, key=FINALITY.get) if statuses else None


def _decide_file(
    home: HtxHome, path: Path, kept: raw_store.Kept, received_at: datetime, subs: list[ParsedSubmission]
) -> IngestResult:
    """Decide every part of one file, land what is accepted, then record the whole file at once."""
    ids = [submission_id_for(kept.sha256, part, len(subs)) for part in range(len(subs))]
    earlier: dict[tuple, pl.DataFrame] = {}  # this file's own earlier periods, not recorded yet
    rows: dict[str, dict] = {}
    for sid, sub in sorted(zip(ids, subs, strict=True), key=lambda item: item[1].period_end or date.max):
        try:
            if not sub.errors:
                sub.problems.extend(stock_jump_warnings(home, sub, earlier))
            rows[sid] = decision_row(sid, path, kept, received_at, sub)
            if rows[sid]["status"] == "accepted":
                land(home, rows[sid], sub)
                earlier[(sub.province_key, sub.period_code, sub.reporter)] = sub.indicators
            else:
                write_report(home.quarantine / f"{sid}.txt", rows[sid], sub.problems)
        except OSError:
            raise  # the disk, not the file: stop and say so
        except Exception as exc:  # something about this file we did not foresee: it alone is quarantined
            logger.exception("deciding %s failed", path.name)
            sub.problems.append(
                error(
                    "internal_error",
                    f"Lỗi nội bộ khi xử lý báo cáo ({type(exc).__name__}); báo cáo được giữ lại để "
                    "kiểm tra, chưa đưa vào kho. Hãy báo cho quản trị hệ thống.",
                    f"Internal error while processing the "
                    f"report ({type(exc).__name__}); it is kept for inspection and not loaded. Tell the administrator.",
                )
            )
            rows[sid] = decision_row(sid, path, kept, received_at, sub)
            write_report(home.quarantine / f"{sid}.txt", rows[sid], sub.problems)
    ordered = [rows[sid] for sid in ids]
    failpoint("ingest.before_commit", path.name)
    with registry.open_registry(home.registry_db) as con:
        registry.record_file(con, (kept.sha256, path.name, received_at.isoformat(), kept.size), ordered)
    failpoint("ingest.after_commit", path.name)
    return _result(path, kept.sha256, ordered)


def land(home: HtxHome, row: dict, sub: ParsedSubmission) -> None:
    """Write the accepted submission's tables as Parquet, values and list rows flagged where a warning names them."""
    keys = [pl.lit(row[c], dtype=pl.String).alias(c) for c in _KEYS]
    reported = pl.col("provenance") == "reported"
    values = _flagged(
        sub.indicators.with_columns(
            pl.when(reported)
            .then(pl.lit(reported_note(row)))
            .otherwise(pl.col("provenance_note"))
            .alias("provenance_note")
        ),
        "indicator_code",
        pl.String,
        [(p.indicator_code, p.code) for p in sub.warnings if p.indicator_code],
    )
    for table, frame in (
        ("indicator_values", values),
        ("cooperatives", _flag_rows(sub, "cooperatives")),
        ("ocop_products", _flag_rows(sub, "ocop_products")),
    ):
        if frame is not None:
            _write(
                home.landing / table / f"{row['submission_id']}.parquet",
                frame.with_columns(*keys).select(list(LANDED_SCHEMAS[table])),
            )


def reported_note(row: dict) -> str:
    """Whose report a `reported` figure comes from: reporter, file and date received (Vietnamese first)."""
    name_vi, name_en = REPORTERS.get(row["reporter"] or "", (row["reporter"], row["reporter"]))
    day = datetime.fromisoformat(row["received_at"]).date()
    file = shown(row["file_name"], 120)
    return f"{name_vi} báo cáo / reported by the {name_en}: {file}, nhận / received {day:%d/%m/%Y}"


def _flag_rows(sub: ParsedSubmission, table: str) -> pl.DataFrame | None:
    """A list's rows, flagged where a warning of that list's rules (validation_rules.yml) names their row."""
    frame = getattr(sub, table)
    if frame is None:
        return None
    ids = {r["id"] for r in suites.rules()["list_rules"][table]}
    return _flagged(
        frame, "sheet_row", pl.Int32, [(p.row, p.code) for p in sub.warnings if p.code in ids and p.row is not None]
    )


def _flagged(frame: pl.DataFrame, on: str, dtype: pl.DataType, warnings: list[tuple]) -> pl.DataFrame:
    """``frame`` with `flag_reasons` (the codes of the warnings naming each row's ``on`` value) and `is_flagged`."""
    flags: dict = {}
    for key, code in warnings:
        flags.setdefault(key, []).append(code)
    reasons = pl.DataFrame(
        {on: list(flags), "flag_reasons": ["; ".join(v) for v in flags.values()]},
        schema={on: dtype, "flag_reasons": pl.String},
    )
    return frame.join(reasons, on=on, how="left").with_columns(pl.col("flag_reasons").is_not_null().alias("is_flagged"))


def _write(target: Path, frame: pl.DataFrame) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    frame.write_parquet(target.with_suffix(".tmp"))
    target.with_suffix(".tmp").replace(target)


def _result(path: Path, sha: str, rows: list[dict], status: str | None = None) -> IngestResult:
    problems = [[Problem(**p) for p in json.loads(r["problems_json"])] for r in rows]
    statuses = {r["status"] for r in rows}
    decided = "partial" if len(statuses) > 1 else statuses.pop()
    first = rows[0]
    result = IngestResult(
        file=str(path),
        sha256=sha,
        status=status or decided,
        submission_id=first["submission_id"],
        province_key=first["province_key"],
        period_code=first["period_code"],
        reporter=first["reporter"],
        errors=[p.to_dict() for ps in problems for p in ps if p.severity == "error"],
        warnings=[p.to_dict() for ps in problems for p in ps if p.severity == "warning"],
    )
    if len(rows) > 1:
        result.submission_id = result.province_key = result.period_code = result.reporter = None
        result.parts = [
            {
                **{k: r[k] for k in ("submission_id", "province_key", "period_code", "reporter", "status")},
                "errors": [p.to_dict() for p in ps if p.severity == "error"],
                "warnings": [p.to_dict() for p in ps if p.severity == "warning"],
            }
            for r, ps in zip(rows, problems, strict=True)
        ]
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
