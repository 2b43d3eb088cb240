"""The registry: which files were received, when, and what the gate decided about each (SQLite).

SQLite is the source of truth; ``export`` writes it as Parquet for dbt, which reads only Parquet. Decisions are
history: a submission's first decision stays in ``submissions``; a re-check under changed rules (``htx regate``)
appends to ``decisions``, and the latest one is the submission's status now. Triggers refuse any edit or deletion.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl

_SCHEMA = """
create table if not exists received_files (
    sha256 text not null, file_name text not null, received_at text not null, size_bytes integer not null,
    primary key (sha256, file_name));
create table if not exists submissions (
    submission_id text primary key, sha256 text not null, file_name text not null,
    received_at text not null, submitted_at text, province_key text, period_code text, reporter text,
    status text not null check (status in ('accepted', 'quarantined')),
    n_errors integer not null, n_warnings integer not null, problems_json text not null);
create table if not exists decisions (
    decision_no integer primary key autoincrement,
    submission_id text not null references submissions (submission_id),
    decided_at text not null, rules_version text not null, cause text not null,
    status text not null check (status in ('accepted', 'quarantined')),
    n_errors integer not null, n_warnings integer not null, problems_json text not null);
create index if not exists decisions_by_submission on decisions (submission_id, decision_no);
create trigger if not exists decisions_are_not_edited before update on decisions
    begin select raise(abort, 'decisions are history: append a new one'); end;
create trigger if not exists decisions_are_not_deleted before delete on decisions
    begin select raise(abort, 'decisions are history: append a new one'); end;
create trigger if not exists first_decisions_are_not_edited
    before update of status, n_errors, n_warnings, problems_json, rules_version on submissions
    begin select raise(abort, 'decisions are history: append a new one'); end;
create trigger if not exists first_decisions_are_not_deleted before delete on submissions
    begin select raise(abort, 'decisions are history: append a new one'); end;
create table if not exists withdrawals (
    submission_id text primary key references submissions (submission_id),
    withdrawn_at text not null, withdrawn_by text not null, reason text not null);
"""
SUBMISSION_COLUMNS = (
    "submission_id",
    "sha256",
    "file_name",
    "received_at",
    "submitted_at",
    "province_key",
    "period_code",
    "reporter",
    "status",
    "n_errors",
    "n_warnings",
    "problems_json",
    "prepared_by",
    "note",
    "obs_status",
    "rules_version",
)
# Columns added after the first registries were written: added by open_registry (to new registries too, so
# their types are written once), NULL for older rows (decided before the rules were versioned).
_ADDED_COLUMNS = {"prepared_by": "text", "note": "text", "obs_status": "text", "rules_version": "text"}
DECIDED = ("status", "n_errors", "n_warnings", "problems_json", "rules_version")
# Every submission with its decision now: the latest re-check if there was one, else the first decision.
CURRENT = f"""(
select {", ".join(f"s.{c}" for c in SUBMISSION_COLUMNS if c not in DECIDED)},
       {", ".join(f"coalesce(d.{c}, s.{c}) as {c}" for c in DECIDED)}
from submissions s left join decisions d on d.decision_no = (
    select max(decision_no) from decisions where decisions.submission_id = s.submission_id))"""
WITHDRAWAL_COLUMNS = ("withdrawn_at", "withdrawn_by", "withdrawal_reason")
# What the build reads: the rules version stays in the registry, so a re-check that changes no decision leaves
# the export (and the warehouse) as it was.
EXPORT_COLUMNS = tuple(c for c in SUBMISSION_COLUMNS if c != "rules_version")


@contextmanager
def open_registry(path: Path) -> Iterator[sqlite3.Connection]:
    con = sqlite3.connect(path, timeout=30)
    con.row_factory = sqlite3.Row
    try:
        con.executescript(_SCHEMA)
        present = {r["name"] for r in con.execute("pragma table_info(submissions)")}
        for column, kind in _ADDED_COLUMNS.items():
            if column not in present:
                con.execute(f"alter table submissions add column {column} {kind}")
        with con:
            yield con
    finally:
        con.close()


def record_receipt(con: sqlite3.Connection, sha256: str, file_name: str, received_at: str, size: int) -> bool:
    """Note that ``file_name`` arrived with these bytes; False when this exact pair was already noted."""
    cur = con.execute(
        "insert or ignore into received_files values (?, ?, ?, ?)", (sha256, file_name, received_at, size)
    )
    return cur.rowcount == 1


def find_submissions(con: sqlite3.Connection, sha256: str) -> list[dict]:
    """The submissions read from these bytes (a CSV may hold several provinces and periods)."""
    return [dict(r) for r in con.execute(f"select * from {CURRENT} where sha256 = ? order by submission_id", (sha256,))]


def current_submission(con: sqlite3.Connection, province_key: str, period_code: str, reporter: str) -> dict | None:
    """The accepted (and not withdrawn) version that is current now: latest `ngay_gui`, then latest arrival."""
    row = con.execute(
        f"select * from {CURRENT} where status = 'accepted' and province_key = ? and period_code = ? "
        "and reporter = ? and submission_id not in (select submission_id from withdrawals) "
        "order by submitted_at is null, submitted_at desc, received_at desc, submission_id desc "
        "limit 1",
        (province_key, period_code, reporter),
    ).fetchone()
    return dict(row) if row else None


def record_file(con: sqlite3.Connection, receipt: tuple[str, str, str, int], rows: list[dict]) -> None:
    """Record a file's receipt and the decision on every part of it in one transaction: all or nothing.

    A crash before the commit leaves no trace of the file here, so ingesting it again decides it anew
    (a CSV of 504 province-periods is never left half recorded).
    """
    with con:
        record_receipt(con, *receipt)
        for row in rows:
            record_submission(con, row)


def record_submission(con: sqlite3.Connection, row: dict) -> None:
    con.execute(
        f"insert into submissions ({', '.join(SUBMISSION_COLUMNS)}) values "
        f"({', '.join('?' for _ in SUBMISSION_COLUMNS)})",
        [row[c] for c in SUBMISSION_COLUMNS],
    )


def find_submission(con: sqlite3.Connection, submission_id: str) -> dict | None:
    row = con.execute(
        f"select s.*, w.withdrawn_at, w.withdrawn_by, w.reason as withdrawal_reason from {CURRENT} s "
        "left join withdrawals w using (submission_id) where submission_id = ?",
        (submission_id,),
    ).fetchone()
    return dict(row) if row else None


def record_decision(con: sqlite3.Connection, submission_id: str, decided_at: str, cause: str, row: dict) -> None:
    """Append a later decision on ``submission_id`` (``row`` holds the DECIDED columns); earlier ones stay."""
    con.execute(
        f"insert into decisions (submission_id, decided_at, cause, {', '.join(DECIDED)}) values "
        f"(?, ?, ?, {', '.join('?' for _ in DECIDED)})",
        [submission_id, decided_at, cause, *(row[c] for c in DECIDED)],
    )


def decision_history(con: sqlite3.Connection, submission_id: str) -> list[dict]:
    """Every decision on ``submission_id``, first (on receipt) to last."""
    first = con.execute(
        f"select received_at as decided_at, 'received' as cause, {', '.join(DECIDED)} from submissions "
        "where submission_id = ?",
        (submission_id,),
    ).fetchall()
    later = con.execute(
        f"select decided_at, cause, {', '.join(DECIDED)} from decisions where submission_id = ? order by decision_no",
        (submission_id,),
    ).fetchall()
    return [dict(r) for r in [*first, *later]]


def record_withdrawal(con: sqlite3.Connection, submission_id: str, withdrawn_at: str, by: str, reason: str) -> None:
    """Take an accepted submission out of the warehouse; its decision row and its file stay as they were."""
    with con:
        con.execute("insert into withdrawals values (?, ?, ?, ?)", (submission_id, withdrawn_at, by, reason))


# A byte-identical file received again under another name: kept as a `duplicate` row of the history.
_DUPLICATES = """
select null as submission_id, f.sha256, f.file_name, f.received_at, s.submitted_at, s.province_key,
       s.period_code, s.reporter, 'duplicate' as status, 0 as n_errors, 0 as n_warnings, '[]' as problems_json,
       s.prepared_by, s.note, s.obs_status
from received_files f
join submissions s on s.sha256 = f.sha256
    and s.submission_id = (select min(submission_id) from submissions where sha256 = f.sha256)
where f.file_name not in (select file_name from submissions where sha256 = f.sha256)
"""


# A withdrawn submission keeps its decision row; the export shows it as `withdrawn`, with who, when and why.
_SUBMISSIONS = f"""
select {", ".join(f"s.{c}" for c in EXPORT_COLUMNS if c != "status")},
       case when w.submission_id is null then s.status else 'withdrawn' end as status,
       w.withdrawn_at, w.withdrawn_by, w.reason as withdrawal_reason
from {CURRENT} s left join withdrawals w using (submission_id)
"""


def export(con: sqlite3.Connection, target: Path) -> None:
    """Write the submissions (and duplicate receipts) as Parquet, atomically, for the warehouse build."""
    rows = [dict(r) for r in con.execute(_SUBMISSIONS)]
    for row in con.execute(_DUPLICATES):
        name_hash = hashlib.sha256(row["file_name"].encode()).hexdigest()[:8]
        rows.append(
            dict(row) | {"submission_id": f"d{row['sha256'][:16]}-{name_hash}"} | dict.fromkeys(WITHDRAWAL_COLUMNS)
        )
    rows.sort(key=lambda r: (r["received_at"], r["submission_id"]))
    frame = pl.DataFrame(
        rows,
        schema={c: pl.Int64 if c.startswith("n_") else pl.String for c in (*EXPORT_COLUMNS, *WITHDRAWAL_COLUMNS)},
    )
    _write_atomically(frame, target)
    _write_atomically(problems_frame(frame), target.with_name("problems.parquet"))


PROBLEM_SCHEMA = {
    "submission_id": pl.String,
    "problem_no": pl.Int64,
    "code": pl.String,
    "severity": pl.String,
    "message_vi": pl.String,
    "message_en": pl.String,
    "sheet": pl.String,
    "sheet_row": pl.Int64,
    "sheet_column": pl.String,
    "cell": pl.String,
    "indicator_code": pl.String,
}
_PROBLEM_KEYS = {"sheet_row": "row", "sheet_column": "column"}  # `row` and `column` are SQL keywords


def problems_frame(submissions: pl.DataFrame) -> pl.DataFrame:
    """One row per problem the gate found (errors and warnings), numbered within its submission."""
    fields = [k for k in PROBLEM_SCHEMA if k not in ("submission_id", "problem_no")]
    rows = [
        {
            "submission_id": sub["submission_id"],
            "problem_no": n,
            **{k: problem.get(_PROBLEM_KEYS.get(k, k)) for k in fields},
        }
        for sub in submissions.select("submission_id", "problems_json").iter_rows(named=True)
        for n, problem in enumerate(json.loads(sub["problems_json"] or "[]"), start=1)
    ]
    return pl.DataFrame(rows, schema=PROBLEM_SCHEMA)


def _write_atomically(frame: pl.DataFrame, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    frame.write_parquet(tmp)
    tmp.replace(target)
