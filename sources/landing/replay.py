"""Proof that the warehouse can always be rebuilt from the kept files alone.

Every file received is in the raw store byte for byte, and the registry says when each arrived under which name.
``replay`` feeds those files again, batch by batch in the order they arrived and with their original receipt
times, through the same intake and gate into a scratch home, re-applies the withdrawals, and compares: every
decision (accepted / quarantined, errors, warnings) and every landed table must come out the same. The warehouse
is built from the landed tables only, so equal landing means an equal warehouse.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from itertools import groupby
from pathlib import Path

import polars as pl

from sources.core.home import HtxHome
from sources.intake import raw_store
from sources.landing import registry
from sources.landing.ingest import export_registry, ingest_files

DECISION = ["submission_id", "status", "n_errors", "n_warnings", "province_key", "period_code", "reporter"]


def replay(home: HtxHome, scratch_root: Path) -> dict:
    """Rebuild registry and landing under ``scratch_root`` from ``home``'s raw store; return the differences."""
    shutil.rmtree(scratch_root, ignore_errors=True)
    scratch = HtxHome(scratch_root).ensure()
    with registry.open_registry(home.registry_db) as con:
        receipts = con.execute(
            "select sha256, file_name, received_at from received_files order by received_at, file_name, sha256"
        ).fetchall()
        withdrawals = con.execute(
            "select submission_id, withdrawn_at, withdrawn_by, reason from withdrawals"
        ).fetchall()
    missing = []
    for batch, (received_at, group) in enumerate(groupby(receipts, key=lambda r: r[2])):
        folder = scratch_root / "replay" / f"{batch:05d}"
        paths = []
        for n, (sha, name, _) in enumerate(group):
            kept = raw_store.stored_path(home.raw_store, sha)
            if not kept.exists():
                missing.append(name)
                continue
            target = folder / f"{n:04d}" / Path(name).name  # same name: the extension and the name still count
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(kept, target)
            paths.append(target)
        ingest_files(scratch, paths, received_at=datetime.fromisoformat(received_at))
    with registry.open_registry(scratch.registry_db) as con:
        for row in withdrawals:
            if registry.find_submission(con, row[0]):
                registry.record_withdrawal(con, *row)
    export_registry(scratch)
    live = scratch_root / "live" / "submissions.parquet"  # the live decisions now, written beside the replay
    with registry.open_registry(home.registry_db) as con:
        registry.export(con, live)
    return {"files": len(receipts), "missing_files": missing, **compare(home, scratch, live)}


def _decisions(export: Path) -> pl.DataFrame:
    return pl.read_parquet(export).select(DECISION).sort("submission_id")


def _landed(home: HtxHome, table: str) -> pl.DataFrame:
    files = sorted(p for p in (home.landing / table).glob("*.parquet") if not p.name.startswith("_"))
    if not files:
        return pl.DataFrame()
    frame = pl.concat([pl.read_parquet(p) for p in files], how="diagonal_relaxed")
    return frame.sort(frame.columns)


def compare(home: HtxHome, scratch: HtxHome, live_export: Path) -> dict:
    """What differs between the live (``live_export``) and the replayed registry decisions and landed tables."""
    live, again = _decisions(live_export), _decisions(scratch.landing / "submissions.parquet")
    changed = live.join(again, on="submission_id", how="full", suffix="_replayed", coalesce=True).filter(
        pl.any_horizontal(pl.col(c).ne_missing(pl.col(f"{c}_replayed")) for c in DECISION if c != "submission_id")
    )
    tables = sorted({p.name for p in home.landing.iterdir() if p.is_dir()})
    differing = [t for t in tables if not _landed(home, t).equals(_landed(scratch, t))]
    return {
        "submissions": live.height,
        "decisions_differ": changed["submission_id"].to_list(),
        "tables_differ": differing,
        "identical": changed.is_empty() and not differing,
    }
