"""Releases: every publish keeps a dated, read-only copy of the warehouse with notes on what changed.

``$HTX_HOME/warehouse/releases/<YYYY-MM-DD_HHMMSS>/`` holds ``htx.duckdb`` (byte for byte the file that was
published), ``release.json`` (when, row counts, sha256, the files it added or superseded) and ``NOTES.md`` (the
same for people, Vietnamese and English). ``rollback`` republishes a release atomically; the oldest releases
beyond ``HTX_KEEP_RELEASES`` (default 10) are pruned, never the one being read. Readers open a past release
read-only by name (``htx sql --release 2026-01-31_080000``).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from sources.core.home import HomeProblem, HtxHome, env_number
from sources.intake.raw_store import sha256_of

DEFAULT_KEEP = 10
_STAMP = "%Y-%m-%d_%H%M%S"


class ReleaseNotFound(LookupError):
    pass


def releases_dir(home: HtxHome) -> Path:
    return home.published_db.parent / "releases"


def keep_count() -> int:
    return int(env_number("HTX_KEEP_RELEASES", DEFAULT_KEEP, 1, 1000))


def _changes(db: Path, since: str | None) -> dict:
    """Files received after ``since`` (the previous release), by what became of them."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            """
            select s.status, s.file_name, coalesce(p.name_vi, '?'), s.period_code, s.reporter
            from marts.fct_submissions s left join marts.dim_province p on p.province_key = s.province_key
            where ?::varchar is null or s.received_at > cast(? as timestamptz)
            order by s.status, p.name_vi, s.period_code
            """,
            [since, since],
        ).fetchall()
    changes: dict[str, list[dict]] = {}
    for status, file_name, province, period, reporter in rows:
        changes.setdefault(status, []).append(
            {"file": file_name, "province": province, "period": period, "reporter": reporter}
        )
    return changes


def _status_changes(db: Path, previous_db: Path | None) -> list[dict]:
    """Submissions already in the previous release whose status is not the same now: superseded by a newer
    version, withdrawn, or decided again under changed rules (`htx regate`)."""
    if previous_db is None or not previous_db.exists():
        return []
    with duckdb.connect(str(db), read_only=True) as con:
        con.execute(f"attach '{str(previous_db).replace(chr(39), chr(39) * 2)}' as previous_release (read_only)")
        rows = con.execute(
            """
            select coalesce(p.name_vi, '?'), s.period_code, s.reporter, s.file_name, before.status, s.status
            from marts.fct_submissions s
            inner join previous_release.marts.fct_submissions before on before.submission_id = s.submission_id
            left join marts.dim_province p on p.province_key = s.province_key
            where before.status != s.status
            order by p.name_vi, s.period_code, s.file_name
            """
        ).fetchall()
    keys = ("province", "period", "reporter", "file", "before", "after")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def _listed(files: list[dict], then: str, limit: int = 200) -> list[str]:
    """One line per file (province · period · reporter · file, then ``then`` filled from it), at most ``limit``."""
    lines = [f"- {f['province']} · {f['period']} · {f['reporter']} · `{f['file']}`{then.format(**f)}" for f in files]
    return lines[:limit] + ([f"- … {len(files) - limit} more"] if len(files) > limit else [])


def _notes(name: str, record: dict, previous: dict | None) -> str:
    lines = [f"# Bản phát hành / Release {name}", "", f"- Công bố / published: {record['published_at']}"]
    lines.append(f"- Trước đó / previous release: {previous['name'] if previous else '— (đầu tiên / first)'}")
    lines.append(f"- sha256: `{record['sha256']}`")
    lines += ["", "## Tệp mới từ bản trước / Files since the previous release", ""]
    titles = {
        "accepted": "Được nhận / accepted",
        "superseded": "Đã được thay / superseded",
        "quarantined": "Bị cách ly / quarantined",
        "duplicate": "Trùng / duplicate",
    }
    if not record["changes"]:
        lines.append("Không có / none.")
    for status, files in record["changes"].items():
        lines.append(f"### {titles.get(status, status)} ({len(files)})")
        lines += _listed(files, "")
        lines.append("")
    changed = record.get("status_changes", [])
    lines += [f"## Đổi trạng thái / Status changed since the previous release ({len(changed)})", ""]
    lines += _listed(changed, ": {before} → {after}") or ["Không có / none."]
    lines += ["", "## Số dòng / Row counts", "", "| table | rows | change |", "| --- | --- | --- |"]
    before = previous["row_counts"] if previous else {}
    for table, rows in record["row_counts"].items():
        delta = rows - before[table] if table in before else None
        lines.append(f"| {table} | {rows} | {'' if delta is None else f'{delta:+d}'} |")
    return "\n".join(lines) + "\n"


def list_releases(home: HtxHome) -> list[dict]:
    """Every kept release, newest first, each with its name, folder and record."""
    found = []
    root = releases_dir(home)
    for folder in sorted(root.iterdir() if root.exists() else [], reverse=True):
        record_file = folder / "release.json"
        if folder.is_dir() and record_file.exists():
            try:
                record = json.loads(record_file.read_text())
            except (OSError, ValueError):
                continue  # an unreadable record: not offered
            found.append({"name": folder.name, "path": folder / "htx.duckdb", **record})
    return found


def find(home: HtxHome, name: str) -> dict:
    for release in list_releases(home):
        if release["name"] == name:
            return release
    raise ReleaseNotFound(name)


def keep(home: HtxHome, db: Path, publication: dict) -> dict:
    """Copy the file just published into a new release (read-only) with its notes; prune old ones.

    Called right after the swap: a crash in between leaves that publish without a release (the next one notes
    the files since the last kept release), never a release of a file that was not published.
    """
    stamp = datetime.fromisoformat(publication["published_at"]).astimezone(UTC).strftime(_STAMP)
    previous = next(iter(list_releases(home)), None)
    folder = releases_dir(home) / stamp
    partial = folder.with_name(f".{stamp}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        shutil.copyfile(db, partial / "htx.duckdb")
        record = {
            "published_at": publication["published_at"],
            "row_counts": publication["row_counts"],
            "sha256": sha256_of(partial / "htx.duckdb"),
            "previous": previous["name"] if previous else None,
            "changes": _changes(db, previous["published_at"] if previous else None),
            "status_changes": _status_changes(db, previous["path"] if previous else None),
        }
        (partial / "release.json").write_text(json.dumps(record, ensure_ascii=False, indent=1))
        (partial / "NOTES.md").write_text(_notes(stamp, record, previous), encoding="utf-8")
        for item in partial.iterdir():
            item.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # immutable by intent: 0444
        os.replace(partial, folder)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise HomeProblem(
            f"Không lưu được bản phát hành vào {folder}: {exc}", f"Could not keep the release in {folder}: {exc}"
        ) from exc
    prune(home, keep_count(), published=record["sha256"])  # the copy is the published file, byte for byte
    return {"name": stamp, **record}


def prune(home: HtxHome, keep_last: int, published: str | None = None) -> list[str]:
    """Remove the oldest releases beyond ``keep_last``; never the one currently published (``published``: its
    sha256 when the caller knows it, else the published file is hashed)."""
    current = published or published_sha(home)
    removed = []
    for release in list_releases(home)[keep_last:]:
        if release["sha256"] == current:
            continue
        folder = release["path"].parent
        for item in folder.iterdir():
            item.chmod(stat.S_IRUSR | stat.S_IWUSR)
        shutil.rmtree(folder)
        removed.append(release["name"])
    return removed


def published_sha(home: HtxHome) -> str | None:
    return sha256_of(home.published_db) if home.published_db.exists() else None


def rollback(home: HtxHome, name: str) -> dict:
    """Republish release ``name``: its file copied beside the published one, checked, then swapped in atomically.

    The caller holds the writer lock. The publication record inside the file is the release's own, so readers
    (and ``htx releases``) see which release is published.
    """
    release = find(home, name)
    staged = home.published_db.with_name(f".{name}.rollback")
    shutil.copyfile(release["path"], staged)
    if sha256_of(staged) != release["sha256"]:
        staged.unlink()
        raise HomeProblem(
            f"Bản phát hành {name} bị thay đổi (sha256 không khớp); không khôi phục.",
            f"Release {name} was altered (sha256 differs); not rolled back.",
        )
    staged.chmod(stat.S_IRUSR | stat.S_IWUSR | stat.S_IRGRP | stat.S_IROTH)
    with staged.open("rb") as f:
        os.fsync(f.fileno())
    os.replace(staged, home.published_db)
    from sources.warehouse.snapshot import publication

    publication(home)  # rewrites published.json from the record inside the file now published
    return release
