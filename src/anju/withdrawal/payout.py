"""Payment files to the entrusted banks and the result files they send back (layouts documented here and in
docs/architecture.md). Pure: rows in, bytes out; bytes in, results and every problem out. The bytes are written and
read by the one bank-file reader and writer, ``anju.bank.files``, in the bank's layout (default
``files.PAYOUT`` / ``files.PAYOUT_RESULT``, docs/bank-files.md; a bank may have its own).

Payment file (one per entrusted bank and pay day; CSV in UTF-8 with BOM, or .xlsx with a 说明 sheet), one
header row, then one row per payment:

    序号, 付款流水号, 收款人姓名, 收款人证件号码, 收款账号, 收款开户行, 金额, 用途, 个人账号, 提取申请编号

``金额`` is yuan with two decimals; identity numbers, card numbers and 付款流水号 are text. ``付款流水号``
(bank code + pay day + file sequence + line: 17 characters) is unique across all files.

Result file (CSV, .xlsx or .xls), one header row, one row per payment of the file:

    付款流水号, 处理结果, 失败原因, 银行流水号[, 金额]

``处理结果`` is 成功 or 失败 (also accepted: 1/0, S/F, SUCCESS/FAIL); a failure needs a reason; ``金额`` is
optional and, when present, must equal the amount sent. The result covers every payment of the file exactly
once, or nothing is taken.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from anju.bank import files
from anju.core.errors import Problem
from anju.core.money import format_yuan
from anju.core.sheets import CellError, SheetRows, UploadLimits, answered_rows, cell_money, cell_text
from anju.withdrawal.errors import WithdrawalError

PAYMENT_HEADERS = tuple(files.PAYOUT.names)  # in the default layout
PAID_WORDS = {"成功", "1", "S", "SUCCESS", "已支付", "支付成功"}
FAILED_WORDS = {"失败", "0", "F", "FAIL", "FAILED", "支付失败", "退回"}


def payment_no(bank_code: str, pay_day: date, seq: int, line_no: int) -> str:
    return f"{bank_code}{pay_day:%Y%m%d}{seq:02d}{line_no:05d}"


def file_name(bank_code: str, pay_day: date, seq: int, fmt: str) -> str:
    return f"TQ_{bank_code}_{pay_day:%Y%m%d}_{seq:02d}.{fmt}"


@dataclass(frozen=True)
class PaymentRow:
    line_no: int
    payment_no: str
    payee_name: str
    payee_id_number: str
    card_no: str
    card_bank: str
    amount: int
    purpose: str
    account_no: str
    withdrawal_no: str

    def cells(self) -> dict[str, object]:
        return {"序号": self.line_no, "付款流水号": self.payment_no, "收款人姓名": self.payee_name,
                "收款人证件号码": self.payee_id_number, "收款账号": self.card_no, "收款开户行": self.card_bank,
                "金额": self.amount, "用途": self.purpose, "个人账号": self.account_no, "提取申请编号": self.withdrawal_no}


def payment_csv(rows: Sequence[PaymentRow], layout: files.Layout = files.PAYOUT) -> bytes:
    return files.write([r.cells() for r in rows], replace(layout, format="csv"))


def payment_xlsx(rows: Sequence[PaymentRow], *, bank_name: str, pay_day: date, centre: str,
                 layout: files.Layout = files.PAYOUT) -> bytes:
    total = sum(r.amount for r in rows)
    notes = [f"{centre} 住房公积金提取付款文件", f"受托银行：{bank_name}；支付日期：{pay_day.isoformat()}",
             f"笔数：{len(rows)}；金额合计：{format_yuan(total)} 元",
             "请按“付款流水号”逐笔回传处理结果：付款流水号、处理结果（成功/失败）、失败原因、银行流水号。"]
    return files.write([r.cells() for r in rows], replace(layout, format="xlsx"), notes=notes)


@dataclass(frozen=True)
class Result:
    payment_no: str
    paid: bool
    reason: str
    bank_ref: str


def read_result(data: bytes, filename: str, *, limits: UploadLimits,
                layout: files.Layout = files.PAYOUT_RESULT) -> SheetRows:
    """The bank's result file read whole (within the upload limits), before any transaction opens."""
    return files.read(data, layout, filename=filename, limits=limits)


def parse_result(table: SheetRows, *, expected: Mapping[str, int]) -> tuple[list[Result], list[Problem]]:
    """Results for exactly the payments of one file (``expected``: payment no → amount sent), every problem."""
    if table.problems:
        return [], table.problems
    results: list[Result] = []
    problems: list[Problem] = []
    for row_no, no, cells in answered_rows(table, key="付款流水号", expected=expected, what="付款文件",
                                           problems=problems):
        word = cell_text(cells.get("处理结果")).upper()
        reason = cell_text(cells.get("失败原因"))
        bank_ref = cell_text(cells.get("银行流水号"))
        if word in PAID_WORDS:
            paid = True
        elif word in FAILED_WORDS:
            paid = False
            if not reason:
                problems.append(Problem.of(WithdrawalError.FAILURE_REASON_REQUIRED, field="失败原因", row=row_no))
        else:
            problems.append(Problem.of(WithdrawalError.RESULT_INVALID, field="处理结果", row=row_no,
                                       result=cell_text(cells.get("处理结果")) or "（空）"))
            continue
        if cells.get("金额") not in (None, ""):
            try:
                amount = cell_money(cells.get("金额"))
            except CellError as exc:
                problems.append(Problem.from_error(exc, field="金额", row=row_no))
            else:
                if amount != expected[no]:
                    problems.append(Problem.of(WithdrawalError.AMOUNT_MISMATCH, field="金额", row=row_no,
                                               amount=format_yuan(amount), expected=format_yuan(expected[no])))
        results.append(Result(no, paid, reason, bank_ref))
    return results, problems


def result_csv(results: Sequence[Result], layout: files.Layout = files.PAYOUT_RESULT) -> bytes:
    """A result file in the bank's layout (what a bank sends back; used by tests and the demo)."""
    return files.write([{"付款流水号": r.payment_no, "处理结果": "成功" if r.paid else "失败", "失败原因": r.reason,
                         "银行流水号": r.bank_ref} for r in results], replace(layout, format="csv"))
