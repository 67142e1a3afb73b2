"""Deduction instruction files (委托扣款文件) to the entrusted banks and the result files they send back.
Pure: rows in, bytes out; bytes in, results and every problem out.

Instruction file (one per entrusted bank and monthly run; CSV in UTF-8 with BOM, or .xlsx with a 说明 sheet),
one header row, then one row per loan:

    序号, 扣款流水号, 贷款账号, 借款合同编号, 借款人姓名, 证件号码, 应还日期, 期次, 应扣金额

``应扣金额`` is yuan with two decimals (arrears and the instalment due, after any monthly offset from the fund
account); ``扣款流水号`` (bank code + run month + line: 15 characters) is unique across all files.

Result file (CSV, .xlsx or .xls), one row per line of the file, in any order:

    扣款流水号, 处理结果, 实扣金额, 失败原因, 银行流水号

``处理结果`` is 成功 (全额扣款), 部分成功 (part of the amount) or 失败 (nothing); 实扣金额 is required for 部分成功
(more than 0, less than asked), optional for 成功 (then equal to 应扣金额); 失败 needs a reason. Every line is
answered exactly once, or nothing is taken.

The bytes are written and read by the one bank-file reader and writer, ``anju.bank.files``, in the bank's layout
(default ``files.DEDUCTION`` / ``files.DEDUCTION_RESULT``, docs/bank-files.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from anju.bank import files
from anju.core.errors import Problem
from anju.core.money import format_yuan, yuan_str
from anju.core.sheets import CellError, SheetRows, UploadLimits, answered_rows, cell_money, cell_text
from anju.loan.errors import LoanError

HEADERS = tuple(files.DEDUCTION.names)  # in the default layout
PAID = {"成功", "全额成功", "扣款成功", "1", "S", "SUCCESS"}
PARTIAL = {"部分成功", "部分扣款", "P", "PARTIAL"}
FAILED = {"失败", "扣款失败", "0", "F", "FAIL", "FAILED"}


def deduction_no(bank_code: str, month: int, line_no: int) -> str:
    return f"{bank_code}{month:06d}{line_no:07d}"


def file_name(bank_code: str, month: int, fmt: str) -> str:
    return f"DKKK_{bank_code}_{month:06d}.{fmt}"


@dataclass(frozen=True)
class Row:
    line_no: int
    deduction_no: str
    loan_no: str
    contract_no: str
    name: str
    id_number: str
    due_date: date
    period: int | None
    amount: int

    def cells(self) -> dict[str, object]:
        return {"序号": self.line_no, "扣款流水号": self.deduction_no, "贷款账号": self.loan_no,
                "借款合同编号": self.contract_no, "借款人姓名": self.name, "证件号码": self.id_number,
                "应还日期": self.due_date, "期次": self.period, "应扣金额": self.amount}


def instruction_csv(rows: Sequence[Row], layout: files.Layout = files.DEDUCTION) -> bytes:
    return files.write([r.cells() for r in rows], replace(layout, format="csv"))


def instruction_xlsx(rows: Sequence[Row], *, bank_name: str, month: int, centre: str,
                     layout: files.Layout = files.DEDUCTION) -> bytes:
    total = sum(r.amount for r in rows)
    notes = [f"{centre} 个人住房公积金贷款委托扣款文件", f"受托银行：{bank_name}；扣款年月：{month // 100}年{month % 100}月",
             f"笔数：{len(rows)}；金额合计：{format_yuan(total)} 元",
             "请按“扣款流水号”逐笔回传：扣款流水号、处理结果（成功/部分成功/失败）、实扣金额、失败原因、银行流水号。"]
    return files.write([r.cells() for r in rows], replace(layout, format="xlsx"), notes=notes)


@dataclass(frozen=True)
class Result:
    deduction_no: str
    paid: int  # fen actually deducted
    status: str  # paid / partial / failed
    reason: str
    bank_ref: str


def read_result(data: bytes, filename: str, *, limits: UploadLimits,
                layout: files.Layout = files.DEDUCTION_RESULT) -> SheetRows:
    """The bank's result file read whole (within the upload limits), before any transaction opens."""
    return files.read(data, layout, filename=filename, limits=limits)


def parse_result(table: SheetRows, *, expected: Mapping[str, int]) -> tuple[list[Result], list[Problem]]:
    """Results for exactly the lines of one file (``expected``: 扣款流水号 → amount asked), every problem."""
    if table.problems:
        return [], table.problems
    results: list[Result] = []
    problems: list[Problem] = []
    for row_no, no, cells in answered_rows(table, key="扣款流水号", expected=expected, what="扣款文件",
                                           problems=problems):
        word = cell_text(cells.get("处理结果")).upper()
        reason = cell_text(cells.get("失败原因"))
        bank_ref = cell_text(cells.get("银行流水号"))
        asked = expected[no]
        amount = None
        if cells.get("实扣金额") not in (None, ""):
            try:
                amount = cell_money(cells.get("实扣金额"))
            except CellError as exc:
                problems.append(Problem.of(LoanError.RESULT_AMOUNT_INVALID, field="实扣金额", row=row_no, error=exc))
                continue
        if word in PAID:
            if amount is not None and amount != asked:
                problems.append(Problem.of(LoanError.RESULT_PAID_AMOUNT_MISMATCH, field="实扣金额", row=row_no,
                                           amount=format_yuan(amount), asked=format_yuan(asked)))
                continue
            results.append(Result(no, asked, "paid", "", bank_ref))
        elif word in PARTIAL:
            if amount is None or not 0 < amount < asked:
                if amount is None:
                    problems.append(Problem.of(LoanError.RESULT_PARTIAL_AMOUNT_MISSING, field="实扣金额", row=row_no,
                                               asked=format_yuan(asked)))
                else:
                    problems.append(Problem.of(LoanError.RESULT_PARTIAL_AMOUNT_INVALID, field="实扣金额", row=row_no,
                                               asked=format_yuan(asked), amount=format_yuan(amount)))
                continue
            results.append(Result(no, amount, "partial", reason, bank_ref))
        elif word in FAILED:
            if not reason:
                problems.append(Problem.of(LoanError.RESULT_FAILED_REASON_REQUIRED, field="失败原因", row=row_no))
                continue
            if amount:
                problems.append(Problem.of(LoanError.RESULT_FAILED_AMOUNT, field="实扣金额", row=row_no,
                                           amount=format_yuan(amount)))
                continue
            results.append(Result(no, 0, "failed", reason, bank_ref))
        else:
            problems.append(Problem.of(LoanError.RESULT_WORD_UNKNOWN, field="处理结果", row=row_no,
                                       text=cell_text(cells.get("处理结果")) or "（空）"))
    return results, problems


def result_csv(results: Sequence[Result], layout: files.Layout = files.DEDUCTION_RESULT) -> bytes:
    """A result file in the bank's layout (what a bank sends back; tests, the demo and the benchmark)."""
    words = {"paid": "成功", "partial": "部分成功", "failed": "失败"}
    return files.write([{"扣款流水号": r.deduction_no, "处理结果": words[r.status], "实扣金额": yuan_str(r.paid),
                         "失败原因": r.reason, "银行流水号": r.bank_ref} for r in results], replace(layout, format="csv"))
