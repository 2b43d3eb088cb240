"""Re-checking kept files after the rules changed (`htx regate`).

Every decision records the rules version it was made under (``suites.rules_version``: the rules file, the
submission contract, the reference data). When that changes, the files decided under another version are read
again from the raw store — the bytes as received, checked against their sha256 — through the same readers and
gate, with their original names and receipt times. Each outcome is appended to the registry's decision history
(the first decision and every earlier re-check stay as they were); what is accepted now is landed (again, with
today's flags), what is quarantined now leaves the landing. Withdrawals stand. A file whose re-reading names
another province, period or reporter than the one recorded is not decided again: it is reported as a conflict.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import groupby
from pathlib import Path

import polars as pl

from sources.core.failpoints import failpoint
from sources.core.home import HtxHome
from sources.core.problems import Problem
from sources.gate import suites
from sources.gate.history import stock_jump_warnings
from sources.intake import isolation, raw_store
from sources.landing import registry
from sources.landing.ingest import (
    LANDED_SCHEMAS,
    decision_row,
    export_registry,
    land,
    period_order,
    submission_id_for,
)
from sources.landing.quarantine_report import write_report
from sources.parse.parse_file import gate_submissions
from sources.parse.submission import ParsedSubmission

logger = logging.getLogger(__name__)
IDENTITY = ("province_key", "period_code", "reporter")
COMPARED = ("status", "n_errors", "n_warnings", "problems_json")


@dataclass
class Rechecked:
    """One submission decided again: its decision before and now."""

    submission_id: str
    file_name: str
    province_key: str | None
    period_code: str | None
    reporter: str | None
    before: str
    after: str
    changed: bool
    problems: list[dict] = field(default_factory=list)  # the decision's problems now


@dataclass
class NotRechecked:
    """A file that could not be decided again, and why (Vietnamese and English)."""

    file_name: str
    sha256: str
    vi: str
    en: str


@dataclass
class RegateReport:
    rules_version: str
    decided: list[Rechecked] = field(default_factory=list)
    not_rechecked: list[NotRechecked] = field(default_factory=list)

    @property
    def changed(self) -> list[Rechecked]:
        return [r for r in self.decided if r.changed]


def due(home: HtxHome, since: date | None = None, everything: bool = False) -> list[list[dict]]:
    """The files to re-check, each as the list of its submissions (their decisions now), oldest receipt first:
    those decided under other rules (all of them with ``everything``), received on or after ``since``."""
    version = suites.rules_version()
    with registry.open_registry(home.registry_db) as con:
        rows = [
            dict(r)
            for r in con.execute(
                f"select * from {registry.CURRENT} where (? or rules_version is null or rules_version != ?) "
                "and (? is null or received_at >= ?) order by received_at, sha256, submission_id",
                (everything, version, since and since.isoformat(), since and since.isoformat()),
            )
        ]
    return [list(parts) for _, parts in groupby(rows, key=lambda r: r["sha256"])]


def regate(
    home: HtxHome,
    since: date | None = None,
    everything: bool = False,
    on_file: Callable[[], None] | None = None,
    now: datetime | None = None,
) -> RegateReport:
    """Decide again on the files ``due`` lists, under the rules on disk now. The caller holds the writer lock."""
    suites.reload()
    try:
        suites.ready()
    except Exception as exc:  # a typo in the rules must not become a decision on every kept file
        raise RulesUnreadable(
            f"Không đọc được tệp quy tắc {suites.RULES_FILE.name} ({type(exc).__name__}: {exc}); chưa kiểm tra lại "
            "tệp nào. Hãy sửa tệp rồi chạy lại.",
            f"The rules file {suites.RULES_FILE.name} cannot be used ({type(exc).__name__}: {exc}); nothing was "
            "re-checked. Fix it, then run again.",
        ) from exc
    _sweep(home)
    report = RegateReport(suites.rules_version())
    decided_at = (now or datetime.now(UTC)).isoformat()
    tick = on_file or (lambda: None)
    readable = []
    for parts in due(home, since, everything):
        stored = raw_store.stored_path(home.raw_store, parts[0]["sha256"])
        problem = _kept_problem(stored, parts[0]["sha256"])
        if problem:
            report.not_rechecked.append(NotRechecked(parts[0]["file_name"], parts[0]["sha256"], *problem))
            tick()
        else:
            readable.append((stored, parts))
    parsed = []
    for received_at, group in groupby(readable, key=lambda item: item[1][0]["received_at"]):
        group = list(group)
        subs = isolation.read_files(
            [(stored, parts[0]["file_name"]) for stored, parts in group], datetime.fromisoformat(received_at), tick
        )
        parsed += zip(group, subs, strict=True)
    gate_submissions([sub for _, subs in parsed for sub in subs])
    for (stored, parts), subs in sorted(parsed, key=lambda f: period_order(f[1], f[0][1][0]["file_name"])):
        try:
            report.decided += _decide_again(home, stored, parts, subs, decided_at)
        except _Conflict as conflict:
            report.not_rechecked.append(NotRechecked(parts[0]["file_name"], parts[0]["sha256"], *conflict.args))
        except OSError:
            raise  # the disk, not the file: stop and say so
        except Exception as exc:  # our fault, not the file's: its decisions stay as they were
            logger.exception("re-checking %s failed", parts[0]["file_name"])
            report.not_rechecked.append(
                NotRechecked(
                    parts[0]["file_name"],
                    parts[0]["sha256"],
                    f"Lỗi nội bộ khi kiểm tra lại ({type(exc).__name__}); quyết định cũ được giữ nguyên.",
                    f"Internal error while re-checking ({type(exc).__name__}); the earlier decision stands.",
                )
            )
    export_registry(home)
    return report


class _Conflict(Exception):
    pass


class RulesUnreadable(Exception):
    def __init__(self, vi: str, en: str):
        super().__init__(en)
        self.vi, self.en = vi, en


# Problems that say this run failed, not the file — the bytes are those decided on before, sha256-checked: never
# recorded as a new decision (the gate or our code failed; reading stopped on a time or memory limit).
_OUR_FAULT = {"gate_failed", "internal_error", "file_too_slow", "reader_crashed", "unreadable_file"}


def _kept_problem(stored: Path, sha256: str) -> tuple[str, str] | None:
    if not stored.is_file():
        return (
            "Không tìm thấy tệp gốc trong kho lưu trữ; quyết định cũ được giữ nguyên. Hãy khôi phục kho từ "
            "bản sao lưu.",
            "The received file is missing from the raw store; the earlier decision stands. Restore the store from "
            "a backup.",
        )
    if raw_store.sha256_of(stored) != sha256:
        return (
            "Tệp gốc trong kho lưu trữ đã bị thay đổi (mã băm không khớp); quyết định cũ được giữ nguyên. Hãy khôi "
            "phục tệp từ bản sao lưu.",
            "The kept file was altered (its sha256 no longer matches); the earlier decision stands. Restore it "
            "from a backup.",
        )
    return None


def _decide_again(
    home: HtxHome, stored: Path, parts: list[dict], subs: list[ParsedSubmission], decided_at: str
) -> list[Rechecked]:
    """Decide each part of one file again, land or unland it, then append the decisions in one transaction."""
    before = {p["submission_id"]: p for p in parts}
    sha = parts[0]["sha256"]
    ids = [submission_id_for(sha, part, len(subs)) for part in range(len(subs))]
    with registry.open_registry(home.registry_db) as con:
        recorded = {r["submission_id"] for r in registry.find_submissions(con, sha)}
    if set(ids) != recorded:
        raise _Conflict(
            f"Đọc lại tệp được {len(ids)} phần thay vì {len(recorded)}; quyết định cũ được giữ nguyên.",
            f"Read again, the file holds {len(ids)} part(s) instead of {len(recorded)}; the earlier decisions stand.",
        )
    kept = raw_store.Kept(sha, stored.stat().st_size, stored)
    earlier: dict[tuple, pl.DataFrame] = {}
    decided: dict[str, tuple[dict, ParsedSubmission, bool]] = {}  # each part: its decision now, read, changed?
    for sid, sub in sorted(zip(ids, subs, strict=True), key=lambda item: item[1].period_end or date.max):
        if sid not in before:
            continue  # decided under the current rules already (only other parts were due)
        read = tuple(getattr(sub, k) for k in IDENTITY)
        if all(read) and read != tuple(before[sid][k] for k in IDENTITY):
            raise _Conflict(
                f"Đọc lại, phần {sid} mang tỉnh/kỳ/đơn vị {'/'.join(read)} thay vì "
                f"{'/'.join(str(before[sid][k]) for k in IDENTITY)}; quyết định cũ được giữ nguyên.",
                f"Read again, part {sid} names province/period/reporter {'/'.join(read)} instead of "
                f"{'/'.join(str(before[sid][k]) for k in IDENTITY)}; the earlier decision stands.",
            )
        if _OUR_FAULT & {p.code for p in sub.problems}:
            raise RuntimeError("the gate failed on this file")  # the earlier decision stands
        if not sub.errors:
            sub.problems.extend(stock_jump_warnings(home, sub, earlier))
        received_at = datetime.fromisoformat(before[sid]["received_at"])
        row = decision_row(sid, Path(before[sid]["file_name"]), kept, received_at, sub)
        row.update({k: before[sid][k] for k in IDENTITY})  # the identity recorded first is kept
        changed = any(row[c] != before[sid][c] for c in COMPARED)
        decided[sid] = (row, sub, changed)
        if row["status"] == "accepted":
            if changed:
                land(home, row, sub)  # before the decision is recorded: the build ignores rows not accepted
            earlier[(sub.province_key, sub.period_code, sub.reporter)] = sub.indicators
    failpoint("regate.before_commit", parts[0]["file_name"])
    with registry.open_registry(home.registry_db) as con, con:
        for sid, (row, _, _) in decided.items():
            registry.record_decision(con, sid, decided_at, "regate", row)
    failpoint("regate.after_commit", parts[0]["file_name"])
    for sid, (row, sub, _) in decided.items():  # after it: a crash in between leaves rows the build ignores
        if row["status"] == "accepted":
            (home.quarantine / f"{sid}.txt").unlink(missing_ok=True)
        else:
            _unland(home, row, sub.problems)
    return [
        Rechecked(
            sid,
            row["file_name"],
            *(row[k] for k in IDENTITY),
            before=before[sid]["status"],
            after=row["status"],
            changed=changed,
            problems=json.loads(row["problems_json"]),
        )
        for sid, (row, _, changed) in decided.items()
    ]


def _unland(home: HtxHome, row: dict, problems: list[Problem]) -> None:
    """A quarantined submission's rows out of the landing, and its report in the quarantine folder."""
    for table in LANDED_SCHEMAS:
        (home.landing / table / f"{row['submission_id']}.parquet").unlink(missing_ok=True)
    write_report(home.quarantine / f"{row['submission_id']}.txt", row, problems)


def _sweep(home: HtxHome) -> None:
    """Finish what a crash between recording decisions and tidying left: rows still landed for submissions that are
    quarantined now leave the landing (the build ignored them already), and their reports are written."""
    with registry.open_registry(home.registry_db) as con:
        found = con.execute(f"select * from {registry.CURRENT} where status = 'quarantined'")
        quarantined = {r["submission_id"]: dict(r) for r in found}
    still_landed = {
        path.stem for table in LANDED_SCHEMAS for path in (home.landing / table).glob("s*.parquet")
    } & quarantined.keys()
    for sid in sorted(still_landed):
        row = quarantined[sid]
        _unland(home, row, [Problem(**p) for p in json.loads(row["problems_json"])])
