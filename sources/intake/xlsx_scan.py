"""Check an .xlsx against the limits of sources/intake/safety.py before calamine reads any of it.

calamine allocates first: it holds a sheet as a dense grid from A1 to its last non-empty cell (a 2 KB file with
one cell at XFD199999 asks for ~100 GB and aborts the process) and reserves the declared `uniqueCount` of shared
strings on opening. This scan streams the parts calamine will read (64 KB at a time through expat; never a whole
part, never a DOCTYPE), following calamine's own rules (python-calamine 0.9.1 / calamine 0.37, see comments), and
raises UnsafeFile at the first limit broken, naming the sheet and cell. `<dimension ref>` is ignored: calamine
reserves for it only under 100 000 cells (measured: A1:XFD1048576 over one cell costs nothing).
It also records what calamine silently reads as an empty cell: a formula without a cached value, a cached Excel
error (#DIV/0!, #N/A…).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Iterable
from xml.parsers import expat

from sources.core.problems import cell_ref, shown
from sources.intake import safety  # limits read when used, so that a test may lower them
from sources.intake.safety import UnsafeFile
from sources.intake.xlsx_findings import Finding, Scan, both_ways
from sources.intake.xlsx_refs import EXCEL_ROWS, REF, cell_position, column_number

CHUNK = 64 * 1024
_SCHEME_OR_SPACE = re.compile(r"[:\\\s]")


def scan_xlsx(path, select: Callable[[list[str]], Iterable[str]]) -> Scan:
    """Check the workbook at ``path``; ``select`` names, from every sheet title, the sheets that will be read."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _Archive(archive).scan(select)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        raise UnsafeFile(
            "unreadable_file",
            "Không đọc được tệp Excel (.xlsx): tệp bị hỏng hoặc bị mã hóa.",
            "Cannot read the Excel (.xlsx) file: it is damaged or encrypted.",
        ) from exc


class _Done(Exception):
    """Everything calamine will read from this part has been seen."""


class _Doctype(Exception):
    """A DOCTYPE or ENTITY declaration: refused before anything is declared or expanded."""


def _local(name: str) -> str:
    # calamine matches names without their prefix and resolves no namespace: neither does this scan
    return name if ":" not in name else name.rpartition(":")[2]


def _parser(start, end=None) -> expat.XMLParserType:
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = _refuse_doctype  # no entity is ever expanded
    parser.buffer_text, parser.StartElementHandler, parser.EndElementHandler = True, start, end
    return parser


def _refuse_doctype(*_args) -> None:
    raise _Doctype


class _Archive:
    def __init__(self, archive: zipfile.ZipFile):
        self.archive, self.members = archive, {}
        for info in archive.infolist():
            # calamine finds parts lower-cased with `\` read as `/`: two such names would let it read another part
            key = info.filename.replace("\\", "/").lower()
            if key in self.members:
                raise _unsafe_path(info.filename, "hai phần trùng tên", "two parts with the same name")
            self.members[key] = info

    def scan(self, select) -> Scan:
        root = self._root()
        rels = {i: target for i, target, _ in self._relationships(root + "_rels/workbook.xml.rels") if i is not None}
        sheets = self._sheets(root + "workbook.xml")
        self._part(root + "styles.xml", required=False)  # read whole when calamine opens the file
        self._shared_strings(root + "sharedStrings.xml")
        result, done = Scan(titles=[title for title, _ in sheets]), set()
        wanted = set(select(result.titles))
        for title, rel_id in sheets:
            if rel_id not in rels:
                raise _unreadable(
                    f"sheet '{shown(title)}' không có quan hệ {shown(rel_id)}",
                    f"sheet '{shown(title)}' has no relationship {shown(rel_id)}",
                )
            target = rels[rel_id]
            _check_target(target)
            if title in wanted and title not in done:  # calamine reads the first sheet of a name
                done.add(title)
                info = self._part(target[1:] if target.startswith("/") else root + target, title=title)
                _read_sheet(self, info, title, result)
        return result

    def _part(
        self,
        path: str,
        required: bool = True,
        title: str | None = None,
        limit: int | None = None,
        code: str = "part_too_large",
    ) -> zipfile.ZipInfo | None:
        info, limit = self.members.get(path.lower()), limit or safety.MAX_XLSX_PART_BYTES
        if info is None and required:
            raise _unreadable(f"thiếu phần '{shown(path)}'", f"the part '{shown(path)}' is missing")
        if info is not None and info.file_size > limit:
            part = f"{shown(path)}" + (f" (sheet '{shown(title)}')" if title is not None else "")
            mb, limit_mb = -(-info.file_size // 2**20), limit // 2**20
            raise UnsafeFile(
                code,
                f"Phần '{part}' của tệp Excel giải nén ra {mb} MB, vượt giới hạn {limit_mb} MB; hãy xóa dữ liệu, "
                "định dạng thừa hoặc tách thành nhiều tệp.",
                f"The part '{part}' of the Excel file unpacks to "
                f"{mb} MB, over the limit of {limit_mb} MB; delete unused data or formatting, or split the file.",
                **({"sheet": title} if title is not None else {}),
            )
        return info

    def feed(self, info: zipfile.ZipInfo, parser, no_escapes: bool = False) -> None:
        """Stream one part through ``parser``, 64 KB at a time."""
        try:
            with self.archive.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    if no_escapes and b"&" in chunk:
                        # calamine takes relationship ids and targets as written, expat unescapes them: a target
                        # spelt with `&#…;` would name one part here and another in calamine. Excel never escapes.
                        raise _unsafe_path(
                            info.filename, "đường dẫn viết bằng ký tự thoát XML", "a path written with XML escapes"
                        )
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except _Done:
            pass
        except _Doctype:
            raise UnsafeFile(
                "unsafe_xml",
                f"Phần '{shown(info.filename)}' của tệp Excel có khai báo DOCTYPE/ENTITY, điều Excel "
                "không bao giờ tạo ra; tệp bị từ chối vì lý do an toàn.",
                f"The part '{shown(info.filename)}' of the Excel file declares a DOCTYPE/ENTITY, "
                "which Excel never writes; refused for safety.",
            ) from None
        except expat.ExpatError as exc:
            raise _unreadable(
                f"phần '{shown(info.filename)}' không phải XML hợp lệ ({exc})",
                f"the part '{shown(info.filename)}' is not valid XML ({exc})",
            ) from None

    def _root(self) -> str:
        """The folder of the workbook part, as calamine finds it (the package's officeDocument relationship)."""
        targets = [
            target
            for _, target, kind in self._relationships("_rels/.rels", after_open=True)
            if kind.endswith("/relationships/officeDocument")
        ]
        if not targets:
            raise _unreadable("không có phần sổ tính (officeDocument)", "no workbook part (officeDocument)")
        _check_target(targets[-1])
        root = targets[-1][: targets[-1].rfind("/") + 1]
        return root[1:] if root.startswith("/") else root

    def _relationships(self, path: str, after_open: bool = False) -> list[tuple[str | None, str, str]]:
        """(id, target, type) of each Relationship up to the end of <Relationships> — where calamine stops;
        in the package's part, calamine also skips those before <Relationships>."""
        found, opened = [], not after_open

        def start(name, attrs):
            nonlocal opened
            local = _local(name)
            opened = opened or local == "Relationships"
            if opened and local == "Relationship":
                found.append((attrs.get("Id"), attrs.get("Target", ""), attrs.get("Type", "")))

        def end(name):
            if _local(name) == "Relationships":
                raise _Done

        self.feed(self._part(path), _parser(start, end), no_escapes=True)
        return found

    def _sheets(self, path: str) -> list[tuple[str, str]]:
        """(title, relationship id) of every <sheet> in the workbook part, refused beyond MAX_SHEETS."""
        sheets = []

        def start(name, attrs):
            if _local(name) != "sheet":
                return
            if len(sheets) == (limit := safety.MAX_SHEETS):
                raise UnsafeFile(
                    "too_many_sheets",
                    f"Sổ tính có hơn {limit} sheet; hãy xóa các sheet không cần rồi gửi lại.",
                    f"The workbook has over {limit} sheets; delete the ones not needed and resend.",
                )
            title, rel_id = "", ""
            for key, value in zip(attrs[::2], attrs[1::2], strict=True):
                # calamine: `name` exactly, and the last attribute named `id` in any namespace
                title = value if key == "name" else title
                rel_id = value if _local(key) == "id" else rel_id
            sheets.append((title, rel_id))

        def end(name):
            if _local(name) == "workbook":
                raise _Done

        parser = _parser(start, end)
        parser.ordered_attributes = True
        self.feed(self._part(path), parser)
        return sheets

    def _shared_strings(self, path: str) -> None:
        info = self._part(path, False, limit=safety.MAX_SHARED_STRINGS_BYTES, code="shared_strings_too_large")
        if info is None:
            return
        count = 0
        vi_limit, en_limit = both_ways(safety.MAX_SHARED_STRINGS)
        too_many = UnsafeFile(
            "shared_strings_too_large",
            f"Tệp có hơn {vi_limit} chuỗi văn bản khác nhau (bảng chuỗi dùng chung); hãy tách thành nhiều tệp.",
            f"The file has over {en_limit} distinct text values (its shared "
            "strings table); split it into several files.",
        )

        def start(name, attrs):
            nonlocal count
            local = _local(name)
            if local == "si":
                count += 1
                if count > safety.MAX_SHARED_STRINGS:
                    raise too_many
            elif local == "sst":  # calamine reserves room for the declared count before reading any string
                declared = re.match(r"\s*\+?(\d+)", attrs.get("uniqueCount", ""))
                if declared and int(declared.group(1)) > safety.MAX_SHARED_STRINGS:
                    raise too_many

        self.feed(info, _parser(start))


def _check_target(target: str) -> None:
    """calamine joins a relationship target to the workbook's folder as written: refuse anything but a plain
    path inside the archive."""
    if _SCHEME_OR_SPACE.search(target) or any(part in ("..", ".") for part in target.split("/")):
        raise _unsafe_path(target, "đường dẫn ra ngoài tệp hoặc không hợp lệ", "a path outside the file or invalid")


def _unsafe_path(path: str, vi: str, en: str) -> UnsafeFile:
    return UnsafeFile(
        "unsafe_part_path",
        f"Tệp Excel có phần '{shown(path)}' không an toàn ({vi}); tệp bị từ chối. Hãy mở bằng Excel, "
        "lưu lại rồi gửi lại.",
        f"The Excel file has an unsafe part '{shown(path)}' ({en}); it was "
        "refused. Open it in Excel, save it again and resend it.",
    )


def _unreadable(vi: str, en: str) -> UnsafeFile:
    return UnsafeFile(
        "unreadable_file",
        f"Không đọc được tệp Excel (.xlsx): {vi}. Hãy mở bằng Excel, lưu lại rồi gửi lại.",
        f"Cannot read the Excel (.xlsx) file: {en}. Open it in Excel, save it again and resend it.",
    )


def _read_sheet(archive: _Archive, info: zipfile.ZipInfo, title: str, scan: Scan) -> None:
    """Place each cell as calamine does (calamine's xlsx/cells_reader.rs) and check the grid it would build.

    Closures, not a class: this runs for every element of every sheet read, and is a third faster so.
    """
    depth = cell_depth = row = col = cells = max_row = max_col = 0  # row, col: calamine's row_index, col_index
    max_rows, max_columns, max_cells = safety.MAX_SHEET_ROWS, safety.MAX_SHEET_COLUMNS, safety.MAX_SHEET_CELLS
    inside, cell, kind, formula, last, v_text, v_blank = False, None, None, False, None, "", True

    def start(name: str, attrs: dict) -> None:
        nonlocal depth, cell_depth, row, col, inside, cell, kind, formula, last, v_text, v_blank
        depth += 1
        if cell is not None:
            if depth == cell_depth + 1:  # a direct child: the last one gives calamine's value
                local = _local(name)
                formula = formula or local == "f"
                last = "value" if local == "is" else local
                if local == "v" and (formula or kind == "e"):  # only then does the cached text matter
                    v_text, v_blank, parser.CharacterDataHandler = "", True, text
        elif not inside:
            inside = _local(name) == "sheetData"  # calamine reads no cell before <sheetData>
        elif (local := _local(name)) == "c":
            # A cell with `r` sets the column only; one without follows the previous cell on calamine's row.
            ref = attrs.get("r")
            if ref is None:
                cell = (row, col)
            elif (m := REF.fullmatch(ref)) and m[1] and 0 < (r := int(m[2])) <= EXCEL_ROWS and len(m[1]) < 3:
                cell = (r - 1, column_number(m[1]) - 1)  # the usual reference, A1 to ZZ1048576: no need to check more
            else:
                cell = cell_position(ref, title, col)
            col, cell_depth, kind, formula, last = cell[1], depth, attrs.get("t"), False, None
        elif local == "row" and "r" in attrs:
            row = cell_position(attrs["r"], title, col, row_only=True)[0]

    def end(name: str) -> None:
        nonlocal depth, row, col, cell, last
        depth -= 1
        if cell is not None:
            if depth + 1 == cell_depth:
                if last is not None:  # a cell without a child is empty: calamine keeps none
                    done(*cell)
                cell, col = None, col + 1
            elif depth == cell_depth and last == "v":
                # an empty <v> leaves calamine's cell empty, except a text result (t="str": Excel's "")
                empty = parser.CharacterDataHandler is not None and v_blank and kind != "str"
                last = "empty" if empty or kind in ("inlineStr", "is") else "value"
                parser.CharacterDataHandler = None
        elif inside:
            local = _local(name)
            if local == "row":
                row, col = row + 1, 0
            elif local == "sheetData":
                raise _Done

    def text(data: str) -> None:
        nonlocal v_text, v_blank
        v_blank = v_blank and not data.strip()
        v_text = v_text if len(v_text) >= 40 else (v_text + data)[:40]

    def done(r: int, c: int) -> None:
        nonlocal cells, max_row, max_col
        cells += 1
        if r > max_row or c > max_col:
            max_row, max_col = max(max_row, r), max(max_col, c)
            if r >= max_rows or c >= max_columns or (max_row + 1) * (max_col + 1) > max_cells:
                raise _too_large(title, r, c)
        if cells > max_cells:  # repeated cells: calamine holds each one until it builds the grid
            raise _too_large(title, r, c)
        if formula and last != "value":
            scan.add(Finding(title, r + 1, c + 1))
        elif kind == "e" and last == "value":  # calamine gives an empty cell for #DIV/0!, #N/A…
            scan.add(Finding(title, r + 1, c + 1, v_text.strip()))

    parser = _parser(start, end)
    archive.feed(info, parser)
    scan.grids[title] = (max_row + 1, max_col + 1) if cells else (0, 0)


def _too_large(title: str, row: int, col: int) -> UnsafeFile:
    ref, last_column = cell_ref(row + 1, col + 1), cell_ref(1, safety.MAX_SHEET_COLUMNS)[:-1]  # GR
    (vi_rows, en_rows), (vi_cells, en_cells) = both_ways(safety.MAX_SHEET_ROWS), both_ways(safety.MAX_SHEET_CELLS)
    if row >= safety.MAX_SHEET_ROWS or col >= safety.MAX_SHEET_COLUMNS:
        vi = (
            f"có ô {ref} nằm ngoài vùng cho phép (tối đa cột {last_column}, dòng {vi_rows}); hãy xóa các ô thừa "
            "rồi lưu lại."
        )
        en = (
            f"has a cell at {ref}, outside the allowed area (up to column {last_column}, row {en_rows}); delete "
            "the stray cells and save the file again."
        )
    else:
        vi = f"có dữ liệu trải từ A1 đến ô {ref}, vượt giới hạn {vi_cells} ô; hãy xóa các dòng, cột thừa hoặc tách tệp."
        en = (
            f"has data from A1 to cell {ref}, over the limit of {en_cells} cells; delete unused rows and columns, "
            "or split the file."
        )
    return UnsafeFile(
        "sheet_too_large",
        f"Sheet '{shown(title)}' {vi}",
        f"Sheet '{shown(title)}' {en}",
        sheet=title,
        row=row + 1,
        cell=ref,
    )
