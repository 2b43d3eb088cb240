"""`htx`: the command line of htx-warehouse. Every command works under $HTX_HOME (default ./.htx).

The commands live by what they work on (submissions, pipeline, reading); importing them registers them.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from pathlib import Path

from rich.console import Console
from rich.text import Text

from orchestration.cli import pipeline, reading, regate, releases, submissions  # noqa: F401  (registers the commands)
from orchestration.cli.app import app
from sources.core.home import HtxHome


def main() -> None:
    """The `htx` entry point: environment faults end with one bilingual message and a non-zero exit."""
    try:
        _run()
    except SystemExit as exc:
        _exit(exc.code)
    _exit(0)


def _run() -> None:
    from sources.core.home import HomeProblem, disk_problem

    try:
        app()
    except HomeProblem as exc:
        _fault(exc)
    except OSError as exc:
        _fault(disk_problem(exc, Path(exc.filename) if exc.filename else HtxHome.from_env().root))
    except KeyboardInterrupt:  # Ctrl-C before a command could handle it (while starting up)
        Console(stderr=True).print("Đã dừng / interrupted.")
        raise SystemExit(130) from None


def _exit(code: int | str | None) -> None:
    """Exit once the command's work is done, without Python's teardown: after a pipeline run it collects the whole
    heap (Dagster's definitions, dbt's manifest, Great Expectations) for ~1.5 s, only to free memory the operating
    system frees anyway (mypy exits the same way). What a normal exit does first is done first: other threads are
    waited for, exit handlers run (workers stopped, logs flushed), output is flushed."""
    if isinstance(code, str):  # SystemExit("message"): printed, exit status 1, as Python does
        print(code, file=sys.stderr)
        code = 1
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


def _fault(problem) -> None:
    Console(stderr=True).print(Text(f"Lỗi môi trường / environment error:\n{problem.vi}\n{problem.en}", style="red"))
    raise SystemExit(3)


if __name__ == "__main__":
    main()
