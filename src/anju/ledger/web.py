"""Pages of the ledger: trial balance, vouchers, manual journal entries and reversals (both confirmed)."""

from __future__ import annotations

import secrets
from datetime import date

from fastapi import APIRouter, Depends, Form, Request

from anju.auth.actor import Actor, Permission, can
from anju.core import labels
from anju.core.dates import parse_date
from anju.core.errors import AnjuError, ErrorCode, NotFound, Problem
from anju.core.money import parse_yuan
from anju.ledger import queries
from anju.ledger import service as ledger
from anju.ledger.errors import LedgerError
from anju.ledger.rules import Line, Posting
from anju.web.kit import (
    MenuEntry,
    business_date,
    date_param,
    form_errors,
    redirect,
    render,
    requires,
    stash_confirmation,
    take_confirmation,
    unit_of_work,
)

router = APIRouter(prefix="/ledger")
MENU = [
    MenuEntry("财务", "试算平衡表", "/ledger/trial-balance", Permission.LEDGER_READ, order=10, accesskey="t"),
    MenuEntry("财务", "记账凭证", "/ledger/vouchers", Permission.LEDGER_READ, order=20, accesskey="v"),
    MenuEntry("财务", "手工记账", "/ledger/journal/new", Permission.LEDGER_POST, order=30, accesskey="j"),
]

JOURNAL_ROWS = 6


def _kinds() -> list[tuple[str, str]]:
    """Voucher kinds for the filter, by their Chinese label."""
    return sorted(labels.table(labels.VOUCHER_KIND).items(), key=lambda kv: kv[1])


@router.get("/trial-balance")
def trial_balance_page(request: Request, as_of: str | None = None, book: str = "hpf",
                       actor: Actor = Depends(requires(Permission.LEDGER_READ))):
    day = date_param(request, as_of)
    with unit_of_work(request, read_only=True) as uow:
        books = queries.books(uow.conn)
        book = book if book in {b.code for b in books} else "hpf"
        rows = queries.trial_balance(uow.conn, as_of=day, book=book)
    shown = [r for r in rows if r.debit or r.credit or not r.parent]
    debit = sum(r.debit for r in rows if r.is_leaf)
    credit = sum(r.credit for r in rows if r.is_leaf)
    return render(request, "ledger/trial_balance.html", day=day, rows=shown, debit=debit, credit=credit,
                  books=books, book=book)


def _optional_date(value: str | None) -> date | None:
    return parse_date(value) if value and value.strip() else None


@router.get("/vouchers")
def vouchers_page(request: Request, start: str | None = None, end: str | None = None, kind: str | None = None,
                  page: int = 1, actor: Actor = Depends(requires(Permission.LEDGER_READ))):
    page = max(page, 1)
    size = 100
    first, last = _optional_date(start), _optional_date(end)
    with unit_of_work(request, read_only=True) as uow:
        rows = queries.list_vouchers(uow.conn, start=first, end=last, kind=kind or None, limit=size + 1,
                                     offset=(page - 1) * size)
        totals = queries.voucher_totals(uow.conn, [r.id for r in rows])
    return render(request, "ledger/vouchers.html", rows=rows[:size], totals=totals, more=len(rows) > size, page=page,
                  start=first, end=last, kind=kind or "", kinds=_kinds())


def _voucher(conn, voucher_id: int):
    head, lines = queries.voucher_with_lines(conn, voucher_id)
    if head is None:
        raise NotFound(ErrorCode.VOUCHER_NOT_FOUND, voucher=voucher_id)
    return head, lines


def _voucher_page(request: Request, actor: Actor, voucher_id: int, *, errors=None, reason: str = "",
                  status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        head, lines = _voucher(uow.conn, voucher_id)
        reversal = queries.reversed_by(uow.conn, voucher_id)
    total = sum(ln.debit for ln in lines)
    may_reverse = can(actor, Permission.LEDGER_REVERSE) and reversal is None and head.reverses_id is None
    return render(request, "ledger/voucher.html", status_code=status_code, v=head, lines=lines, total=total,
                  reversal=reversal, may_reverse=may_reverse,
                  errors=errors or form_errors(), reason=reason)


@router.get("/vouchers/{voucher_id}")
def voucher_page(voucher_id: int, request: Request, actor: Actor = Depends(requires(Permission.LEDGER_READ))):
    return _voucher_page(request, actor, voucher_id)


# ---------------------------------------------------------------- manual journal entry


def _blank_rows() -> list[dict]:
    return [{"account": "", "debit": "", "credit": ""} for _ in range(JOURNAL_ROWS)]


def _journal_form(request: Request, *, values: dict, rows: list[dict], errors=None, status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        accounts = queries.leaf_accounts(uow.conn)
    return render(request, "ledger/journal.html", status_code=status_code, values=values, rows=rows,
                  accounts=accounts, errors=errors or form_errors())


@router.get("/journal/new")
def journal_new(request: Request, actor: Actor = Depends(requires(Permission.LEDGER_POST))):
    return _journal_form(request, values={"voucher_date": business_date(request).isoformat(), "summary": ""},
                         rows=_blank_rows())


def _parse_journal(voucher_date: str, account: list[str], debit: list[str],
                   credit: list[str]) -> tuple[date | None, list[Line], list[Problem]]:
    problems: list[Problem] = []
    day = None
    try:
        day = parse_date(voucher_date)
    except AnjuError as exc:
        problems.append(Problem.from_error(exc, field="voucher_date"))
    lines = []
    for i, (acc, dr, cr) in enumerate(zip(account, debit, credit, strict=False), start=1):
        acc, dr, cr = acc.strip(), dr.strip(), cr.strip()
        if not (acc or dr or cr):
            continue
        amounts = {}
        for name, text in (("debit", dr), ("credit", cr)):
            try:
                amounts[name] = parse_yuan(text) if text else 0
            except AnjuError as exc:
                problems.append(Problem.from_error(exc, field=name, row=i))
        if not acc:
            problems.append(Problem.of(LedgerError.ACCOUNT_REQUIRED, field="会计科目", input="account", row=i))
        if len(amounts) == 2:
            if (amounts["debit"] > 0) == (amounts["credit"] > 0) or min(amounts.values()) < 0:
                problems.append(Problem.of(LedgerError.LINE_ONE_SIDE_POSITIVE, field="debit", row=i))
            else:
                lines.append(Line(acc, debit=amounts["debit"], credit=amounts["credit"]))
    if not lines and not problems:
        problems.append(Problem.of(LedgerError.TWO_LINES_REQUIRED, field=None))
    return day, lines, problems


@router.post("/journal")
def journal_submit(request: Request, voucher_date: str = Form(""), summary: str = Form(""),
                   account: list[str] = Form([]), debit: list[str] = Form([]), credit: list[str] = Form([]),
                   actor: Actor = Depends(requires(Permission.LEDGER_POST))):
    """First step: check everything, then show the confirmation screen (nothing is posted yet)."""
    rows = [{"account": a, "debit": d, "credit": c} for a, d, c in zip(account, debit, credit, strict=False)]
    rows += _blank_rows()[len(rows):]
    values = {"voucher_date": voucher_date, "summary": summary}
    day, lines, problems = _parse_journal(voucher_date, account, debit, credit)
    if not summary.strip():
        problems.append(Problem.of(LedgerError.SUMMARY_REQUIRED, field="summary"))
    key = f"manual:{secrets.token_hex(8)}"
    if day is not None and lines and not problems:
        posting = Posting(key=key, voucher_date=day, kind="manual", summary=summary.strip(), lines=lines)
        with unit_of_work(request, read_only=True) as uow:
            problems = ledger.check_manual(uow.conn, posting)
    if problems:
        return _journal_form(request, values=values, rows=rows, errors=form_errors(problems), status_code=422)
    total = sum(ln.debit for ln in lines)
    token = stash_confirmation(request, action="ledger.post_manual", payload={
        "key": key, "voucher_date": day.isoformat(), "summary": summary.strip(),
        "lines": [[ln.account, ln.debit, ln.credit] for ln in lines]})
    with unit_of_work(request, read_only=True) as uow:
        names = dict(queries.leaf_accounts(uow.conn))
    shown = [(ln.account, names.get(ln.account, ""), ln.debit, ln.credit) for ln in lines]
    return render(request, "ledger/journal_confirm.html", lines=shown, confirm={
        "title": "确认手工记账", "amount": total, "action": "/ledger/journal/confirm", "token": token,
        "back": "/ledger/journal/new", "note": "确认后生成记账凭证；凭证不能修改，更正须冲销。",
        "rows": [("凭证日期", day.isoformat()), ("摘要", summary.strip()), ("分录", f"{len(lines)}条")]})


@router.post("/journal/confirm")
def journal_confirm(request: Request, token: str = Form(""), actor: Actor = Depends(requires(Permission.LEDGER_POST))):
    with unit_of_work(request) as uow:
        p = take_confirmation(uow, request, action="ledger.post_manual", token=token)
        posted = ledger.post_manual(uow, actor, key=p["key"], voucher_date=date.fromisoformat(p["voucher_date"]),
                                    summary=p["summary"], lines=[Line(a, debit=d, credit=c) for a, d, c in p["lines"]])
        uow.commit()
    return redirect(request, f"/ledger/vouchers/{posted.id}", flash=f"已记账：凭证{posted.label}")


# ---------------------------------------------------------------- reversal


@router.post("/vouchers/{voucher_id}/reverse")
def reverse_submit(voucher_id: int, request: Request, reason: str = Form(""),
                   actor: Actor = Depends(requires(Permission.LEDGER_REVERSE))):
    """First step of 冲账: a reason is required; the confirmation screen shows what will be reversed."""
    if not reason.strip():
        return _voucher_page(request, actor, voucher_id, status_code=422,
                             errors=form_errors([Problem.of(LedgerError.REVERSAL_REASON_REQUIRED,
                                                            field="reason")]))
    with unit_of_work(request, read_only=True) as uow:
        head, lines = _voucher(uow.conn, voucher_id)
        if head.reverses_id is not None or queries.reversed_by(uow.conn, voucher_id) is not None:
            raise AnjuError(ErrorCode.ALREADY_REVERSED, voucher=f"{head.period}-{head.number:05d}")
    day = business_date(request)
    token = stash_confirmation(request, action="ledger.reverse", payload={
        "voucher_id": voucher_id, "reason": reason.strip(), "voucher_date": day.isoformat()})
    total = sum(ln.debit for ln in lines)
    # The reversal mirrors each line: what was debited is credited.
    shown = [(ln.account_code, ln.account_name, ln.credit, ln.debit) for ln in lines]
    return render(request, "ledger/journal_confirm.html", lines=shown,
                  confirm={"title": "确认冲销凭证", "amount": total, "action": "/ledger/reverse/confirm",
                           "token": token, "back": f"/ledger/vouchers/{voucher_id}",
                           "note": "确认后生成一张借贷方向相反的冲销凭证，原凭证保持不变。",
                           "rows": [("原凭证", f"记-{head.period}-{head.number:05d}（{head.voucher_date}）"),
                                    ("原摘要", head.summary), ("冲销原因", reason.strip()),
                                    ("冲销凭证日期", day.isoformat())]})


@router.post("/reverse/confirm")
def reverse_confirm(request: Request, token: str = Form(""),
                    actor: Actor = Depends(requires(Permission.LEDGER_REVERSE))):
    with unit_of_work(request) as uow:
        p = take_confirmation(uow, request, action="ledger.reverse", token=token)
        posted = ledger.reverse(uow, actor, voucher_id=p["voucher_id"], key=f"reverse:{p['voucher_id']}",
                                voucher_date=date.fromisoformat(p["voucher_date"]), reason=p["reason"])
        uow.commit()
    return redirect(request, f"/ledger/vouchers/{posted.id}", flash=f"已冲销，冲销凭证{posted.label}")

