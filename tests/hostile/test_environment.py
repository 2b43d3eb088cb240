"""The operator's environment at fault: HTX_HOME empty, a file, read-only or full, or a mistyped setting.
Each ends with one message in Vietnamese and English and exit code 3, never a traceback; what only reads
still works on a read-only home. Mounting tmpfs needs root: those cases are skipped elsewhere."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sources.authoring.sample_submissions import write_samples
from sources.core.home import HtxHome
from tests.htx_cli import HTX, REPO


def _htx(home_value: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "HTX_HOME": home_value, **env}
    return subprocess.run([str(HTX), *args], cwd=REPO, env=environ, capture_output=True, text=True, timeout=600)


def _fault(done: subprocess.CompletedProcess, vi: str, en: str) -> None:
    assert done.returncode == 3, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    message = " ".join(done.stderr.split())
    assert vi in message and en in message, message


@pytest.fixture
def tmpfs(tmp_path):
    """A mount point for a small tmpfs (root only); unmounted afterwards."""
    point = tmp_path / "mnt"
    point.mkdir()
    mounted = []

    def mount(size: str, readonly: bool = False) -> Path:
        options = f"size={size}" + (",ro" if readonly else "")
        if (
            subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True).returncode
            != 0
        ):
            pytest.skip("cannot mount tmpfs here (needs root)")
        mounted.append(point)
        return point

    yield mount
    for path in mounted:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_empty_htx_home_is_refused_not_taken_as_the_current_folder(tmp_path):
    _fault(_htx("", "ingest", str(tmp_path)), "HTX_HOME đang rỗng", "HTX_HOME is set but empty")


def test_htx_home_that_is_a_file_is_named(tmp_path):
    (tmp_path / "home").write_text("not a folder")
    _fault(_htx(str(tmp_path / "home"), "build"), "là một tệp, không phải thư mục", "is a file, not a folder")


@pytest.mark.parametrize("value", ["abc", "nan", "-5", "1e400"])
def test_mistyped_settings_are_named_before_anything_is_kept(tmp_path, value):
    home = HtxHome(tmp_path / "home").ensure()
    write_samples(home.inbox)
    done = _htx(str(home.root), "ingest", str(home.inbox), HTX_FILE_TIME_LIMIT=value)
    _fault(done, "HTX_FILE_TIME_LIMIT", "is not valid")
    assert not [p for p in home.raw_store.rglob("*") if p.is_file()]


def test_read_only_home_refuses_writes_and_still_answers_queries(tmp_path, tmpfs, national_home):
    staging = tmp_path / "staging"
    shutil.copytree(national_home.published_db.parent, staging / "warehouse")
    point = tmpfs("256m")
    shutil.copytree(staging, point / "home")
    subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True)
    home = str(point / "home")
    _fault(_htx(home, "build"), "Không có quyền ghi", "read-only or no permission")
    query = (
        "select province_key, count(*) as n from marts.fct_indicator_values group by all order by all",
        "-f",
        "csv",
    )
    done = _htx(home, "sql", *query)
    assert done.returncode == 0, done.stderr
    assert done.stdout == _htx(str(national_home.root), "sql", *query).stdout
    assert "old:42" in done.stdout
    quality = _htx(home, "quality")
    assert quality.returncode == 0 and "Traceback" not in quality.stderr, quality.stderr


def test_disk_too_full_to_start_a_build_is_named(tmpfs):
    point = tmpfs("8m")
    _fault(_htx(str(point / "home"), "ingest", str(point)), "chỉ còn", "MB free (at least 200 MB needed)")


def test_disk_filling_up_during_ingest_is_named_and_leaves_nothing_half_kept(tmp_path, tmpfs):
    point = tmpfs("3m")
    big = tmp_path / "lon.csv"  # 4 MB: does not fit
    big.write_text("tinh,ky_bao_cao,chi_tieu,gia_tri\n" + "42,2024-FY,coops_total,975\n" * 150_000)
    home = point / "home"
    _fault(_htx(str(home), "ingest", str(big), HTX_MIN_FREE_MB="0"), "đã đầy", "is full")
    assert not [p for p in (home / "raw").rglob("*") if p.is_file()]
