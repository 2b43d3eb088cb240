"""Write workbooks reproducibly: the same content gives the same bytes (and so the same sha256)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl

FIXED_TIME = datetime(2026, 1, 1)
_W3CDTF = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()


def save_reproducibly(book: openpyxl.Workbook, path: Path) -> Path:
    book.properties.created = book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    # zipfile stamps every member with the current time; fix it so the same content gives the same bytes.
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(buffer) as built, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in built.infolist():
            content = built.read(item)
            if item.filename == "docProps/core.xml":  # openpyxl writes the save time as 'modified'
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + _W3CDTF, content)
            out.writestr(
                zipfile.ZipInfo(item.filename, FIXED_TIME.timetuple()[:6]), content, compress_type=zipfile.ZIP_DEFLATED
            )
    return path
