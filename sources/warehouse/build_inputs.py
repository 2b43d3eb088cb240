"""What a build is made from, as one fingerprint: the landed data (every Parquet file and the registry export)
and the recipe (the dbt project, the reference CSVs it seeds, the gate's rules file).

The fingerprint of the build that was published travels inside its publication record; `htx run` compares it
with today's after ingesting, and when nothing changed — no new file landed, none withdrawn, no model or rule
edited — there is nothing to rebuild: the published file is left as it is.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sources.core.home import HtxHome

REPO = Path(__file__).resolve().parents[2]
RECIPE = [REPO / "dbt_project" / d for d in ("models", "macros", "tests")] + [
    REPO / "dbt_project" / "dbt_project.yml",
    REPO / "sources" / "reference",
    REPO / "sources" / "gate" / "validation_rules.yml",
]


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", "target", "logs"))
        found += [Path(folder) / f for f in sorted(files)]
    return found


def recipe_fingerprint() -> str:
    """sha256 over the recipe alone: when it equals the published build's, the dbt unit tests (which test the
    models' logic on fixed rows, not the data) already passed on exactly this code."""
    digest = hashlib.sha256()
    _add_recipe(digest)
    return digest.hexdigest()


def _add_recipe(digest) -> None:
    for root in RECIPE:
        for path in _files(root):
            digest.update(f"{path.relative_to(REPO)}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())


def fingerprint(home: HtxHome) -> str:
    """sha256 over the landed data (each submission's files by path, size and modification time — written when
    accepted, rewritten only by `htx regate`; the registry export by content) and the recipe's contents."""
    digest = hashlib.sha256()
    for path in _files(home.landing) if home.landing.exists() else []:
        name = path.relative_to(home.landing)
        if path.parent == home.landing:  # the registry export, rewritten by every ingest: its contents count
            digest.update(f"{name}\n".encode() + hashlib.sha256(path.read_bytes()).digest())
        else:  # one Parquet file per accepted submission, written once
            stat = path.stat()
            digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    _add_recipe(digest)
    return digest.hexdigest()
