"""A second opinion for the indicator catalogue: every indicator computed slowly and plainly in Python.

The raw rows (member sub-ledger, accounts, employers, remittance lists and refunds, loans with their
instalments and movements, loan write-offs, GL vouchers and lines, the audit trail) are read once into lists;
each figure is then a loop over them, written from the indicator's Chinese definition. Nothing here calls the
production indicator code, its queries (``ledger.queries``, ``registry.txn_summary``, ``deposit.queries`` …) or
its constants; only table definitions and code enums (labels) are shared.

Where the definition names another source for the same figure, the reference uses the other source: the
缴存余额 from the member sub-ledger (production reads GL 201), the 贷款余额 and 逾期贷款金额 from the GL accounts
121/122 (production reads the loan sub-ledger), the 核销 amount from the write-off records, the entrusted bank of
contributions from each sub-ledger row's own list.

Values: money in fen (int), counts (int), ratios as exact :class:`~fractions.Fraction` (production returns a
Decimal of 28 significant digits; compare with :func:`same`). ``None`` where a ratio's divisor is zero.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from sqlalchemy import Connection, select

from anju.auth.tables import audit_log
from anju.bank.tables import entrusted_bank
from anju.compliance.tables import audit_hit, audit_scan, complaint, enforcement_case, fraud_case
from anju.deposit.tables import deferral, refund, remittance, remittance_line
from anju.eservice.tables import certificate, evaluation, followup, notice
from anju.ledger.tables import gl_account, voucher, voucher_line
from anju.loan.codes import Purpose
from anju.loan.tables import loan, loan_instalment, loan_txn, loan_write_off
from anju.maintfund.codes import ProjectKind
from anju.maintfund.tables import mf_bill, mf_household, mf_project, mf_task, mf_txn
from anju.org.tables import branch
from anju.policy.store import policy_at
from anju.registry.codes import EmployerKind, TxnType
from anju.registry.tables import account, account_terms, employer, member_txn, person
from anju.transfer.tables import transfer_centre, transfer_in, transfer_out
from anju.treasury.tables import investment
from anju.withdrawal.codes import Reason

FLEX = "灵活就业人员"

# Indicators the reference cannot compute, with the reason. Empty: every indicator has a second opinion.
NOT_COMPUTED: dict[str, str] = {}

# 住房消费类, as the definition of withdrawal.housing_amount lists them: 购建、还贷、租房、装修、物业费、加装电梯、代际互助.
HOUSING = {Reason.PURCHASE.value, Reason.BUILD.value, Reason.LOAN_REPAYMENT.value, Reason.RENT.value,
           Reason.DECORATION.value, Reason.PROPERTY_FEE.value, Reason.ELEVATOR.value, Reason.INTERGENERATIONAL.value}

# Business a member or an employer comes to do (for 离柜率): whole audit action names, listed one by one.
# Sign-ins, administration, the centre's own processing steps (review, approval, payment) and batch jobs are not.
BUSINESS_ACTIONS = {
    "registry.employer.open", "registry.employer.change", "registry.employer.ratios", "registry.employer.status",
    "registry.account.open", "registry.account.open_flexible", "registry.account.seal", "registry.account.reopen",
    "registry.account.transfer", "registry.account.base", "registry.account.ratio", "registry.account.unfreeze",
    "registry.person.spouse",
    "deposit.list.generate", "deposit.list.import", "deposit.list.cancel", "deposit.deferral.apply",
    "deposit.base_adjust",
    "withdrawal.apply", "loan.application.apply", "transfer.out", "transfer.in.apply", "transfer.merge.apply",
    "transfer.certificate.issue",
}
ONLINE = {"employer_portal", "member_portal", "api", "kiosk"}
CHANNEL_NAMES = {"counter": "柜面", "employer_portal": "单位网厅", "member_portal": "个人网厅", "api": "接口",
                 "kiosk": "自助终端", "cli": "命令行", "batch": "批处理"}
# 业务类别 of an audit action (离柜率 by kind, 好差评), by prefix as the digital-services area groups them.
KINDS = (("registry.", "账户业务"), ("deposit.", "缴存业务"), ("withdrawal.", "提取业务"), ("loan.", "贷款业务"),
         ("transfer.", "转移接续"), ("eservice.cert.", "证明开具"))
KIND_OF = {"account": "账户业务", "deposit": "缴存业务", "withdrawal": "提取业务", "loan": "贷款业务", "transfer": "转移接续",
           "certificate": "证明开具"}
EVENT_NAMES = {"deposit_posted": "到账提醒", "repay_due": "还款提醒", "overdue": "逾期提醒", "withdrawal_paid": "提取到账",
               "decision": "审批结果"}
CERT_NAMES = {"deposit": "住房公积金缴存证明", "loan_settled": "个人住房公积金贷款结清证明", "withdrawal": "住房公积金提取回执",
              "remote_loan": "异地贷款职工住房公积金缴存使用证明"}

# Overdue age bands (days since the due date of the oldest unpaid overdue instalment), as published.
AGE_BANDS = [("1个月以内", 1, 30), ("1-3个月", 31, 90), ("3-6个月", 91, 180), ("6-12个月", 181, 365),
             ("1-3年", 366, 1095), ("3年以上", 1096, 10 ** 9)]

# What a loan movement is, read from its type code (DKYWMXLX): the repayments of principal, and 冲正.
LOAN_REPAYMENTS = {"02", "03", "04", "05", "06"}  # 正常/提前/逾期/公积金提取还款, 结清
LOAN_REVERSAL = "92"
LOAN_WRITE_OFF = "09"
LOAN_DISBURSE = "01"

# The status an account has after each event of the member sub-ledger (GRZHZT).
STATUS_AFTER = {"03": "01", "04": "01", "06": "01", "08": "01", "05": "02", "07": "04", "12": "05"}
CONTRIBUTION = {"01", "02"}
WITHDRAWAL = {"11", "12"}


def ratio(a, b) -> Fraction | None:
    if a is None or b is None or b == 0:
        return None
    return Fraction(a) / Fraction(b)


def growth(this, last) -> Fraction | None:
    if this is None or last is None or last == 0:
        return None
    return Fraction(this) / Fraction(last) - 1


def same(production, reference) -> bool:
    """Equal money and counts; ratios equal to 20 decimal places (production divides in 28-digit Decimal)."""
    if production is None or reference is None:
        return production is None and reference is None
    if isinstance(reference, Fraction) or isinstance(production, Decimal):
        return abs(Fraction(production) - Fraction(reference)) < Fraction(1, 10 ** 20)
    return production == reference and type(production) is int


def _month_ends(start: date, end: date) -> list[date]:
    """The last day of every month that the half-open period [start, end) touches, cut at the period's end."""
    out, d = [], date(start.year, start.month, 1)
    while d < end:
        nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        out.append(min(nxt, end) - timedelta(days=1))
        d = nxt
    return out


def _next_month(m: int) -> int:
    return m + 1 if m % 100 < 12 else (m // 100 + 1) * 100 + 1


def _months(first: int, last: int) -> list[int]:
    out, m = [], first
    while m <= last:
        out.append(m)
        m = _next_month(m)
    return out


class Reference:
    """Reads everything once; ``value(code, start, end)`` and ``by(code, start, end, dim)`` for any period."""

    def __init__(self, conn: Connection) -> None:
        def rows(table, *order):
            return [r._asdict() for r in conn.execute(select(table).order_by(*(order or table.primary_key.columns)))]

        self.txns = rows(member_txn, member_txn.c.txn_date, member_txn.c.id)  # in the order they happened
        # letters that moved money: credited here (in), paid away (out), with the counterpart centre's name
        names = {r["code"]: r["name"] for r in rows(transfer_centre)}
        self._letters = {
            "in": [{"day": r["credited_on"], "amount": r["amount"], "centre": names.get(r["from_centre"], r["from_centre"])}
                   for r in rows(transfer_in) if r["status"] == "credited"],
            "out": [{"day": r["paid_on"], "amount": r["amount"], "centre": names.get(r["to_centre"], r["to_centre"])}
                    for r in rows(transfer_out) if r["status"] in ("paid", "done")]}
        self.accounts = {r["id"]: r for r in rows(account)}
        self.terms = rows(account_terms)
        self.employers = {r["id"]: r for r in rows(employer)}
        self.banks = {r["code"]: r["short_name"] for r in rows(entrusted_bank)}
        self.branches = {r["code"]: r["name"] for r in rows(branch)}
        self.live_lists = {rid for (rid,) in conn.execute(select(remittance_line.c.remittance_id).where(
            remittance_line.c.refund_id.is_(None)).distinct())}
        self.remittances = {r["id"]: r for r in rows(remittance)}
        self.refunds = {r["id"]: r for r in rows(refund)}
        self.deferrals = rows(deferral)
        self.loans = {r["id"]: r for r in rows(loan)}
        self.loan_txns = rows(loan_txn)
        self.instalments: dict[int, list[dict]] = defaultdict(list)
        for i in rows(loan_instalment):
            self.instalments[i["loan_id"]].append(i)
        self.write_offs = rows(loan_write_off)
        self.audit = rows(audit_log)
        self.evaluations = rows(evaluation)
        self.followups = rows(followup)
        self.notices = rows(notice)
        self.certificates = rows(certificate)
        self.gl = {r["code"]: r for r in rows(gl_account)}
        self.mf_txns = rows(mf_txn)
        self.mf_households = rows(mf_household)
        self.mf_tasks = rows(mf_task)
        self.mf_bills = rows(mf_bill)
        self.mf_projects = rows(mf_project)
        self.scans = rows(audit_scan)
        self.hits = rows(audit_hit)
        self.fraud_cases = rows(fraud_case)
        self.enforcement_cases = rows(enforcement_case)
        self.complaints = rows(complaint)
        self.persons = {r["id"]: r for r in rows(person)}
        self._conn = conn
        self.investments = rows(investment)
        vouchers = {r["id"]: r for r in rows(voucher)}
        self.lines = [{**ln, "date": vouchers[ln["voucher_id"]]["voucher_date"], "kind": vouchers[ln["voucher_id"]]["kind"]}
                      for ln in rows(voucher_line)]

    # ------------------------------------------------------------------------------------------------ helpers

    def _txns(self, start: date, end: date, types) -> list[dict]:
        return [t for t in self.txns if start <= t["txn_date"] < end and t["type"] in types]

    def _kind_group(self, employer_id) -> str:
        return FLEX if employer_id is None else EmployerKind(self.employers[employer_id]["kind"]).report_group

    @functools.cache  # noqa: B019 (one Reference per check)
    def _under(self, code: str) -> frozenset[str]:
        """The account and all its descendants in the chart (by parent links, not by code prefix)."""
        found, todo = {code}, [code]
        while todo:
            parent = todo.pop()
            for c, a in self.gl.items():
                if a["parent_code"] == parent and c not in found:
                    found.add(c)
                    todo.append(c)
        return frozenset(found)

    def gl_balance(self, code: str, day: date) -> int:
        """Balance in the account's normal direction at the end of ``day``."""
        codes = self._under(code)
        net = sum(ln["debit"] - ln["credit"] for ln in self.lines if ln["account_code"] in codes and ln["date"] <= day)
        return net if self.gl[code]["cls"] in ("asset", "expense") else -net

    def _gl_flow(self, codes: set[str], start: date, end: date) -> dict[str, int]:
        """Σ(debit − credit) per leaf over the period, leaving out the year-end closing vouchers (年终结转)."""
        out: dict[str, int] = defaultdict(int)
        for ln in self.lines:
            if ln["account_code"] in codes and start <= ln["date"] < end and not ln["kind"].startswith("yearend."):
                out[ln["account_code"]] += ln["debit"] - ln["credit"]
        return out

    def _bank_of_txn(self, t: dict) -> str:
        if t["ref_type"] == "remittance":
            return self.remittances[t["ref_id"]]["bank_code"]
        if t["ref_type"] == "refund":
            return self.remittances[self.refunds[t["ref_id"]]["remittance_id"]]["bank_code"]
        raise AssertionError(f"a contribution row without its list: {t}")

    def status_counts(self, day: date) -> dict[str, int]:
        """Accounts by status at the end of ``day``, replaying each account's status events in order."""
        status: dict[int, str] = {}
        for t in self.txns:
            if t["txn_date"] <= day and t["type"] in STATUS_AFTER:
                status[t["account_id"]] = STATUS_AFTER[t["type"]]
        out: dict[str, int] = defaultdict(int)
        for s in status.values():
            out[s] += 1
        return dict(out)

    def _loan_owed(self, day: date) -> dict[int, tuple[int, int]]:
        """Loan id → (normal principal, overdue principal) at the end of ``day``, from the loan sub-ledger."""
        out: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for t in self.loan_txns:
            if t["txn_date"] <= day:
                out[t["loan_id"]][0] += t["principal"]
                out[t["loan_id"]][1] += t["overdue_principal"]
        return {k: (a, b) for k, (a, b) in out.items()}

    def _overdue_loans(self, day: date) -> list[tuple[int, int, int]]:
        """(loan, overdue principal, days overdue) for each loan owing overdue principal at the end of ``day``."""
        out = []
        for lid, (_, overdue) in sorted(self._loan_owed(day).items()):
            if overdue == 0:
                continue
            unpaid = [i["due_date"] for i in self.instalments[lid] if i["overdue_on"] is not None
                      and i["overdue_on"] <= day and (i["paid_on"] is None or i["paid_on"] > day)]
            out.append((lid, overdue, (day - min(unpaid)).days if unpaid else 1))
        return out

    def _issued(self, start: date, end: date) -> list[dict]:
        return [ln for ln in self.loans.values() if start <= ln["disbursed_on"] < end]

    def _business(self, start: date, end: date) -> list[dict]:
        return [a for a in self.audit if start <= a["at"].date() < end and a["channel"] != "batch"
                and a["action"] in BUSINESS_ACTIONS]

    # ------------------------------------------------------------------------------------------------ values

    def value(self, code: str, start: date, end: date):
        return getattr(self, "v_" + code.replace(".", "_"))(start, end)

    def by(self, code: str, start: date, end: date, dim: str) -> dict:
        return getattr(self, "b_" + code.replace(".", "_"))(start, end, dim)

    def covered(self) -> set[str]:
        return {name[2:].replace("_", ".", 1) for name in dir(self) if name.startswith("v_")}

    @staticmethod
    def _prev(start: date, end: date) -> tuple[date, date]:
        def back(d: date) -> date:
            return d.replace(year=d.year - 1) if not (d.month == 2 and d.day == 29) else d.replace(year=d.year - 1, day=28)

        return back(start), back(end)

    # deposit --------------------------------------------------------------------------------------------

    def v_deposit_amount(self, s, e):
        return sum(t["amount"] for t in self._txns(s, e, CONTRIBUTION))

    def b_deposit_amount(self, s, e, dim):
        out: dict[str, int] = defaultdict(int)
        for t in self._txns(s, e, CONTRIBUTION):
            if dim == "type":
                key = TxnType(t["type"]).label
            elif dim == "employer_kind":
                key = self._kind_group(t["employer_id"])
            elif dim == "branch":
                key = FLEX if t["employer_id"] is None else self.branches[self.employers[t["employer_id"]]["branch_code"]]
            else:
                key = self.banks[self._bank_of_txn(t)]
            out[key] += t["amount"]
        return dict(out)

    def v_deposit_remit(self, s, e):
        return sum(t["amount"] for t in self._txns(s, e, {"01"}))

    def v_deposit_back_pay(self, s, e):
        return sum(t["amount"] for t in self._txns(s, e, {"02"}))

    def v_deposit_balance(self, s, e):
        last = e - timedelta(days=1)
        return sum(t["amount"] for t in self.txns if t["txn_date"] <= last)  # every member account's balance

    def v_deposit_balance_avg(self, s, e):
        ends = _month_ends(s, e)
        total = sum(self.v_deposit_balance(s, d + timedelta(days=1)) for d in ends)
        return int((Decimal(total) / len(ends)).quantize(Decimal(1), ROUND_HALF_UP))  # half-up to the fen

    def v_deposit_total_to_date(self, s, e):
        return sum(t["amount"] for t in self.txns if t["type"] in CONTRIBUTION and t["txn_date"] < e)

    def v_deposit_rate(self, s, e):
        """实缴 ÷ (实缴 + 期末仍欠缴). 实缴: contributions for the period's months booked by its end.

        欠缴 as production reads it: the paid-through month as it stood at the period's end (the last month of
        the 汇缴 lists paid by then with a line not refunded), but today's normal accounts and their amounts;
        and a month an employer missed stays owed after its 补缴 (paid-through moves
        with 汇缴 lists only), while the 补缴 also counts as paid. So: for each employer not closed, the months
        after the last month of its posted 汇缴 lists (from its first month) through the last month due by the
        period's end (five days after its pay day, at most the 28th), inside the period, not under an approved
        缓缴, times what its accounts now in normal status pay a month."""
        first, last_day = s.year * 100 + s.month, e - timedelta(days=1)
        last = last_day.year * 100 + last_day.month
        paid = sum(t["amount"] for t in self.txns if t["type"] in CONTRIBUTION and t["month"] is not None
                   and first <= t["month"] <= last and t["txn_date"] < e)
        owed = 0
        monthly_of: dict[int, int] = defaultdict(int)
        for a in self.accounts.values():
            if a["employer_id"] is not None and a["status"] == "01":
                monthly_of[a["employer_id"]] += a["employer_amount"] + a["member_amount"]
        lists_of: dict[int, list[dict]] = defaultdict(list)
        for r in self.remittances.values():
            lists_of[r["employer_id"]].append(r)
        for eid, emp in self.employers.items():
            if emp["status"] == "04":
                continue
            monthly = monthly_of[eid]
            if monthly <= 0:
                continue
            deadline = min(emp["pay_day"] + 5, 28)
            due = last_day.year * 100 + last_day.month
            if last_day.day <= deadline:
                due = due - 1 if due % 100 > 1 else (due // 100 - 1) * 100 + 12
            paid_months = {r["period_to"] for r in lists_of[eid] if r["kind"] == "01" and r["status"] == "posted"
                           and r["paid_on"] <= last_day and r["id"] in self.live_lists}
            through = max(paid_months) if paid_months else None
            begin = emp["first_month"] if through is None else max(emp["first_month"], _next_month(through))
            deferred = {m for d in self.deferrals if d["employer_id"] == eid and d["kind"] == "defer"
                        and d["status"] in ("approved", "ended") for m in _months(d["period_from"], d["period_to"])}
            owed += monthly * sum(1 for m in _months(begin, due) if m not in deferred and first <= m <= last)
        return ratio(paid, paid + owed)

    def v_deposit_amount_growth(self, s, e):
        return growth(self.v_deposit_amount(s, e), self.v_deposit_amount(*self._prev(s, e)))

    def v_deposit_balance_growth(self, s, e):
        return growth(self.v_deposit_balance(s, e), self.v_deposit_balance(*self._prev(s, e)))

    # registry -------------------------------------------------------------------------------------------

    def _paying(self, s, e) -> list[dict]:
        return [t for t in self._txns(s, e, CONTRIBUTION) if t["amount"] > 0]

    def v_registry_employers_paying(self, s, e):
        return len({t["employer_id"] for t in self._paying(s, e) if t["employer_id"] is not None})

    def b_registry_employers_paying(self, s, e, dim):
        out: dict[str, int] = defaultdict(int)
        for eid in {t["employer_id"] for t in self._paying(s, e) if t["employer_id"] is not None}:
            out[self._kind_group(eid) if dim == "employer_kind" else self.branches[self.employers[eid]["branch_code"]]] += 1
        return dict(out)

    def v_registry_employers_new(self, s, e):
        return sum(1 for emp in self.employers.values() if s <= emp["opened_on"] < e)

    def b_registry_employers_new(self, s, e, dim):
        out: dict[str, int] = defaultdict(int)
        for eid, emp in self.employers.items():
            if s <= emp["opened_on"] < e:
                out[self._kind_group(eid)] += 1
        return dict(out)

    def v_registry_members_paying(self, s, e):
        return len({t["account_id"] for t in self._paying(s, e)})

    def b_registry_members_paying(self, s, e, dim):
        groups: dict[str, set[int]] = defaultdict(set)
        for t in self._paying(s, e):
            groups[self._kind_group(t["employer_id"])].add(t["account_id"])
        return {k: len(v) for k, v in groups.items()}

    def v_registry_members_new(self, s, e):
        return len({t["account_id"] for t in self._txns(s, e, {"03"})})

    def b_registry_members_new(self, s, e, dim):
        groups: dict[str, set[int]] = defaultdict(set)
        for t in self._txns(s, e, {"03"}):
            groups[self._kind_group(t["employer_id"])].add(t["account_id"])
        return {k: len(v) for k, v in groups.items()}

    def v_registry_accounts_open(self, s, e):
        return self.status_counts(e - timedelta(days=1)).get("01", 0)

    def v_registry_accounts_sealed(self, s, e):
        return self.status_counts(e - timedelta(days=1)).get("02", 0)

    def v_registry_accounts_closed(self, s, e):
        return len({t["account_id"] for t in self._txns(s, e, {"07", "12"})})

    def v_registry_flexible_paying(self, s, e):
        """Accounts that paid as flexible workers (a contribution row without an employer) in the period."""
        return len({t["account_id"] for t in self._paying(s, e) if t["employer_id"] is None})

    def v_registry_flexible_new(self, s, e):
        """Flexible workers' openings (an opening event without an employer) in the period."""
        return len({t["account_id"] for t in self._txns(s, e, {"03"}) if t["employer_id"] is None})

    # transfer -------------------------------------------------------------------------------------------

    # ------------------------------------------------------------------ the maintenance fund (its own rows)

    def _mf(self, kind: str, s, e) -> int:
        return sum(t["amount"] for t in self.mf_txns if t["kind"] == kind and s <= t["day"] < e)

    def v_mf_collected(self, s, e):
        return self._mf("deposit", s, e)

    def v_mf_used(self, s, e):
        return -self._mf("use", s, e)

    def v_mf_refunded(self, s, e):
        return -self._mf("refund", s, e)

    def v_mf_interest(self, s, e):
        return self._mf("interest", s, e)

    def v_mf_balance(self, s, e):
        return sum(t["amount"] for t in self.mf_txns if t["day"] < e)

    def v_mf_households(self, s, e):
        return sum(1 for h in self.mf_households if h["opened_on"] < e and (h["closed_on"] is None or h["closed_on"] >= e))

    def v_mf_recovery_rate(self, s, e):
        last = e - timedelta(days=1)
        task = sum(t["amount"] for t in self.mf_tasks if s.year <= t["year"] <= last.year)
        got = sum(b["amount"] for b in self.mf_bills if b["payer"] == "developer" and b["kind"] == "first"
                  and b["status"] == "paid" and s <= b["paid_on"] < e)
        return ratio(got, task)

    def v_mf_projects(self, s, e):
        return sum(1 for p in self.mf_projects if s <= p["applied_on"] < e)

    def b_mf_projects(self, s, e, dim):
        out: dict[str, int] = defaultdict(int)
        for p in self.mf_projects:
            if s <= p["applied_on"] < e:
                out[ProjectKind(p["kind"]).label] += 1
        return dict(out)

    # ------------------------------------------------------------------ compliance (its own rows)

    def _last_scan(self, s, e) -> dict | None:
        """The scan run last (by its start, then its number) among the finished ones for a business day in the
        period; its totals as the scan row records them (production sums the per-rule rows)."""
        done = [r for r in self.scans if r["finished_at"] is not None and s <= r["as_of"] < e]
        return max(done, key=lambda r: (r["started_at"], r["id"])) if done else None

    def v_compliance_suspect_rate(self, s, e):
        scan = self._last_scan(s, e)
        return None if scan is None else ratio(scan["found"], scan["checked"])

    def _hits_found(self, s, e) -> list[dict]:
        return [h for h in self.hits if s <= h["found_on"] < e]

    def v_compliance_suspects(self, s, e):
        return len(self._hits_found(s, e))

    def v_compliance_rectify_rate(self, s, e):
        """销号: verified, excluded or confirmed as fraud (not open, not waiting for the approver)."""
        found = self._hits_found(s, e)
        return ratio(sum(1 for h in found if h["status"] in ("verified", "excluded", "fraud")), len(found))

    def _on(self, rows: list[dict], field: str, s, e) -> list[dict]:
        return [r for r in rows if r[field] is not None and s <= r[field] < e]

    def v_compliance_fraud_cases(self, s, e):
        return len(self._on(self.fraud_cases, "confirmed_on", s, e))

    def v_compliance_fraud_recovered(self, s, e):
        return sum(c["recovered"] for c in self._on(self.fraud_cases, "recovered_on", s, e))

    def v_compliance_fraud_penalised(self, s, e):
        return len(self._on(self.fraud_cases, "penalty_on", s, e))

    def v_compliance_fraud_referred(self, s, e):
        return len(self._on(self.fraud_cases, "referred_on", s, e))

    def v_compliance_enforcement_cases(self, s, e):
        return len(self._on(self.enforcement_cases, "opened_on", s, e))

    def _complaints(self, s, e, kinds=("consult", "complaint", "suggestion")) -> list[dict]:
        return [c for c in self._on(self.complaints, "received_on", s, e) if c["kind"] in kinds]

    def v_compliance_complaints(self, s, e):
        return len(self._complaints(s, e, ("complaint",)))

    def v_compliance_complaint_handled_rate(self, s, e):
        got = self._complaints(s, e, ("complaint",))
        return ratio(sum(1 for c in got if c["replied_on"] is not None), len(got))

    def v_compliance_complaint_on_time_rate(self, s, e):
        replied = [c for c in self._complaints(s, e) if c["replied_on"] is not None]
        return ratio(sum(1 for c in replied if c["replied_on"] <= c["deadline"]), len(replied))

    def _dormant(self, s, e) -> dict[int, int]:
        """睡眠户 at the period's last day (hpf-reference-2 §5.4 with the city's parameters): an account not closed,
        not frozen, whose person owes no live loan (as borrower or co-borrower), and 封存 for the parameter's
        months with no business but interest since, or empty since the parameter's months with no money moving
        since, or whose holder is past the parameter's age. Account id → balance. As production does, the
        account's status and balance are today's (the time conditions are the period end's)."""
        day = e - timedelta(days=1)
        policy = policy_at(self._conn, day)

        def back(months: int) -> date:  # the same day (at most the 28th) that many months before
            n = day.year * 12 + day.month - 1 - months
            return date(n // 12, n % 12 + 1, min(day.day, 28))

        sealed_cut = back(int(policy["compliance.dormant_sealed_months"]))
        zero_cut = back(int(policy["compliance.dormant_zero_months"]))
        age = int(policy["compliance.dormant_age"])
        try:
            born_by = day.replace(year=day.year - age)
        except ValueError:
            born_by = day.replace(year=day.year - age, day=28)
        borrowers = set()
        for ln in self.loans.values():
            if ln["status"] in ("01", "02"):
                borrowers |= {ln["borrower_person_id"], ln["co_borrower_person_id"]}
        rows_of: dict[int, list[dict]] = defaultdict(list)
        for t in self.txns:
            rows_of[t["account_id"]].append(t)
        out = {}
        for aid, a in self.accounts.items():
            if a["status"] in ("03", "04", "05") or a["frozen"] or a["person_id"] in borrowers:
                continue
            sealed = (a["status"] == "02" and a["status_date"] <= sealed_cut
                      and not any(t["txn_date"] > a["status_date"] and t["type"] != TxnType.INTEREST.value
                                  for t in rows_of[aid]))
            empty = (a["balance"] == 0 and a["opened_on"] <= zero_cut
                     and not any(t["txn_date"] >= zero_cut and t["amount"] != 0 for t in rows_of[aid]))
            old = self.persons[a["person_id"]]["birth_date"] <= born_by
            if sealed or empty or old:
                out[aid] = a["balance"]
        return out

    def v_compliance_dormant_accounts(self, s, e):
        return len(self._dormant(s, e))

    def v_compliance_dormant_amount(self, s, e):
        return sum(self._dormant(s, e).values())

    def v_transfer_count(self, s, e):
        return len(self._txns(s, e, {"07", "08"}))

    def _moved(self, side, s, e):
        return [x for x in self._letters[side] if s <= x["day"] < e]

    def v_transfer_in_count(self, s, e):
        return len(self._moved("in", s, e))

    def v_transfer_in_amount(self, s, e):
        return sum(x["amount"] for x in self._moved("in", s, e))

    def v_transfer_out_count(self, s, e):
        return len(self._moved("out", s, e))

    def v_transfer_out_amount(self, s, e):
        return sum(x["amount"] for x in self._moved("out", s, e))

    def _moved_by(self, side, s, e, dim, money):
        out: dict[str, int] = defaultdict(int)
        for x in self._moved(side, s, e):
            key = x["centre"] if dim == "centre" else f"{x['day'].year}年{x['day'].month:02d}月"
            out[key] += x["amount"] if money else 1
        return dict(out)

    def b_transfer_in_count(self, s, e, dim):
        return self._moved_by("in", s, e, dim, False)

    def b_transfer_in_amount(self, s, e, dim):
        return self._moved_by("in", s, e, dim, True)

    def b_transfer_out_count(self, s, e, dim):
        return self._moved_by("out", s, e, dim, False)

    def b_transfer_out_amount(self, s, e, dim):
        return self._moved_by("out", s, e, dim, True)

    # withdrawal -----------------------------------------------------------------------------------------

    def _reason_label(self, code) -> str:
        return Reason(code).label if code in {r.value for r in Reason} else (code or "未注明")

    def v_withdrawal_amount(self, s, e):
        return -sum(t["amount"] for t in self._txns(s, e, WITHDRAWAL))

    def b_withdrawal_amount(self, s, e, dim):
        out: dict[str, int] = defaultdict(int)
        for t in self._txns(s, e, WITHDRAWAL):
            if dim == "group":
                key = "住房消费类" if t["reason"] in HOUSING else "非住房消费类"
            else:
                key = self._reason_label(t["reason"])
            out[key] -= t["amount"]
        return dict(out)

    def v_withdrawal_housing_amount(self, s, e):
        return -sum(t["amount"] for t in self._txns(s, e, WITHDRAWAL) if t["reason"] in HOUSING)

    def v_withdrawal_housing_share(self, s, e):
        return ratio(self.v_withdrawal_housing_amount(s, e), self.v_withdrawal_amount(s, e))

    def v_withdrawal_people(self, s, e):
        return len({t["account_id"] for t in self._txns(s, e, WITHDRAWAL) if t["amount"] < 0})

    def b_withdrawal_people(self, s, e, dim):
        groups: dict[str, set[int]] = defaultdict(set)
        for t in self._txns(s, e, WITHDRAWAL):
            if t["amount"] < 0:
                groups[self._reason_label(t["reason"])].add(t["account_id"])
        return {k: len(v) for k, v in groups.items()}

    def v_withdrawal_closing_amount(self, s, e):
        return -sum(t["amount"] for t in self._txns(s, e, {"12"}))

    def v_withdrawal_rate(self, s, e):
        return ratio(self.v_withdrawal_amount(s, e), self.v_deposit_amount(s, e))

    def v_withdrawal_total_to_date(self, s, e):
        return -sum(t["amount"] for t in self.txns if t["type"] in WITHDRAWAL and t["txn_date"] < e)

    def v_withdrawal_amount_growth(self, s, e):
        return growth(self.v_withdrawal_amount(s, e), self.v_withdrawal_amount(*self._prev(s, e)))

    # finance (interest area) ---------------------------------------------------------------------------

    def v_finance_income(self, s, e):
        return -sum(self._gl_flow(self._under("401"), s, e).values())

    def b_finance_income(self, s, e, dim):
        return {self.gl[c]["name"]: -v for c, v in self._gl_flow(self._under("401"), s, e).items()}

    def v_finance_expense(self, s, e):
        return sum(self._gl_flow(self._under("411"), s, e).values())

    def b_finance_expense(self, s, e, dim):
        return {self.gl[c]["name"]: v for c, v in self._gl_flow(self._under("411"), s, e).items()}

    def v_finance_member_interest(self, s, e):
        return sum(self._gl_flow({"41101"}, s, e).values())

    def v_finance_gain(self, s, e):
        return self.v_finance_income(s, e) - self.v_finance_expense(s, e)

    def v_finance_gain_rate(self, s, e):
        return ratio(self.v_finance_gain(s, e), self.v_deposit_balance_avg(s, e))

    def _distributed(self, s, e, code):
        return sum(ln["debit"] for ln in self.lines if ln["account_code"] == code and s <= ln["date"] < e
                   and ln["kind"] == "yearend.distribute")

    def v_finance_to_risk_reserve(self, s, e):
        return self._distributed(s, e, "32101")

    def v_finance_to_management(self, s, e):
        return self._distributed(s, e, "32102")

    def v_finance_to_housing(self, s, e):
        return self._distributed(s, e, "32103")

    def v_finance_risk_reserve(self, s, e):
        return self.gl_balance("301", e - timedelta(days=1))

    def v_finance_risk_reserve_adequacy(self, s, e):
        return ratio(self.v_finance_risk_reserve(s, e), self.v_loan_balance(s, e))

    # loan -----------------------------------------------------------------------------------------------

    @staticmethod
    def _term(months: int) -> str:
        years = Fraction(months, 12)
        if years <= 5:
            return "5年（含）以下"
        if years <= 10:
            return "5-10年（含）"
        if years <= 20:
            return "10-20年（含）"
        return "20年以上"

    def _loan_key(self, ln: dict, dim: str) -> str:
        if dim == "term":
            return self._term(ln["months"])
        if dim == "home":
            return "二套" if ln["second_home"] else "首套"
        if dim == "purpose":
            return Purpose(ln["purpose"]).label
        return self.banks[ln["bank_code"]]

    def v_loan_issued_count(self, s, e):
        return len(self._issued(s, e))

    def b_loan_issued_count(self, s, e, dim):
        out: dict[str, int] = defaultdict(int)
        for ln in self._issued(s, e):
            out[self._loan_key(ln, dim)] += 1
        return dict(out)

    def v_loan_issued_amount(self, s, e):
        return sum(ln["amount"] for ln in self._issued(s, e))

    def b_loan_issued_amount(self, s, e, dim):
        out: dict[str, int] = defaultdict(int)
        for ln in self._issued(s, e):
            out[self._loan_key(ln, dim)] += ln["amount"]
        return dict(out)

    def v_loan_issued_growth(self, s, e):
        return growth(self.v_loan_issued_amount(s, e), self.v_loan_issued_amount(*self._prev(s, e)))

    def v_loan_combined_count(self, s, e):
        return sum(1 for ln in self._issued(s, e) if ln["combined"])

    def v_loan_refinance_count(self, s, e):
        return sum(1 for ln in self._issued(s, e) if ln["purpose"] == Purpose.COMMERCIAL_TRANSFER.value)

    def v_loan_remote_count(self, s, e):
        return sum(1 for ln in self._issued(s, e) if ln["remote"])

    def v_loan_second_home_share(self, s, e):
        return ratio(sum(1 for ln in self._issued(s, e) if ln["second_home"]), len(self._issued(s, e)))

    def v_loan_issued_to_date_count(self, s, e):
        return sum(1 for ln in self.loans.values() if ln["disbursed_on"] < e)

    def v_loan_issued_to_date(self, s, e):
        return sum(ln["amount"] for ln in self.loans.values() if ln["disbursed_on"] < e)

    def v_loan_recovered(self, s, e):
        """Principal repaid (both normal and overdue principal), less repayments reversed (冲正)."""
        got = 0
        for t in self.loan_txns:
            if s <= t["txn_date"] < e and t["type"] in LOAN_REPAYMENTS | {LOAN_REVERSAL}:
                got -= t["principal"] + t["overdue_principal"]
        return got

    def v_loan_written_off(self, s, e):
        """From the write-off records approved (done) in the period."""
        return sum(w["amount"] for w in self.write_offs if w["status"] == "done" and s <= w["decided_on"] < e)

    def v_loan_balance(self, s, e):
        last = e - timedelta(days=1)
        return self.gl_balance("121", last) + self.gl_balance("122", last)

    def b_loan_balance(self, s, e, dim):
        out: dict[str, int] = defaultdict(int)
        for lid, (normal, overdue) in self._loan_owed(e - timedelta(days=1)).items():
            out[self.banks[self.loans[lid]["bank_code"]]] += normal + overdue
        return dict(out)

    def v_loan_ratio(self, s, e):
        return ratio(self.v_loan_balance(s, e), self.v_deposit_balance(s, e))

    def v_fund_bonds(self, s, e):
        return self.gl_balance("124", e - timedelta(days=1))

    def v_fund_use_rate(self, s, e):
        return ratio(self.v_loan_balance(s, e) + self.v_fund_bonds(s, e), self.v_deposit_balance(s, e))

    # ------------------------------------------------------------------ treasury (the investments register)

    def v_fund_time_deposits(self, s, e):
        day = e - timedelta(days=1)
        return sum(r["principal"] for r in self.investments if r["kind"] != "bond" and r["start_date"] <= day
                   and r["status"] in ("placed", "matured", "renewed", "withdrawn")
                   and (r["closed_on"] is None or r["closed_on"] > day))

    def v_fund_demand(self, s, e):
        return self.gl_balance("101", e - timedelta(days=1)) - self.v_fund_time_deposits(s, e)

    def v_fund_usage_rate(self, s, e):
        return ratio(self.v_withdrawal_total_to_date(s, e) + self.v_loan_balance(s, e) + self.v_fund_bonds(s, e),
                     self.v_deposit_total_to_date(s, e))

    def v_fund_reserve_ratio(self, s, e):
        months = max(1, round((e - s).days / 30.4))
        return ratio(self.v_fund_demand(s, e) * months, self.v_withdrawal_amount(s, e) + self.v_loan_issued_amount(s, e))

    def v_loan_overdue_amount(self, s, e):
        return self.gl_balance("122", e - timedelta(days=1))

    def b_loan_overdue_amount(self, s, e, dim):
        out: dict[str, int] = defaultdict(int)
        for _, amount, days in self._overdue_loans(e - timedelta(days=1)):
            out[next(label for label, lo, hi in AGE_BANDS if lo <= days <= hi)] += amount
        return dict(out)

    def v_loan_overdue_count(self, s, e):
        return len(self._overdue_loans(e - timedelta(days=1)))

    def v_loan_overdue_rate(self, s, e):
        return ratio(self.v_loan_overdue_amount(s, e), self.v_loan_balance(s, e))

    def v_loan_housing_contribution(self, s, e):
        return ratio(self.v_withdrawal_housing_amount(s, e) + self.v_loan_issued_amount(s, e),
                     self.v_deposit_amount(s, e))

    # service (auth area) -------------------------------------------------------------------------------

    def v_service_business_count(self, s, e):
        return len(self._business(s, e))

    def b_service_business_count(self, s, e, dim):
        out: dict[str, int] = defaultdict(int)
        for a in self._business(s, e):
            out[CHANNEL_NAMES.get(a["channel"], a["channel"])] += 1
        return dict(out)

    def v_service_offline_rate(self, s, e):
        done = self._business(s, e)
        return ratio(sum(1 for a in done if a["channel"] in ONLINE), len(done))

    # digital services (anju.eservice): the audit trail's business acts by kind, ratings, notices, certificates

    def _by_kind(self, s, e) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = defaultdict(list)
        for a in self._business(s, e):
            kind = next((k for p, k in KINDS if a["action"].startswith(p)), None)
            if kind:
                out[kind].append(a)
        return out

    def v_eservice_offline_rate(self, s, e):
        done = [a for acts in self._by_kind(s, e).values() for a in acts]
        return ratio(sum(1 for a in done if a["channel"] in ONLINE), len(done))

    def b_eservice_offline_rate(self, s, e, dim):
        # breakdowns are compared exactly: the same Decimal division as production (the value itself is a Fraction)
        return {k: Decimal(sum(1 for a in acts if a["channel"] in ONLINE)) / Decimal(len(acts))
                for k, acts in self._by_kind(s, e).items()}

    def v_eservice_deposit_offline_rate(self, s, e):
        acts = self._by_kind(s, e).get("缴存业务", [])
        return ratio(sum(1 for a in acts if a["channel"] in ONLINE), len(acts))

    def _rated(self, s, e) -> list[dict]:
        return [r for r in self.evaluations if s <= r["rated_on"] < e]

    def v_eservice_evaluations(self, s, e):
        return len(self._rated(s, e))

    def b_eservice_evaluations(self, s, e, dim):
        out: dict[str, int] = defaultdict(int)
        for r in self._rated(s, e):
            out[KIND_OF[r["business"]]] += 1
        return dict(out)

    def v_eservice_satisfaction(self, s, e):
        rated = self._rated(s, e)
        return ratio(sum(1 for r in rated if r["score"] >= 4), len(rated))

    def b_eservice_satisfaction(self, s, e, dim):
        groups: dict[str, list[dict]] = defaultdict(list)
        for r in self._rated(s, e):
            groups[KIND_OF[r["business"]]].append(r)
        return {k: Decimal(sum(1 for r in rs if r["score"] >= 4)) / Decimal(len(rs)) for k, rs in groups.items()}

    def v_eservice_bad_ratings(self, s, e):
        return sum(1 for f in self.followups if s <= f["opened_on"] < e)

    def v_eservice_followup_rate(self, s, e):
        opened = [f for f in self.followups if s <= f["opened_on"] < e]
        return ratio(sum(1 for f in opened if f["closed_on"] and f["closed_on"] <= f["due_on"]), len(opened))

    def _sent(self, s, e) -> list[dict]:
        from anju.core import clock

        return [n for n in self.notices if n["status"] == "sent" and n["sent_at"] is not None
                and clock.day_start(s) <= n["sent_at"] < clock.day_start(e)]

    def v_eservice_notices_sent(self, s, e):
        return len(self._sent(s, e))

    def b_eservice_notices_sent(self, s, e, dim):
        out: dict[str, int] = defaultdict(int)
        for n in self._sent(s, e):
            out[EVENT_NAMES[n["event"]]] += 1
        return dict(out)

    def v_eservice_certificates(self, s, e):
        return sum(1 for c in self.certificates if s <= c["issued_on"] < e)

    def b_eservice_certificates(self, s, e, dim):
        out: dict[str, int] = defaultdict(int)
        for c in self.certificates:
            if s <= c["issued_on"] < e:
                out[CERT_NAMES[c["kind"]]] += 1
        return dict(out)


# ------------------------------------------------------------------------------------- comparison with production


def compare(conn: Connection, ref: Reference, period) -> list[str]:
    """Every difference between production and the reference for one period (an empty list when none)."""
    from anju.indicators import catalogue as cat

    found = []
    for code, ind in cat.catalogue().items():
        if code in NOT_COMPUTED:
            continue
        got, want = cat.value(conn, code, period), ref.value(code, period.start, period.end)
        if not same(got, want):
            found.append(f"{period.label} {code}: production {got}, reference {want}")
        for b in ind.breakdowns:
            # A group with nothing in it may be shown as zero or left out.
            got_by = {k: v for k, v in cat.by(conn, code, period, b.code).items() if v}
            want_by = {k: v for k, v in ref.by(code, period.start, period.end, b.code).items() if v}
            if got_by != want_by:
                found.append(f"{period.label} {code} by {b.code}: production {got_by}, reference {want_by}")
    return found


def main(argv: list[str] | None = None) -> int:
    """``python -m tests.report.reference DATABASE_URL PERIOD…`` (periods as ``Period.parse`` reads them: 2025,
    2025Q3, 202507, 2025-01-01..2025-06-30): every figure of a database (the demo centre, a benchmark centre)
    against the reference; prints the differences, exits 1 if there are any."""
    import sys
    import time

    from anju.db import make_engine
    from anju.indicators import catalogue as cat

    url, *keys = argv if argv is not None else sys.argv[1:]
    engine = make_engine(url)
    with engine.connect() as conn:
        started = time.perf_counter()
        ref = Reference(conn)
        print(f"read {len(ref.txns)} member rows, {len(ref.loans)} loans in {time.perf_counter() - started:.1f}s")
        found = []
        for key in keys:
            started = time.perf_counter()
            period = cat.Period.parse(key)
            with cat.snapshot():
                here = compare(conn, ref, period)
            print(f"{period.label}: {len(cat.catalogue())} indicators, {len(here)} differences "
                  f"({time.perf_counter() - started:.1f}s)")
            found += here
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
