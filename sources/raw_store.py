"""The raw store: every received file, byte for byte, under its sha256. Nothing is deleted or overwritten."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def stored_path(raw_store: Path, sha256: str) -> Path:
    return raw_store / sha256[:2] / sha256


def keep(raw_store: Path, source: Path, sha256: str) -> Path:
    """Copy ``source`` into the store unless those bytes are already there; return the stored path."""
    target = stored_path(raw_store, sha256)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # Copy to a temporary name first so a crash never leaves a half-written file under the hash.
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    os.close(fd)
    shutil.copyfile(source, tmp)
    if sha256_of(Path(tmp)) != sha256:
        os.unlink(tmp)
        raise OSError(f"{source} changed while it was being stored; try again")
    os.chmod(tmp, 0o444)
    os.replace(tmp, target)
    return target
