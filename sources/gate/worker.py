"""The gate runs in a process of its own, started as early as a run knows it will need it.

Great Expectations takes ~3 s to import and build the suites. `htx run` and `htx build` start this process first
thing (``start``), so that work happens on the machine's other core while Dagster loads the definitions, creates
the run and reads the files; each batch is then handed over (``call``) and its problems come back. The GX context
lives here too: the Data Docs are rendered here, from this process's validations. A crash of this process costs
only the gate's verdict on the batch (each file kept and quarantined as ``gate_failed``, a fault for the operator,
not the province), never the run; the next call starts a fresh process.

One process per parent process and rules: the rules file (tests point the gate at an edited copy), the rules
version (rules, contract and reference data) and the failpoints it was started with; when any of them changes,
a fresh process is started.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from pebble import ProcessPool

from sources.core.process_pool import KeyedPool

_pool = KeyedPool(max_workers=1)


def _prepare(rules_file: str) -> None:
    """In the gate process: read the same rules as the parent, import GX and build the suites once."""
    from sources.gate import suites

    suites.RULES_FILE = Path(rules_file)
    suites.reload()
    with contextlib.suppress(Exception):  # a broken rules file fails each call instead, which names it
        suites.ready()


def _nothing() -> None:
    """A first task, so the process starts (and prepares) now rather than at the first batch."""


def _workers() -> ProcessPool:
    from sources.gate import suites

    rules_file = str(suites.RULES_FILE)
    key = (rules_file, suites.rules_version(), os.environ.get("HTX_FAILPOINT"))
    return _pool.get(key, _prepare, (rules_file,))


def start() -> None:
    """Start the gate process now; the run's first batch finds it ready."""
    _workers().schedule(_nothing)


def call(function, *args):
    """``function(*args)`` in the gate process (a module-level function: it is named, not sent). Exceptions raised
    there are raised here; a gate process that died raises ``pebble.ProcessExpired`` and the next call starts
    another."""
    return _workers().schedule(function, args=args).result()
