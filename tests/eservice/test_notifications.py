"""Notifications (issue 25 item 2): a simulated month queues the expected reminders of each kind and sends them
through the file sink, a local SMTP server and a local HTTP SMS gateway; retries with back-off, opt-out, limits,
quiet hours; two senders at once deliver each message once (both databases)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from anju.auth.actor import SYSTEM, cli_actor
from anju.core.errors import AnjuError
from anju.db import UnitOfWork
from anju.eservice import gateways, notify, sender, wording
from anju.eservice.codes import NoticeChannel, NoticeEvent, NoticeStatus
from anju.eservice.errors import EserviceError
from anju.eservice.tables import notice
from anju.loan.service import mark_overdue_job
from tests.eservice.helpers import SmsServer, SmtpServer, members_with_phones
from tests.loan import helpers as loans
from tests.support.factory import pay_month
from tests.support.threads import together

ADMIN = cli_actor("admin")


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def _queue(engine, day: date) -> dict[str, int]:
    """The daily job at 09:00 Beijing time of ``day``."""
    return notify.queue(engine, SYSTEM, as_of=day, clock=Clock(datetime(day.year, day.month, day.day, 1, 0)))


def _person_of(engine, account_id: int) -> int:
    from anju.registry.tables import account

    with engine.connect() as conn:
        return conn.execute(select(account.c.person_id).where(account.c.id == account_id)).scalar_one()


def _by(engine, *cols):
    with engine.connect() as conn:
        return dict(conn.execute(select(*cols, func.count()).group_by(*cols)).all()) if len(cols) == 1 else \
            {tuple(r[:-1]): r[-1] for r in conn.execute(select(*cols, func.count()).group_by(*cols)).all()}


def test_templates_fill_their_variables_cut_to_the_channel_limit_and_name_what_is_missing():
    values = {"centre": "示例市住房公积金管理中心", "name": "张三", "account_tail": "0001", "day": "2026-03-10",
              "amount": "1,200.00", "month": "2026年03月缴存", "balance": "9,999.00", "account_no": "100000001"}
    subject, body = wording.render(NoticeEvent.DEPOSIT_POSTED, NoticeChannel.SMS, values, max_chars=500)
    assert subject == "" and body.startswith("【示例市住房公积金管理中心】张三") and "1,200.00元" in body
    _, short = wording.render(NoticeEvent.DEPOSIT_POSTED, NoticeChannel.SMS, values, max_chars=20)
    assert len(short) == 20 and short.endswith("…")
    with pytest.raises(AnjuError) as exc:
        wording.render(NoticeEvent.DEPOSIT_POSTED, NoticeChannel.EMAIL, {"name": "张三"}, max_chars=500)
    assert exc.value.code is EserviceError.TEMPLATE_VARIABLE
    assert all(wording.variables(t) for t in wording.TEMPLATES.values())
    assert sender.quiet(23, 22, 8) and sender.quiet(7, 22, 8) and not sender.quiet(8, 22, 8)


def test_a_simulated_month_queues_each_reminder_once_and_sends_them_by_file_sink_and_smtp(engine, tmp_path):
    eid, accounts = members_with_phones(engine, 3)
    people = [_person_of(engine, a) for a in accounts]
    with UnitOfWork(engine) as uow:  # two give an e-mail address; the third declines SMS 到账提醒
        notify.set_preferences(uow, ADMIN, person_id=people[0], email="a@example.com")
        notify.set_preferences(uow, ADMIN, person_id=people[1], email="b@example.com")
        notify.set_preferences(uow, ADMIN, person_id=people[2], optouts=[("sms", "deposit_posted")])
        uow.commit()
    with UnitOfWork(engine) as uow, pytest.raises(AnjuError) as exc:
        notify.set_preferences(uow, ADMIN, person_id=people[2], email="not-an-address")
    assert exc.value.code is EserviceError.EMAIL_INVALID
    # the month: contributions paid on March 10; a loan disbursed January 15 falls due on the 15th
    pay_month(engine, eid, 202603, date(2026, 3, 10))
    from anju.registry.tables import account

    with engine.connect() as conn:
        acct_no = conn.execute(select(account.c.account_no).where(account.c.id == accounts[0])).scalar_one()
    loan_no = loans.disburse(engine, loans.opening(people[0], acct_no, on=date(2026, 1, 15)))
    made = _queue(engine, date(2026, 3, 12))
    assert made["deposit_posted"] == 3 + 2  # SMS to three, e-mail to two (one SMS kept as suppressed)
    assert made["repay_due"] == 2  # the instalment due March 15: SMS and e-mail of the borrower
    assert _queue(engine, date(2026, 3, 12)) == {e.value: 0 for e in NoticeEvent}  # once
    assert _by(engine, notice.c.event, notice.c.status)[("deposit_posted", "suppressed")] == 1
    # March 15 passes unpaid (no repayment run): the loan falls overdue and the reminder follows
    mark_overdue_job(engine, loans.OFFICER, as_of=date(2026, 3, 20))
    made = _queue(engine, date(2026, 3, 20))
    assert made["overdue"] == 2 and made["deposit_posted"] == 0
    assert _queue(engine, date(2026, 3, 21))["overdue"] == 0  # one a week (the policy)
    assert _queue(engine, date(2026, 3, 23))["overdue"] == 2
    # sending at 10:00 Beijing time: SMS to the file sink, e-mail to the local SMTP server
    at = datetime(2026, 3, 23, 2, 0)
    with SmtpServer() as smtp:
        ways = {"sms": gateways.FileSink(tmp_path), "email": gateways.Smtp("127.0.0.1", smtp.port)}
        result = sender.send(engine, SYSTEM, ways, clock=Clock(at))
        mails = smtp.messages
    sms_lines = [json.loads(x) for f in tmp_path.glob("sms-*.jsonl") for x in f.read_text().splitlines()]
    counts = _by(engine, notice.c.event, notice.c.channel)
    assert len(sms_lines) == sum(n for (e, c), n in counts.items() if c == "sms") - 1  # the suppressed one
    # the borrower has 8 messages that day: SMS go first, so 4 SMS and 1 e-mail reach them (notify.per_person_daily
    # = 5) and 3 e-mails are suppressed with the reason; the other member's e-mail goes
    assert sum(n for (e, c), n in counts.items() if c == "email") == 5 and len(mails) == 2
    with engine.connect() as conn:
        limited = conn.execute(select(notice.c.channel, notice.c.last_error).where(
            notice.c.status == "suppressed", notice.c.last_error.is_not(None))).all()
    assert len(limited) == 3 and {c for c, _ in limited} == {"email"}
    assert {m["Subject"] for m in mails} == {"住房公积金到账提醒"}
    assert any(loan_no[-4:] in x["body"] for x in sms_lines)  # the repayment and overdue SMS name the loan
    assert {m["To"] for m in mails} == {"a@example.com", "b@example.com"}
    assert result["sent"] == len(sms_lines) + len(mails) and result["suppressed"] == 3 and result["failed"] == 0


def test_the_http_sms_gateway_retries_with_back_off_then_gives_up_and_quiet_hours_hold_sms(engine):
    _, accounts = members_with_phones(engine, 2, start=600)
    pay_month(engine, _eid_of(engine, accounts[0]), 202603, date(2026, 3, 10))
    assert _queue(engine, date(2026, 3, 10))["deposit_posted"] == 2
    night = Clock(datetime(2026, 3, 10, 15, 0))  # 23:00 in Beijing: quiet hours
    with SmsServer() as sms:
        assert sender.send(engine, SYSTEM, {"sms": gateways.HttpSms(sms.url)}, clock=night)["quiet"] == 1
        assert sms.received == []
    clock = Clock(datetime(2026, 3, 11, 2, 0))
    with SmsServer(fail_first=2) as sms:
        way = {"sms": gateways.HttpSms(sms.url, token="t0ken")}
        assert sender.send(engine, SYSTEM, way, clock=clock)["retry"] == 2
        assert sender.send(engine, SYSTEM, way, clock=clock)["sent"] == 0  # not due before the back-off
        clock.at += timedelta(seconds=60)
        assert sender.send(engine, SYSTEM, way, clock=clock)["sent"] == 2
        assert sorted(r["phone"] for r in sms.received) == ["13800000600", "13800000601"]
        assert sms.received[0]["auth"] == "Bearer t0ken"
    with engine.connect() as conn:
        rows = conn.execute(select(notice)).all()
    assert {(r.status, r.attempts) for r in rows} == {("sent", 2)} and all(r.gateway_ref for r in rows)
    # a gateway that never answers: failed after notify.max_attempts (5)
    _, more = members_with_phones(engine, 1, start=700)
    pay_month(engine, _eid_of(engine, more[0]), 202603, date(2026, 3, 11))
    _queue(engine, date(2026, 3, 11))
    dead = {"sms": gateways.HttpSms("http://127.0.0.1:9/none", timeout=1)}
    for _ in range(5):
        sender.send(engine, SYSTEM, dead, clock=clock)
        clock.at += timedelta(hours=1)
    with engine.connect() as conn:
        last = conn.execute(select(notice).order_by(notice.c.id.desc())).first()
    assert last.status == NoticeStatus.FAILED.value and last.attempts == 5 and last.last_error


def _eid_of(engine, account_id: int) -> int:
    from anju.registry.tables import account

    with engine.connect() as conn:
        return conn.execute(select(account.c.employer_id).where(account.c.id == account_id)).scalar_one()


def test_two_senders_at_once_deliver_every_message_exactly_once(engine, tmp_path):
    eid, _ = members_with_phones(engine, 12, start=800)
    pay_month(engine, eid, 202603, date(2026, 3, 10))
    assert _queue(engine, date(2026, 3, 10))["deposit_posted"] == 12
    delivered: list[int] = []

    class Recording:
        def send(self, message):
            delivered.append(message.id)
            return f"r{message.id}"

    clock = Clock(datetime(2026, 3, 11, 2, 0))
    results = together(2, lambda i: sender.send(engine, SYSTEM, {"sms": Recording()}, clock=clock))
    assert not [r for r in results if isinstance(r, BaseException)], results
    assert sorted(delivered) == sorted(set(delivered)) and len(delivered) == 12
    assert sum(r["sent"] for r in results) == 12
    assert _by(engine, notice.c.status) == {"sent": 12}


def test_a_paid_withdrawal_and_its_approval_are_told_by_e_mail(engine):
    from tests.withdrawal import helpers as wd

    account_id, person = wd.member(engine, 1)
    with UnitOfWork(engine) as uow:
        notify.set_preferences(uow, ADMIN, person_id=person, email="w@example.com")
        uow.commit()
    applied = wd.other(engine, account_id, 300_000)
    wd.review_and_approve(engine, applied.id)
    wd.pay_out(engine)
    made = _queue(engine, wd.DAY)
    assert made["decision"] == 1 and made["withdrawal_paid"] == 1 and made["deposit_posted"] == 0  # July's is old
    with engine.connect() as conn:
        bodies = {r.event: r.body for r in conn.execute(select(notice)).all()}
    assert "已审批通过" in bodies["decision"] and "3,000.00元" in bodies["withdrawal_paid"]
