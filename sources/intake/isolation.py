"""Read untrusted files in worker processes, so one file can never crash, hang or starve the batch.

The readers check every limit they can before allocating (sources/intake/safety.py, xlsx_scan.py); this is
the boundary behind them for what a native reader might still do: each file is parsed in a spawned worker
with a memory cap (RLIMIT_AS where the OS has it) and a time limit. A worker that aborts, is killed or runs
out of time costs only its own file, which is quarantined with a reason a clerk understands; pebble starts a
fresh worker for the next file.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import datetime
from pathlib import Path

from pebble import ProcessExpired, ProcessPool

from sources.core.home import env_number
from sources.core.problems import error
from sources.core.process_pool import KeyedPool
from sources.parse.parse_file import parse_file
from sources.parse.submission import ParsedSubmission

logger = logging.getLogger(__name__)


def time_limit_s() -> float:
    """Seconds one file may take to read (HTX_FILE_TIME_LIMIT); a national-demo file takes ~0.1 s."""
    return env_number("HTX_FILE_TIME_LIMIT", 120, 1, 86_400)


def memory_limit_bytes() -> int:
    """Address space of one reading worker (HTX_WORKER_MEMORY_MB): the largest legal file needs < 1 GB."""
    return int(env_number("HTX_WORKER_MEMORY_MB", 3072, 256, 10**7)) * 1024 * 1024


def _limit_worker(memory: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: the time limit still holds, memory is not capped
        return
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crashing reader must not write core files


_readers = KeyedPool(max_workers=max(1, min(2, os.cpu_count() or 1)), max_tasks=200)


def _workers() -> ProcessPool:
    """One pool per process and limits, reused across batches (starting a worker costs ~1 s of imports)."""
    memory = memory_limit_bytes()
    return _readers.get((memory, os.environ.get("HTX_FAILPOINT")), _limit_worker, (memory,))


def read_files(
    files: list[tuple[Path, str]], received_on: datetime, on_done: Callable[[], None] | None = None
) -> list[list[ParsedSubmission]]:
    """Parse each (path, name as received) in a worker; the gate is left to the caller (one run for all)."""
    if not files:
        return []
    pool, limit = _workers(), time_limit_s()
    futures = [pool.schedule(parse_file, args=(path, received_on, False, name), timeout=limit) for path, name in files]
    results = []
    for (_path, name), future in zip(files, futures, strict=True):
        try:
            results.append(future.result())
        except FutureTimeout:
            logger.warning("reading %s took over %s s: refused", name, limit)
            results.append(
                [
                    _refused(
                        "file_too_slow",
                        f"Đọc tệp mất quá {limit:.0f} giây nên đã dừng; tệp có thể chứa quá nhiều ô hoặc "
                        "công thức. Hãy xóa các sheet, dòng, cột thừa, lưu lại theo mẫu (htx template) "
                        "và gửi lại.",
                        f"Reading the file took over {limit:.0f} s and was stopped; it may hold too many "
                        "cells or formulas. Delete unused sheets, rows and columns, save it from the "
                        "template (htx template) and send it again.",
                    )
                ]
            )
        except ProcessExpired as exc:
            logger.warning("the reader of %s stopped abnormally (exit code %s): refused", name, exc.exitcode)
            results.append(
                [
                    _refused(
                        "reader_crashed",
                        "Tệp làm trình đọc dừng bất thường (có thể do tệp cần quá nhiều bộ nhớ hoặc bị "
                        "hỏng); tệp đã được lưu để kiểm tra. Hãy lưu lại theo mẫu (htx template) và gửi "
                        "lại.",
                        "The file made the reader stop abnormally (it may need too much memory or be "
                        "damaged); it has been kept for inspection. Save it from the template "
                        "(htx template) and send it again.",
                    )
                ]
            )
        except Exception as exc:  # anything else the worker raised: refuse this file, never the batch
            logger.warning("reading %s failed in its worker: %r", name, exc)
            results.append(
                [
                    _refused(
                        "unreadable_file",
                        f"Không đọc được tệp ({type(exc).__name__}); tệp đã được lưu để kiểm tra.",
                        f"The file could not be read ({type(exc).__name__}); it has been kept for inspection.",
                    )
                ]
            )
        if on_done:
            on_done()
    return results


def _refused(code: str, vi: str, en: str) -> ParsedSubmission:
    return ParsedSubmission(problems=[error(code, vi, en)])
