"""Pages of housing loans, by section.

- servicing (贷后): the borrower's loan page (counter and member portal, scoped to one's own loans), counter
  repayment / prepayment / settlement with the printable 结清证明, the repayment-run monitor (deduction files,
  bank results, posting, closing the month), the collection list.
- origination: applications, queues, contract and the calculator go in their own section below.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy import or_, select

from anju.auth.actor import Actor, Channel, is_staff
from anju.bank import queries as bank_queries
from anju.bank.codes import FileKind
from anju.core.errors import AnjuError, Conflict, ErrorCode, NotFound, Problem, ValidationFailed
from anju.core.ids import mask_id
from anju.core.money import format_yuan, parse_yuan
from anju.db.joblock import JobBusy
from anju.loan import bankfile, codes, queries, runs, service
from anju.loan.codes import LoanStatus, RiskClass, TxnType
from anju.loan.errors import LoanError
from anju.loan.permissions import P
from anju.loan.schedule import Method
from anju.loan.tables import loan
from anju.registry.tables import person
from anju.web.kit import (
    MenuEntry,
    business_date,
    certificate_stamp,
    date_param,
    form_errors,
    redirect,
    render,
    render_pdf,
    requires,
    unit_of_work,
)
from anju.web.security import ctx
from anju.web.uploads import read_upload, upload_limits

router = APIRouter(prefix="/loan")
MENU = [
    # ---- servicing
    MenuEntry("柜面业务", "贷款查询", "/loan/accounts", P.READ, order=50),
    MenuEntry("财务", "贷款月度扣款", "/loan/runs", P.RUN, order=50),
    MenuEntry("柜面业务", "逾期贷款催收", "/loan/collection", P.OVERDUE, order=52),
    MenuEntry("个人网厅", "我的贷款", "/loan/mine", P.READ, channel=Channel.MEMBER_PORTAL, order=30),
    # ---- origination
]

RUN_STATUS = {"sent": "待银行回盘", "loaded": "已导入结果，待记账", "posting": "记账中", "posted": "已记账"}
LINE_STATUS = {"sent": "待回盘", "paid": "成功", "partial": "部分成功", "failed": "失败", "nothing": "无需扣款"}


def _labels() -> dict:
    return {"loan_status": lambda c: LoanStatus(c).label, "risk_label": lambda c: RiskClass(c).label,
            "txn_label": lambda c: TxnType(c).label, "method_label": lambda c: Method(c).label,
            "purpose_label": lambda c: codes.Purpose(c).label, "run_status": RUN_STATUS, "line_status": LINE_STATUS}


# =========================================================================================== servicing


def _view(request: Request, actor: Actor, loan_no: str, day: date):
    with unit_of_work(request, read_only=True) as uow:
        service.read(uow.conn, actor, loan_no)  # members: only their own loans
        return queries.view(uow.conn, loan_no, day)


@router.get("/accounts")
def accounts_page(request: Request, q: str = "", actor: Actor = Depends(requires(P.READ))):
    if not is_staff(actor):
        return redirect(request, "/loan/mine")
    rows = []
    if q.strip():
        text = q.strip()
        with unit_of_work(request, read_only=True) as uow:
            rows = uow.conn.execute(
                select(loan, person.c.name).join(person, person.c.id == loan.c.borrower_person_id)
                .where(or_(loan.c.loan_no == text, loan.c.contract_no == text, person.c.id_number == text.upper(),
                           person.c.name == text)).order_by(loan.c.disbursed_on.desc()).limit(100)).all()
    return render(request, "loan/accounts.html", rows=rows, q=q, **_labels())


@router.get("/mine")
def mine_page(request: Request, actor: Actor = Depends(requires(P.READ))):
    if actor.person_id is None:
        return redirect(request, "/loan/accounts")
    with unit_of_work(request, read_only=True) as uow:
        rows = queries.loans_of(uow.conn, actor.person_id)
    return render(request, "loan/mine.html", rows=rows, **_labels())


def _loan_page(request: Request, actor: Actor, loan_no: str, *, errors=None, values=None, status_code: int = 200):
    day = business_date(request)
    v = _view(request, actor, loan_no, day)
    quote = None
    if v.owed_today is not None and is_staff(actor):
        with unit_of_work(request, read_only=True) as uow:
            quote = service.settlement_quote(uow.conn, v.row, day)
    return render(request, "loan/loan.html", status_code=status_code, v=v, r=v.row, day=day, quote=quote,
                  staff=is_staff(actor), errors=errors or form_errors(), values=values or {}, **_labels())


@router.get("/accounts/{loan_no}")
def loan_page(loan_no: str, request: Request, actor: Actor = Depends(requires(P.READ))):
    return _loan_page(request, actor, loan_no)


@router.post("/accounts/{loan_no}/pay")
def loan_pay(loan_no: str, request: Request, kind: str = Form(""), amount: str = Form(""),
             shorten: str = Form(""), actor: Actor = Depends(requires(P.REPAY))):
    """Counter: 还款 (what is owed), 部分提前还款, 全部结清 — money received into the loan's bank."""
    values = {"kind": kind, "amount": amount, "shorten": shorten}
    day = business_date(request)
    token = f"{loan_no}:{day.isoformat()}:{kind}:{amount}:{shorten}"
    try:
        with unit_of_work(request) as uow:
            if kind == "settle":
                q = service.settle(uow, actor, loan_no=loan_no, day=day, key=f"loan:settle:{loan_no}")
                flash = f"已全部结清，收款{format_yuan(q.total)}元"
            else:
                fen = parse_yuan(amount) if amount.strip() else 0
                if kind == "prepay":
                    done = service.prepay(uow, actor, loan_no=loan_no, principal=fen, day=day,
                                          shorten=shorten == "1", key=f"loan:prepay:{token}")
                    flash = f"已提前还款，剩余{done.months}期"
                else:
                    service.repay(uow, actor, loan_no=loan_no, amount=fen, day=day, key=f"loan:repay:{token}")
                    flash = "已还款"
            uow.commit()
    except ValidationFailed as exc:
        return _loan_page(request, actor, loan_no, errors=form_errors(exc.problems), values=values, status_code=422)
    except AnjuError as exc:
        if exc.status >= 403 and exc.status != 409:
            raise
        return _loan_page(request, actor, loan_no, errors=form_errors([Problem.from_error(exc)]), values=values,
                          status_code=422)
    return redirect(request, f"/loan/accounts/{loan_no}", flash=flash)


def _certificate(request: Request, actor: Actor, loan_no: str) -> dict:
    v = _view(request, actor, loan_no, business_date(request))
    if v.row.status != LoanStatus.SETTLED.value:
        raise Conflict(LoanError.NOT_SETTLED, loan_no=loan_no)
    with unit_of_work(request, read_only=True) as uow:
        id_number = uow.conn.execute(select(person.c.id_number).where(
            person.c.id == v.row.borrower_person_id)).scalar_one()
    r, day = v.row, business_date(request)
    facts = [("借款人", v.borrower), ("身份证号码", mask_id(id_number)), ("借款合同编号", r.contract_no),
             ("贷款账号", r.loan_no), ("贷款金额", f"{format_yuan(r.amount)}元"),
             ("放款日期", r.disbursed_on.isoformat()), ("结清日期", r.settled_on.isoformat() if r.settled_on else "")]
    stamp = certificate_stamp(request, actor, kind="loan_settled", subject_ref=r.loan_no,
                              person_id=r.borrower_person_id, title="个人住房公积金贷款结清证明", facts=facts, as_of=day)
    return {"v": v, "r": r, "id_number": id_number, "day": day, "stamp": stamp, **_labels()}


@router.get("/accounts/{loan_no}/settlement")
def settlement_page(loan_no: str, request: Request, actor: Actor = Depends(requires(P.READ))):
    return render(request, "loan/settlement.html", **_certificate(request, actor, loan_no))


@router.get("/accounts/{loan_no}/settlement.pdf")
def settlement_pdf(loan_no: str, request: Request, actor: Actor = Depends(requires(P.READ))):
    return render_pdf(request, "loan/settlement.html", filename=f"贷款结清证明-{loan_no}.pdf",
                      **_certificate(request, actor, loan_no))


# ------------------------------------------------------------------------------------------- repayment runs


def _runs_page(request: Request, *, errors=None, values=None, status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        rows = queries.recent_runs(uow.conn)
    day = business_date(request)
    return render(request, "loan/runs.html", status_code=status_code, rows=rows, errors=errors or form_errors(),
                  values=values or {"month": f"{day:%Y-%m}"}, **_labels())


def _engine(request: Request):
    return ctx(request).engine


def _clock(request: Request):
    return ctx(request).settings.clock


@router.get("/runs")
def runs_page(request: Request, actor: Actor = Depends(requires(P.RUN))):
    return _runs_page(request)


@router.post("/runs")
def runs_create(request: Request, month: str = Form(""), actor: Actor = Depends(requires(P.RUN))):
    try:
        m = runs.parse_month(month)
        s = runs.create(_engine(request), actor, month=m, as_of=business_date(request), clock=_clock(request))
    except ValidationFailed as exc:
        return _runs_page(request, errors=form_errors(exc.problems), values={"month": month}, status_code=422)
    except AnjuError as exc:
        if exc.status >= 403:
            raise
        return _runs_page(request, errors=form_errors([Problem.from_error(exc)]), values={"month": month},
                          status_code=422)
    return redirect(request, f"/loan/runs/{m}", flash=f"已生成扣款：{s.count}笔，公积金对冲{s.offset_count}笔")


def _run_page(request: Request, month: int, *, errors=None, status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        s = runs.summary(uow.conn, month)
        if s is None:
            raise NotFound(ErrorCode.NOT_FOUND, what="月度扣款", key=month)
        lines = {b.id: runs.instruction_rows(uow.conn, b.id)[:200] for b in s.banks}
    return render(request, "loan/run.html", status_code=status_code, s=s, lines=lines,
                  errors=errors or form_errors(), **_labels())


@router.get("/runs/{month}")
def run_page(month: int, request: Request, actor: Actor = Depends(requires(P.RUN))):
    return _run_page(request, month)


@router.get("/runs/{month}/{bank}/file")
def run_file(month: int, bank: str, request: Request, fmt: str = "csv", actor: Actor = Depends(requires(P.RUN))):
    with unit_of_work(request, read_only=True) as uow:
        name, data, media = runs.instruction_file(uow.conn, actor, batch_id=runs.batch_for(uow.conn, month, bank),
                                                  fmt=fmt)
    return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"',
                                                      "Cache-Control": "no-store"})


@router.post("/runs/{month}/{bank}/result")
def run_result(month: int, bank: str, request: Request, file: UploadFile | None = File(None),
               actor: Actor = Depends(requires(P.RUN))):
    # A plain def route: FastAPI runs it in its thread pool, so reading and parsing never block the event loop.
    limits = upload_limits(request)
    data, name = read_upload(file, limits)  # over the byte limit: 413, shown by the error page
    name = name or "result.csv"
    try:
        with _engine(request).connect() as conn:
            layout = bank_queries.file_layout(conn, bank, FileKind.DEDUCTION_RESULT)
        table = bankfile.read_result(data, name, limits=limits, layout=layout)  # parsed before the writing transaction
        loaded = runs.load(_engine(request), actor, month=month, bank=bank, data=data, filename=name,
                           as_of=business_date(request), clock=_clock(request), table=table)
    except ValidationFailed as exc:
        return _run_page(request, month, errors=form_errors(exc.problems), status_code=422)
    except AnjuError as exc:
        if (exc.status >= 403 and exc.status != 409) or isinstance(exc, JobBusy):
            raise
        return _run_page(request, month, errors=form_errors([Problem.from_error(exc)]), status_code=422)
    return redirect(request, f"/loan/runs/{month}", flash=f"已导入银行{bank}扣款结果：成功{loaded.paid}笔，"
                                                          f"部分成功{loaded.partial}笔，失败{loaded.failed}笔")


@router.post("/runs/{month}/{bank}/post")
def run_post(month: int, bank: str, request: Request, actor: Actor = Depends(requires(P.RUN))):
    try:
        runs.post(_engine(request), actor, month=month, bank=bank)
    except AnjuError as exc:
        if (exc.status >= 403 and exc.status != 409) or isinstance(exc, JobBusy):
            raise
        return _run_page(request, month, errors=form_errors([Problem.from_error(exc)]), status_code=422)
    return redirect(request, f"/loan/runs/{month}", flash=f"银行{bank}扣款已记账")


@router.post("/runs/{month}/close")
def run_close(month: int, request: Request, actor: Actor = Depends(requires(P.RUN))):
    try:
        runs.close(_engine(request), actor, month=month, as_of=business_date(request), clock=_clock(request))
    except AnjuError as exc:
        if (exc.status >= 403 and exc.status != 409) or isinstance(exc, JobBusy):
            raise
        return _run_page(request, month, errors=form_errors([Problem.from_error(exc)]), status_code=422)
    return redirect(request, f"/loan/runs/{month}", flash="本月扣款已结束，未还款项已转逾期")


# ------------------------------------------------------------------------------------------- collection


@router.get("/collection")
def collection_page(request: Request, bucket: str = "", risk: str = "", as_of: str | None = None,
                    actor: Actor = Depends(requires(P.OVERDUE))):
    day = date_param(request, as_of)
    with unit_of_work(request, read_only=True) as uow:
        rows = queries.collection(uow.conn, day, bucket=bucket or None, risk=risk or None)
    return render(request, "loan/collection.html", rows=rows, day=day, bucket=bucket, risk=risk,
                  buckets=[b[0] for b in codes.BUCKETS], risks=list(RiskClass)[1:], **_labels())


@router.post("/collection/mark")
def collection_mark(request: Request, actor: Actor = Depends(requires(P.OVERDUE))):
    m = service.mark_overdue_job(_engine(request), actor, as_of=business_date(request), clock=_clock(request))
    return redirect(request, "/loan/collection", flash=f"新转逾期{m.instalments}期（{m.loans}笔贷款）")
