"""The 专户 register, agreements, fee rules and file layouts (anju.bank, low-level) on both databases."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from anju.bank import files, queries, service
from anju.bank.codes import AccountPurpose, AccountStatus, FeeBase, FeeType, FileKind
from anju.bank.errors import BankError
from anju.core.errors import AnjuError, ValidationFailed

AT = datetime(2026, 3, 1, 8, 0)


def test_open_list_close_account(db):
    with db.engine.begin() as conn:
        gid = service.add_agreement(conn, bank_code="01", no="WT-2026-01", title="委托承办住房公积金金融业务合同",
                                    services=["collect", "payout", "loan"], signed_on=date(2026, 1, 5),
                                    valid_from=date(2026, 1, 5), valid_to=date(2028, 12, 31), at=AT, by="t",
                                    fee_terms="委托贷款手续费按回收利息3%", assessment_terms="年度考核")
        aid = service.open_account(conn, bank_code="01", purpose=AccountPurpose.COLLECT,
                                   account_no="1904020129000000777", account_name="示例市住房公积金管理中心",
                                   ledger_code="10101", opened_on=date(2026, 1, 6), at=AT, by="t", agreement_id=gid)
        service.open_account(conn, bank_code="01", purpose=AccountPurpose.GAIN, account_no="1904020129000000099",
                             account_name="示例市住房公积金管理中心", ledger_code="10201", opened_on=date(2026, 1, 6),
                             at=AT, by="t")
        assert [r.ledger_code for r in queries.accounts(conn, bank="01", purpose="collect")] == ["10101", "10101"]
        assert queries.account(conn, "1904020129000000777").id == aid
        assert queries.account(conn, aid).agreement_id == gid
        assert [r.no for r in queries.agreements(conn, bank="01", in_force_on=date(2026, 3, 1))] == [
            "SLWT-2015-01", "WT-2026-01"]  # the sample centre's, then this one
        service.close_account(conn, account_id=aid, closed_on=date(2026, 2, 28))
        assert queries.account(conn, aid).status == AccountStatus.CLOSED
        assert len(queries.accounts(conn, bank="01", active_on=date(2026, 2, 27))) == 4  # with the two seeded
        assert len(queries.accounts(conn, bank="01", active_on=date(2026, 2, 28))) == 3
        with pytest.raises(AnjuError) as exc:
            service.close_account(conn, account_id=aid, closed_on=date(2026, 3, 1))
        assert exc.value.code is BankError.ACCOUNT_CLOSED


def test_account_problems_all_at_once(db):
    with db.engine.begin() as conn, pytest.raises(ValidationFailed) as exc:
        service.open_account(conn, bank_code="09", purpose="cash", account_no="12ab", account_name=" ",
                             ledger_code="10102", opened_on=date(2026, 1, 6), at=AT, by="t")
    codes = {p.code for p in exc.value.problems}
    assert codes == {BankError.BANK_UNKNOWN, BankError.PURPOSE_UNKNOWN, BankError.ACCOUNT_NO_INVALID,
                     BankError.FILE_VALUE_MISSING, BankError.LEDGER_CODE_INVALID}


def test_fee_rule_bands_and_layout(db):
    with db.engine.begin() as conn:
        service.add_fee_rule(conn, bank_code="03", fee_type=FeeType.LOAN, base=FeeBase.INTEREST,
                             rate=Decimal("0.03"), bands=[(90, "1.0"), (80, "0.9"), (60, "0.8"), (0, "0.5")],
                             valid_from=date(2026, 1, 1), at=AT, by="t")
        (rule,) = queries.fee_rules(conn, bank="03", on=date(2026, 3, 31))
        assert rule.rate == Decimal("0.03")
        assert rule.factor(Decimal(86)) == Decimal("0.9") and rule.factor(Decimal(95)) == 1
        assert rule.factor(Decimal(10)) == Decimal("0.5") and rule.factor(None) == 1
        assert queries.file_layout(conn, "02", FileKind.STATEMENT) == files.STATEMENT
        own = files.bank_layout(FileKind.PAYOUT, encoding="gbk", format="csv")
        service.set_file_layout(conn, bank_code="02", layout=own, at=AT, by="t")
        service.set_file_layout(conn, bank_code="02", layout=own, at=AT, by="t")  # again: replaced
        assert queries.file_layout(conn, "02", FileKind.PAYOUT) == own
        assert queries.file_layout(conn, "01", FileKind.PAYOUT) == files.PAYOUT
        assert queries.file_layouts(conn, "02")[FileKind.PAYOUT] == (own, True)
