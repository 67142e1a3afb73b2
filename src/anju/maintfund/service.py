"""Use cases of the maintenance fund's register, deposits, transfers and refunds (one unit of work each).

Money moves only through ``ledger.service.post`` in the fund's own book ("mf"): 交存 Dr 专户存款 / Cr 分户维修资金,
退还 Dr 分户 / Cr 专户, 过户 Dr 分户 (seller's row) / Cr 分户 (buyer's row). Each household movement is one
``mf_txn`` row (the sub-ledger; ``anju verify`` keeps it equal to the GL and to the balances)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import Connection, func, insert, select, update

from anju.auth import audit
from anju.auth.actor import Actor, require
from anju.core.errors import AnjuError, Conflict, NotFound, Problem, ValidationFailed
from anju.core.ids import parse_resident_id
from anju.core.money import Rounding, format_yuan
from anju.core.sheets import SheetRows, UploadLimits, cell_text, read_table
from anju.db.locks import advisory_xact_lock, for_update
from anju.db.uow import UnitOfWork
from anju.ledger import service as ledger
from anju.ledger.rules import Line, Posting
from anju.maintfund import calc
from anju.maintfund.codes import (
    BANK,
    BOOK,
    HOUSEHOLD,
    SUB_HOUSEHOLD,
    BillKind,
    BillStatus,
    ChangeKind,
    ChangeStatus,
    HouseholdStatus,
    Manager,
    Payer,
    TxnKind,
    UnitKind,
)
from anju.maintfund.errors import MaintfundError as E
from anju.maintfund.flows import CHANGE
from anju.maintfund.permissions import P
from anju.maintfund.tables import (
    mf_area,
    mf_bill,
    mf_building,
    mf_change,
    mf_household,
    mf_portal,
    mf_task,
    mf_txn,
)
from anju.policy.kinds import format_ratio
from anju.policy.store import policy_at

# ------------------------------------------------------------------ look-ups


def get_area(conn: Connection, area_id: int, *, lock: bool = False):
    q = select(mf_area).where(mf_area.c.id == area_id)
    row = conn.execute(for_update(conn, q) if lock else q).first()
    if row is None:
        raise NotFound(E.AREA_NOT_FOUND, key=area_id)
    return row


def area_by_code(conn: Connection, code: str):
    row = conn.execute(select(mf_area).where(mf_area.c.code == code)).first()
    if row is None:
        raise NotFound(E.AREA_NOT_FOUND, key=code)
    return row


def lock_household(conn: Connection, household_id: int):
    """The household account row, locked for the transaction (the aggregate's one lock function)."""
    row = conn.execute(for_update(conn, select(mf_household).where(mf_household.c.id == household_id))).first()
    if row is None:
        raise NotFound(E.HOUSEHOLD_NOT_FOUND, key=household_id)
    return row


def household_by_no(conn: Connection, account_no: str):
    row = conn.execute(select(mf_household).where(mf_household.c.account_no == account_no)).first()
    if row is None:
        raise NotFound(E.HOUSEHOLD_NOT_FOUND, key=account_no)
    return row


def _require_normal(row) -> None:
    if row.status != HouseholdStatus.NORMAL:
        raise AnjuError(E.HOUSEHOLD_NOT_NORMAL, no=row.account_no, status=HouseholdStatus(row.status).label)


def _next_no(conn: Connection, table, prefix: str) -> str:
    n = conn.execute(select(func.count()).select_from(table).where(table.c.no.like(f"{prefix}%"))).scalar_one()
    return f"{prefix}{n + 1:05d}"


# ------------------------------------------------------------------ register (item 2)


@dataclass(frozen=True)
class BuildingSpec:
    name: str
    storeys: int
    has_lift: bool


def create_area(uow: UnitOfWork, actor: Actor, *, code: str, name: str, developer: str, total_area: int,
                households: int, manager: Manager, buildings: list[BuildingSpec] = ()) -> int:
    """Register a 物业管理区域 (with its 公共账, balance 0) and its buildings."""
    require(actor, P.REGISTER)
    conn = uow.conn
    problems = [Problem.of(E.FIELD_REQUIRED, field=label, label=label)
                for label, v in (("区域编号", code), ("区域名称", name), ("开发建设单位", developer)) if not v.strip()]
    if total_area <= 0:
        problems.append(Problem.of(E.AREA_INVALID, field="总建筑面积", value=calc.m2(total_area)))
    if problems:
        raise ValidationFailed(problems, summary="物业管理区域信息有误")
    if conn.execute(select(mf_area.c.id).where(mf_area.c.code == code.strip())).first() is not None:
        raise Conflict(E.AREA_CODE_TAKEN, code=code)
    aid = conn.execute(insert(mf_area).values(
        code=code.strip(), name=name.strip(), developer=developer.strip(), total_area=total_area,
        households=households, manager=Manager(manager).value, common_balance=0, common_interest=0,
        created_at=uow.now(), created_by=actor.username).returning(mf_area.c.id)).scalar_one()
    for b in buildings:
        _add_building(conn, aid, b)
    audit.record(uow, actor, action="maintfund.area.create", entity_type="mf_area", entity_id=aid,
                 after={"code": code, "name": name, "buildings": [b.name for b in buildings]})
    return aid


def _add_building(conn: Connection, area_id: int, b: BuildingSpec) -> int:
    return conn.execute(insert(mf_building).values(area_id=area_id, name=b.name, storeys=b.storeys,
                                                   has_lift=b.has_lift).returning(mf_building.c.id)).scalar_one()


def buildings(conn: Connection, area_id: int) -> dict[str, object]:
    return {r.name: r for r in conn.execute(select(mf_building).where(mf_building.c.area_id == area_id))}


@dataclass(frozen=True)
class HouseholdSpec:
    building: str
    unit_no: str
    owner_name: str
    owner_id_no: str | None  # None: unsold, held by the developer
    floor_area: int  # centi m²
    kind: UnitKind = UnitKind.RESIDENTIAL
    property_unit_no: str | None = None


def first_deposit_for(policy, *, storeys: int, kind: UnitKind, floor_area: int) -> tuple[int, str]:
    """The first deposit due and its standard as printed (policy: method, 建安造价 by storeys, ratio, rounding)."""
    mode = Rounding(policy["mf.first_deposit_rounding"])
    unit = 100 if policy["mf.first_deposit_unit"] == "yuan" else 1
    cls = calc.storey_class(storeys, mid_from=policy["mf.storeys_mid_from"], high_from=policy["mf.storeys_high_from"])
    per_m2 = policy[f"mf.cost_per_m2_{cls}"]
    if policy["mf.first_deposit_method"] == "fixed":
        return (calc.first_deposit(per_m2=per_m2, floor_area=floor_area, unit=unit, mode=mode),
                f"{format_yuan(per_m2)}元/㎡")
    ratio = policy["mf.first_deposit_ratio" if kind != UnitKind.NON_RESIDENTIAL else "mf.first_deposit_ratio_nonres"]
    amount = calc.first_deposit(per_m2=per_m2, ratio=ratio, floor_area=floor_area, unit=unit, mode=mode)
    return amount, f"{format_yuan(per_m2)}元/㎡×{format_ratio(ratio)}"


def open_household(uow: UnitOfWork, actor: Actor, *, area_id: int, spec: HouseholdSpec, as_of: date) -> int:
    """Open a 分户账 and bill its first deposit (to the buyer, or to the developer for an unsold unit)."""
    require(actor, P.REGISTER)
    conn = uow.conn
    area = get_area(conn, area_id, lock=True)
    problems = check_household(conn, area_id, spec, as_of=as_of)
    if problems:
        raise ValidationFailed(problems, summary="分户信息有误")
    return _open(uow, actor, area, buildings(conn, area_id)[spec.building], spec, as_of)


def check_household(conn: Connection, area_id: int, spec: HouseholdSpec, *, as_of: date,
                    row: int | None = None, blds: dict | None = None, seen: set | None = None) -> list[Problem]:
    """Every problem of one household's data (a form, or one row of an imported sheet)."""
    blds = buildings(conn, area_id) if blds is None else blds
    out = []
    for label, v in (("幢号", spec.building), ("户门号", spec.unit_no), ("业主姓名", spec.owner_name)):
        if not (v or "").strip():
            out.append(Problem.of(E.FIELD_REQUIRED, field=label, row=row, label=label))
    if spec.building and spec.building not in blds:
        out.append(Problem.of(E.BUILDING_UNKNOWN, field="幢号", row=row, building=spec.building))
    if spec.floor_area <= 0:
        out.append(Problem.of(E.AREA_INVALID, field="建筑面积", row=row, value=calc.m2(spec.floor_area)))
    if spec.owner_id_no:
        try:
            parse_resident_id(spec.owner_id_no, as_of=as_of)
        except AnjuError:
            out.append(Problem.of(E.ID_INVALID, field="证件号码", row=row, value=spec.owner_id_no))
    key = (spec.building, spec.unit_no)
    if seen is not None:
        if key in seen:
            out.append(Problem.of(E.UNIT_TAKEN, field="户门号", row=row, building=spec.building, unit=spec.unit_no,
                                  no="（本表重复）"))
        seen.add(key)
    if spec.building in blds and hasattr(blds[spec.building], "id"):
        taken = conn.execute(select(mf_household.c.account_no).where(
            mf_household.c.building_id == blds[spec.building].id, mf_household.c.unit_no == spec.unit_no,
            mf_household.c.status == HouseholdStatus.NORMAL)).scalar()
        if taken:
            out.append(Problem.of(E.UNIT_TAKEN, field="户门号", row=row, building=spec.building, unit=spec.unit_no,
                                  no=taken))
    return out


def _open(uow: UnitOfWork, actor: Actor, area, building, spec: HouseholdSpec, as_of: date) -> int:
    conn = uow.conn
    due, standard = first_deposit_for(policy_at(conn, as_of), storeys=building.storeys, kind=UnitKind(spec.kind),
                                      floor_area=spec.floor_area)
    n = conn.execute(select(func.count()).select_from(mf_household)
                     .where(mf_household.c.area_id == area.id)).scalar_one()
    no = f"{area.code}-{n + 1:05d}"
    hid = conn.execute(insert(mf_household).values(
        account_no=no, area_id=area.id, building_id=building.id, unit_no=spec.unit_no.strip(),
        property_unit_no=spec.property_unit_no, owner_name=spec.owner_name.strip(),
        owner_id_no=spec.owner_id_no or None, sold=bool(spec.owner_id_no), floor_area=spec.floor_area,
        kind=UnitKind(spec.kind).value, standard=standard, first_due=due, first_paid=0, balance=0, deposited=0,
        interest=0, used=0, refunded=0, status=HouseholdStatus.NORMAL.value, opened_on=as_of,
        created_at=uow.now(), created_by=actor.username).returning(mf_household.c.id)).scalar_one()
    _bill(uow, actor, hid, BillKind.FIRST, Payer.OWNER if spec.owner_id_no else Payer.DEVELOPER, due, as_of)
    audit.record(uow, actor, action="maintfund.household.open", entity_type="mf_household", entity_id=hid,
                 after={"account_no": no, "unit": f"{spec.building}-{spec.unit_no}", "first_due": due})
    return hid


# ---- the import template (documented) and the import

TEMPLATE_COLUMNS = ["幢号", "总层数", "有无电梯", "户门号", "不动产单元号", "业主姓名", "证件号码", "建筑面积", "房屋性质"]
REQUIRED = ["幢号", "户门号", "业主姓名", "建筑面积"]
OPTIONAL = ["总层数", "有无电梯", "不动产单元号", "证件号码", "房屋性质"]
TEMPLATE_NOTES = [
    ("幢号", "必填。楼幢编号，如“1”“2”；本区域尚未登记的楼幢须同时填写总层数和有无电梯"),
    ("总层数", "新楼幢必填，整数；决定首期交存标准（多层、小高层、高层）"),
    ("有无电梯", "新楼幢必填：有 / 无"),
    ("户门号", "必填，如“1-101”；同一楼幢内不得重复"),
    ("不动产单元号", "选填，28位"),
    ("业主姓名", "必填；未售房屋填开发建设单位名称"),
    ("证件号码", "已售房屋填业主居民身份证号码；未售房屋留空（由开发建设单位交存）"),
    ("建筑面积", "必填，平方米，最多两位小数"),
    ("房屋性质", "住宅 / 非住宅 / 公房，留空为住宅"),
]
_KINDS = {"住宅": UnitKind.RESIDENTIAL, "非住宅": UnitKind.NON_RESIDENTIAL, "公房": UnitKind.PUBLIC, "": UnitKind.RESIDENTIAL}


def template_workbook() -> bytes:
    """The household import template: a 分户 sheet with the columns and a 填表说明 sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "分户"
    ws.append(TEMPLATE_COLUMNS)
    ws.append(["1", 18, "有", "1-101", "", "张三", "110101199003071234", "98.50", "住宅"])
    notes = wb.create_sheet("填表说明")
    notes.append(["列", "说明"])
    for row in TEMPLATE_NOTES:
        notes.append(list(row))
    notes.append(["", "所有有误的行一次列出，整表不导入；改正后重新导入。"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def read_sheet(data: bytes, filename: str, *, limits: UploadLimits) -> SheetRows:
    return read_table(data, filename, required=REQUIRED, optional=OPTIONAL, sheet_names=("分户",),
                      limits=limits).load()


def _area_cell(value: object) -> int:
    text = cell_text(value)
    try:
        d = Decimal(text)
    except InvalidOperation:
        return 0
    scaled = d * calc.AREA_SCALE
    return int(scaled) if scaled == scaled.to_integral_value() and d > 0 else 0


def import_households(uow: UnitOfWork, actor: Actor, *, area_id: int, table: SheetRows, as_of: date) -> list[int]:
    """Import a sheet of households whole (buildings it names are added), or refuse it whole listing every bad
    row (row, field, reason)."""
    require(actor, P.REGISTER)
    conn = uow.conn
    area = get_area(conn, area_id, lock=True)
    problems = list(table.problems)
    blds = dict(buildings(conn, area_id))
    new_blds: dict[str, BuildingSpec] = {}
    specs: list[HouseholdSpec] = []
    seen: set = set()
    for row, cells in table.rows():
        bname = cell_text(cells.get("幢号"))
        if bname and bname not in blds and bname not in new_blds:
            storeys_text, lift = cell_text(cells.get("总层数")), cell_text(cells.get("有无电梯"))
            if not storeys_text.isdigit() or lift not in ("有", "无"):
                problems.append(Problem.of(E.BUILDING_UNKNOWN, field="幢号", row=row, building=bname))
            else:
                new_blds[bname] = BuildingSpec(bname, int(storeys_text), lift == "有")
        kind_text = cell_text(cells.get("房屋性质"))
        if kind_text not in _KINDS:
            problems.append(Problem.of(E.KIND_INVALID, field="房屋性质", row=row, value=kind_text))
        spec = HouseholdSpec(bname, cell_text(cells.get("户门号")), cell_text(cells.get("业主姓名")),
                             cell_text(cells.get("证件号码")) or None, _area_cell(cells.get("建筑面积")),
                             _KINDS.get(kind_text, UnitKind.RESIDENTIAL), cell_text(cells.get("不动产单元号")) or None)
        visible = {**blds, **{k: v for k, v in new_blds.items()}}
        problems += check_household(conn, area_id, spec, as_of=as_of, row=row, blds=visible, seen=seen)
        specs.append(spec)
    if not specs and not problems:
        problems.append(Problem.of(E.FILE_EMPTY))
    if problems:
        raise ValidationFailed(problems, summary=f"分户表有{len(problems)}处错误，未导入")
    for b in new_blds.values():
        _add_building(conn, area_id, b)
    blds = buildings(conn, area_id)
    ids = [_open(uow, actor, area, blds[s.building], s, as_of) for s in specs]
    audit.record(uow, actor, action="maintfund.household.import", entity_type="mf_area", entity_id=area_id,
                 after={"households": len(ids), "buildings_added": sorted(new_blds)})
    return ids


# ------------------------------------------------------------------ deposits (item 3)


def _bill(uow: UnitOfWork, actor: Actor, household_id: int, kind: BillKind, payer: Payer, amount: int,
          on: date) -> int:
    conn = uow.conn
    no = _next_no(conn, mf_bill, f"JC{on.year}")
    return conn.execute(insert(mf_bill).values(
        no=no, household_id=household_id, kind=kind.value, payer=payer.value, amount=amount,
        status=BillStatus.BILLED.value, billed_on=on, created_by=actor.username).returning(mf_bill.c.id)).scalar_one()


def movement(uow: UnitOfWork, *, household, amount: int, day: date, kind: TxnKind, voucher_id: int | None,
             ref: str, **totals: int) -> None:
    """One household movement: the sub-ledger row and the balance (and the running totals named), from the
    balance as locked. The maintenance fund's single writer of household money."""
    conn = uow.conn
    conn.execute(insert(mf_txn).values(area_id=household.area_id, household_id=household.id, day=day,
                                       day_no=day.toordinal(), kind=kind.value, amount=amount, voucher_id=voucher_id,
                                       ref=ref, created_at=uow.now()))
    values = {"balance": mf_household.c.balance + amount}
    for col, v in totals.items():
        values[col] = mf_household.c[col] + v
    conn.execute(update(mf_household).where(mf_household.c.id == household.id).values(**values))


def receive(uow: UnitOfWork, actor: Actor, *, bill_id: int, amount: int, receipt_no: str, paid_on: date,
            bank_ref: str | None = None) -> int:
    """Money of a bill received in the fund's 专户 (a receipt, or a bank statement line matched to it): voucher
    Dr 专户存款 / Cr 分户维修资金, the household's balance. Idempotent by the bill: a second receipt is refused."""
    require(actor, P.RECEIVE)
    conn = uow.conn
    if not receipt_no.strip():
        raise ValidationFailed([Problem.of(E.RECEIPT_REQUIRED, field="票据号")])
    bill = conn.execute(for_update(conn, select(mf_bill).where(mf_bill.c.id == bill_id))).first()
    if bill is None:
        raise NotFound(E.BILL_NOT_FOUND, key=bill_id)
    if bill.status == BillStatus.PAID:
        raise Conflict(E.BILL_PAID, no=bill.no)
    if amount != bill.amount:
        raise AnjuError(E.AMOUNT_MISMATCH, paid=format_yuan(amount), due=format_yuan(bill.amount))
    hh = lock_household(conn, bill.household_id)
    _require_normal(hh)
    who = "开发建设单位" if bill.payer == Payer.DEVELOPER else "业主"
    posted = ledger.post(uow, actor, Posting(
        key=f"mf:bill:{bill.id}", voucher_date=paid_on, kind="mf.deposit", book=BOOK,
        summary=f"{BillKind(bill.kind).label} {hh.account_no} {who}交存 票据{receipt_no}",
        ref_type="mf_bill", ref_id=str(bill.id),
        lines=[Line.dr(BANK, amount, summary=bank_ref),
               Line.cr(HOUSEHOLD, amount, subledger=SUB_HOUSEHOLD, subledger_ref=hh.account_no)]),
        check_permission=False)
    totals = {"deposited": amount}
    if bill.kind == BillKind.FIRST:
        totals["first_paid"] = amount
    movement(uow, household=hh, amount=amount, day=paid_on, kind=TxnKind.DEPOSIT, voucher_id=posted.id,
             ref=bill.no, **totals)
    conn.execute(update(mf_bill).where(mf_bill.c.id == bill.id, mf_bill.c.status == BillStatus.BILLED)
                 .values(status=BillStatus.PAID.value, paid_on=paid_on, receipt_no=receipt_no.strip(),
                         bank_ref=bank_ref, voucher_id=posted.id))
    audit.record(uow, actor, action="maintfund.bill.receive", entity_type="mf_bill", entity_id=bill.id,
                 after={"amount": amount, "receipt_no": receipt_no, "voucher": posted.label})
    return posted.id


def topup_candidates(conn: Connection, *, as_of: date, area_id: int | None = None):
    """Households whose balance fell below the policy share (30 %) of their first deposit, without an open top-up
    bill: (id, account_no, first_paid, balance, amount to bill)."""
    share = policy_at(conn, as_of)["mf.topup_share"]
    h = mf_household.c
    open_bill = (select(mf_bill.c.id).where(mf_bill.c.household_id == h.id, mf_bill.c.kind == BillKind.TOPUP,
                                            mf_bill.c.status == BillStatus.BILLED).exists())
    q = (select(h.id, h.account_no, h.first_paid, h.balance)
         .where(h.status == HouseholdStatus.NORMAL, h.first_paid > 0, ~open_bill).order_by(h.account_no))
    if area_id is not None:
        q = q.where(h.area_id == area_id)
    return [(r.id, r.account_no, r.first_paid, r.balance, calc.topup_amount(first_deposit=r.first_paid,
                                                                             balance=r.balance))
            for r in conn.execute(q) if calc.needs_topup(first_deposit=r.first_paid, balance=r.balance, share=share)]


def bill_topups(uow: UnitOfWork, actor: Actor, *, as_of: date, area_id: int | None = None) -> list[int]:
    """Flag and bill every household below the top-up line (续筹 back to its first deposit). Two runners at once:
    the second waits for the first's transaction (an advisory lock on PostgreSQL; SQLite writers are serialised)
    and then finds the open bills, so nothing is billed twice."""
    require(actor, P.BILL)
    advisory_xact_lock(uow.conn, "mf.topup")
    ids = []
    for hid, _no, _first, _bal, amount in topup_candidates(uow.conn, as_of=as_of, area_id=area_id):
        ids.append(_bill(uow, actor, hid, BillKind.TOPUP, Payer.OWNER, amount, as_of))
    audit.record(uow, actor, action="maintfund.bill.topup", entity_type="mf_area", entity_id=area_id,
                 after={"bills": len(ids)})
    return ids


def set_task(uow: UnitOfWork, actor: Actor, *, year: int, amount: int) -> None:
    """The year's task of developers' arrears to recover (追缴任务, set by the city's 追缴办)."""
    require(actor, P.BILL)
    if amount <= 0:
        raise ValidationFailed([Problem.of(E.TASK_POSITIVE, field="追缴任务")])
    conn = uow.conn
    old = conn.execute(select(mf_task.c.amount).where(mf_task.c.year == year)).scalar()
    if old is None:
        conn.execute(insert(mf_task).values(year=year, amount=amount, set_by=actor.username, set_at=uow.now()))
    else:
        conn.execute(update(mf_task).where(mf_task.c.year == year)
                     .values(amount=amount, set_by=actor.username, set_at=uow.now()))
    audit.record(uow, actor, action="maintfund.task.set", entity_type="mf_task", entity_id=year,
                 before={"amount": old}, after={"amount": amount})


@dataclass(frozen=True)
class Arrears:
    year: int
    task: int  # fen; 0 when none is set
    recovered: int  # developers' payments of first deposits in the year
    outstanding: int  # developers' first-deposit bills still unpaid
    units: int  # unpaid units

    @property
    def rate(self) -> Decimal | None:
        return None if not self.task else Decimal(self.recovered) / Decimal(self.task)


def arrears(conn: Connection, *, year: int) -> Arrears:
    """Developers' arrears (追缴) against the year's task."""
    b = mf_bill.c
    dev = (b.payer == Payer.DEVELOPER) & (b.kind == BillKind.FIRST)
    recovered = conn.execute(select(func.coalesce(func.sum(b.amount), 0)).where(
        dev, b.status == BillStatus.PAID, b.paid_on >= date(year, 1, 1), b.paid_on < date(year + 1, 1, 1))).scalar_one()
    out, units = conn.execute(select(func.coalesce(func.sum(b.amount), 0), func.count())
                              .where(dev, b.status == BillStatus.BILLED)).one()
    task = conn.execute(select(mf_task.c.amount).where(mf_task.c.year == year)).scalar() or 0
    return Arrears(year, int(task), int(recovered), int(out), int(units))


# ------------------------------------------------------------------ transfers and refunds (item 6)


def apply_change(uow: UnitOfWork, actor: Actor, *, household_id: int, kind: ChangeKind, as_of: date,
                 new_owner_name: str = "", new_owner_id_no: str = "", new_property_unit_no: str | None = None,
                 reason: str = "") -> int:
    """Apply for a transfer with the title (过户) or a refund on the home's loss (灭失); another person approves."""
    require(actor, P.CHANGE)
    conn = uow.conn
    hh = lock_household(conn, household_id)
    _require_normal(hh)
    kind = ChangeKind(kind)
    pending = conn.execute(select(mf_change.c.kind).where(mf_change.c.household_id == household_id,
                                                          mf_change.c.status == ChangeStatus.APPLIED)).scalar()
    if pending:
        raise Conflict(E.CHANGE_PENDING, no=hh.account_no, kind=ChangeKind(pending).label)
    if kind is ChangeKind.TRANSFER:
        problems = []
        if not new_owner_name.strip() or not new_owner_id_no.strip():
            problems.append(Problem.of(E.NEW_OWNER_REQUIRED, field="受让人"))
        else:
            try:
                parse_resident_id(new_owner_id_no, as_of=as_of)
            except AnjuError:
                problems.append(Problem.of(E.ID_INVALID, field="受让人证件号码", value=new_owner_id_no))
        if problems:
            raise ValidationFailed(problems, summary="过户信息有误")
    elif hh.balance <= 0:
        raise AnjuError(E.REFUND_EMPTY, no=hh.account_no)
    cid = conn.execute(insert(mf_change).values(
        no=_next_no(conn, mf_change, f"BG{as_of.year}"), kind=kind.value, household_id=household_id,
        new_owner_name=new_owner_name.strip() or None, new_owner_id_no=new_owner_id_no.strip() or None,
        new_property_unit_no=new_property_unit_no, reason=reason or None,
        amount=hh.balance if kind is ChangeKind.REFUND else None, status=CHANGE.initial, applied_on=as_of,
        created_by=actor.username, created_at=uow.now()).returning(mf_change.c.id)).scalar_one()
    CHANGE.open(uow, actor, CHANGE.lock(conn, cid), on=as_of, note=reason,
                audit_after={"kind": kind.value, "household": hh.account_no})
    return cid


def approve_change(uow: UnitOfWork, actor: Actor, *, change_id: int, as_of: date, note: str = "") -> int:
    """Approve (not the applicant): a transfer opens the buyer's 分户账 with the balance (the seller's row 已过户);
    a refund pays the balance out (灭失销户). Both post in the fund's book. Returns the voucher id."""
    case = CHANGE.take(uow, actor, change_id, "approve")
    conn = uow.conn
    ch = case.row
    hh = lock_household(conn, ch.household_id)
    _require_normal(hh)
    if ch.kind == ChangeKind.TRANSFER:
        vid, new_id = _transfer(uow, actor, hh, ch, as_of)
        case.move(on=as_of, note=note, new_household_id=new_id, voucher_id=vid)
    else:
        vid = _refund(uow, actor, hh, ch, as_of)
        case.move(on=as_of, note=note, voucher_id=vid, amount=hh.balance)
    return vid


def reject_change(uow: UnitOfWork, actor: Actor, *, change_id: int, as_of: date, reason: str) -> None:
    CHANGE.take(uow, actor, change_id, "reject", reason=reason).move(on=as_of, note=reason)


def _transfer(uow: UnitOfWork, actor: Actor, hh, ch, as_of: date) -> tuple[int | None, int]:
    conn = uow.conn
    area = get_area(conn, hh.area_id)
    n = conn.execute(select(func.count()).select_from(mf_household).where(mf_household.c.area_id == area.id)).scalar_one()
    new_no = f"{area.code}-{n + 1:05d}"
    new_id = conn.execute(insert(mf_household).values(
        account_no=new_no, area_id=hh.area_id, building_id=hh.building_id, unit_no=hh.unit_no,
        property_unit_no=ch.new_property_unit_no or hh.property_unit_no, owner_name=ch.new_owner_name,
        owner_id_no=ch.new_owner_id_no, sold=True, floor_area=hh.floor_area, kind=hh.kind, standard=hh.standard,
        first_due=hh.first_due, first_paid=hh.first_paid, balance=0, deposited=0, interest=0, used=0, refunded=0,
        status=HouseholdStatus.NORMAL.value, opened_on=as_of, previous_id=hh.id, created_at=uow.now(),
        created_by=actor.username).returning(mf_household.c.id)).scalar_one()
    vid = None
    if hh.balance:
        vid = ledger.post(uow, actor, Posting(
            key=f"mf:change:{ch.id}", voucher_date=as_of, kind="mf.transfer", book=BOOK,
            summary=f"过户 {hh.account_no}→{new_no}", ref_type="mf_change", ref_id=str(ch.id),
            lines=[Line.dr(HOUSEHOLD, hh.balance, subledger=SUB_HOUSEHOLD, subledger_ref=hh.account_no),
                   Line.cr(HOUSEHOLD, hh.balance, subledger=SUB_HOUSEHOLD, subledger_ref=new_no)]),
            check_permission=False).id
        movement(uow, household=hh, amount=-hh.balance, day=as_of, kind=TxnKind.TRANSFER_OUT, voucher_id=vid,
                 ref=ch.no)
        new = lock_household(conn, new_id)
        movement(uow, household=new, amount=hh.balance, day=as_of, kind=TxnKind.TRANSFER_IN, voucher_id=vid,
                 ref=ch.no)
    conn.execute(update(mf_household).where(mf_household.c.id == hh.id)
                 .values(status=HouseholdStatus.TRANSFERRED.value, closed_on=as_of))
    conn.execute(update(mf_portal).where(mf_portal.c.household_id == hh.id).values(household_id=new_id))
    return vid, new_id


def _refund(uow: UnitOfWork, actor: Actor, hh, ch, as_of: date) -> int | None:
    vid = None
    if hh.balance:
        vid = ledger.post(uow, actor, Posting(
            key=f"mf:change:{ch.id}", voucher_date=as_of, kind="mf.refund", book=BOOK,
            summary=f"房屋灭失退还 {hh.account_no} {hh.owner_name}", ref_type="mf_change", ref_id=str(ch.id),
            lines=[Line.dr(HOUSEHOLD, hh.balance, subledger=SUB_HOUSEHOLD, subledger_ref=hh.account_no),
                   Line.cr(BANK, hh.balance)]), check_permission=False).id
        movement(uow, household=hh, amount=-hh.balance, day=as_of, kind=TxnKind.REFUND, voucher_id=vid, ref=ch.no,
                 refunded=hh.balance)
    uow.conn.execute(update(mf_household).where(mf_household.c.id == hh.id)
                     .values(status=HouseholdStatus.LOST.value, closed_on=as_of))
    return vid


# ------------------------------------------------------------------ income of the fund


def record_income(uow: UnitOfWork, actor: Actor, *, amount: int, day: date, doc_no: str, summary: str = "") -> int:
    """Income of the fund's 专户 (deposit interest, bond income; a bank's document number makes it idempotent):
    Dr 专户存款 / Cr 维修资金增值收益, allocated once a year by 积数."""
    require(actor, P.PAY)
    if not doc_no.strip():
        raise ValidationFailed([Problem.of(E.RECEIPT_REQUIRED, field="票据号")])
    posted = ledger.post(uow, actor, Posting(
        key=f"mf:income:{doc_no.strip()}", voucher_date=day, kind="mf.income", book=BOOK,
        summary=summary or f"维修资金专户利息收入 {doc_no}",
        lines=[Line.dr(BANK, amount), Line.cr("M4101", amount)]), check_permission=False)
    if posted.created:
        audit.record(uow, actor, action="maintfund.income", entity_type="voucher", entity_id=posted.id,
                     after={"amount": amount, "doc_no": doc_no})
    return posted.id


# ------------------------------------------------------------------ portal links


def link_portal(uow: UnitOfWork, actor: Actor, *, username: str, household_id: int | None = None,
                area_id: int | None = None) -> None:
    """Let a user read one household account (an owner) or one area (its owners' committee)."""
    require(actor, P.REGISTER)
    conn = uow.conn
    conn.execute(mf_portal.delete().where(mf_portal.c.username == username))
    conn.execute(insert(mf_portal).values(username=username, household_id=household_id, area_id=area_id))
    audit.record(uow, actor, action="maintfund.portal.link", entity_type="mf_portal", entity_id=username,
                 after={"household": household_id, "area": area_id})
