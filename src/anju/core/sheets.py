"""Tabular files in and out: .xlsx, .xls and .csv with Chinese headers, read as a stream of rows.

Cells keep the type the file gave them, so validation can tell a text identity number from a
numeric one (an 18-digit number in Excel has already lost its last digits).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from anju.core.errors import AnjuError, ErrorCode, Problem, ValidationFailed
from anju.core.money import parse_yuan


@dataclass(frozen=True)
class UploadLimits:
    """How much of an uploaded file is read: policy values ``upload.*`` (see anju/web/params.py).

    Every upload and every reading of a table file goes through them, so no file can make the server read
    more than ``max_rows`` rows of ``max_columns`` columns, whatever size its sheet claims to have."""

    max_bytes: int
    max_rows: int  # rows as Excel numbers them, the header included
    max_columns: int
    max_problems: int  # problems shown at once; the rest are summarised in one line

    @classmethod
    def from_policy(cls, policy) -> UploadLimits:
        return cls(max_bytes=policy["upload.max_bytes"], max_rows=policy["upload.max_rows"],
                   max_columns=policy["upload.max_columns"], max_problems=policy["upload.max_problems"])

    @property
    def size_text(self) -> str:
        return _size_text(self.max_bytes)


def _size_text(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):g}MB"
    if n >= 1024:
        return f"{n / 1024:g}KB"
    return f"{n}字节"


class FileTooLarge(ValidationFailed):
    """A file over one of the upload limits; nothing of it is used."""

    def __init__(self, problem: Problem) -> None:
        super().__init__([problem], summary="文件超出上传限制")


class UploadTooLarge(FileTooLarge):
    """The upload itself is over the byte limit (HTTP 413)."""

    status = 413


def too_many_bytes(limits: UploadLimits, filename: str = "") -> Problem:
    name = f"“{filename}”" if filename else ""
    return Problem.of(ErrorCode.SHEET_TOO_BIG, field="file", name=name, limit=limits.size_text)


def cap_problems(problems: Sequence[Problem], limit: int) -> list[Problem]:
    """The first ``limit`` problems and one line summarising the rest ("……另有N处错误")."""
    if len(problems) <= limit:
        return list(problems)
    return [*problems[:limit], Problem.of(ErrorCode.SHEET_MORE_PROBLEMS, count=len(problems) - limit)]


def _blank(c: object) -> bool:
    return c is None or (isinstance(c, str) and not c.strip())


def _all_blank(cells: Sequence[object]) -> bool:
    for c in cells:
        if c is not None and (not isinstance(c, str) or c.strip()):
            return False
    return True


def _bounded(rows: Iterator[tuple[int, Sequence[object]]], limits: UploadLimits):
    """Rows as read, refused (``FileTooLarge``) at the first row past the row limit or the first cell with
    something in it past the column limit. The readers below stop one row and one column past the limits."""
    for number, cells in rows:
        if len(cells) > limits.max_columns and not all(_blank(c) for c in cells[limits.max_columns:]):
            raise FileTooLarge(Problem.of(ErrorCode.SHEET_TOO_MANY_COLUMNS, row=number, number=number,
                                          limit=limits.max_columns))
        if number > limits.max_rows:  # even a blank one: rows past it are never read, so none may be lost
            raise FileTooLarge(Problem.of(ErrorCode.SHEET_TOO_MANY_ROWS, row=number, number=number,
                                          limit=limits.max_rows))
        yield number, cells


@dataclass
class SheetRows:
    """Header-mapped rows of one sheet; ``problems`` holds file-level problems (nothing to read then).

    Rows are read as a stream; reading past the upload limits raises ``FileTooLarge``."""

    headers: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sheet: str = ""
    limits: UploadLimits | None = None
    _rows: Iterator[tuple[int, Sequence[object]]] | None = None
    _index: dict[str, int] = field(default_factory=dict)
    _kept: list[tuple[int, dict[str, object]]] | None = None

    def rows(self) -> Iterator[tuple[int, dict[str, object]]]:
        """(row number as Excel shows it, {canonical header: cell}) for every non-empty row."""
        if self._kept is not None:
            yield from self._kept
            return
        if self._rows is None:
            return
        for number, cells in self._rows:
            if _all_blank(cells):
                continue
            yield number, {name: (cells[i] if i < len(cells) else None) for name, i in self._index.items()}

    def load(self) -> SheetRows:
        """Read every row now (only the mapped columns are kept), so that the file is parsed before a writing
        transaction opens. A file over the limits keeps no row and says why in ``problems``. Returns self;
        ``rows()`` replays the rows."""
        if self._kept is None:
            try:
                self._kept = list(self.rows())
            except FileTooLarge as exc:
                self._kept = []
                self.problems.extend(exc.problems)
            self._rows = None
        return self


def _norm(header: object) -> str:
    return "".join(str(header or "").split()).replace("（", "(").replace("）", ")")


def _map_headers(raw: Sequence[object], required: Sequence[str], optional: Sequence[str],
                 aliases: dict[str, str]) -> tuple[dict[str, int], list[str]]:
    index: dict[str, int] = {}
    wanted = set(required) | set(optional)
    for i, h in enumerate(raw):
        name = _norm(h)
        name = aliases.get(name, name)
        if name in wanted and name not in index:
            index[name] = i
    missing = [h for h in required if h not in index]
    return index, missing


def read_table(data: bytes, filename: str, *, required: Sequence[str], optional: Sequence[str] = (),
               aliases: dict[str, str] | None = None, sheet_names: Sequence[str] = (),
               header_scan_rows: int = 10, limits: UploadLimits) -> SheetRows:
    """Open a workbook or CSV and find the header row (within the first rows) of the right sheet.

    The size a sheet declares is never trusted: rows are read as they come and reading stops at ``limits``."""
    aliases = {_norm(k): v for k, v in (aliases or {}).items()}
    out = SheetRows(limits=limits)
    if not data:
        out.problems.append(Problem.of(ErrorCode.SHEET_EMPTY))
        return out
    if len(data) > limits.max_bytes:
        out.problems.append(too_many_bytes(limits, filename))
        return out
    lower = filename.lower()
    try:
        if lower.endswith(".xlsx") or lower.endswith(".xlsm"):
            refuse_xml_declarations(data)
            sheets = _xlsx_sheets(data, limits)
        elif lower.endswith(".xls"):
            sheets = _xls_sheets(data, limits)
        elif lower.endswith(".csv") or lower.endswith(".txt"):
            sheets = [("CSV", _csv_rows(data, limits))]
        else:
            out.problems.append(Problem.of(ErrorCode.SHEET_FILE_TYPE, filename=filename))
            return out
    except AnjuError as exc:
        out.problems.append(Problem.from_error(exc))
        return out
    except Exception as exc:  # noqa: BLE001 - any reader failure is the user's file, reported in Chinese
        out.problems.append(Problem.of(ErrorCode.SHEET_UNREADABLE, filename=filename,
                                               error=type(exc).__name__))
        return out
    ordered = sorted(sheets, key=lambda s: (s[0] not in sheet_names, sheet_names.index(s[0])
                                            if s[0] in sheet_names else 0))
    best_missing: list[str] | None = None
    for name, raw in ordered:
        rows = _bounded(_guarded_rows(raw, filename), limits)
        for _ in range(header_scan_rows):
            try:
                number, cells = next(rows)
            except StopIteration:
                break
            except (ValidationFailed, FileTooLarge) as exc:
                out.problems.extend(exc.problems)
                return out
            index, missing = _map_headers(cells, required, optional, aliases)
            if not missing:
                out.headers = [_norm(c) for c in cells]
                out.sheet = name
                out._index = index
                out._rows = rows
                return out
            if index and (best_missing is None or len(missing) < len(best_missing)):
                best_missing = missing
    if best_missing:
        out.problems.append(Problem.of(ErrorCode.SHEET_HEADERS_MISSING, columns="、".join(best_missing)))
    else:
        wanted = "或".join(f"“{s}”" for s in sheet_names) if sheet_names else "数据"
        out.problems.append(Problem.of(ErrorCode.SHEET_NOT_FOUND, wanted=wanted))
    return out


# The fast reader (calamine) parses a sheet whole, so it takes a workbook only when its worksheets' XML is small
# enough to hold; anything larger — or a sheet wider than the column limit — is streamed by openpyxl, which stops one
# row and one column past the limits.
_WHOLE_SHEET_XML_LIMIT = 64 << 20


def _xlsx_sheets(data: bytes, limits: UploadLimits):
    if _worksheet_xml_size(data) <= _WHOLE_SHEET_XML_LIMIT:
        try:
            return _calamine_sheets(data, limits)
        except Exception:  # noqa: BLE001 - the streaming reader below reports a damaged file in Chinese
            pass
    return _openpyxl_sheets(data, limits)


def _worksheet_xml_size(data: bytes) -> int:
    """The uncompressed size of the worksheets' XML as the archive declares it (what a whole-sheet parse holds)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(i.file_size for i in archive.infolist() if i.filename.startswith("xl/worksheets/"))
    except (zipfile.BadZipFile, ValueError):
        return 0  # not an archive: the reader says so


def _calamine_sheets(data: bytes, limits: UploadLimits):
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    names = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]

    def rows(name: str):
        sheet = book.get_sheet_by_name(name)  # parsed here, when the header search reaches this sheet
        if sheet.end is not None and sheet.end[1] > limits.max_columns:
            # something lies past the column limit: let the streaming reader find the first such row
            yield from dict(_openpyxl_sheets(data, limits))[name]
            return
        for number, values in enumerate(sheet.to_python(skip_empty_area=False, nrows=limits.max_rows + 1), start=1):
            yield number, [_calamine_cell(v) for v in values]

    return [(name, rows(name)) for name in names]


def _calamine_cell(value: object) -> object:
    """A cell as openpyxl gives it: empty is None, a whole number an int, a date a datetime."""
    if value == "":
        return None
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if type(value) is date:
        return datetime(value.year, value.month, value.day)
    return value


def _openpyxl_sheets(data: bytes, limits: UploadLimits):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)

    def rows(ws):
        # A sheet's declared dimension (<dimension ref="A1:XFD1048576"/>) is whatever the file says: forget it
        # and read at most one row and one column past the limits, enough to tell that a file is over them.
        ws.reset_dimensions()
        yield from enumerate(ws.iter_rows(max_row=limits.max_rows + 1, max_col=limits.max_columns + 1,
                                          values_only=True), start=1)

    return [(ws.title, rows(ws)) for ws in wb.worksheets]


def _xls_sheets(data: bytes, limits: UploadLimits):
    import xlrd

    book = xlrd.open_workbook(file_contents=data)  # an .xls is not compressed: the byte limit bounds it

    def cell_value(sheet, cell):
        if cell.ctype == xlrd.XL_CELL_DATE:
            return xlrd.xldate_as_datetime(cell.value, book.datemode)
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return None
        return cell.value

    def rows(sheet):
        for r in range(min(sheet.nrows, limits.max_rows + 1)):
            yield r + 1, [cell_value(sheet, c) for c in sheet.row_slice(r, 0, min(sheet.ncols, limits.max_columns + 1))]

    return [(sheet.name, rows(sheet)) for sheet in book.sheets()]


def _csv_rows(data: bytes, limits: UploadLimits):
    text = _csv_text(data)
    first_line = text.split("\n", 1)[0]
    # Excel's "Unicode text" export is UTF-16 with tabs between the cells.
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for number, values in enumerate(reader, start=1):
        yield number, [v if v != "" else None for v in values[:limits.max_columns + 1]]


# ------------------------------------------------------------------------------------ unreadable input

# Characters no worksheet cell may hold (openpyxl refuses them) and no PostgreSQL text may hold (NUL);
# tab, line feed and carriage return are allowed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# An XML part may not declare a document type or entities: expanding them is how a small file takes all
# memory ("billion laughs") or reads files of the server. Excel never writes them.
_XML_DECLARATIONS = tuple(text.encode(enc) for text in ("<!DOCTYPE", "<!ENTITY")
                          for enc in ("utf-8", "utf-16-le", "utf-16-be"))
_CSV_FIELD_LIMIT = csv.field_size_limit()


def _csv_text(data: bytes) -> str:
    """The text of a CSV: UTF-16 when it starts with a UTF-16 byte order mark, UTF-8 (with or without BOM),
    else GB18030 (files saved by Excel on a Chinese Windows)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise AnjuError(ErrorCode.SHEET_UTF16) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def refuse_xml_declarations(data: bytes) -> None:
    """Refuse an .xlsx any of whose XML parts declares a DTD or entities, before any XML parser sees it.

    Every part is decompressed in chunks and searched (in UTF-8 and UTF-16); a damaged archive is left to the
    reader, which reports it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return
    keep = max(len(p) for p in _XML_DECLARATIONS) - 1
    with archive:
        for info in archive.infolist():
            if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
                continue
            tail = b""
            try:
                with archive.open(info) as part:
                    while chunk := part.read(1 << 20):
                        window = tail + chunk
                        if any(p in window for p in _XML_DECLARATIONS):
                            raise AnjuError(ErrorCode.SHEET_XML_DECLARATION, part=info.filename)
                        tail = window[-keep:]
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
                return


def _guarded_rows(rows: Iterator[tuple[int, Sequence[object]]], filename: str):
    """The rows of a sheet, with a reader failure part-way (a damaged sheet, an over-long CSV field) or a cell
    holding control characters turned into a Chinese problem naming the row (``ValidationFailed``)."""
    number = 0
    while True:
        try:
            number, cells = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            if "field larger than field limit" in str(exc):
                problem = Problem.of(ErrorCode.SHEET_CSV_FIELD, row=number, filename=filename, limit=_CSV_FIELD_LIMIT)
            else:
                problem = Problem.of(ErrorCode.SHEET_CSV_FORMAT, row=number, filename=filename)
            raise ValidationFailed([problem], summary="文件无法读取") from None
        except Exception as exc:  # noqa: BLE001 - any reader failure is the user's file, reported in Chinese
            number += 1
            raise ValidationFailed([Problem.of(ErrorCode.SHEET_BROKEN, row=number, filename=filename,
                                               error=type(exc).__name__)],
                                   summary="文件无法读取") from None
        if any(isinstance(cell, str) and _CONTROL.search(cell) for cell in cells):
            column = next(i for i, cell in enumerate(cells, start=1) if isinstance(cell, str) and _CONTROL.search(cell))
            raise ValidationFailed([Problem.of(ErrorCode.SHEET_CONTROL, row=number, column=column)],
                    summary="文件含有不允许的字符")
        yield number, cells


def printable(value: object) -> object:
    """A cell value a worksheet can hold: control characters in text become U+FFFD (shown as �)."""
    if isinstance(value, str) and _CONTROL.search(value):
        return _CONTROL.sub("\ufffd", value)
    return value


# --------------------------------------------------------------------------------------------- cells


class CellError(AnjuError, ValueError):
    """A cell that does not hold what its column needs: a code (``cell.*``, or the code of the parse that failed)
    and its Chinese message. Shown beside its cell with ``Problem.from_error(exc, field=..., row=...)``."""

    @classmethod
    def of(cls, exc: AnjuError) -> CellError:
        return cls(exc.code, **exc.params)


def answered_rows(table: SheetRows, *, key: str, expected, what: str,
                  problems: list[Problem]) -> Iterator[tuple[int, str, dict[str, object]]]:
    """The rows of a bank's result file that answer the lines sent, one each: ``(row number, line number, cells)``.

    A line number (``key`` column) not among ``expected`` or given twice is a problem of its row; once the rows are
    read, every expected line without an answer is a problem too. ``what`` names the file sent (付款文件 …)."""
    seen: dict[str, int] = {}
    for row_no, cells in table.rows():
        no = cell_text(cells.get(key))
        if no not in expected:
            problems.append(Problem.of(ErrorCode.SHEET_LINE_UNKNOWN, field=key, row=row_no, key=key,
                                       no=no or "（空）", what=what))
            continue
        if no in seen:
            problems.append(Problem.of(ErrorCode.SHEET_LINE_TWICE, field=key, row=row_no, key=key, no=no,
                                       first=seen[no]))
            continue
        seen[no] = row_no
        yield row_no, no, cells
    for no in expected:
        if no not in seen:
            problems.append(Problem.of(ErrorCode.SHEET_LINE_UNANSWERED, field=key, key=key, no=no))


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def cell_money(value: object) -> int:
    """Amount in yuan from a numeric or text cell; text that is not a number is an error."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise CellError(ErrorCode.CELL_MONEY_EMPTY)
    if isinstance(value, bool):
        raise CellError(ErrorCode.CELL_MONEY_FORMAT)
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, (int, Decimal)):
        try:
            return parse_yuan(Decimal(value))
        except AnjuError as exc:
            raise CellError.of(exc) from None
    if isinstance(value, (date, datetime)):
        raise CellError(ErrorCode.CELL_MONEY_DATE)
    try:
        return parse_yuan(str(value))
    except AnjuError:
        raise CellError(ErrorCode.CELL_MONEY_TEXT, value=value) from None


def cell_ratio(value: object) -> Decimal:
    """A ratio: "12%" or 0.12 (an Excel percentage cell) or 12 (meaning 12%)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise CellError(ErrorCode.CELL_RATIO_EMPTY)
    if isinstance(value, bool):
        raise CellError(ErrorCode.CELL_RATIO_FORMAT)
    try:
        if isinstance(value, float):
            d = Decimal(repr(value))
        elif isinstance(value, (int, Decimal)):
            d = Decimal(value)
        else:
            text = str(value).strip().replace("％", "%")
            if text.endswith("%"):
                return Decimal(text[:-1].strip()) / 100
            d = Decimal(text)
    except InvalidOperation:
        raise CellError(ErrorCode.CELL_RATIO_TEXT, value=value) from None
    return d / 100 if d >= 1 else d


def cell_month(value: object) -> int:
    from anju.core.dates import parse_month

    if isinstance(value, (datetime, date)):
        return value.year * 100 + value.month
    try:
        return parse_month(cell_text(value))
    except AnjuError as exc:
        raise CellError.of(exc) from None


# --------------------------------------------------------------------------------------------- writing

# OWASP "CSV injection": a spreadsheet runs a cell beginning with one of these as a formula (or, for tab and
# carriage return, shifts what follows into a formula on some importers).
_FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")
# Text that is only a number ("-12.50", "+3.5%", "-1,234") is not a formula: Excel shows it as the number.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")


def safe_text(text: str) -> str:
    """Text that no spreadsheet will run: a leading ``= + - @``, tab or CR gets a single quote in front.

    Every text cell of every export goes through this (xlsx and csv); numbers written as numbers never do."""
    if text and text.startswith(_FORMULA_LEAD) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def formula_like(text: str | None) -> bool:
    """Whether typed text would start a spreadsheet formula (checked as typed and as stored, stripped)."""
    raw = text or ""
    return any(t.startswith(_FORMULA_LEAD) and not _PLAIN_NUMBER.fullmatch(t) for t in (raw, raw.strip()) if t)


def formula_problems(fields: dict[str, str | None]) -> list[Problem]:
    """Free text refused at input because a spreadsheet would run it: ``{Chinese label: text}``."""
    return [Problem.of(ErrorCode.SHEET_FORMULA, field=label, label=label)
            for label, text in fields.items() if formula_like(text)]


def safe_row(values) -> list:
    """A row for a CSV writer: text neutralised (:func:`safe_text`), other values as they are."""
    return [safe_text(v) if isinstance(v, str) else v for v in values]


def _put(cell, value: object) -> None:
    """Write one value into a worksheet cell; text is stored as text (data type "s"), never as a formula."""
    if isinstance(value, str):
        cell.value = safe_text(value)
        cell.data_type = "s"  # also "#N/A" and the like stay text instead of becoming error cells
    else:
        cell.value = value


def text_cell(ws, value: str):
    """A write-only cell holding ``value`` as neutralised text (for ``Workbook(write_only=True)`` sheets)."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws)
    _put(cell, value)
    return cell


def stream_row(ws, values) -> list:
    """A row for a write-only sheet's ``append``: text cells as :func:`text_cell`, other values as they are."""
    return [text_cell(ws, v) if isinstance(v, str) else v for v in values]


def write_table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, sheet: str = "Sheet1",
                text_columns: Sequence[str] = (), notes: Sequence[str] = (), widths: dict[str, int] | None = None,
                blank_rows: int = 0) -> bytes:
    """An .xlsx with one data sheet (text columns formatted as text) and an optional 说明 sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for c, h in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=c)
        _put(cell, h)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    text_idx = {headers.index(c) for c in text_columns if c in headers}
    for r, row in enumerate(rows, start=2):
        for i, v in enumerate(row):
            _put(ws.cell(row=r, column=i + 1), printable(str(v) if (i in text_idx and v is not None) else v))
    for i, h in enumerate(headers, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = (widths or {}).get(h, max(12, len(h) * 2 + 4))
        if i - 1 in text_idx:
            for cell in ws[letter]:
                cell.number_format = "@"
            for r in range(ws.max_row + 1, ws.max_row + 1 + blank_rows):  # pre-format rows to be typed in
                ws.cell(row=r, column=i).number_format = "@"
    ws.freeze_panes = "A2"
    if notes:
        info = wb.create_sheet("填表说明")
        for r, line in enumerate(notes, start=1):
            _put(info.cell(row=r, column=1), line)
        info.column_dimensions["A"].width = 100
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_table_stream(headers: Sequence[str], rows, *, sheet: str = "Sheet1", text_columns: Sequence[str] = (),
                       notes: Sequence[str] = ()) -> bytes:
    """Like :func:`write_table` for large tables: ``rows`` (any iterable) are written one at a time by openpyxl's
    write-only workbook, which keeps no cell objects, so a million rows cost only the file being built."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    for i, h in enumerate(headers):
        ws.column_dimensions[_column_letter(i + 1)].width = max(12, len(h) * 2 + 4)
    ws.freeze_panes = "A2"
    head = []
    for h in headers:
        cell = text_cell(ws, h)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        head.append(cell)
    ws.append(head)
    text_idx = {list(headers).index(c) for c in text_columns if c in headers}
    for row in rows:
        ws.append(stream_row(ws, [printable(str(v) if (i in text_idx and v is not None) else v)
                                  for i, v in enumerate(row)]))
    if notes:
        info = wb.create_sheet("填表说明")
        info.column_dimensions["A"].width = 100
        for line in notes:
            info.append([text_cell(info, line)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _column_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)
