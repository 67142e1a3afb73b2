"""The yearly bank assessment (受托银行考核, issue 19 item 6): indicators computed from the data, manual ones entered
by finance, a weighted 100-point sheet per bank (``assess_calc``), kept per year and bank (``bank_assessment``),
finalised, and printed in Word and Excel. A final score drives the next year's fee factor (``fees``).

Indicators from the data, per bank and year:
- 归集业务量 = Σ Cr 201 in vouchers with Dr the bank's 101xx (``ledger.queries.bank_counterpart``); growth against
  the year before; share of all banks' (target: an equal share);
- 贷款发放额 = Σ Dr 121 in vouchers with Cr 101xx; share of all banks' (target: an equal share);
- 受托贷款逾期率 = overdue principal ÷ principal of the bank's loans (``loan.queries.balances_by_bank``, as they are
  now: run it at the year's end);
- 回盘差错率 = failed ÷ answered lines of the year's payment and deduction files (``withdrawal.queries``,
  ``loan.queries``);
- 资金到账及时率 = the bank's credited statement lines, matched, dated at most one day after their voucher ÷ the
  matched ones; 对账差错笔数 = statement lines flagged 金额不符 (both from the settle area's statements: until a
  bank's statements are imported these read 暂无数据 and may be entered by hand).
"""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import Connection, insert, select, update

from anju.auth import audit
from anju.auth.actor import Actor, require
from anju.bank import queries as bank_queries
from anju.core.errors import Conflict, Problem, ValidationFailed
from anju.db.locks import for_update
from anju.db.uow import UnitOfWork
from anju.ledger import queries as ledger_queries
from anju.loan import queries as loan_queries
from anju.policy.store import policy_at
from anju.settle.assess_calc import CODES, TEMPLATE, Item, Sheet, evaluate, with_targets
from anju.settle.bank_tables import bank_assessment
from anju.settle.codes import AssessStatus
from anju.settle.errors import SettleError
from anju.settle.permissions import PB
from anju.settle.tables import bank_match_book, bank_statement_line
from anju.withdrawal import queries as withdrawal_queries


def _ratio(part: int, whole: int) -> Decimal | None:
    return None if not whole else Decimal(part) / Decimal(whole)


def _bank_of(conn: Connection, account_code: str) -> tuple[str, str] | None:
    """(bank code, ledger sub-account) of a settle account code: a 专户 number, or a bank code."""
    acc = bank_queries.account(conn, account_code)
    if acc is not None:
        return acc.bank_code, acc.ledger_code
    if bank_queries.bank_code_exists(conn, account_code):
        return account_code, f"101{account_code}"
    return None


def statement_figures(conn: Connection, year: int) -> dict[str, dict[str, Decimal | None]]:
    """The hook on the settle area's statements: per bank, 到账及时率 and 对账差错笔数 of the year (absent: no
    statement of that bank imported in the year)."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    s = bank_statement_line.c
    lines = conn.execute(select(s.account_code, s.txn_date, s.amount, s.match_id, s.suspect)
                         .where(s.txn_date >= start, s.txn_date < end)).all()
    per: dict[str, dict[str, int]] = {}
    matched: dict[str, list[tuple[str, date, int]]] = {}
    banks: dict[str, tuple[str, str] | None] = {}
    for ln in lines:
        if ln.account_code not in banks:
            banks[ln.account_code] = _bank_of(conn, ln.account_code)
        where = banks[ln.account_code]
        if where is None:
            continue
        f = per.setdefault(where[0], {"errors": 0, "lines": 0, "on_time": 0})
        if ln.suspect:
            f["errors"] += 1
        if ln.amount > 0 and ln.match_id is not None:
            matched.setdefault(where[1], []).append((where[0], ln.txn_date, ln.match_id))
    for ledger_code, items in matched.items():
        ids = {m for _, _, m in items}
        book = dict(conn.execute(select(bank_match_book.c.match_id, bank_match_book.c.voucher_line_id)
                                 .where(bank_match_book.c.match_id.in_(ids))).all())
        sub = ledger_queries.subaccount_lines(ledger_code).subquery()
        days = dict(conn.execute(select(sub.c.id, sub.c.voucher_date).where(sub.c.id.in_(set(book.values())))).all())
        for bank, txn_date, match_id in items:
            booked = days.get(book.get(match_id))
            if booked is None:
                continue
            per[bank]["lines"] += 1
            if txn_date <= booked + timedelta(days=1):
                per[bank]["on_time"] += 1
    return {b: {"timeliness": _ratio(f["on_time"], f["lines"]), "recon_errors": Decimal(f["errors"])}
            for b, f in per.items()}


def data_figures(conn: Connection, year: int) -> dict[str, dict[str, Decimal | None]]:
    """Every data indicator of the template, per active bank (None: no data)."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    prev = date(year - 1, 1, 1)
    banks = [b.code for b in bank_queries.banks(conn, active_only=True)]
    collect = ledger_queries.bank_counterpart(conn, "201", start=start, end=end, bank_side="debit")
    collect_prev = ledger_queries.bank_counterpart(conn, "201", start=prev, end=start, bank_side="debit")
    lent = ledger_queries.bank_counterpart(conn, "121", start=start, end=end, bank_side="credit")
    balances = loan_queries.balances_by_bank(conn)
    paid = withdrawal_queries.payout_outcomes(conn, start=start, end=end)
    deducted = loan_queries.deduction_outcomes(conn, start=start, end=end)
    stmts = statement_figures(conn, year)
    total_collect = sum(v[0] for v in collect.values())
    total_lent = sum(v[0] for v in lent.values())
    out = {}
    for b in banks:
        this, last = collect.get(b, (0, 0))[0], collect_prev.get(b, (0, 0))[0]
        answered = paid.get(b, (0, 0))[0] + deducted.get(b, (0, 0))[0]
        failed = paid.get(b, (0, 0))[1] + deducted.get(b, (0, 0))[1]
        out[b] = {
            "collect_amount": Decimal(this), "loan_amount": Decimal(lent.get(b, (0, 0))[0]),
            "collect_growth": None if not last else Decimal(this - last) / Decimal(last),
            "collect_share": _ratio(this, total_collect), "loan_share": _ratio(lent.get(b, (0, 0))[0], total_lent),
            "overdue_rate": _ratio(balances.get(b, (0, 0))[1], balances.get(b, (0, 0))[0]),
            "result_error_rate": _ratio(failed, answered),
            "timeliness": stmts.get(b, {}).get("timeliness"), "recon_errors": stmts.get(b, {}).get("recon_errors"),
        }
    return out


def template(conn: Connection, year: int) -> tuple[Item, ...]:
    """The sheet with this year's targets (policy ``settle.assess_*``; shares: an equal share of the banks)."""
    p = policy_at(conn, date(year, 12, 31))
    n = len(bank_queries.banks(conn, active_only=True)) or 1
    equal = Decimal(1) / Decimal(n)
    return with_targets(TEMPLATE, {
        "collect_growth": (p["settle.assess_growth_target"], None), "collect_share": (equal, None),
        "loan_share": (equal, None),
        "overdue_rate": (p["settle.assess_overdue_target"], p["settle.assess_overdue_zero"]),
        "timeliness": (p["settle.assess_timeliness_target"], None),
        "result_error_rate": (p["settle.assess_result_error_target"], p["settle.assess_result_error_zero"]),
        "recon_errors": (Decimal(0), Decimal(p["settle.assess_recon_errors_zero"])),
        "link_availability": (p["settle.assess_link_target"], None),
    })


def _decode_manual(text: str | None) -> dict:
    m = json.loads(text or "{}")
    return {"actuals": {k: Decimal(v) for k, v in m.get("actuals", {}).items()},
            "deductions": tuple((r, Decimal(d)) for r, d in m.get("deductions", [])), "veto": m.get("veto")}


def _sheet(conn: Connection, year: int, bank: str, figures: dict, manual: dict) -> Sheet:
    actuals = {c: v for c, v in figures.get(bank, {}).items() if c in CODES}
    actuals.update(manual["actuals"])  # a hand-entered value wins (an indicator without data, a correction)
    return evaluate(template(conn, year), actuals, deductions=manual["deductions"], veto=manual["veto"])


def _store(uow: UnitOfWork, actor: Actor, year: int, bank: str, sheet: Sheet, manual_json: str, figures: dict):
    conn = uow.conn
    items = [{"code": r.item.code, "group": r.item.group, "name": r.item.name, "weight": str(r.item.weight),
              "target": None if r.item.target is None else str(r.item.target),
              "zero_at": None if r.item.zero_at is None else str(r.item.zero_at), "rule": r.item.rule,
              "unit": r.item.unit, "source": r.item.source, "actual": None if r.actual is None else str(r.actual),
              "score": str(r.score), "note": r.note} for r in sheet.rows]
    extra = {k: str(v) for k, v in figures.get(bank, {}).items() if k not in CODES and v is not None}
    values = {"manual_json": manual_json, "score": str(sheet.total), "grade": sheet.grade, "computed_at": uow.now(),
              "items_json": json.dumps({"items": items, "figures": extra,
                                        "deductions": [[r, str(d)] for r, d in sheet.deductions],
                                        "veto": sheet.veto}, ensure_ascii=False)}
    row = conn.execute(for_update(conn, select(bank_assessment).where(bank_assessment.c.year == year,
                                                                       bank_assessment.c.bank_code == bank))).first()
    if row is None:
        conn.execute(insert(bank_assessment).values(year=year, bank_code=bank, status=AssessStatus.DRAFT,
                                                    created_at=uow.now(), created_by=actor.username, **values))
    elif row.status == AssessStatus.FINAL:
        raise Conflict(SettleError.ASSESS_FINAL, year=year, bank=bank)
    else:
        conn.execute(update(bank_assessment).where(bank_assessment.c.id == row.id,
                                                   bank_assessment.c.status == AssessStatus.DRAFT).values(**values))


def compute(uow: UnitOfWork, actor: Actor, *, year: int, bank_code: str | None = None) -> dict[str, Sheet]:
    """Compute (again) the year's sheets of every active bank, or one; a final one is left as it is."""
    require(actor, PB.ASSESS)
    conn = uow.conn
    figures = data_figures(conn, year)
    out = {}
    for bank in ([bank_code] if bank_code else list(figures)):
        row = conn.execute(select(bank_assessment.c.status, bank_assessment.c.manual_json).where(
            bank_assessment.c.year == year, bank_assessment.c.bank_code == bank)).first()
        if row is not None and row.status == AssessStatus.FINAL:
            if bank_code:
                raise Conflict(SettleError.ASSESS_FINAL, year=year, bank=bank)
            continue
        manual_json = row.manual_json if row else "{}"
        sheet = _sheet(conn, year, bank, figures, _decode_manual(manual_json))
        _store(uow, actor, year, bank, sheet, manual_json, figures)
        out[bank] = sheet
    audit.record(uow, actor, action="settle.assess.compute", entity_type="bank_assessment", entity_id=str(year),
                 after={b: str(s.total) for b, s in out.items()})
    return out


def enter(uow: UnitOfWork, actor: Actor, *, year: int, bank_code: str, actuals: dict[str, str] | None = None,
          deductions: list[tuple[str, str]] | None = None, veto: str | None = None) -> Sheet:
    """Enter manual indicators (and corrections), deductions (违规扣分) and a veto; the sheet is scored again."""
    require(actor, PB.ASSESS)
    problems: list[Problem] = []
    parsed: dict[str, str] = {}
    for code, value in (actuals or {}).items():
        if code not in CODES:
            problems.append(Problem.of(SettleError.ASSESS_ITEM_UNKNOWN, field="考核指标", item=code))
            continue
        try:
            text = str(value).strip()
            d = Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
        except (InvalidOperation, ValueError):
            problems.append(Problem.of(SettleError.ASSESS_VALUE, field="考核指标", item=code, value=value))
            continue
        if d < 0:
            problems.append(Problem.of(SettleError.ASSESS_VALUE, field="考核指标", item=code, value=value))
            continue
        parsed[code] = str(d)
    cuts = []
    for reason, points in deductions or []:
        try:
            cuts.append([reason, str(Decimal(str(points)))])
        except InvalidOperation:
            problems.append(Problem.of(SettleError.ASSESS_VALUE, field="扣分", item=reason, value=points))
    if problems:
        raise ValidationFailed(problems, summary="考核指标有误")
    conn = uow.conn
    old = conn.execute(select(bank_assessment.c.manual_json).where(bank_assessment.c.year == year,
                                                                   bank_assessment.c.bank_code == bank_code)).scalar()
    merged = json.loads(old or "{}")
    merged.setdefault("actuals", {}).update(parsed)
    if deductions is not None:
        merged["deductions"] = cuts
    if veto is not None:
        merged["veto"] = veto or None
    manual_json = json.dumps(merged, ensure_ascii=False, sort_keys=True)
    figures = data_figures(conn, year)
    sheet = _sheet(conn, year, bank_code, figures, _decode_manual(manual_json))
    _store(uow, actor, year, bank_code, sheet, manual_json, figures)
    audit.record(uow, actor, action="settle.assess.enter", entity_type="bank_assessment",
                 entity_id=f"{year}:{bank_code}", after=merged)
    return sheet


def finalise(uow: UnitOfWork, actor: Actor, *, year: int, bank_code: str) -> None:
    require(actor, PB.ASSESS)
    n = uow.conn.execute(update(bank_assessment).where(
        bank_assessment.c.year == year, bank_assessment.c.bank_code == bank_code,
        bank_assessment.c.status == AssessStatus.DRAFT).values(status=AssessStatus.FINAL,
                                                               finalised_by=actor.username)).rowcount
    if n != 1:
        raise Conflict(SettleError.ASSESS_FINAL, year=year, bank=bank_code)
    audit.record(uow, actor, action="settle.assess.finalise", entity_type="bank_assessment",
                 entity_id=f"{year}:{bank_code}", after={"status": AssessStatus.FINAL})


# ----------------------------------------------------------------------------------------- reading and printing


def stored(conn: Connection, year: int) -> list[dict]:
    """The year's stored sheets, by bank: {bank_code, bank, score, grade, status, items, figures, deductions,
    veto}."""
    names = bank_queries.short_names(conn)
    out = []
    for r in conn.execute(select(bank_assessment).where(bank_assessment.c.year == year)
                          .order_by(bank_assessment.c.bank_code)):
        data = json.loads(r.items_json or "{}") or {}
        out.append({"bank_code": r.bank_code, "bank": names.get(r.bank_code, r.bank_code), "score": r.score,
                    "grade": r.grade, "status": r.status, "status_label": AssessStatus(r.status).label,
                    "items": data.get("items", []), "figures": data.get("figures", {}),
                    "deductions": data.get("deductions", []), "veto": data.get("veto")})
    return out


def show_value(item: dict, key: str = "actual") -> str:
    v = item.get(key)
    if v is None:
        return "暂无数据" if key == "actual" else ""
    d = Decimal(v)
    if item["unit"] == "%":
        return f"{(d * 100).quantize(Decimal('0.01'))}%"
    return f"{d.normalize():f}"


HEADERS = ("受托银行", "一级指标", "二级指标", "分值", "目标值", "零分线", "实际值", "数据来源", "得分", "计分说明")


def xlsx(conn: Connection, year: int) -> bytes:
    from anju.core.sheets import write_table

    rows = []
    for s in stored(conn, year):
        for it in s["items"]:
            rows.append([s["bank"], it["group"], it["name"], it["weight"], show_value(it, "target"),
                         show_value(it, "zero_at"), show_value(it), "业务数据" if it["source"] == "data" else "人工填报",
                         it["score"], it["note"]])
        for reason, points in s["deductions"]:
            rows.append([s["bank"], "扣分项", reason, "", "", "", "", "人工填报", f"-{points}", "违规扣分"])
        if s["veto"]:
            rows.append([s["bank"], "一票否决", s["veto"], "", "", "", "", "人工填报", "0", "总分计0分"])
        rows.append([s["bank"], "合计", f"等级：{s['grade']}（{s['status_label']}）", "100", "", "", "", "", s["score"], ""])
    notes = [f"{year}年度受托银行考核评分表",
             "计分：高优指标 分值×实际值÷目标值（不超过分值）；低优指标 不高于目标值得满分、达到零分线得0分、其间按比例；",
             "总分 = 各项得分之和 − 扣分；一票否决计0分。等级：优≥90，良≥80，中≥60，差<60。"]
    return write_table(HEADERS, rows, sheet="考核评分", notes=notes)


def docx(conn: Connection, year: int, *, centre: str = "") -> bytes:
    """The year's assessment report in Word: a summary table of the banks, then each bank's sheet."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(10.5)
    doc.add_heading(f"{centre}{year}年度受托银行考核结果", level=1)
    sheets = stored(conn, year)
    doc.add_paragraph(f"根据委托协议的考核条款，对{len(sheets)}家受托银行{year}年度的归集扩面、贷款业务、贷后管理、"
                      "结算与对账、直联系统、窗口服务、合规与安全情况进行了考核，结果如下。考核结果作为手续费考核系数和"
                      "资金存放的依据。")
    t = doc.add_table(rows=1, cols=4)
    t.style = "Table Grid"
    for c, h in zip(t.rows[0].cells, ("受托银行", "得分", "等级", "状态"), strict=True):
        c.text = h
    for s in sheets:
        cells = t.add_row().cells
        for c, v in zip(cells, (s["bank"], s["score"] or "", s["grade"] or "", s["status_label"]), strict=True):
            c.text = str(v)
    for s in sheets:
        doc.add_heading(f"{s['bank']}：{s['score']}分（{s['grade']}）", level=2)
        t = doc.add_table(rows=1, cols=6)
        t.style = "Table Grid"
        for c, h in zip(t.rows[0].cells, ("一级指标", "二级指标", "分值", "目标值", "实际值", "得分"), strict=True):
            c.text = h
        for it in s["items"]:
            cells = t.add_row().cells
            for c, v in zip(cells, (it["group"], it["name"], it["weight"], show_value(it, "target"),
                                    show_value(it), it["score"]), strict=True):
                c.text = str(v)
        for reason, points in s["deductions"]:
            doc.add_paragraph(f"扣分：{reason}，扣{points}分。")
        if s["veto"]:
            doc.add_paragraph(f"一票否决：{s['veto']}，总分计0分。")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()

