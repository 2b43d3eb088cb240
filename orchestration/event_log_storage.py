"""Dagster's SQLite event log, keeping its connections open instead of opening one per event.

Dagster's ``SqliteEventLogStorage`` creates an engine, connects, commits and closes for every event it stores, and
closing the only connection to a WAL database checkpoints it to disk. A build of this warehouse stores ~600 events
(a planned and a result event per dbt model and test): that cost ~3 s of every run (docs/benchmarks.md). This class
is the same storage, the same files and schema, with one engine per database kept for the process (the few most
recently used: the webserver reads many runs' databases). Dagster serialises every use of its connections with a
lock, so one connection per database is kept (more are opened while Dagster creates a database). Named in
``$DAGSTER_HOME/dagster.yaml`` (``orchestration.runner.prepare_environment``), so the webserver, the daemon and
the runs they launch use it too.
"""

from __future__ import annotations

from collections import OrderedDict
from contextlib import contextmanager

from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from sqlalchemy import create_engine

ENGINES_KEPT = 8  # the index, this run's database, and a few runs the UI is showing
BUSY_TIMEOUT_S = 15  # Dagster's own wait for a database another process is writing


class ReusedConnectionEventLogStorage(SqliteEventLogStorage):
    """``SqliteEventLogStorage`` with one open connection per database, for the most recently used databases."""

    def __init__(self, base_dir: str, inst_data=None):
        self._engines: OrderedDict = OrderedDict()
        super().__init__(base_dir, inst_data)

    @classmethod
    def from_config_value(cls, inst_data, config_value):
        return cls(inst_data=inst_data, **config_value)

    @contextmanager
    def _connect(self, shard: str):
        with self._db_lock:
            engine = self._engines.pop(shard, None)
            if engine is None:
                engine = create_engine(
                    self.conn_string_for_shard(shard),
                    pool_size=1,
                    max_overflow=4,  # Dagster opens a second connection while creating a database
                    connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
                )
                if shard not in self._initialized_dbs:
                    try:
                        self._initdb(engine)
                    except BaseException:
                        engine.dispose()
                        raise
                    self._initialized_dbs.add(shard)
            self._engines[shard] = engine  # most recently used last
            while len(self._engines) > ENGINES_KEPT:
                self._engines.popitem(last=False)[1].dispose()
            with engine.connect() as conn, conn.begin():
                yield conn

    def dispose(self) -> None:
        with self._db_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()
        super().dispose()
