"""One writer per HTX_HOME: a second process waits, the same process may re-enter, a killed holder frees it."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from sources.core.home import HtxHome, writer_lock

HOLD = """
import sys, time
from pathlib import Path
from sources.core.home import HtxHome, writer_lock
home = HtxHome(Path(sys.argv[1]))
with writer_lock(home):
    (home.root / "held").write_text("yes")
    time.sleep(float(sys.argv[2]))
    (home.root / "released").write_text("yes")
"""


def _holder(home: HtxHome, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(home.root), str(seconds)])
    while not (home.root / "held").exists():
        assert holder.poll() is None, "the holder died before taking the lock"
        time.sleep(0.02)
    return holder


def test_a_second_writer_waits_for_the_first(home):
    holder = _holder(home, 1.0)
    with writer_lock(home):
        assert (home.root / "released").exists()  # only after the other process let go
    holder.wait(timeout=30)


def test_the_same_process_can_take_it_again(home):
    with writer_lock(home), writer_lock(home):  # a run holds it while its steps take it again
        pass
    holder = _holder(home, 0)  # and it is really free afterwards
    holder.wait(timeout=30)


def test_a_killed_holder_does_not_block_later_runs(home):
    holder = _holder(home, 600)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    with writer_lock(home):
        assert not (home.root / "released").exists()
