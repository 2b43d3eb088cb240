"""`htx`: the command line of htx-warehouse. Every command works under $HTX_HOME (default ./.htx).

The commands live by what they work on (submissions, pipeline, reading); importing them registers them.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.text import Text

from orchestration.cli import pipeline, reading, regate, releases, submissions  # noqa: F401  (registers the commands)
from orchestration.cli.app import app
from sources.core.home import HtxHome


def main() -> None:
    """The `htx` entry point: environment faults end with one bilingual message and a non-zero exit."""
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


def _fault(problem) -> None:
    Console(stderr=True).print(Text(f"Lỗi môi trường / environment error:\n{problem.vi}\n{problem.en}", style="red"))
    raise SystemExit(3)


if __name__ == "__main__":
    main()
