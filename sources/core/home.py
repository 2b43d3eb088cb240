"""Where htx keeps its state: everything lives under one folder, ``$HTX_HOME``.

Two different homes never share a file, so tests and demos can run side by side.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock


class HomeProblem(Exception):
    """$HTX_HOME (or another setting) cannot be used; ``vi`` and ``en`` say why and what to do."""

    def __init__(self, vi: str, en: str):
        super().__init__(en)
        self.vi, self.en = vi, en


def env_number(name: str, default: float, low: float, high: float) -> float:
    """A numeric setting from the environment, refused in words when it is not a number in [low, high]."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:  # also false for NaN
        raise HomeProblem(
            f"{name}={raw[:40]!r} không hợp lệ; hãy đặt một số từ {low:,.0f} đến {high:,.0f} (mặc định "
            f"{default:,.0f}) hoặc bỏ đặt.",
            f"{name}={raw[:40]!r} is not valid; set a number from "
            f"{low:,.0f} to {high:,.0f} (default {default:,.0f}) or unset it.",
        )
    return value


def min_free_bytes() -> int:
    """Free disk a writing command needs before it starts (HTX_MIN_FREE_MB, default 200): a build copies
    the warehouse, so below this it would fail halfway."""
    return int(env_number("HTX_MIN_FREE_MB", 200, 0, 10**7) * 1024 * 1024)


def disk_problem(exc: OSError, where: Path) -> HomeProblem:
    """An OSError from working under ``where``, in words (full disk, read-only, permissions)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return HomeProblem(
            f"Ổ đĩa chứa {where} đã đầy; hãy giải phóng chỗ trống rồi chạy lại.",
            f"The disk holding {where} is full; free some space and run again.",
        )
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return HomeProblem(
            f"Không có quyền ghi vào {where} (chỉ đọc hoặc thiếu quyền); hãy đặt HTX_HOME vào một thư mục ghi được.",
            f"Cannot write to {where} (read-only or no permission); point HTX_HOME at a writable folder.",
        )
    return HomeProblem(
        f"Lỗi hệ thống tệp tại {where}: {exc.strerror or exc}.", f"File system error at {where}: {exc.strerror or exc}."
    )


@dataclass(frozen=True)
class HtxHome:
    root: Path

    @classmethod
    def from_env(cls) -> HtxHome:
        value = os.environ.get("HTX_HOME", ".htx")
        if not value.strip():
            # An empty HTX_HOME would silently put the state in the current folder.
            raise HomeProblem(
                "Biến HTX_HOME đang rỗng; hãy đặt nó là một thư mục (ví dụ HTX_HOME=$HOME/htx) hoặc "
                "bỏ đặt để dùng .htx.",
                "HTX_HOME is set but empty; set it to a folder (e.g. HTX_HOME=$HOME/htx) or unset it to use .htx.",
            )
        return cls(Path(value).expanduser().resolve())

    @property
    def inbox(self) -> Path:
        """Files waiting to be ingested (provinces drop their submissions here)."""
        return self.root / "inbox"

    @property
    def raw_store(self) -> Path:
        """Every received file, byte for byte, named by its sha256. Never overwritten."""
        return self.root / "raw"

    @property
    def registry_db(self) -> Path:
        """SQLite registry of received files and the gate's decision on each."""
        return self.root / "registry.sqlite"

    @property
    def landing(self) -> Path:
        """Parquet per accepted submission, plus the registry export, read by dbt."""
        return self.root / "landing"

    @property
    def quarantine(self) -> Path:
        """Human-readable report per quarantined submission."""
        return self.root / "quarantine"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def build_db(self) -> Path:
        """The DuckDB file dbt writes into; published only if every check passes."""
        return self.build_dir / "htx_build.duckdb"

    @property
    def published_db(self) -> Path:
        """The warehouse readers open (read-only, per request)."""
        return self.root / "warehouse" / "htx.duckdb"

    @property
    def data_docs(self) -> Path:
        """Great Expectations Data Docs of the latest gate runs (index.html)."""
        return self.root / "quality" / "data_docs"

    @property
    def dagster_home(self) -> Path:
        return self.root / "dagster"

    @property
    def lock_file(self) -> Path:
        """Held by the one process allowed to write (ingest or build) at a time."""
        return self.root / "writer.lock"

    def ensure(self) -> HtxHome:
        if self.root.exists() and not self.root.is_dir():
            raise HomeProblem(
                f"HTX_HOME ({self.root}) là một tệp, không phải thư mục; hãy chọn một thư mục.",
                f"HTX_HOME ({self.root}) is a file, not a folder; choose a folder.",
            )
        try:
            for folder in (
                self.inbox,
                self.raw_store,
                self.landing,
                self.quarantine,
                self.build_dir,
                self.published_db.parent,
                self.dagster_home,
            ):
                folder.mkdir(parents=True, exist_ok=True)
        except NotADirectoryError as exc:
            raise HomeProblem(
                f"Một phần của đường dẫn HTX_HOME ({self.root}) là tệp, không phải thư mục.",
                f"Part of the HTX_HOME path ({self.root}) is a file, not a folder.",
            ) from exc
        except OSError as exc:
            raise disk_problem(exc, self.root) from exc
        return self

    def check_writable(self) -> HtxHome:
        """Before work that writes: the home exists, is writable, and has room for a build."""
        self.ensure()
        try:
            with tempfile.NamedTemporaryFile(dir=self.root, prefix=".probe-"):
                pass
        except OSError as exc:
            raise disk_problem(exc, self.root) from exc
        free = shutil.disk_usage(self.root).free
        if free < min_free_bytes():
            raise HomeProblem(
                f"Ổ đĩa chứa {self.root} chỉ còn {free // 2**20} MB trống (cần ít nhất "
                f"{min_free_bytes() // 2**20} MB); hãy giải phóng chỗ trống rồi chạy lại.",
                f"The disk holding {self.root} has only {free // 2**20} MB free (at least "
                f"{min_free_bytes() // 2**20} MB needed); free some space and run again.",
            )
        return self


@contextmanager
def writer_lock(home: HtxHome, timeout: float | None = None) -> Iterator[None]:
    """One writing process per HTX_HOME: a second one waits here instead of corrupting state.

    Re-entrant within a process (one lock object per file), so a whole run can hold it while its steps take it
    again. filelock uses fcntl on Unix and msvcrt on Windows; the OS frees the lock of a process that dies.
    ``timeout`` (seconds; None waits for ever) raises ``filelock.Timeout`` when another writer keeps it longer.
    """
    home.ensure()
    lock = FileLock(home.lock_file, is_singleton=True, thread_local=False)
    with lock.acquire(timeout=-1 if timeout is None else timeout):
        yield
