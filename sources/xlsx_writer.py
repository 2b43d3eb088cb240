"""Write workbooks reproducibly: the same content gives the same bytes (and so the same sha256)."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl

FIXED_TIME = datetime(2026, 1, 1)


def save_reproducibly(book: openpyxl.Workbook, path: Path) -> Path:
    book.properties.created = book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    # zipfile stamps every member with the current time; fix it so the same content gives the same bytes.
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(buffer) as built, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in built.infolist():
            out.writestr(zipfile.ZipInfo(item.filename, FIXED_TIME.timetuple()[:6]), built.read(item),
                         compress_type=zipfile.ZIP_DEFLATED)
    return path
