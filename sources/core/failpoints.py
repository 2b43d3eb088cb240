"""Failpoints: named places where the tests make a process die, hang or fail, to prove nothing is lost.

Off unless ``HTX_FAILPOINT`` is set (the kill tests set it for one `htx` process). Its form is a comma-separated
list of ``point[@glob][#n][=action]``: the action (``kill`` — SIGKILL, as a power cut would; ``hang``; ``raise``)
happens at the n-th time the point is reached (every time without ``#n``), for subjects matching ``glob``.
Example: ``HTX_FAILPOINT='ingest.before_commit#3'`` kills the ingest before recording its third file.
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from fnmatch import fnmatch

_hits: Counter[str] = Counter()


class FailpointError(RuntimeError):
    pass


def failpoint(point: str, subject: str = "") -> None:
    spec = os.environ.get("HTX_FAILPOINT")
    if not spec:
        return
    for one in spec.split(","):
        target, _, action = one.strip().partition("=")
        target, _, nth = target.partition("#")
        name, _, pattern = target.partition("@")
        if name != point or (pattern and not fnmatch(subject, pattern)):
            continue
        _hits[one] += 1
        if nth and _hits[one] != int(nth):
            continue
        if action in ("", "kill"):
            os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
            time.sleep(60)  # the signal is delivered before this returns
        elif action == "hang":
            time.sleep(3600)
        else:
            raise FailpointError(f"failpoint {point} ({subject})")
