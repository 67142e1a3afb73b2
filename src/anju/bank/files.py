"""The one reader and the one writer of files exchanged with the entrusted banks (docs/bank-files.md).

Every file the system sends to a bank (withdrawal payments, loan deductions) or reads from one (their results,
deposit receipts, statements) goes through :func:`write` and :func:`read` with a :class:`Layout`: the columns
(each a canonical Chinese name, a value kind, required or not, the bank's own header and aliases), CSV or XLSX,
the encoding (UTF-8 with BOM, GBK / GB18030 …), the delimiter, with or without a header row. Each kind of file has
a documented default (:data:`DEFAULTS`); a bank that wants another layout gets a row in ``bank_file_layout``
(``anju.bank.queries.file_layout`` reads it, ``service.set_file_layout`` writes it). Pure: bytes and layouts in,
rows and problems out.

Rows are dicts keyed by the canonical column names; values are converted by the column's kind:
``text`` → str, ``money`` → int fen (signed), ``int`` → int, ``date`` → date, ``time`` → ``HH:MM:SS`` str,
``raw`` → the cell as read (the caller parses it with its own error codes). :func:`read` reports *every*
problem at once, each with its line number (as the file numbers it, header included) and the column's name.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, time

from anju.bank.codes import FileKind
from anju.bank.errors import BankError
from anju.core.errors import AnjuError, Problem, ValidationFailed
from anju.core.money import yuan_str
from anju.core.sheets import (
    CellError,
    SheetRows,
    UploadLimits,
    _bounded,
    _guarded_rows,
    cell_money,
    cell_text,
    read_table,
    safe_row,
    write_table,
)

KINDS = ("text", "money", "int", "date", "time", "raw")
FORMATS = ("csv", "xlsx")
ENCODINGS = ("utf-8-sig", "utf-8", "gbk", "gb18030")
# Used when the caller gives none (tests, the simulator, the CLI): generous, still bounded.
DEFAULT_LIMITS = UploadLimits(max_bytes=200 * 1024 * 1024, max_rows=2_000_000, max_columns=200, max_problems=200)


@dataclass(frozen=True)
class Column:
    name: str  # canonical Chinese name: the key of a row
    kind: str = "text"
    required: bool = True
    header: str | None = None  # the header the bank writes (default: the name)
    aliases: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.header or self.name


@dataclass(frozen=True)
class Layout:
    kind: str  # FileKind
    columns: tuple[Column, ...]
    format: str = "csv"  # csv | xlsx (what is written; a file read is taken by its name's extension when given)
    encoding: str = "utf-8-sig"
    delimiter: str = ","
    header: bool = True
    sheet: str = "明细"
    date_format: str = "%Y-%m-%d"
    text_columns: tuple[str, ...] = field(default=())  # written as text in XLSX (identity and card numbers …)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    def to_json(self) -> str:
        d = asdict(self)
        d["columns"] = [{k: v for k, v in asdict(c).items() if v not in (None, (), [])} for c in self.columns]
        d["text_columns"] = list(self.text_columns)
        return json.dumps(d, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Layout:
        d = json.loads(text)
        cols = tuple(Column(name=c["name"], kind=c.get("kind", "text"), required=c.get("required", True),
                            header=c.get("header"), aliases=tuple(c.get("aliases", ()))) for c in d.pop("columns"))
        d["text_columns"] = tuple(d.get("text_columns", ()))
        return cls(columns=cols, **d)

    def file_name(self, stem: str) -> str:
        return f"{stem}.{'xlsx' if self.format == 'xlsx' else ('txt' if self.delimiter == '|' else 'csv')}"

    @property
    def media_type(self) -> str:
        if self.format == "xlsx":
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        charset = "gbk" if self.encoding in ("gbk", "gb18030") else "utf-8"
        return f"text/{'plain' if self.delimiter == '|' else 'csv'}; charset={charset}"


def layout_problems(layout: Layout) -> list[Problem]:
    """What is wrong with a bank's layout for its kind (every problem): known kind, format, encoding, delimiter,
    columns known to the kind's default and every required one present."""
    problems: list[Problem] = []
    if layout.kind not in DEFAULTS:
        return [Problem.of(BankError.FILE_KIND_UNKNOWN, field="文件类型", kind=layout.kind)]
    default = DEFAULTS[layout.kind]
    if layout.format not in FORMATS:
        problems.append(Problem.of(BankError.LAYOUT_INVALID, field="格式", reason=f"格式应为csv或xlsx：{layout.format}"))
    if layout.encoding not in ENCODINGS:
        problems.append(Problem.of(BankError.LAYOUT_INVALID, field="编码",
                                   reason=f"编码应为{'、'.join(ENCODINGS)}之一：{layout.encoding}"))
    if len(layout.delimiter) != 1 or layout.delimiter in "\"\r\n":
        problems.append(Problem.of(BankError.LAYOUT_INVALID, field="分隔符", reason=f"分隔符应为一个字符：{layout.delimiter!r}"))
    if layout.format == "xlsx" and not layout.header:
        problems.append(Problem.of(BankError.LAYOUT_INVALID, field="表头", reason="xlsx文件须有表头行"))
    seen = set()
    for c in layout.columns:
        base = default.column(c.name)
        if base is None:
            problems.append(Problem.of(BankError.LAYOUT_COLUMN_UNKNOWN, field="列", name=c.name,
                                       kind=KIND_LABELS.get(layout.kind, layout.kind)))
        elif c.kind != base.kind and base.kind != "raw":
            problems.append(Problem.of(BankError.LAYOUT_INVALID, field="列",
                                       reason=f"列“{c.name}”的类型应为{base.kind}"))
        if c.name in seen:
            problems.append(Problem.of(BankError.LAYOUT_INVALID, field="列", reason=f"列“{c.name}”重复"))
        seen.add(c.name)
    missing = [c.name for c in default.columns if c.required and c.name not in seen]
    if missing:
        problems.append(Problem.of(BankError.LAYOUT_COLUMN_MISSING, field="列", names="、".join(missing)))
    return problems


def bank_layout(kind: str, **changes) -> Layout:
    """The default layout of ``kind`` with some settings changed (``encoding="gbk"``, ``columns=…``); checked."""
    layout = replace(DEFAULTS[kind], **changes)
    problems = layout_problems(layout)
    if problems:
        raise ValidationFailed(problems, summary="文件格式设置不正确")
    return layout


# ----------------------------------------------------------------------------------------------- reading


def read(data: bytes, layout: Layout, *, filename: str = "", limits: UploadLimits | None = None) -> SheetRows:
    """The file read whole: a loaded ``SheetRows`` whose ``rows()`` replays ``(line number, {name: value})`` of the
    good lines and whose ``problems`` lists every problem (file-level ones, then one per bad cell, each with its
    line). A line with a bad cell is left out of the rows. Nothing is half-read: check ``problems`` first."""
    limits = limits or DEFAULT_LIMITS
    lower = filename.lower()
    as_sheet = lower.endswith((".xlsx", ".xlsm", ".xls")) or (not filename and layout.format == "xlsx")
    if as_sheet:
        return _convert(_read_sheet(data, filename or "file.xlsx", layout, limits), layout)
    if "." in lower and not lower.endswith((".csv", ".txt", ".dat")):
        from anju.core.errors import ErrorCode

        return SheetRows(problems=[Problem.of(ErrorCode.SHEET_FILE_TYPE, filename=filename)], _kept=[])
    return _convert(_read_delimited(data, filename, layout, limits), layout)


def _aliases(layout: Layout) -> dict[str, str]:
    out: dict[str, str] = {}
    for c in layout.columns:
        for a in (c.header, *c.aliases):
            if a and a != c.name:
                out[a] = c.name
    return out


def _read_sheet(data: bytes, filename: str, layout: Layout, limits: UploadLimits) -> SheetRows:
    return read_table(data, filename, required=[c.name for c in layout.columns if c.required],
                      optional=[c.name for c in layout.columns if not c.required], aliases=_aliases(layout),
                      limits=limits).load()


def _decode(data: bytes, encoding: str) -> str:
    if encoding in ("utf-8-sig", "utf-8"):
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass  # a file saved by Excel on a Chinese Windows: GB18030 (a superset of GBK)
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise AnjuError(BankError.FILE_ENCODING, encoding=encoding.upper(),
                        row=data[:exc.start].count(b"\n") + 1) from None


def _norm(header: object) -> str:
    return "".join(str(header or "").split()).replace("（", "(").replace("）", ")")


def _read_delimited(data: bytes, filename: str, layout: Layout, limits: UploadLimits) -> SheetRows:
    out = SheetRows(limits=limits, sheet="CSV")
    if not data:
        out.problems.append(Problem.of(BankError.FILE_EMPTY))
        return out.load()
    if len(data) > limits.max_bytes:
        from anju.core.sheets import too_many_bytes

        out.problems.append(too_many_bytes(limits))
        return out.load()
    try:
        text = _decode(data, layout.encoding)
    except AnjuError as exc:
        out.problems.append(Problem.from_error(exc))
        return out.load()
    delimiter = layout.delimiter
    if layout.delimiter == "," and layout.header:  # Excel's "Unicode text" export: tabs between the cells
        first = text.split("\n", 1)[0]
        if "\t" in first and "," not in first:
            delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    kept: list[tuple[int, dict[str, object]]] = []
    index: dict[str, int] | None = None if layout.header else {c.name: i for i, c in enumerate(layout.columns)}
    aliases = {_norm(k): v for k, v in _aliases(layout).items()}
    wanted = set(layout.names)
    best_missing: list[str] | None = None
    need = max((i + 1 for i, c in enumerate(layout.columns) if c.required), default=0)
    # the same limits (rows, columns) and guards (control characters, broken quoting) as every uploaded sheet
    lines = _bounded(_guarded_rows(enumerate(reader, start=1), filename or "文件"), limits)
    try:
        for number, values in lines:
            if all(not v.strip() for v in values):
                continue
            if index is None:  # looking for the header row within the first ten lines
                found: dict[str, int] = {}
                for i, h in enumerate(values):
                    name = aliases.get(_norm(h), _norm(h))
                    if name in wanted and name not in found:
                        found[name] = i
                missing = [c.name for c in layout.columns if c.required and c.name not in found]
                if not missing:
                    index = found
                    out.headers = [_norm(v) for v in values]
                elif number >= 10:
                    break
                elif found and (best_missing is None or len(missing) < len(best_missing)):
                    best_missing = missing
                continue
            if not layout.header:
                if values and len(values) == len(layout.columns) + 1 and not values[-1].strip():
                    values = values[:-1]  # a trailing delimiter closes each line in many bank files
                if not need <= len(values) <= len(layout.columns):  # trailing empty columns may be left off
                    out.problems.append(Problem.of(BankError.FILE_COLUMNS, row=number, expected=len(layout.columns),
                                                   actual=len(values)))
                    continue
            kept.append((number, {name: (values[i].strip() if i < len(values) and values[i].strip() else None)
                                  for name, i in index.items()}))
    except ValidationFailed as exc:  # FileTooLarge included: nothing of the file is used
        out.problems.extend(exc.problems)
        out._kept = []
        return out
    if index is None:
        from anju.core.errors import ErrorCode

        columns = best_missing or [c.name for c in layout.columns if c.required]
        out.problems.append(Problem.of(ErrorCode.SHEET_HEADERS_MISSING, columns="、".join(columns)))
        kept = []
    out._kept = kept
    return out


_TIME = re.compile(r"(\d{1,2}):?(\d{2}):?(\d{2})")


def _value(kind: str, value: object, layout: Layout) -> object:
    if kind == "raw":
        return value
    if kind == "text":
        return cell_text(value)
    if kind == "money":
        return cell_money(value)
    if kind == "int":
        text = cell_text(value)
        try:
            return int(text)
        except ValueError:
            raise AnjuError(BankError.FILE_INT, value=text) from None
    if kind == "date":
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = cell_text(value)
        try:
            return datetime.strptime(text, layout.date_format).date()
        except ValueError:
            from anju.core.dates import parse_date

            return parse_date(text)
    if kind == "time":
        if isinstance(value, (datetime, time)):
            return value.strftime("%H:%M:%S")
        text = cell_text(value)
        m = _TIME.fullmatch(text)
        if m is None or int(m[1]) > 23 or int(m[2]) > 59 or int(m[3]) > 59:
            raise AnjuError(BankError.FILE_TIME, value=text)
        return f"{int(m[1]):02d}:{m[2]}:{m[3]}"
    raise ValueError(f"unknown column kind {kind!r}")


def _convert(table: SheetRows, layout: Layout) -> SheetRows:
    """Each cell to its column's kind; a bad or missing value is a problem of its line and column."""
    rows = list(table.rows())
    good: list[tuple[int, dict[str, object]]] = []
    for number, cells in rows:
        out: dict[str, object] = {}
        ok = True
        for c in layout.columns:
            v = cells.get(c.name)
            if v is None or (isinstance(v, str) and not v.strip()):
                if c.required and c.kind != "raw":
                    table.problems.append(Problem.of(BankError.FILE_VALUE_MISSING, field=c.name, row=number))
                    ok = False
                out[c.name] = v if c.kind == "raw" else None
                continue
            try:
                out[c.name] = _value(c.kind, v, layout)
            except CellError as exc:
                table.problems.append(Problem.from_error(exc, field=c.name, row=number))
                ok = False
            except AnjuError as exc:
                table.problems.append(Problem.from_error(exc, field=c.name, row=number))
                ok = False
        if ok:
            good.append((number, out))
    table._kept = good
    table._rows = None
    return table


# ----------------------------------------------------------------------------------------------- writing


def _cell(c: Column, value: object, layout: Layout) -> object:
    if value is None:
        return ""
    if c.kind == "money":
        return yuan_str(value)
    if c.kind == "date" and isinstance(value, date):
        return value.strftime(layout.date_format)
    if c.kind == "time" and isinstance(value, (time, datetime)):
        return value.strftime("%H:%M:%S")
    return value


def write(rows: Iterable[Mapping[str, object]], layout: Layout, *, notes: Sequence[str] = ()) -> bytes:
    """The file for the bank: one line per row (a mapping by canonical column name, money in int fen, dates as
    dates), in the layout's columns, format and encoding; ``notes`` become a 填表说明 sheet of an XLSX."""
    table = [[_cell(c, r.get(c.name), layout) for c in layout.columns] for r in rows]
    if layout.format == "xlsx":
        headers = [c.label for c in layout.columns]
        text = [c.label for c in layout.columns if c.name in layout.text_columns]
        return write_table(headers, table, sheet=layout.sheet, text_columns=text, notes=notes)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n", delimiter=layout.delimiter)
    if layout.header:
        writer.writerow([c.label for c in layout.columns])
    for row in table:
        writer.writerow(safe_row(row))
    text = buf.getvalue()
    encoding = "gb18030" if layout.encoding == "gb18030" else layout.encoding
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as exc:
        bad = text[max(0, exc.start - 10):exc.end + 10].replace("\r\n", " ")
        raise AnjuError(BankError.FILE_UNENCODABLE, text=bad, encoding=layout.encoding.upper()) from None


# ----------------------------------------------------------------------------------------------- defaults

_T = "text"
_M = "money"

PAYOUT = Layout(
    kind=FileKind.PAYOUT, sheet="付款明细",
    columns=(Column("序号", "int"), Column("付款流水号"), Column("收款人姓名"), Column("收款人证件号码"),
             Column("收款账号"), Column("收款开户行"), Column("金额", _M), Column("用途"), Column("个人账号"),
             Column("提取申请编号")),
    text_columns=("付款流水号", "收款人证件号码", "收款账号", "个人账号", "提取申请编号"))
PAYOUT_RESULT = Layout(
    kind=FileKind.PAYOUT_RESULT, sheet="回盘",
    columns=(Column("付款流水号", aliases=("流水号",)), Column("处理结果", aliases=("结果", "状态")),
             Column("失败原因", required=False, aliases=("原因",)), Column("银行流水号", required=False),
             Column("金额", "raw", required=False)))
DEDUCTION = Layout(
    kind=FileKind.DEDUCTION, sheet="扣款明细",
    columns=(Column("序号", "int"), Column("扣款流水号"), Column("贷款账号"), Column("借款合同编号"),
             Column("借款人姓名"), Column("证件号码"), Column("应还日期", "date"), Column("期次", "int", required=False),
             Column("应扣金额", _M)),
    text_columns=("扣款流水号", "贷款账号", "借款合同编号", "证件号码"))
DEDUCTION_RESULT = Layout(
    kind=FileKind.DEDUCTION_RESULT, sheet="回盘",
    columns=(Column("扣款流水号", aliases=("流水号",)), Column("处理结果", aliases=("结果", "状态")),
             Column("实扣金额", "raw", required=False, aliases=("扣款金额",)),
             Column("失败原因", required=False, aliases=("原因",)), Column("银行流水号", required=False)))
DEPOSIT_RECEIPT = Layout(
    kind=FileKind.DEPOSIT_RECEIPT, sheet="到账",
    columns=(Column("汇缴单号", "raw", aliases=("单号",)), Column("到账金额", "raw", aliases=("金额",)),
             Column("到账日期", "raw"), Column("银行回单号", "raw")))
# 到账通知文件 (BDC113 账户交易明细 / SBDC100 账户变动通知), hpf-reference-2 §1.3: pipe-separated, no header, GBK.
STATEMENT = Layout(
    kind=FileKind.STATEMENT, encoding="gbk", delimiter="|", header=False, date_format="%Y%m%d", sheet="对账单",
    columns=(Column("序号"), Column("账号"), Column("银行主机流水号"), Column("交易代码", required=False),
             Column("对手账号", required=False), Column("对手户名", required=False), Column("金额", _M),
             Column("交易日期", "date"), Column("交易时间", "time", required=False),
             Column("可用金额", _M, required=False), Column("开户机构号", required=False),
             Column("备注", required=False), Column("币别", required=False), Column("钞汇", required=False),
             Column("余额", _M, required=False), Column("可透支余额", _M, required=False),
             Column("凭证种类", required=False), Column("凭证号码", required=False), Column("对手行号", required=False),
             Column("摘要", required=False), Column("冲正标识", required=False), Column("笔号", required=False),
             Column("册号", required=False)),
    text_columns=("序号", "账号", "银行主机流水号", "对手账号", "备注", "凭证号码"))

DEFAULTS: dict[str, Layout] = {la.kind: la for la in (PAYOUT, PAYOUT_RESULT, DEDUCTION, DEDUCTION_RESULT,
                                                      DEPOSIT_RECEIPT, STATEMENT)}
KIND_LABELS = {
    FileKind.PAYOUT: "提取付款文件", FileKind.PAYOUT_RESULT: "付款回盘文件", FileKind.DEDUCTION: "贷款扣款文件",
    FileKind.DEDUCTION_RESULT: "扣款回盘文件", FileKind.DEPOSIT_RECEIPT: "汇缴到账文件", FileKind.STATEMENT: "对账单（到账通知文件）",
}
