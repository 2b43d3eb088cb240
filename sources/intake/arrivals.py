"""What arrived: every entry under the inbox (or the paths given to `htx ingest`), whatever its name.

Dotfiles are files like any other (a clerk's `.bao_cao.xlsx` is still a report); symlinks and anything
that is not a regular file are listed too, so they can be refused by name instead of skipped in silence.
Directories are walked without following symlinks: nothing outside the given paths is read.
"""

from __future__ import annotations

import os
from pathlib import Path


def list_arrivals(paths: list[Path], follow_symlinks: bool = False) -> list[Path]:
    """Every entry to decide on, in a stable order; a missing path raises FileNotFoundError."""
    found: list[Path] = []
    for path in paths:
        if path.is_symlink() and not follow_symlinks:
            found.append(path)  # refused when it is received, never followed
        elif path.is_dir():
            found += _walk(path, follow_symlinks)
        elif os.path.lexists(path):
            found.append(path)
        else:
            raise FileNotFoundError(path)
    return found


def _walk(folder: Path, follow_symlinks: bool) -> list[Path]:
    entries = []
    for root, dirs, files in os.walk(folder, followlinks=follow_symlinks):
        base = Path(root)
        for name in sorted(dirs):
            if (base / name).is_symlink() and not follow_symlinks:
                entries.append(base / name)  # a linked folder: listed and refused, not walked
        entries += [base / name for name in files]
        dirs.sort()
    return sorted(entries)
