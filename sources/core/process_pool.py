"""One pebble process pool per process and settings, for the work done in spawned processes (reading files,
the gate): started on first use, started afresh when its settings change (a worker inherits its environment and
limits when it starts), stopped at exit by the process that started it."""

from __future__ import annotations

import atexit
import multiprocessing
import os
from collections.abc import Callable, Hashable

from pebble import ProcessPool


class KeyedPool:
    def __init__(self, **pool_options):
        """``pool_options`` for every pool (max_workers, max_tasks…); initializer and its args come with the key."""
        self._options = pool_options
        self._pool: ProcessPool | None = None
        self._key: tuple | None = None
        atexit.register(self.stop)

    def get(self, key: Hashable, initializer: Callable | None = None, initargs: tuple = ()) -> ProcessPool:
        """The pool for ``key`` in this process; a pool made for another key (or before a fork) is replaced."""
        key = (os.getpid(), key)
        if self._pool is None or self._key != key or not self._pool.active:
            self.stop()
            # spawn, never fork: forking a process that has run Polars can deadlock (docs/notes.md).
            self._pool = ProcessPool(
                initializer=initializer,
                initargs=initargs,
                context=multiprocessing.get_context("spawn"),
                **self._options,
            )
            self._key = key
        return self._pool

    def stop(self) -> None:
        """Stop the pool's workers, if this process started them."""
        if self._pool is not None and self._key and self._key[0] == os.getpid():
            self._pool.stop()
            self._pool.join(timeout=5)
        self._pool = self._key = None
