"""The raw store: every received file, byte for byte, under its sha256. Nothing is deleted or overwritten.

Files are opened once, without following symlinks, and hashed *while* they are copied: what is stored, what
is hashed and what the readers later parse (the stored copy) are the same bytes, even if the sender's file
changes meanwhile. Anything that is not a regular file (a symlink to /etc/passwd or /proc/self/environ, a
FIFO that would block, a device) is refused before a byte of it is read.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sources.core.problems import shown

# Above this a file is not even kept: it could only be a mistake or an attack on the disk.
# (Readers refuse anything above safety.MAX_FILE_BYTES; between the two, the file is kept and quarantined.)
MAX_KEEP_BYTES = 1024 * 1024 * 1024
_CHUNK = 1 << 20


class NotAcceptedFile(Exception):
    """A path that is not kept: not a regular file, a symlink, or too large to store."""

    def __init__(self, code: str, vi: str, en: str):
        super().__init__(en)
        self.code, self.vi, self.en = code, vi, en


@dataclass(frozen=True)
class Kept:
    sha256: str
    size: int
    stored: Path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def stored_path(raw_store: Path, sha256: str) -> Path:
    return raw_store / sha256[:2] / sha256


def open_regular(path: Path, follow_symlinks: bool = False) -> int:
    """An open descriptor on ``path`` if it is a regular file; NotAcceptedFile otherwise (nothing read)."""
    if not follow_symlinks and path.is_symlink():
        raise _refused_symlink(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)  # closes the gap between the check above and the open
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if not follow_symlinks and path.is_symlink():
            raise _refused_symlink(path) from exc
        raise
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        name = shown(path.name)
        raise NotAcceptedFile(
            "not_a_regular_file",
            f"'{name}' không phải là một tệp thông thường (thư mục đặc biệt, thiết bị hay ống dẫn); không đọc.",
            f"'{name}' is not a regular file (a device, a pipe or a socket); it was not read.",
        )
    return fd


def _refused_symlink(path: Path) -> NotAcceptedFile:
    name = shown(path.name)
    return NotAcceptedFile(
        "symlink_refused",
        f"'{name}' là một liên kết (symlink), không phải tệp được gửi; không đọc. Hãy chép chính tệp vào hộp thư "
        "đến (hoặc dùng `htx ingest --allow-symlinks` nếu thật sự muốn).",
        f"'{name}' is a symbolic link, not a submitted file; it was not read. Copy the file itself into the "
        "inbox (or use `htx ingest --allow-symlinks` if you really mean it).",
    )


def keep(raw_store: Path, source: Path, follow_symlinks: bool = False) -> Kept:
    """Copy ``source`` into the store (hashing as it goes) unless those bytes are already there."""
    fd = open_regular(source, follow_symlinks)
    with os.fdopen(fd, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_KEEP_BYTES:
            name = shown(source.name)
            raise NotAcceptedFile(
                "file_too_large_to_keep",
                f"Tệp '{name}' nặng {size:,} byte, vượt quá mức lưu {MAX_KEEP_BYTES:,} byte; không lưu. "
                "Hãy tách thành nhiều tệp nhỏ.",
                f"'{name}' has {size:,} bytes, over the {MAX_KEEP_BYTES:,} bytes the store keeps; not kept. "
                "Split it into smaller files.",
            )
        incoming = raw_store / "incoming"
        incoming.mkdir(parents=True, exist_ok=True)
        # A temporary name first, so a crash never leaves a half-written file under a hash.
        tmp_fd, tmp = tempfile.mkstemp(dir=incoming, prefix="part-")
        digest, copied = hashlib.sha256(), 0
        try:
            with os.fdopen(tmp_fd, "wb") as out:
                for chunk in iter(lambda: handle.read(_CHUNK), b""):
                    copied += len(chunk)
                    if copied > MAX_KEEP_BYTES:  # it grew while we read it
                        raise NotAcceptedFile(
                            "file_too_large_to_keep",
                            "Tệp lớn dần trong khi đọc; không lưu.",
                            "The file kept growing while it was read; not kept.",
                        )
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            target = stored_path(raw_store, sha)
            if target.exists():
                os.unlink(tmp)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.chmod(tmp, 0o444)
                os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return Kept(sha, copied, target)
