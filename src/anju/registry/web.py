"""Pages of the registry: employers (search, open, change, status, 单位明细), members (search, open, seal,
reopen, transfer, base and ratio change, freeze), statements and certificates (A4 and PDF), and the entry
points of the employer and member portals. Every page calls the same service as `anju employer|member`."""

from __future__ import annotations

from decimal import Decimal

from fastapi import APIRouter, Depends, Form, Request

from anju.auth.actor import Actor, Channel, Permission, can
from anju.core.dates import add_months, month_of
from anju.core.errors import (
    AnjuError,
    ErrorCode,
    Forbidden,
    NotFound,
    Problem,
    Unauthorized,
    ValidationFailed,
)
from anju.deposit import reads as deposit_reads
from anju.registry import reads
from anju.registry import service as svc
from anju.registry.codes import EmployerStatus, MaritalStatus
from anju.registry.errors import RegistryError
from anju.registry.permissions import P
from anju.web.kit import (
    FormReader,
    MenuEntry,
    business_date,
    certificate_stamp,
    form_errors,
    redirect,
    render,
    render_pdf,
    requires,
    unit_of_work,
)

router = APIRouter()
MENU = [
    MenuEntry("柜面业务", "单位查询", "/registry/employers", P.READ, order=10, accesskey="e"),
    MenuEntry("柜面业务", "单位开户", "/registry/employers/new", P.EMPLOYER_MANAGE, order=11),
    MenuEntry("柜面业务", "职工查询", "/registry/members", P.READ, order=20, accesskey="m"),
    MenuEntry("柜面业务", "灵活就业开户", "/registry/flexible/new", P.MEMBER_MANAGE, order=22),
    MenuEntry("单位网厅", "本单位概况", "/portal/employer", Permission.EMPLOYER_PORTAL, Channel.EMPLOYER_PORTAL, 10),
    MenuEntry("单位网厅", "上传汇缴清册", "/portal/employer/upload", Permission.EMPLOYER_PORTAL,
              Channel.EMPLOYER_PORTAL, 20),
    MenuEntry("单位网厅", "职工开户", "/portal/employer/members/new", Permission.EMPLOYER_PORTAL,
              Channel.EMPLOYER_PORTAL, 30),
    MenuEntry("单位网厅", "封存职工转入", "/portal/employer/transfer-in", Permission.EMPLOYER_PORTAL,
              Channel.EMPLOYER_PORTAL, 40),
    MenuEntry("单位网厅", "年度基数调整", "/portal/employer/base-adjust", Permission.EMPLOYER_PORTAL,
              Channel.EMPLOYER_PORTAL, 50),
    MenuEntry("单位网厅", "缓缴申请", "/portal/employer/deferral", Permission.EMPLOYER_PORTAL,
              Channel.EMPLOYER_PORTAL, 60),
    MenuEntry("个人网厅", "我的公积金", "/portal/member", Permission.MEMBER_PORTAL, Channel.MEMBER_PORTAL, 10),
    MenuEntry("个人网厅", "缴存明细", "/portal/member/statement", Permission.MEMBER_PORTAL, Channel.MEMBER_PORTAL, 20),
    MenuEntry("个人网厅", "缴存证明", "/portal/member/certificate", Permission.MEMBER_PORTAL, Channel.MEMBER_PORTAL,
              30),
]

# The services name fields in Chinese (for the CLI and API); the forms use these names.
EMPLOYER_FIELDS = {"统一社会信用代码": "uscc", "单位名称": "name", "单位性质": "kind", "所属行业": "industry",
                   "受托银行": "bank_code", "管理部": "branch_code", "发薪日": "pay_day",
                   "单位缴存比例": "employer_ratio", "个人缴存比例": "member_ratio", "起缴年月": "first_month",
                   "原因": "reason", "经办人电话": "agent_phone"}
MEMBER_FIELDS = {"证件号码": "id_number", "姓名": "name", "手机号码": "phone", "缴存基数": "base", "单位缴存比例": "employer_ratio",
                 "个人缴存比例": "member_ratio", "起缴年月": "first_month", "婚姻状况": "marital_status",
                 "缴存比例": "total_ratio", "转入单位": "to_employer", "原因": "reason"}
PASS_THROUGH = (Forbidden, NotFound, Unauthorized)


def merged(reader: FormReader, exc: ValidationFailed, fields: dict[str, str]) -> list[Problem]:
    """The form's own problems and the service's, each field once: a field the form could not read was given
    to the service as a placeholder, so the service's word on that field is dropped."""
    failed = {p.input for p in reader.problems}
    extra = [p for p in exc.problems if p not in reader.problems and fields.get(p.field, p.input) not in failed]
    return reader.problems + extra


def _problems_of(exc: AnjuError, field: str | None = None) -> list[Problem]:
    return exc.problems if isinstance(exc, ValidationFailed) else [Problem.from_error(exc, field=field)]


# ---------------------------------------------------------------- portals: where "my employer" / "me" is


PORTAL_EMPLOYER_PAGES = {"": "/registry/employers/{id}", "upload": "/deposit/employers/{id}/upload",
                         "members/new": "/registry/employers/{id}/members/new",
                         "transfer-in": "/registry/employers/{id}/transfer-in",
                         "base-adjust": "/deposit/employers/{id}/base-adjust",
                         "deferral": "/deposit/employers/{id}/deferrals/new"}
PORTAL_MEMBER_PAGES = {"": "/registry/members/{id}", "statement": "/registry/members/{id}/statement",
                       "certificate": "/registry/members/{id}/certificate"}


@router.get("/portal/employer")
@router.get("/portal/employer/{page:path}")
def employer_portal(request: Request, page: str = "", actor: Actor = Depends(requires(Permission.EMPLOYER_PORTAL))):
    target = PORTAL_EMPLOYER_PAGES.get(page.strip("/"))
    if target is None or actor.employer_id is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="页面", key=page)
    return redirect(request, target.format(id=actor.employer_id))


@router.get("/portal/member")
@router.get("/portal/member/{page:path}")
def member_portal(request: Request, page: str = "", actor: Actor = Depends(requires(Permission.MEMBER_PORTAL))):
    target = PORTAL_MEMBER_PAGES.get(page.strip("/"))
    if target is None or actor.person_id is None:
        raise NotFound(ErrorCode.NOT_FOUND, what="页面", key=page)
    return redirect(request, target.format(id=actor.person_id))


# ---------------------------------------------------------------- employers


@router.get("/registry/employers")
def employers_page(request: Request, q: str = "", page: int = 1, actor: Actor = Depends(requires(P.READ))):
    page = max(page, 1)
    with unit_of_work(request, read_only=True) as uow:
        rows = reads.find_employers(uow.conn, actor, q, limit=51, offset=(page - 1) * 50)
    if len(rows) == 1 and q.strip() and page == 1:
        return redirect(request, f"/registry/employers/{rows[0].id}")
    return render(request, "registry/employers.html", rows=rows[:50], more=len(rows) > 50, page=page, q=q,
                  status_label=lambda c: EmployerStatus(c).label)


def _employer_form(request: Request, *, values: dict, errors=None, employer=None, status_code: int = 200):
    with unit_of_work(request, read_only=True) as uow:
        choices = reads.form_choices(uow.conn)
    values = {**dict.fromkeys(EMPLOYER_TEXT_FIELDS, ""), **values}
    return render(request, "registry/employer_form.html", status_code=status_code, values=values,
                  errors=errors or form_errors(), employer=employer, **choices)


@router.get("/registry/employers/new")
def employer_new(request: Request, actor: Actor = Depends(requires(P.EMPLOYER_MANAGE))):
    day = business_date(request)
    return _employer_form(request, values={"kind": "50", "branch_code": "01", "bank_code": "", "pay_day": "10",
                                           "employer_ratio": "12%", "member_ratio": "12%",
                                           "first_month": str(add_months(month_of(day), 1))})


EMPLOYER_TEXT_FIELDS = ("uscc", "name", "kind", "industry", "address", "legal_rep", "agent_name", "agent_phone",
                        "bank_code", "branch_code", "pay_day", "employer_ratio", "member_ratio", "first_month")


async def _form_values(request: Request, names) -> dict:
    form = await request.form()
    return {n: str(form.get(n, "") or "").strip() for n in names}


@router.post("/registry/employers/new")
async def employer_create(request: Request, actor: Actor = Depends(requires(P.EMPLOYER_MANAGE))):
    v = await _form_values(request, EMPLOYER_TEXT_FIELDS)
    f = FormReader()
    pay_day = f.integer(v["pay_day"], "pay_day", "发薪日")
    er = f.ratio(v["employer_ratio"], "employer_ratio", "单位缴存比例")
    mr = f.ratio(v["member_ratio"], "member_ratio", "个人缴存比例")
    first = f.month(v["first_month"], "first_month", "起缴年月")
    month = month_of(business_date(request))
    try:
        data = svc.EmployerInput(uscc=v["uscc"], name=v["name"], kind=v["kind"], bank_code=v["bank_code"],
                                 branch_code=v["branch_code"], pay_day=pay_day or 0, employer_ratio=er or Decimal(0),
                                 member_ratio=mr or Decimal(0), first_month=first or month,
                                 industry=v["industry"] or None, address=v["address"], legal_rep=v["legal_rep"],
                                 agent_name=v["agent_name"], agent_phone=v["agent_phone"])
        with unit_of_work(request) as uow:
            employer_id, no = svc.open_employer(uow, actor, data=data, as_of=business_date(request))
            f.check()  # unreadable fields refuse the form too (rolled back), with the service's problems
            uow.commit()
    except ValidationFailed as exc:
        return _employer_form(request, values=v, status_code=422,
                              errors=form_errors(merged(f, exc, EMPLOYER_FIELDS), fields=EMPLOYER_FIELDS))
    return redirect(request, f"/registry/employers/{employer_id}", flash=f"单位开户成功，单位账号{no}")


ROSTER_PAGE = 100  # 职工名册 rows a page


def _employer_page(request: Request, actor: Actor, employer_id: int, *, errors=None, status_code: int = 200,
                   values: dict | None = None, open_action: str | None = None, page: int = 1):
    day = business_date(request)
    with unit_of_work(request, read_only=True) as uow:
        info = reads.employer_detail(uow.conn, actor, employer_id)
        total = reads.employer_member_count(uow.conn, actor, employer_id)
        pages = max(1, -(-total // ROSTER_PAGE))
        page = min(max(page, 1), pages)
        members = reads.employer_members(uow.conn, actor, employer_id, limit=ROSTER_PAGE,
                                         offset=(page - 1) * ROSTER_PAGE)
        may_deposit = can(actor, deposit_reads.P.READ)
        owed = deposit_reads.arrears_of(uow.conn, actor, employer_id, as_of=day) if may_deposit else None
        lists = deposit_reads.lists_of_employer(uow.conn, actor, employer_id, limit=24) if may_deposit else []
        applications = deposit_reads.deferrals(uow.conn, actor, employer_id=employer_id) if may_deposit else []
    return render(request, "registry/employer.html", status_code=status_code, info=info, e=info["employer"],
                  members=members, member_total=total, roster_page=page, roster_pages=pages,
                  roster_first=(page - 1) * ROSTER_PAGE + 1, owed=owed, lists=lists, applications=applications,
                  errors=errors or form_errors(), open_action=open_action,
                  values={"status": "", "reason": "", "employer_ratio": "", "member_ratio": "",
                          "from_month": str(add_months(month_of(day), 1)), **(values or {})},
                  statuses=[s for s in EmployerStatus if s not in (EmployerStatus.OPENING, EmployerStatus.DEFERRED)],
                  list_status=deposit_reads.STATUS_LABELS, kind_labels=deposit_reads.KIND_LABELS,
                  deferral_status=deposit_reads.DEFERRAL_STATUS, deferral_kinds=deposit_reads.DEFERRAL_KINDS,
                  P=P, DP=deposit_reads.P, can=lambda p: can(actor, p), this_month=month_of(day))


@router.get("/registry/employers/{employer_id}")
def employer_page(employer_id: int, request: Request, page: int = 1, actor: Actor = Depends(requires(P.READ))):
    return _employer_page(request, actor, employer_id, page=page)


@router.get("/registry/employers/{employer_id}/edit")
def employer_edit(employer_id: int, request: Request, actor: Actor = Depends(requires(P.EMPLOYER_MANAGE))):
    with unit_of_work(request, read_only=True) as uow:
        e = reads.employer_detail(uow.conn, actor, employer_id)["employer"]
    values = {k: ("" if getattr(e, k) is None else str(getattr(e, k))) for k in svc.EMPLOYER_EDITABLE}
    return _employer_form(request, values=values, employer=e)


@router.post("/registry/employers/{employer_id}/edit")
async def employer_update(employer_id: int, request: Request, actor: Actor = Depends(requires(P.EMPLOYER_MANAGE))):
    v = await _form_values(request, svc.EMPLOYER_EDITABLE)
    f = FormReader()
    pay_day = f.integer(v["pay_day"], "pay_day", "发薪日")
    with unit_of_work(request, read_only=True) as uow:
        e = reads.employer_detail(uow.conn, actor, employer_id)["employer"]
    typed = {**v, "pay_day": pay_day, "industry": v["industry"] or None}
    changes = {k: typed[k] for k in svc.EMPLOYER_EDITABLE if typed[k] != getattr(e, k)}
    try:
        f.check()
        if not changes:
            return redirect(request, f"/registry/employers/{employer_id}", flash="没有变更", kind="info")
        with unit_of_work(request) as uow:
            svc.change_employer(uow, actor, employer_id=employer_id, changes=changes, as_of=business_date(request))
            uow.commit()
    except ValidationFailed as exc:
        return _employer_form(request, values=v, employer=e, status_code=422,
                              errors=form_errors(exc.problems, fields=EMPLOYER_FIELDS))
    return redirect(request, f"/registry/employers/{employer_id}", flash="单位信息已变更")


@router.post("/registry/employers/{employer_id}/status")
def employer_status(employer_id: int, request: Request, status: str = Form(""), reason: str = Form(""),
                    actor: Actor = Depends(requires(P.EMPLOYER_MANAGE))):
    try:
        try:
            new = EmployerStatus(status)
        except ValueError:
            raise ValidationFailed([Problem.of(RegistryError.STATUS_REQUIRED, field="status")]) from None
        with unit_of_work(request) as uow:
            svc.set_employer_status(uow, actor, employer_id=employer_id, status=new, reason=reason,
                                    as_of=business_date(request))
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _employer_page(request, actor, employer_id, status_code=422, open_action="status",
                              values={"status": status, "reason": reason},
                              errors=form_errors(_problems_of(exc, "reason"), fields=EMPLOYER_FIELDS))
    return redirect(request, f"/registry/employers/{employer_id}", flash=f"单位状态已变更为{new.label}")


@router.post("/registry/employers/{employer_id}/ratios")
def employer_ratios(employer_id: int, request: Request, employer_ratio: str = Form(""), member_ratio: str = Form(""),
                    from_month: str = Form(""), actor: Actor = Depends(requires(P.EMPLOYER_MANAGE))):
    f = FormReader()
    er = f.ratio(employer_ratio, "employer_ratio", "单位缴存比例")
    mr = f.ratio(member_ratio, "member_ratio", "个人缴存比例")
    start = f.month(from_month, "from_month", "起始年月")
    try:
        f.check()
        with unit_of_work(request) as uow:
            n = svc.change_employer_ratios(uow, actor, employer_id=employer_id, employer_ratio=er, member_ratio=mr,
                                           from_month=start, as_of=business_date(request))
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _employer_page(request, actor, employer_id, status_code=422, open_action="ratios",
                              values={"employer_ratio": employer_ratio, "member_ratio": member_ratio,
                                      "from_month": from_month},
                              errors=form_errors(_problems_of(exc), fields=EMPLOYER_FIELDS))
    return redirect(request, f"/registry/employers/{employer_id}", flash=f"缴存比例已变更，涉及职工{n}人")


def _employer_statement_data(request: Request, actor: Actor, employer_id: int) -> dict:
    day = business_date(request)
    with unit_of_work(request, read_only=True) as uow:
        info = reads.employer_detail(uow.conn, actor, employer_id)
        members = reads.employer_members(uow.conn, actor, employer_id, limit=100_000)
        owed = deposit_reads.arrears_of(uow.conn, actor, employer_id, as_of=day)
        lists = deposit_reads.lists_of_employer(uow.conn, actor, employer_id, limit=120)
    return {"info": info, "e": info["employer"], "members": members, "owed": owed, "lists": lists, "day": day,
            "list_status": deposit_reads.STATUS_LABELS, "kind_labels": deposit_reads.KIND_LABELS}


@router.get("/registry/employers/{employer_id}/statement")
def employer_statement(employer_id: int, request: Request, actor: Actor = Depends(requires(deposit_reads.P.READ))):
    return render(request, "registry/employer_statement.html",
                  **_employer_statement_data(request, actor, employer_id))


@router.get("/registry/employers/{employer_id}/statement.pdf")
def employer_statement_pdf(employer_id: int, request: Request,
                           actor: Actor = Depends(requires(deposit_reads.P.READ))):
    data = _employer_statement_data(request, actor, employer_id)
    return render_pdf(request, "registry/employer_statement.html", filename=f"单位明细-{data['e'].account_no}.pdf",
                      **data)


# ---------------------------------------------------------------- opening an account (new hire, flexible)


MEMBER_TEXT_FIELDS = ("id_number", "name", "phone", "marital_status", "base", "first_month", "employer_ratio",
                      "member_ratio", "total_ratio")


def _member_form(request: Request, *, values: dict, employer=None, errors=None, status_code: int = 200):
    values = {**dict.fromkeys(MEMBER_TEXT_FIELDS, ""), **values}
    return render(request, "registry/member_form.html", status_code=status_code, values=values, employer=employer,
                  errors=errors or form_errors(), marital=[(m.value, m.label) for m in MaritalStatus])


def _employer_row(request: Request, actor: Actor, employer_id: int):
    with unit_of_work(request, read_only=True) as uow:
        return reads.employer_detail(uow.conn, actor, employer_id)["employer"]


@router.get("/registry/employers/{employer_id}/members/new")
def member_new(employer_id: int, request: Request, actor: Actor = Depends(requires(P.MEMBER_MANAGE))):
    e = _employer_row(request, actor, employer_id)
    return _member_form(request, employer=e, values={
        "marital_status": "90", "first_month": str(add_months(month_of(business_date(request)), 1)),
        "employer_ratio": "", "member_ratio": ""})


@router.post("/registry/employers/{employer_id}/members/new")
async def member_create(employer_id: int, request: Request, actor: Actor = Depends(requires(P.MEMBER_MANAGE))):
    e = _employer_row(request, actor, employer_id)
    v = await _form_values(request, MEMBER_TEXT_FIELDS)
    f = FormReader()
    base = f.money(v["base"], "base", "缴存基数")
    first = f.month(v["first_month"], "first_month", "起缴年月")
    er = f.ratio(v["employer_ratio"], "employer_ratio", "单位缴存比例", required=False)
    mr = f.ratio(v["member_ratio"], "member_ratio", "个人缴存比例", required=False)
    try:
        who = svc.PersonInput(id_number=v["id_number"], name=v["name"], phone=v["phone"],
                              marital_status=v["marital_status"] or "90")
        with unit_of_work(request) as uow:
            opened = svc.open_account(uow, actor, employer_id=employer_id, who=who, base=base or 0,
                                      first_month=first or month_of(business_date(request)),
                                      as_of=business_date(request), employer_ratio=er, member_ratio=mr)
            f.check()
            uow.commit()
    except ValidationFailed as exc:
        return _member_form(request, values=v, employer=e, status_code=422,
                            errors=form_errors(merged(f, exc, MEMBER_FIELDS), fields=MEMBER_FIELDS))
    note = "（原账户重新启用）" if opened.reactivated else ""
    return redirect(request, f"/registry/members/{opened.person_id}",
                    flash=f"开户成功，个人账号{opened.account_no}{note}")


@router.get("/registry/flexible/new")
def flexible_new(request: Request, actor: Actor = Depends(requires(P.MEMBER_MANAGE))):
    return _member_form(request, values={"marital_status": "90", "first_month": str(month_of(business_date(request))),
                                         "total_ratio": "20%"})


@router.post("/registry/flexible/new")
async def flexible_create(request: Request, actor: Actor = Depends(requires(P.MEMBER_MANAGE))):
    v = await _form_values(request, MEMBER_TEXT_FIELDS)
    f = FormReader()
    base = f.money(v["base"], "base", "缴存基数")
    first = f.month(v["first_month"], "first_month", "起缴年月")
    ratio = f.ratio(v["total_ratio"], "total_ratio", "缴存比例")
    try:
        f.check()
        who = svc.PersonInput(id_number=v["id_number"], name=v["name"], phone=v["phone"],
                              marital_status=v["marital_status"] or "90")
        with unit_of_work(request) as uow:
            opened = svc.open_flexible(uow, actor, who=who, base=base, total_ratio=ratio, first_month=first,
                                       as_of=business_date(request))
            uow.commit()
    except ValidationFailed as exc:
        return _member_form(request, values=v, status_code=422, errors=form_errors(exc.problems, fields=MEMBER_FIELDS))
    return redirect(request, f"/registry/members/{opened.person_id}", flash=f"灵活就业人员开户成功，个人账号{opened.account_no}")


@router.get("/registry/employers/{employer_id}/transfer-in")
def transfer_in_page(employer_id: int, request: Request, actor: Actor = Depends(requires(P.MEMBER_MANAGE))):
    e = _employer_row(request, actor, employer_id)
    return render(request, "registry/transfer_in.html", employer=e,
                  values={"id_number": "", "name": "", "base": "",
                          "first_month": str(add_months(month_of(business_date(request)), 1))})


@router.post("/registry/employers/{employer_id}/transfer-in")
def transfer_in_submit(employer_id: int, request: Request, id_number: str = Form(""), name: str = Form(""),
                       first_month: str = Form(""), base: str = Form(""),
                       actor: Actor = Depends(requires(P.MEMBER_MANAGE))):
    e = _employer_row(request, actor, employer_id)
    values = {"id_number": id_number, "name": name, "first_month": first_month, "base": base}
    f = FormReader()
    start = f.month(first_month, "first_month", "起缴年月")
    new_base = f.money(base, "base", "缴存基数", required=False)
    try:
        f.check()
        with unit_of_work(request) as uow:
            account_id = reads.sealed_account_for_transfer_in(uow.conn, actor, id_number=id_number, name=name)
            svc.transfer(uow, actor, account_id=account_id, to_employer_id=employer_id, first_month=start,
                         as_of=business_date(request), base=new_base)
            person_id = svc.get_account(uow.conn, account_id).person_id
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return render(request, "registry/transfer_in.html", status_code=422, employer=e, values=values,
                      errors=form_errors(_problems_of(exc, "id_number"), fields=MEMBER_FIELDS))
    return redirect(request, f"/registry/members/{person_id}", flash=f"{name}已转入本单位")


# ---------------------------------------------------------------- members


@router.get("/registry/members")
def members_page(request: Request, q: str = "", page: int = 1, actor: Actor = Depends(requires(P.READ))):
    page = max(page, 1)
    with unit_of_work(request, read_only=True) as uow:
        rows = reads.find_members(uow.conn, actor, q, limit=51, offset=(page - 1) * 50)
    if len(rows) == 1 and q.strip() and page == 1:
        return redirect(request, f"/registry/members/{rows[0].person_id}")
    return render(request, "registry/members.html", rows=rows[:50], more=len(rows) > 50, page=page, q=q,
                  labels=reads.labels())


def _member_page(request: Request, actor: Actor, person_id: int, *, errors=None, status_code: int = 200,
                 values: dict | None = None, open_action: str | None = None):
    day = business_date(request)
    with unit_of_work(request, read_only=True) as uow:
        m, terms, recent = reads.account_page(uow.conn, actor, person_id)
    next_month = str(add_months(month_of(day), 1))
    defaults = {"first_month": next_month, "from_month": next_month, "base": "", "reason": "",
                "employer_ratio": "", "member_ratio": "", "to_employer": ""}
    return render(request, "registry/member.html", status_code=status_code, m=m, terms=terms,
                  recent=recent, errors=errors or form_errors(), values={**defaults, **(values or {})},
                  open_action=open_action, P=P, DP=deposit_reads.P, can=lambda p: can(actor, p))


@router.get("/registry/members/{person_id}")
def member_page(person_id: int, request: Request, actor: Actor = Depends(requires(P.READ))):
    return _member_page(request, actor, person_id)


def _member_change(request: Request, actor: Actor, person_id: int, action: str, values: dict, call, flash: str,
                   reader: FormReader | None = None):
    """Run one member change; on a problem, show the member page again with the action's form open."""
    try:
        if reader is not None:
            reader.check()
        with unit_of_work(request) as uow:
            m = reads.member(uow.conn, actor, person_id)
            call(uow, m.account_id)
            uow.commit()
    except PASS_THROUGH:
        raise
    except AnjuError as exc:
        return _member_page(request, actor, person_id, status_code=422, values=values, open_action=action,
                            errors=form_errors(_problems_of(exc, "reason"), fields=MEMBER_FIELDS))
    return redirect(request, f"/registry/members/{person_id}", flash=flash)


@router.post("/registry/members/{person_id}/seal")
def member_seal(person_id: int, request: Request, reason: str = Form(""),
                actor: Actor = Depends(requires(P.MEMBER_MANAGE))):
    return _member_change(request, actor, person_id, "seal", {"reason": reason},
                          lambda uow, aid: svc.seal(uow, actor, account_id=aid, reason=reason,
                                                    as_of=business_date(request)), "已封存")


@router.post("/registry/members/{person_id}/reopen")
def member_reopen(person_id: int, request: Request, first_month: str = Form(""), base: str = Form(""),
                  actor: Actor = Depends(requires(P.MEMBER_MANAGE))):
    f = FormReader()
    start = f.month(first_month, "first_month", "起缴年月")
    new_base = f.money(base, "base", "缴存基数", required=False)
    return _member_change(request, actor, person_id, "reopen", {"first_month": first_month, "base": base},
                          lambda uow, aid: svc.reopen(uow, actor, account_id=aid, first_month=start,
                                                      as_of=business_date(request), base=new_base), "已启封", f)


@router.post("/registry/members/{person_id}/transfer")
def member_transfer(person_id: int, request: Request, to_employer: str = Form(""), first_month: str = Form(""),
                    base: str = Form(""), actor: Actor = Depends(requires(P.MEMBER_MANAGE))):
    f = FormReader()
    start = f.month(first_month, "first_month", "起缴年月")
    new_base = f.money(base, "base", "缴存基数", required=False)
    f.text(to_employer, "to_employer", "转入单位账号")

    def call(uow, aid):
        target = reads.employer_by_no(uow.conn, actor, to_employer) if is_staff_actor(actor) else \
            _own_employer(uow.conn, actor, to_employer)
        svc.transfer(uow, actor, account_id=aid, to_employer_id=target.id, first_month=start,
                     as_of=business_date(request), base=new_base)

    return _member_change(request, actor, person_id, "transfer",
                          {"to_employer": to_employer, "first_month": first_month, "base": base}, call, "已办理内部转移", f)


def is_staff_actor(actor: Actor) -> bool:
    from anju.auth.scope import is_staff

    return is_staff(actor)


def _own_employer(conn, actor: Actor, account_no: str):
    """An agent may only transfer into its own employer; any other number is refused beside the field."""
    from anju.registry import queries

    row = queries.employer_by_no(conn, account_no.strip())
    if row is None or row.id != actor.employer_id:
        raise ValidationFailed([Problem.of(RegistryError.TRANSFER_OWN_EMPLOYER_ONLY, field="转入单位")])
    return row


@router.post("/registry/members/{person_id}/base")
def member_base(person_id: int, request: Request, base: str = Form(""), from_month: str = Form(""),
                actor: Actor = Depends(requires(P.MEMBER_MANAGE))):
    f = FormReader()
    new_base = f.money(base, "base", "缴存基数")
    start = f.month(from_month, "from_month", "起始年月")
    return _member_change(request, actor, person_id, "base", {"base": base, "from_month": from_month},
                          lambda uow, aid: svc.change_base(uow, actor, account_id=aid, base=new_base, from_month=start,
                                                           as_of=business_date(request)), "缴存基数已变更", f)


@router.post("/registry/members/{person_id}/ratio")
def member_ratio(person_id: int, request: Request, employer_ratio: str = Form(""), member_ratio: str = Form(""),
                 from_month: str = Form(""), actor: Actor = Depends(requires(P.MEMBER_MANAGE))):
    f = FormReader()
    er = f.ratio(employer_ratio, "employer_ratio", "单位缴存比例")
    mr = f.ratio(member_ratio, "member_ratio", "个人缴存比例")
    start = f.month(from_month, "from_month", "起始年月")
    return _member_change(request, actor, person_id, "ratio",
                          {"employer_ratio": employer_ratio, "member_ratio": member_ratio, "from_month": from_month},
                          lambda uow, aid: svc.change_ratio(uow, actor, account_id=aid, employer_ratio=er,
                                                            member_ratio=mr, from_month=start,
                                                            as_of=business_date(request)), "缴存比例已变更", f)


@router.post("/registry/members/{person_id}/freeze")
def member_freeze(person_id: int, request: Request, reason: str = Form(""),
                  actor: Actor = Depends(requires(P.MEMBER_FREEZE))):
    return _member_change(request, actor, person_id, "freeze", {"reason": reason},
                          lambda uow, aid: svc.freeze(uow, actor, account_id=aid, reason=reason,
                                                      as_of=business_date(request)), "已冻结")


@router.post("/registry/members/{person_id}/unfreeze")
def member_unfreeze(person_id: int, request: Request, reason: str = Form(""),
                    actor: Actor = Depends(requires(P.MEMBER_FREEZE))):
    return _member_change(request, actor, person_id, "unfreeze", {"reason": reason},
                          lambda uow, aid: svc.freeze(uow, actor, account_id=aid, reason=reason,
                                                      as_of=business_date(request), unfreeze=True), "已解冻")


# ---------------------------------------------------------------- statement and certificate (A4 and PDF)


def _statement_data(request: Request, actor: Actor, person_id: int, start: str | None, end: str | None) -> dict:
    f = FormReader()
    first = f.date(start, "start", "起始日期", required=False)
    last = f.date(end, "end", "截止日期", required=False)
    f.check()
    with unit_of_work(request, read_only=True) as uow:
        m, st = reads.statement(uow.conn, actor, person_id, start=first, end=last)
    return {"m": m, "st": st, "start": first, "end": last, "day": business_date(request)}


@router.get("/registry/members/{person_id}/statement")
def statement_page(person_id: int, request: Request, start: str | None = None, end: str | None = None,
                   actor: Actor = Depends(requires(P.READ))):
    return render(request, "registry/statement.html", **_statement_data(request, actor, person_id, start, end))


@router.get("/registry/members/{person_id}/statement.pdf")
def statement_pdf(person_id: int, request: Request, start: str | None = None, end: str | None = None,
                  actor: Actor = Depends(requires(P.READ))):
    data = _statement_data(request, actor, person_id, start, end)
    return render_pdf(request, "registry/statement.html", filename=f"个人明细账-{data['m'].account_no}.pdf", **data)


def _certificate_data(request: Request, actor: Actor, person_id: int) -> dict:
    day = business_date(request)
    with unit_of_work(request, read_only=True) as uow:
        m, cert = reads.certificate(uow.conn, actor, person_id, as_of=day)
    stamp = certificate_stamp(request, actor, kind="deposit", subject_ref=cert.account_no, person_id=m.person_id,
                              title="住房公积金缴存证明", facts=reads.certificate_facts(cert), as_of=day)
    return {"m": m, "cert": cert, "cert_no": stamp.no if stamp else f"{cert.account_no}-{day:%Y%m%d}",
            "stamp": stamp}


@router.get("/registry/members/{person_id}/certificate")
def certificate_page(person_id: int, request: Request, actor: Actor = Depends(requires(P.READ))):
    return render(request, "registry/certificate.html", **_certificate_data(request, actor, person_id))


@router.get("/registry/members/{person_id}/certificate.pdf")
def certificate_pdf(person_id: int, request: Request, actor: Actor = Depends(requires(P.READ))):
    data = _certificate_data(request, actor, person_id)
    return render_pdf(request, "registry/certificate.html", filename=f"缴存证明-{data['m'].account_no}.pdf", **data)
