"""Read one file into submissions and pass each through the gate, without storing anything.

This is `htx check` (a dry run) and the first half of every ingest.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sources import gate
from sources.consistency import list_count_warnings
from sources.identity import read_identity
from sources.indicator_sheet import read_indicators
from sources.list_sheets import read_cooperatives, read_ocop_products
from sources.problems import error
from sources.readers import READERS, RawSubmission
from sources.safety import UnsafeFile, check_size
from sources.submission import ParsedSubmission, text


def parse_file(path: Path, received_on: datetime) -> list[ParsedSubmission]:
    try:
        check_size(path)
        reader = READERS.get(path.suffix.lower())
        if reader is None:
            raise UnsafeFile("unsupported_format",
                             f"Định dạng tệp '{path.suffix}' không được nhận; hãy gửi .xlsx, .csv hoặc .json.",
                             f"File type '{path.suffix}' is not accepted; send .xlsx, .csv or .json.")
        raws = reader(path)
    except UnsafeFile as exc:
        return [ParsedSubmission(problems=[error(exc.code, exc.vi, exc.en)])]
    return [_parse(raw, received_on) for raw in raws]


def _parse(raw: RawSubmission, received_on: datetime) -> ParsedSubmission:
    sub = ParsedSubmission(problems=list(raw.problems))
    read_identity(sub, raw.info, received_on.date())
    table = raw.tables.get("chi_tieu")
    if table is None:
        sub.problems.append(error("missing_sheet", "Thiếu bảng chỉ tiêu ('Chỉ tiêu' / chi_tieu / indicators).",
                                  "The indicators table ('Chỉ tiêu' / chi_tieu / indicators) is missing."))
        return sub
    source = text(raw.info["nguon"][0]) if "nguon" in raw.info else None
    read_indicators(sub, table, source)
    if "hop_tac_xa" in raw.tables:
        read_cooperatives(sub, raw.tables["hop_tac_xa"])
    if "ocop" in raw.tables:
        read_ocop_products(sub, raw.tables["ocop"])
    if not sub.errors:
        sub.problems.extend(gate.validate(sub.indicators, table.title))
        sub.problems.extend(list_count_warnings(sub))
    return sub
