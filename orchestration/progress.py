"""What a run is doing, for the person who started it: ingest n/N files, gate, dbt models and tests done, publish.

Assets report steps here; nobody listens unless the `htx` command that runs the job in-process installs a
reporter (a progress bar on a terminal, one plain line per step otherwise). Runs launched from the Dagster UI or
its daemon report nothing here: their logs are in the UI.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


class Reporter:
    def step(self, name: str, total: int | None = None) -> None: ...

    def advance(self, name: str, n: int = 1) -> None: ...

    def finish(self, name: str, note: str = "") -> None: ...


class _Plain(Reporter):
    """No terminal (CI, a log file): one line when a step starts and ends, and every tenth of the way."""

    def __init__(self, console: Console) -> None:
        self.console, self.done, self.totals, self.said = console, {}, {}, {}

    def step(self, name: str, total: int | None = None) -> None:
        self.done[name], self.totals[name], self.said[name] = 0, total, 0
        self.console.print(f"→ {name}" + (f" (0/{total})" if total else ""), highlight=False)

    def advance(self, name: str, n: int = 1) -> None:
        self.done[name] = self.done.get(name, 0) + n
        total = self.totals.get(name)
        if total and self.done[name] * 10 // total > self.said[name]:
            self.said[name] = self.done[name] * 10 // total
            self.console.print(f"  {name}: {self.done[name]}/{total}", highlight=False)

    def finish(self, name: str, note: str = "") -> None:
        self.console.print(f"✓ {name}" + (f": {note}" if note else ""), highlight=False)


class _Bars(Reporter):
    def __init__(self, console: Console) -> None:
        self.bars = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
        )
        self.tasks: dict[str, int] = {}

    def step(self, name: str, total: int | None = None) -> None:
        self.tasks[name] = self.bars.add_task(name, total=total)

    def advance(self, name: str, n: int = 1) -> None:
        if name in self.tasks:
            self.bars.advance(self.tasks[name], n)

    def finish(self, name: str, note: str = "") -> None:
        if name in self.tasks:
            task = self.tasks[name]
            total = self.bars.tasks[task].total or self.bars.tasks[task].completed or 1
            self.bars.update(task, total=total, completed=total, description=f"{name}" + (f" — {note}" if note else ""))


_current: Reporter = Reporter()
_lock = threading.Lock()


def current() -> Reporter:
    return _current


@contextlib.contextmanager
def reporting(console: Console | None = None) -> Iterator[Reporter]:
    """Install a reporter for the duration of an in-process run: bars on a terminal, plain lines otherwise."""
    global _current
    console = console or Console(stderr=True)
    reporter: Reporter = _Bars(console) if console.is_terminal and sys.stderr.isatty() else _Plain(console)
    with _lock:
        previous, _current = _current, reporter
    try:
        if isinstance(reporter, _Bars):
            with reporter.bars:
                yield reporter
        else:
            yield reporter
    finally:
        with _lock:
            _current = previous
