"""异地贷款缴存使用证明 on both databases: issued for a contributing member (refused for a sealed one), its 回执
registered once; one accepted from another centre is found for a loan here until it expires."""

from __future__ import annotations

from datetime import date

import pytest

from anju.core.errors import AnjuError, ValidationFailed
from anju.db import UnitOfWork
from anju.registry import service as registry
from anju.transfer import certificates as certs
from anju.transfer.errors import TransferError
from tests.support.factory import CLERK, open_employer, open_members, pay_month, person_id


def test_issue_receipt_and_accept(engine):
    eid = open_employer(engine)
    a, b = open_members(engine, eid, 2)
    for month, paid in ((202501, date(2025, 1, 12)), (202502, date(2025, 2, 12)), (202503, date(2025, 3, 12))):
        pay_month(engine, eid, month, paid)
    with UnitOfWork(engine) as uow:
        registry.seal(uow, CLERK, account_id=b, reason="离职", as_of=date(2025, 3, 20))
        with pytest.raises(ValidationFailed) as sealed:
            certs.issue(uow, CLERK, id_number=person_id(2, "2"), lending_centre="", as_of=date(2025, 3, 25))
        assert {p.code for p in sealed.value.problems} == {TransferError.FIELD_REQUIRED,
                                                           TransferError.CERT_NOT_CONTRIBUTING}
        cert = certs.issue(uow, CLERK, id_number=person_id(1, "1"), lending_centre="乙市住房公积金管理中心",
                           as_of=date(2025, 3, 25))
        assert cert.data["continuous_months"] == 3 and cert.data["balance"] == "3600.00"
        assert cert.data["loan_count"] == 0 and cert.data["valid_until"] == "2025-06-23"
        assert set(cert.data) == set(certs.FIELDS)
        certs.close(uow, CLERK, certificate_id=cert.id, receipt=True, note="贷款城市回执：已发放贷款")
        with pytest.raises(AnjuError) as twice:
            certs.close(uow, CLERK, certificate_id=cert.id, receipt=False, note="")
        assert twice.value.code == TransferError.CERT_STATE
        other = certs.accept(uow, CLERK, no="ZM001", issuing_centre="丙市住房公积金管理中心", name="外地职工",
                             id_number=person_id(9, "1"), balance="52,000.00", monthly="2400.00",
                             continuous_months=36, loan_count=0, issued_on=date(2025, 3, 1),
                             valid_until=date(2025, 5, 30), as_of=date(2025, 3, 25))
        uow.commit()
    with engine.connect() as conn:
        assert certs.accepted_for(conn, person_id(9, "1"), date(2025, 4, 1))["continuous_months"] == 36
        assert certs.accepted_for(conn, person_id(9, "1"), date(2025, 6, 1)) is None
    assert other.no == "ZM001"
