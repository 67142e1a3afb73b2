"""The records behind the figures (``detail_of``): paged in SQL, listed for one breakdown row, and worked out by
hand for the details a manager clicks most — on both databases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from anju.core.ids import mask_id
from anju.db import UnitOfWork
from anju.indicators import catalogue as cat
from anju.registry import service as registry
from tests.report.test_indicators import small_centre
from tests.support.factory import CLERK, open_employer, open_members, pay_month, person_id, uscc

Y2025 = cat.Period.year(2025)

# The money column a detail's rows add up to its figure; every other detail lists one row per thing counted.
SUMMED = {"deposit.amount": "归集额（元）", "deposit.remit": "归集额（元）", "deposit.back_pay": "归集额（元）",
          "withdrawal.housing_amount": "金额（元）", "withdrawal.closing_amount": "金额（元）",
          "loan.written_off": "核销本金（元）", "deposit.balance": "期末余额（元）", "finance.income": "金额（元）",
          "finance.expense": "金额（元）", "withdrawal.amount": "金额（元）", "loan.recovered": "回收本金（元）",
          "loan.balance": "贷款余额（元）", "loan.overdue_amount": "逾期本金（元）", "loan.issued_amount": "贷款金额（元）"}


def state_owned(engine) -> int:
    """丙, a state-owned employer (国有企业) with one member who pays January 2025."""
    data = registry.EmployerInput(uscc=uscc(55), name="丙", kind="20", bank_code="01", branch_code="01", pay_day=10,
                                  employer_ratio=Decimal("0.12"), member_ratio=Decimal("0.12"), first_month=202501)
    with UnitOfWork(engine) as uow:
        eid, _ = registry.open_employer(uow, CLERK, data=data, as_of=date(2025, 1, 5))
        uow.commit()
    open_members(engine, eid, 1, start=20)
    pay_month(engine, eid, 202501, date(2025, 1, 14))
    return eid


def centre(engine) -> None:
    """small_centre (甲: 3 members Jan–Mar 2025, one sealed 2025-04-01; 乙: 2 members January; income 500.00,
    expense 100.00) and 丙 (国有企业, 1 member, January): 1,200.00 a member a month."""
    small_centre(engine)
    state_owned(engine)


def figure_of(detail: cat.Detail, rows: list[tuple], code: str) -> int:
    if code in SUMMED:
        i = detail.headers.index(SUMMED[code])
        return sum(r[i] for r in rows)
    return detail.total


def check_paging_and_figures(conn, codes, period: cat.Period) -> int:
    """Every detail: ``total`` is the number of rows, pages are slices of the whole list, the rows make up the
    figure, and the rows of each breakdown key make up that row's figure. Returns the rows checked."""
    checked = 0
    for code in codes:
        ind = cat.get(code)
        whole = cat.detail(conn, code, period)
        rows = list(whole.rows)
        assert whole.total == len(rows), code
        for offset, limit in ((0, 1), (1, 2), (2, 100), (len(rows), 3), (0, 0)):
            page = cat.detail(conn, code, period, offset=offset, limit=limit)
            assert page.total == whole.total and page.rows == rows[offset:offset + limit], (code, offset, limit)
            assert page.headers == whole.headers
        assert figure_of(whole, rows, code) == cat.value(conn, code, period), code
        for dim in ind.detail_keys:
            for key, v in cat.by(conn, code, period, dim).items():
                part = cat.detail(conn, code, period, key=(dim, key))
                assert figure_of(part, list(part.rows), code) == v, (code, dim, key)
                checked += 1
        checked += len(rows)
    return checked


class TestPaging:
    def test_every_detail_pages_in_sql_and_adds_up_to_its_figure(self, engine):
        centre(engine)
        codes = [c for c, i in cat.catalogue().items() if i.detail is not None
                 and c.split(".")[0] in ("deposit", "registry", "finance")]
        assert {"registry.members_paying", "registry.members_new", "registry.employers_paying", "deposit.balance",
                "registry.accounts_sealed", "registry.accounts_open", "registry.accounts_closed",
                "finance.income"} <= set(codes)
        with engine.connect() as conn:
            for period in (Y2025, cat.Period.month(202501), cat.Period.between(date(2025, 1, 13), date(2025, 2, 20))):
                assert check_paging_and_figures(conn, codes, period) > 0

    def test_a_key_of_a_breakdown_the_detail_cannot_list_is_refused(self, engine):
        import pytest

        from anju.core.errors import AnjuError

        with engine.connect() as conn, pytest.raises(AnjuError):
            cat.detail(conn, "deposit.amount", Y2025, key=("bank", "工商银行"))


    def test_loan_details(self, engine):
        from tests.loan.test_indicators import Y2026, loan_book

        loan_book(engine)
        codes = [c for c, i in cat.catalogue().items() if i.detail is not None and c.startswith("loan.")]
        assert {"loan.issued_amount", "loan.issued_count", "loan.recovered", "loan.overdue_amount"} <= set(codes)
        with engine.connect() as conn:
            assert check_paging_and_figures(conn, codes, Y2026) > 0
            second = cat.detail(conn, "loan.issued_count", Y2026, offset=0, limit=10, key=("home", "二套"))
            assert second.total == 1 and "*" in second.rows[0][-1]  # the borrower's masked identity number


class TestHandComputed:
    def test_members_employers_and_balances(self, engine):
        centre(engine)
        q1 = cat.Period.quarter(2025, 1)
        with engine.connect() as conn:
            paying = cat.detail(conn, "registry.members_paying", Y2025)
            paying_rows = list(paying.rows)
            state = list(cat.detail(conn, "registry.members_paying", Y2025, key=("employer_kind", "国有企业")).rows)
            employers = list(cat.detail(conn, "registry.employers_paying", Y2025).rows)
            new = cat.detail(conn, "registry.members_new", Y2025)
            new_rows = list(new.rows)  # a whole detail streams from the connection: read it while it is open
            sealed_year = list(cat.detail(conn, "registry.accounts_sealed", Y2025).rows)
            sealed_q1 = cat.detail(conn, "registry.accounts_sealed", q1)
            still_open = cat.detail(conn, "registry.accounts_open", Y2025, limit=10)
            balance = cat.detail(conn, "deposit.balance", Y2025)
            balance_rows = list(balance.rows)
            balance_jan = list(cat.detail(conn, "deposit.balance", cat.Period.month(202501)).rows)
            income = list(cat.detail(conn, "finance.income", Y2025).rows)
            expense = list(cat.detail(conn, "finance.expense", Y2025).rows)
            amount_state = list(cat.detail(conn, "deposit.amount", Y2025, key=("employer_kind", "国有企业")).rows)
        assert paying.headers == ["个人账号", "姓名", "证件号码", "单位名称", "缴存额（元）", "入账笔数"]
        by_name = {r[1]: r for r in paying_rows}
        assert sorted(by_name) == ["职工1", "职工10", "职工11", "职工2", "职工20", "职工3"]
        assert by_name["职工1"][2:] == (mask_id(person_id(1)), "甲", 360_000, 3)
        assert "*" in by_name["职工1"][2] and person_id(1) not in str(paying_rows)  # masked
        assert by_name["职工10"][3:] == ("乙", 120_000, 1)
        assert [r[1] for r in state] == ["职工20"] and state[0][4] == 120_000
        assert sorted((r[1], r[2], r[4], r[5]) for r in employers) == [
            ("丙", "国有企业", 120_000, 1), ("乙", "城镇私营企业及其他城镇企业", 240_000, 2),
            ("甲", "城镇私营企业及其他城镇企业", 1_080_000, 3)]
        assert new.total == 6 and new.headers[-1] == "开户日期"
        assert {r[-1] for r in new_rows} == {date(2025, 1, 5)}
        assert [r[1] for r in sealed_year] == ["职工1"] and sealed_q1.total == 0  # sealed on 2025-04-01
        assert still_open.total == 5 and "职工1" not in [r[1] for r in still_open.rows]
        assert balance.headers[-1] == "期末余额（元）"
        assert [r[-1] for r in balance_rows] == [360_000] * 3 + [120_000] * 3  # largest first
        assert [r[-1] for r in balance_jan] == [120_000] * 6  # balances then, not today's
        assert [(r[2], r[-1]) for r in income] == [("40101", 50_000)]
        assert [r[-1] for r in expense] == [10_000]
        assert [(r[1], r[2], r[3]) for r in amount_state] == [("丙", 120_000, 1)]

    def test_withdrawals_and_flexible_workers(self, engine):
        """Two flexible workers pay 12,000.00 each (2026-07-01); one withdraws 3,000.00 for rent."""
        from tests.withdrawal.helpers import DAY, member, pay_out, rent, review_and_approve

        a, _ = member(engine, 1)
        member(engine, 2)
        review_and_approve(engine, rent(engine, a, requested=300_000).id)
        pay_out(engine)
        period = cat.Period.between(date(2026, 7, 1), DAY)
        with engine.connect() as conn:
            people = cat.detail(conn, "withdrawal.people", period)
            rows = list(people.rows)
            rent_people = cat.detail(conn, "withdrawal.people", period, key=("reason", "房租"))
            not_housing = cat.detail(conn, "withdrawal.amount", period, key=("group", "非住房消费类"))
            housing = list(cat.detail(conn, "withdrawal.amount", period, key=("group", "住房消费类")).rows)
            flexible = cat.detail(conn, "registry.flexible_paying", period)
            flexible_rows = list(flexible.rows)
            assert check_paging_and_figures(conn, ["withdrawal.amount", "withdrawal.people", "registry.flexible_paying",
                                                   "registry.members_paying", "deposit.amount", "registry.flexible_new",
                                                   "withdrawal.housing_amount", "withdrawal.closing_amount"],
                                            period) > 0
        assert people.headers[-2:] == ["提取笔数", "提取额（元）"] and [r[-2:] for r in rows] == [(1, 300_000)]
        assert "*" in rows[0][2]
        assert rent_people.total == 1 and not_housing.total == 0 and housing[0][-1] == 300_000
        assert flexible.headers == ["个人账号", "姓名", "证件号码", "缴存额（元）"]
        assert flexible.total == 2 and sum(r[-1] for r in flexible_rows) == 2_400_000

    def test_closed_accounts(self, engine):
        """An account sealed before its first contribution moves to another city: closed, no longer sealed."""
        from anju.transfer.service import transfer_out

        eid = open_employer(engine)
        empty, _paying = open_members(engine, eid, 2)
        with UnitOfWork(engine) as uow:
            registry.seal(uow, CLERK, account_id=empty, reason="离职", as_of=date(2025, 1, 6))
            transfer_out(uow, CLERK, account_id=empty, day=date(2025, 1, 7), to_centre="长沙住房公积金管理中心",
                         letter_no="LXH2025002", bank_code="01")
            uow.commit()
        jan = cat.Period.month(202501)
        with engine.connect() as conn:
            closed = list(cat.detail(conn, "registry.accounts_closed", jan).rows)
            sealed = cat.detail(conn, "registry.accounts_sealed", jan)
            sealed_on_6th = list(cat.detail(conn, "registry.accounts_sealed", cat.Period.day(date(2025, 1, 6))).rows)
        assert [(r[1], r[-2], r[-1]) for r in closed] == [("职工1", date(2025, 1, 7), "外部转出")]
        assert sealed.total == 0 and [r[1] for r in sealed_on_6th] == ["职工1"]


def test_the_command_line_pages_and_exports_a_detail(engine, tmp_path):
    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from anju.cli import app

    centre(engine)
    env = {"ANJU_DATABASE_URL": engine.url.render_as_string(hide_password=False), "COLUMNS": "200"}
    shown = CliRunner().invoke(app, ["stats", "detail", "deposit.amount", "--period", "2025", "--limit", "1"], env=env,
                               catch_exceptions=False)
    assert shown.exit_code == 0 and "共 3 行" in shown.output
    out = tmp_path / "detail.xlsx"
    saved = CliRunner().invoke(app, ["stats", "detail", "registry.members_paying", "--period", "2025", "--out",
                                     str(out)], env=env, catch_exceptions=False)
    assert saved.exit_code == 0 and "已导出 6 行" in saved.output
    assert load_workbook(out)["明细"].max_row == 7
