"""好差评 and channels (issue 25 items 3 and 4): a person rates a business (1–5 and reasons), a bad rating opens a
follow-up due in working days, 满意度 and 离柜率 by kind of business come out of the catalogue."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from anju.auth import audit
from anju.auth.actor import Actor, Channel, Role, cli_actor
from anju.core.errors import AnjuError, ValidationFailed
from anju.db import UnitOfWork
from anju.eservice import evaluation
from anju.eservice.errors import EserviceError
from anju.indicators import catalogue as cat
from anju.indicators.catalogue import Period

DAY = date(2026, 3, 2)  # a Monday
MEMBER = Actor("member7", frozenset({Role.MEMBER}), Channel.MEMBER_PORTAL, person_id=7)
CLERK = Actor("clerk7", frozenset({Role.CLERK}), Channel.COUNTER)
KIOSK = Actor("kiosk1", frozenset({Role.CLERK}), Channel.KIOSK)
APPROVER = cli_actor("approver7")


def _act(engine, actor: Actor, action: str) -> int:
    """A business act as the audit trail records it (what 离柜率 counts and a rating refers to)."""
    with UnitOfWork(engine, clock=lambda: datetime(2026, 3, 2, 3, 0)) as uow:
        seq = audit.record(uow, actor, action=action, entity_type="test", entity_id=1)
        uow.commit()
    return seq


def _rate(engine, actor, **kw) -> int:
    with UnitOfWork(engine) as uow:
        eid = evaluation.rate(uow, actor, as_of=DAY, **kw)
        uow.commit()
    return eid


def test_ratings_follow_ups_and_the_indicators(engine):
    online = _act(engine, MEMBER, "withdrawal.apply")
    counter = _act(engine, CLERK, "deposit.list.generate")
    kiosk = _act(engine, KIOSK, "deposit.list.generate")
    assert [a.seq for a in evaluation.to_rate(engine.connect(), MEMBER, as_of=DAY)] == [online]
    with UnitOfWork(engine) as uow, pytest.raises(ValidationFailed) as exc:  # every problem at once
        evaluation.rate(uow, MEMBER, ref=online, score=9, reasons=["fast", "bogus"], as_of=DAY)
    assert {p.code for p in exc.value.problems} == {EserviceError.SCORE_RANGE.value, EserviceError.REASON_UNKNOWN.value}
    with UnitOfWork(engine) as uow, pytest.raises(AnjuError) as exc:
        evaluation.rate(uow, MEMBER, ref=counter, score=5, reasons=[], as_of=DAY)
    assert exc.value.code is EserviceError.NOT_YOURS
    _rate(engine, MEMBER, ref=online, score=5, reasons=["fast", "online"])
    with pytest.raises(AnjuError) as exc:
        _rate(engine, MEMBER, ref=online, score=4, reasons=[])
    assert exc.value.code is EserviceError.ALREADY_RATED
    _rate(engine, CLERK, ref=counter, score=1, reasons=["slow", "repeat"], comment="等了一个小时", person_id=7)
    rows = evaluation.recent(engine.connect(), as_of=DAY)
    bad = next(r for r in rows if r.score == 1)
    assert bad.followup_status == "open" and bad.due_on == date(2026, 3, 9)  # 5 working days
    assert bad.reasons_text == "办理时间长、材料重复提交" and bad.channel_label == "柜面"
    with UnitOfWork(engine) as uow, pytest.raises(AnjuError) as exc:
        evaluation.close_followup(uow, APPROVER, followup_id=bad.followup_id, resolution=" ", as_of=DAY)
    assert exc.value.code is EserviceError.RESOLUTION_REQUIRED
    with UnitOfWork(engine) as uow:
        evaluation.close_followup(uow, APPROVER, followup_id=bad.followup_id, resolution="已增开窗口", as_of=DAY)
        uow.commit()
    month = Period.month(202603)
    with engine.connect() as conn, cat.snapshot():
        assert cat.value(conn, "eservice.evaluations", month) == 2
        assert cat.value(conn, "eservice.satisfaction", month) == Decimal("0.5")
        assert cat.by(conn, "eservice.satisfaction", month, "business") == {"提取业务": 1, "缴存业务": 0}
        assert cat.value(conn, "eservice.bad_ratings", month) == 1
        assert cat.value(conn, "eservice.followup_rate", month) == 1
        # 离柜率 by kind of business: the withdrawal online, one deposit list at the counter, one at a kiosk
        assert cat.by(conn, "eservice.offline_rate", month, "business") == {"提取业务": 1, "缴存业务": Decimal("0.5")}
        assert cat.value(conn, "eservice.deposit_offline_rate", month) == Decimal("0.5")
        assert cat.value(conn, "eservice.offline_rate", month) == Decimal(2) / 3
        assert kiosk


def test_the_member_rates_on_the_portal_and_staff_see_it(web):
    web.portal_world()
    member = web.as_role(Role.MEMBER)
    assert member.get("/eservice/prefs").status_code == 200
    r = member.submit("/eservice/prefs", {"email": "me@example.com", "optout": "sms:repay_due"})
    assert r.status_code == 303
    from anju.eservice import notify

    with web.engine.connect() as conn:
        assert notify.preferences(conn, 1) == ("me@example.com", {("sms", "repay_due")})
    bad = member.submit("/eservice/prefs", {"email": "no-at-sign"})
    assert bad.status_code == 422 and "电子邮件地址格式不正确" in bad.text
    clerk_api = web.api(web.api_key(Role.CLERK))
    assert clerk_api.get("/api/v1/eservice/notices/prefs/1").json() == {
        "person_id": 1, "email": "me@example.com", "optouts": ["sms:repay_due"]}
    seq = _act(web.engine, Actor(web.role_user(Role.MEMBER).username, frozenset({Role.MEMBER}),
                                 Channel.MEMBER_PORTAL, person_id=1), "withdrawal.apply")
    page = member.get("/eservice/rate")
    assert page.status_code == 200 and f'value="{seq}"' in page.text
    r = member.submit("/eservice/rate", {"ref": str(seq), "score": "2", "reasons": "unclear"})
    assert r.status_code == 303
    staff = web.as_role(Role.APPROVER)
    listed = staff.get("/eservice/evaluations?open=1")
    assert listed.status_code == 200 and "一次告知不清" in listed.text and "整改中" in listed.text
    approver_api = web.api(web.api_key(Role.APPROVER))
    api = approver_api.get("/api/v1/eservice/evaluations", params={"open_only": "true"}).json()
    assert api[0]["score"] == 2 and api[0]["followup_status"] == "open"
    done = approver_api.post(f"/api/v1/eservice/followups/{api[0]['followup_id']}/close", json={"resolution": "已回访说明"})
    assert done.status_code == 200 and done.json()[0]["followup_status"] == "done"
