"""Read one file into submissions and pass each through the gate, without storing anything.

This is `htx check` (a dry run) and the first half of every ingest.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from sources.core.failpoints import failpoint
from sources.core.problems import error, shown
from sources.gate import list_suites, suites, worker
from sources.gate.list_totals import list_count_warnings
from sources.intake.safety import UnsafeFile, check_size
from sources.parse.identity import check_timing, read_identity
from sources.parse.indicator_sheet import read_indicators
from sources.parse.list_sheets import read_cooperatives, read_ocop_products
from sources.parse.readers import READERS, RawSubmission, merge
from sources.parse.submission import ParsedSubmission, text

logger = logging.getLogger(__name__)


def parse_file(
    path: Path, received_on: datetime, run_gate: bool = True, name: str | None = None
) -> list[ParsedSubmission]:
    """Read ``path`` into submissions; with ``run_gate=False`` the caller runs the gate (for many files at once).

    ``name`` is the file's name as received (``path`` may be its raw-store copy, named by its hash).
    """
    name = name or path.name
    failpoint("read", name)
    try:
        check_size(path)
        reader = READERS.get(Path(name).suffix.lower())
        if reader is None:
            raise UnsafeFile(
                "unsupported_format",
                f"Định dạng tệp '{shown(Path(name).suffix)}' không được nhận; hãy gửi .xlsx, .csv hoặc .json.",
                f"File type '{shown(Path(name).suffix)}' is not accepted; send .xlsx, .csv or .json.",
            )
        subs = _parse_all(reader(path, name), received_on)
        if run_gate:
            gate_submissions(subs)
        return subs
    except UnsafeFile as exc:
        return [ParsedSubmission(problems=[error(exc.code, exc.vi, exc.en, **exc.where)])]
    except MemoryError:
        return [
            ParsedSubmission(
                problems=[
                    error(
                        "file_too_complex",
                        "Tệp cần quá nhiều bộ nhớ để đọc; hãy xóa các sheet, dòng, cột thừa rồi gửi lại.",
                        "Reading the file needs too much memory; delete unused sheets, rows and columns and send it "
                        "again.",
                    )
                ]
            )
        ]
    except Exception as exc:  # a file we could not foresee: refuse it, keep it, never crash the batch
        logger.exception("could not read %s", name)
        return [
            ParsedSubmission(
                problems=[
                    error(
                        "unreadable_file",
                        f"Không đọc được tệp ({type(exc).__name__}); tệp đã được lưu để kiểm tra. "
                        "Hãy lưu lại theo mẫu (htx template) và gửi lại.",
                        f"The file could not be read ({type(exc).__name__}); it has been kept for inspection. Save it "
                        "again from the template (htx template) and resend it.",
                    )
                ]
            )
        ]


def _parse_all(raws: list[RawSubmission], received_on: datetime) -> list[ParsedSubmission]:
    """Parse each raw submission; CSV groups naming the same submission in different spellings become one."""
    subs = [_parse(raw, received_on) for raw in raws]
    if len(raws) < 2:
        return subs
    same: dict[tuple, list[int]] = {}
    for i, sub in enumerate(subs):
        if sub.province_key and sub.period_code:
            same.setdefault((sub.province_key, sub.period_code, sub.reporter, sub.submitted_at), []).append(i)
    merged = {
        group[0]: _parse(merge([raws[i] for i in group]), received_on) for group in same.values() if len(group) > 1
    }
    dropped = {i for group in same.values() for i in group[1:]}
    return [merged.get(i, sub) for i, sub in enumerate(subs) if i not in dropped]


def _parse(raw: RawSubmission, received_on: datetime) -> ParsedSubmission:
    sub = ParsedSubmission(problems=list(raw.problems))
    read_identity(sub, raw.info, received_on.date())
    table = raw.tables.get("chi_tieu")
    if table is None:
        sub.problems.append(
            error(
                "missing_sheet",
                "Thiếu bảng chỉ tiêu ('Chỉ tiêu' / chi_tieu / indicators).",
                "The indicators table ('Chỉ tiêu' / chi_tieu / indicators) is missing.",
            )
        )
        return sub
    source = text(raw.info["nguon"][0]) if "nguon" in raw.info else None
    read_indicators(sub, table, source, sub.obs_status)
    check_timing(sub, received_on.date())
    if "hop_tac_xa" in raw.tables:
        read_cooperatives(sub, raw.tables["hop_tac_xa"])
    if "ocop" in raw.tables:
        read_ocop_products(sub, raw.tables["ocop"])
    sub.indicator_sheet = table.title
    if not sub.errors:
        sub.problems.extend(list_count_warnings(sub))
    return sub


def gate_submissions(subs: list[ParsedSubmission]) -> None:
    """Run the Great Expectations gate once over every submission that read without errors, in the gate's own
    process (sources/gate/worker.py).

    Should the batched run fail, each submission is gated on its own, so one odd file cannot fail the rest.
    """
    ready = {str(n): sub for n, sub in enumerate(subs) if not sub.errors}
    if not ready:
        return  # nothing to check: not even Great Expectations is loaded (seconds of a run with nothing new)
    try:
        found = worker.call(_gate, ready)
    except Exception:
        logger.exception("the batched gate failed; gating each submission alone")
        found = {}
        for key, sub in ready.items():
            try:
                found.update(worker.call(_gate, {key: sub}))
            except Exception as exc:
                logger.exception("the gate failed on one submission")
                found[key] = [
                    error(
                        "gate_failed",
                        f"Không kiểm tra được số liệu của báo cáo ({type(exc).__name__}); báo cáo được "
                        "giữ lại để kiểm tra, chưa đưa vào kho.",
                        f"The figures could not be checked "
                        f"({type(exc).__name__}); the report is kept for inspection and not loaded.",
                    )
                ]
    for key, sub in ready.items():
        sub.problems.extend(found.get(key, []))


def _gate(ready: dict[str, ParsedSubmission]) -> dict[str, list]:
    failpoint("gate")  # in the gate's process (tests: the process dies mid-batch)
    found = suites.validate_many(
        {k: s.indicators for k, s in ready.items()}, {k: s.indicator_sheet for k, s in ready.items()}
    )
    lists = list_suites.validate_lists(
        {
            "cooperatives": {k: s.cooperatives for k, s in ready.items() if s.cooperatives is not None},
            "ocop_products": {k: s.ocop_products for k, s in ready.items() if s.ocop_products is not None},
        },
        {k: s.period_end for k, s in ready.items()},
    )
    return {key: found[key] + lists.get(key, []) for key in ready}
