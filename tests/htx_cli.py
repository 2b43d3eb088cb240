"""Running the real `htx` command from tests (a module, not conftest: test files import it by name)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sources.core.home import HtxHome

REPO = Path(__file__).resolve().parents[1]
HTX = Path(sys.executable).parent / "htx"


def htx(home: HtxHome, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run the installed `htx` command for real, against ``home``."""
    env = {**os.environ, "HTX_HOME": str(home.root)}
    done = subprocess.run([str(HTX), *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    if check and done.returncode != 0:
        raise AssertionError(f"htx {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done
