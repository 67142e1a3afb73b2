"""`anju cert …`, `anju notify …`, `anju eval …` as an operator uses them (JSON output checked)."""

from __future__ import annotations

import json
from datetime import date

from anju.auth.actor import SYSTEM, Role
from anju.eservice import certs
from tests.eservice.helpers import members_with_phones
from tests.support.cli import invoke, invoke_as, signed_in_user
from tests.support.factory import pay_month


def test_certificates_and_notifications_at_the_command_line(engine, tmp_path):
    stamp = certs.issue_stamp(engine, SYSTEM, kind="deposit", subject_ref="100000009", person_id=None,
                              title="住房公积金缴存证明", facts=[("姓名", "张三")], as_of=date(2026, 3, 2))
    ok = invoke(engine, "cert", "verify", stamp.token, "--as-of", "2026-03-02", "--json")
    assert ok.exit_code == 0 and json.loads(ok.stdout)["verdict"] == "valid"
    approver = signed_in_user(engine, "cert_approver", Role.APPROVER)
    assert invoke_as(engine, approver, "cert", "revoke", stamp.no, "--reason", "重开", "--json").exit_code == 0
    refused = invoke(engine, "cert", "verify", stamp.token, "--as-of", "2026-03-02", "--json")
    assert refused.exit_code == 1 and json.loads(refused.stdout)["verdict"] == "revoked"

    eid, _ = members_with_phones(engine, 2, start=950)
    pay_month(engine, eid, 202603, date(2026, 3, 10))
    queued = invoke(engine, "notify", "queue", "--date", "2026-03-10", "--event", "deposit_posted", "--json")
    assert queued.exit_code == 0 and json.loads(queued.stdout)["deposit_posted"] == 2
    bad = invoke(engine, "notify", "queue", "--event", "nonsense", "--json")
    assert bad.exit_code == 1 and json.loads(bad.stdout)["code"] == "eservice.event_unknown"
    status = json.loads(invoke(engine, "notify", "status", "--json").stdout)
    assert status == [{"event": "deposit_posted", "channel": "sms", "status": "queued", "count": 2}]
