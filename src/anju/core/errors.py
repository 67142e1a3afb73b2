"""Typed errors with tables of Chinese messages, and problem lists that report everything at once.

Every error and every problem carries a code. The core's codes are :class:`ErrorCode` with :data:`MESSAGES`;
each area declares its own in ``anju/<area>/errors.py``: ``class <Area>Error(StrEnum)`` (values
``"<area>.<what>"``) and ``MESSAGES = {code: "中文{placeholder}"}`` (plain data, nothing happens on import).
:func:`install` reads the tables (the composition root calls :func:`install_areas` at start-up; otherwise the
first look-up reads the discovered areas' tables). ``AnjuError(RegistryError.ACCOUNT_CLOSED, account=no)`` and
``Problem.of(RegistryError.NAME_EMPTY, field="姓名")`` take their Chinese message from the tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from string import Formatter
from threading import Lock


class ErrorCode(StrEnum):
    # core primitives
    MONEY_FLOAT = "money.float"
    MONEY_FORMAT = "money.format"
    MONEY_PRECISION = "money.precision"
    MONEY_RANGE = "money.range"
    ID_LENGTH = "id.length"
    ID_CHARS = "id.chars"
    ID_REGION = "id.region"
    ID_BIRTH_DATE = "id.birth_date"
    ID_FUTURE_BIRTH = "id.future_birth"
    ID_CHECKSUM = "id.checksum"
    USCC_LENGTH = "uscc.length"
    USCC_CHARS = "uscc.chars"
    USCC_CHECKSUM = "uscc.checksum"
    CARD_FORMAT = "card.format"
    CARD_CHECKSUM = "card.checksum"
    MONTH_FORMAT = "month.format"
    DATE_FORMAT = "date.format"
    DATE_RANGE = "date.range"
    RATIO_FORMAT = "ratio.format"
    MONEY_WAN_PRECISION = "money.wan_precision"
    DATE_BIRTH_AFTER = "date.birth_after"
    # uploaded tables (core.sheets)
    SHEET_TOO_BIG = "sheet.too_big"
    SHEET_MORE_PROBLEMS = "sheet.more_problems"
    SHEET_TOO_MANY_COLUMNS = "sheet.too_many_columns"
    SHEET_TOO_MANY_ROWS = "sheet.too_many_rows"
    SHEET_EMPTY = "sheet.empty"
    SHEET_FILE_TYPE = "sheet.file_type"
    SHEET_UNREADABLE = "sheet.unreadable"
    SHEET_HEADERS_MISSING = "sheet.headers_missing"
    SHEET_NOT_FOUND = "sheet.not_found"
    SHEET_UTF16 = "sheet.utf16"
    SHEET_XML_DECLARATION = "sheet.xml_declaration"
    SHEET_CSV_FIELD = "sheet.csv_field"
    SHEET_CSV_FORMAT = "sheet.csv_format"
    SHEET_BROKEN = "sheet.broken"
    SHEET_CONTROL = "sheet.control"
    SHEET_LINE_UNKNOWN = "sheet.line_unknown"
    SHEET_LINE_TWICE = "sheet.line_twice"
    SHEET_LINE_UNANSWERED = "sheet.line_unanswered"
    SHEET_FORMULA = "sheet.formula"
    CELL_MONEY_EMPTY = "cell.money_empty"
    CELL_MONEY_FORMAT = "cell.money_format"
    CELL_MONEY_DATE = "cell.money_date"
    CELL_MONEY_TEXT = "cell.money_text"
    CELL_RATIO_EMPTY = "cell.ratio_empty"
    CELL_RATIO_FORMAT = "cell.ratio_format"
    CELL_RATIO_TEXT = "cell.ratio_text"
    # policy
    POLICY_INVALID = "policy.invalid"
    POLICY_MISSING = "policy.missing"
    # ledger
    VOUCHER_UNBALANCED = "ledger.unbalanced"
    VOUCHER_EMPTY = "ledger.empty"
    VOUCHER_LINE = "ledger.line"
    ACCOUNT_UNKNOWN = "ledger.account_unknown"
    ACCOUNT_NOT_LEAF = "ledger.account_not_leaf"
    PERIOD_CLOSED = "ledger.period_closed"
    IDEMPOTENCY_CONFLICT = "ledger.idempotency_conflict"
    ALREADY_REVERSED = "ledger.already_reversed"
    VOUCHER_NOT_FOUND = "ledger.voucher_not_found"
    # auth: sign-in, sessions, users, maker-checker
    AUTH_REQUIRED = "auth.required"
    AUTH_BAD_LOGIN = "auth.bad_login"
    AUTH_LOCKED = "auth.locked"
    AUTH_DISABLED = "auth.disabled"
    AUTH_THROTTLED = "auth.throttled"
    AUTH_CSRF = "auth.csrf"
    AUTH_API_KEY = "auth.api_key"
    AUTH_PASSWORD = "auth.password"
    CONFIRMATION_INVALID = "auth.confirmation"
    APPROVAL_SELF = "approval.self"
    APPROVAL_TWICE = "approval.twice"
    APPROVAL_CLOSED = "approval.closed"
    # batch jobs
    JOB_BUSY = "job.busy"
    # command-line options and request values (the API's own checks before any area sees them)
    OPTION_PERCENT = "option.percent"
    OPTION_INT = "option.int"
    REQUEST_NUL = "request.nul"
    REQUEST_RANGE = "request.range"
    # generic
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    CONFLICT = "conflict"
    INVALID = "invalid"
    STATE = "state"


MESSAGES: dict[ErrorCode, str] = {
    ErrorCode.MONEY_FLOAT: "金额不能是浮点数，请以文本或定点数给出：{value}",
    ErrorCode.MONEY_FORMAT: "金额格式不正确：{value}",
    ErrorCode.MONEY_PRECISION: "金额最多两位小数：{value}",
    ErrorCode.MONEY_RANGE: "金额超出允许范围：{value}",
    ErrorCode.ID_LENGTH: "身份证号码应为18位（或旧式15位），实际{length}位",
    ErrorCode.ID_CHARS: "身份证号码含有非法字符（前17位须为数字，末位为数字或X）",
    ErrorCode.ID_REGION: "身份证号码的行政区划代码无效：{region}",
    ErrorCode.ID_BIRTH_DATE: "身份证号码中的出生日期无效：{birth}",
    ErrorCode.ID_FUTURE_BIRTH: "身份证号码中的出生日期{birth}晚于当前日期",
    ErrorCode.ID_CHECKSUM: "身份证号码校验位错误：应为{expected}，实际为{actual}",
    ErrorCode.USCC_LENGTH: "统一社会信用代码应为18位，实际{length}位",
    ErrorCode.USCC_CHARS: "统一社会信用代码含有非法字符：{chars}",
    ErrorCode.USCC_CHECKSUM: "统一社会信用代码校验位错误：应为{expected}，实际为{actual}",
    ErrorCode.CARD_FORMAT: "银行卡号应为12至19位数字",
    ErrorCode.CARD_CHECKSUM: "银行卡号校验位不正确，请核对卡号",
    ErrorCode.MONTH_FORMAT: "年月格式不正确，应为YYYYMM：{value}",
    ErrorCode.DATE_FORMAT: "日期格式不正确，应为YYYY-MM-DD：{value}",
    ErrorCode.DATE_RANGE: "日期区间无效：开始日期{start}晚于结束日期{end}",
    ErrorCode.RATIO_FORMAT: "比例格式不正确：{value}",
    ErrorCode.MONEY_WAN_PRECISION: "以万元为单位的金额最多六位小数（精确到分）：{value}",
    ErrorCode.DATE_BIRTH_AFTER: "出生日期{birth}晚于计算日期{as_of}",
    ErrorCode.SHEET_TOO_BIG: "上传文件{name}超过大小上限{limit}，未读取（请拆分为多个文件分别上传）",
    ErrorCode.SHEET_MORE_PROBLEMS: "……另有{count}处错误",
    ErrorCode.SHEET_TOO_MANY_COLUMNS: "第{number}行超过列数上限{limit}列，文件未读取（请删除多余的列后重新上传）",
    ErrorCode.SHEET_TOO_MANY_ROWS: "文件超过行数上限{limit}行（含表头），第{number}行起未读取，"
                                   "文件未受理（请拆分为多个文件分别上传；末尾如有空白行请删除）",
    ErrorCode.SHEET_EMPTY: "文件为空",
    ErrorCode.SHEET_FILE_TYPE: "不支持的文件类型：{filename}（请使用.xlsx、.xls或.csv）",
    ErrorCode.SHEET_UNREADABLE: "无法读取文件{filename}：文件已损坏或不是所声明的格式（{error}）",
    ErrorCode.SHEET_HEADERS_MISSING: "表头缺少列：{columns}（请使用下载的模板）",
    ErrorCode.SHEET_NOT_FOUND: "文件中没有找到{wanted}工作表或其表头（请使用下载的模板，第一行为列名）",
    ErrorCode.SHEET_UTF16: "文件以UTF-16编码标记开头，但内容不是有效的UTF-16文本",
    ErrorCode.SHEET_XML_DECLARATION: "文件中的{part}含有XML文档类型定义（DTD）或实体声明，出于安全原因不予读取；"
                                     "请用Excel打开后另存为.xlsx再上传",
    ErrorCode.SHEET_CSV_FIELD: "{filename}有单元格超过{limit}个字符，文件可能已损坏或不是所需的表格",
    ErrorCode.SHEET_CSV_FORMAT: "{filename}不是有效的CSV格式（引号不配对或含有无法识别的字符）",
    ErrorCode.SHEET_BROKEN: "{filename}读取到此处出错：文件已损坏或不是所声明的格式（{error}）",
    ErrorCode.SHEET_CONTROL: "第{column}列含有不可见的控制字符（如NUL），请删除后重新上传",
    ErrorCode.SHEET_LINE_UNKNOWN: "{key}{no}不属于本{what}",
    ErrorCode.SHEET_LINE_TWICE: "{key}{no}重复（第{first}行已有）",
    ErrorCode.SHEET_LINE_UNANSWERED: "{key}{no}没有处理结果",
    ErrorCode.SHEET_FORMULA: "{label}不能以“=”“+”“-”“@”开头（表格软件会把这样的内容当作公式执行）",
    ErrorCode.CELL_MONEY_EMPTY: "金额不能为空",
    ErrorCode.CELL_MONEY_FORMAT: "金额格式不正确",
    ErrorCode.CELL_MONEY_DATE: "金额单元格是日期格式",
    ErrorCode.CELL_MONEY_TEXT: "金额单元格含有文字：“{value}”",
    ErrorCode.CELL_RATIO_EMPTY: "比例不能为空",
    ErrorCode.CELL_RATIO_FORMAT: "比例格式不正确",
    ErrorCode.CELL_RATIO_TEXT: "比例格式不正确：“{value}”",
    ErrorCode.POLICY_INVALID: "政策参数文件有误：{detail}",
    ErrorCode.POLICY_MISSING: "{as_of}没有生效的政策参数：{key}",
    ErrorCode.VOUCHER_UNBALANCED: "凭证借贷不平衡：借方{debit}，贷方{credit}",
    ErrorCode.VOUCHER_EMPTY: "凭证没有分录",
    ErrorCode.VOUCHER_LINE: "凭证分录有误：{detail}",
    ErrorCode.ACCOUNT_UNKNOWN: "会计科目不存在：{code}",
    ErrorCode.ACCOUNT_NOT_LEAF: "会计科目{code}有下级科目，只能记入末级科目",
    ErrorCode.PERIOD_CLOSED: "会计期间{period}已结账，不能再记账",
    ErrorCode.IDEMPOTENCY_CONFLICT: "业务键{key}已用于另一张内容不同的凭证",
    ErrorCode.ALREADY_REVERSED: "凭证{voucher}已被冲销",
    ErrorCode.VOUCHER_NOT_FOUND: "凭证不存在：{voucher}",
    ErrorCode.AUTH_REQUIRED: "请先登录",
    ErrorCode.AUTH_BAD_LOGIN: "用户名或密码不正确，或账户因连续登录失败已被锁定"
                              "（锁定{minutes}分钟后自动解除，也可请系统管理员解锁）",
    ErrorCode.AUTH_LOCKED: "账户已锁定，请于{until}后再试，或联系系统管理员解锁",
    ErrorCode.AUTH_DISABLED: "账户已停用，请联系系统管理员",
    ErrorCode.AUTH_THROTTLED: "登录尝试过于频繁，请{minutes}分钟后再试",
    ErrorCode.AUTH_CSRF: "页面已过期或请求来源不明，请刷新页面后重新提交",
    ErrorCode.AUTH_API_KEY: "API密钥无效、已过期或已吊销",
    ErrorCode.AUTH_PASSWORD: "{detail}",
    ErrorCode.CONFIRMATION_INVALID: "确认已失效（已使用、已过期或不属于当前用户），请重新办理",
    ErrorCode.APPROVAL_SELF: "经办人不能审批自己提交的业务：{request}",
    ErrorCode.APPROVAL_TWICE: "同一人不能重复审批：{request}",
    ErrorCode.APPROVAL_CLOSED: "审批单{request}已{status}，不能再审批",
    ErrorCode.JOB_BUSY: "已有{job}在运行，本次未执行；请等待其完成后再查看结果",
    ErrorCode.OPTION_PERCENT: "应为百分数（如2.60表示2.60%）：{value}",
    ErrorCode.OPTION_INT: "应为整数：{value}",
    ErrorCode.REQUEST_NUL: "输入的文本含有NUL等不允许的控制字符",
    ErrorCode.REQUEST_RANGE: "输入的数值超出允许范围",
    ErrorCode.NOT_FOUND: "{what}不存在：{key}",
    ErrorCode.FORBIDDEN: "无权执行此操作：{action}",
    ErrorCode.CONFLICT: "{detail}",
    ErrorCode.INVALID: "{detail}",
    ErrorCode.STATE: "{detail}",
}


_templates: dict[str, str] | None = None
_lock = Lock()


def install(sources: Iterable[Mapping[StrEnum, str]]) -> None:
    """Replace the message registry with the union of ``sources`` (each ``{code: template}``).

    A code given two different messages, or a code that is not a ``StrEnum`` member, is a programming error."""
    templates: dict[str, str] = {}
    for source in sources:
        for code, text in source.items():
            if not isinstance(code, StrEnum):
                raise ValueError(f"error code {code!r} is not a StrEnum member")
            if templates.get(code.value, text) != text:
                raise ValueError(f"error code {code.value!r} has two messages: {templates[code.value]!r}, {text!r}")
            templates[code.value] = text
    global _templates
    with _lock:
        _templates = templates


def area_sources() -> list[Mapping[StrEnum, str]]:
    """The core's :data:`MESSAGES` and ``MESSAGES`` of every area's ``errors`` module."""
    from anju.areas import area_modules

    return [MESSAGES, *(module.MESSAGES for module in area_modules("errors"))]


def install_areas() -> None:
    install(area_sources())


def template(code: StrEnum | str) -> str | None:
    """The message template of ``code`` (``None`` for a code no table declares)."""
    if _templates is None:
        install_areas()
    assert _templates is not None
    return _templates.get(str(code))


def placeholders(text: str) -> set[str]:
    """The names a message template needs (``{account}`` → ``account``)."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in Formatter().parse(text) if name}


def message(code: StrEnum, /, **params: object) -> str:
    found = MESSAGES.get(code) if isinstance(code, ErrorCode) else template(code)
    template_ = found if found is not None else "{detail}"
    if code is ErrorCode.NOT_FOUND and params.get("key") in (None, ""):
        template_ = "{what}不存在"  # nothing was given to look for: say so without a dangling colon
    try:
        return template_.format(**params)
    except (KeyError, IndexError):
        return f"{template_} {params}"


class AnjuError(Exception):
    """A business error: a code (:class:`ErrorCode` or an area's error enum) plus the values its message needs."""

    status = 400

    def __init__(self, code: StrEnum, /, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(message(code, **params))

    @property
    def message(self) -> str:
        return str(self)


class NotFound(AnjuError):
    status = 404


class Forbidden(AnjuError):
    status = 403


class Conflict(AnjuError):
    status = 409


class Unauthorized(AnjuError):
    """Not signed in, or the credentials (password, session, API key) do not hold."""

    status = 401


class Throttled(AnjuError):
    status = 429


# A field named by its identifier (``amount``, ``payee.card_no``, ``lines.0``) rather than its Chinese label.
_IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)*")


@dataclass(frozen=True)
class Problem:
    """One problem found in an input: where it is (row, field) and why, in Chinese.

    ``field`` is what a person reads: the field's Chinese label. ``input`` is the name of the form input or
    request member the problem belongs to (so a page can show it beside that input); it is never shown.
    A problem built with an identifier as its field (``field="amount"``) keeps it as ``input`` and shows the
    label registered for it (:func:`anju.core.labels.field`).
    """

    message: str
    field: str | None = None
    row: int | None = None
    code: str = ErrorCode.INVALID.value
    input: str | None = None

    @classmethod
    def of(cls, code: StrEnum, /, *, field: str | None = None, row: int | None = None, input: str | None = None,
           **params: object) -> Problem:
        """A problem with a specific code, its message from the code's table filled with ``params``."""
        return cls(message(code, **params), field=field, row=row, code=code.value, input=input)

    @classmethod
    def from_error(cls, exc: AnjuError, /, *, field: str | None = None, row: int | None = None,
                   input: str | None = None) -> Problem:
        """An error turned into a problem beside a field: it keeps the error's message and code."""
        return cls(exc.message, field=field, row=row, code=exc.code.value, input=input)

    def __post_init__(self) -> None:
        if self.field and _IDENTIFIER.fullmatch(self.field):
            from anju.core import labels

            if self.input is None:
                object.__setattr__(self, "input", self.field)
            object.__setattr__(self, "field", labels.field(self.field))

    def where(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.field:
            parts.append(f"“{self.field}”")
        return "".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}：{self.message}" if where else self.message


class ValidationFailed(AnjuError):
    """Raised with every problem found, never just the first."""

    status = 422

    def __init__(self, problems: list[Problem], summary: str | None = None) -> None:
        self.problems = list(problems)
        detail = summary or f"共{len(self.problems)}处错误"
        super().__init__(ErrorCode.INVALID, detail=detail)

    def report(self) -> str:
        head = self.message
        lines = [str(p) for p in self.problems[:50]]
        more = len(self.problems) - len(lines)
        if more > 0:
            lines.append(f"……另有{more}处")
        return "\n".join([head, *lines])
