"""The template filters every page uses for money, months, dates, roles and identity numbers."""

from __future__ import annotations

from datetime import date, datetime

from anju.auth.actor import Actor, Channel, Role
from anju.web.templating import build_env

ENV = build_env()
NUMBER = "43040519900517123X"


def show(template: str, **ctx) -> str:
    return ENV.from_string(template).render(**ctx)


def test_money_is_grouped_and_written_in_capitals():
    assert show("{{ 123456789|yuan }}|{{ -5|yuan }}|{{ none|yuan }}") == "1,234,567.89|-0.05|"
    assert show("{{ 100100|capitals }}") == "壹仟零壹元整"


def test_months_and_dates():
    assert show("{{ 202507|month }}") == "2025年07月"
    assert show("{{ d|date }}|{{ d|date('cn') }}", d=date(2025, 7, 1)) == "2025-07-01|2025年07月01日"
    assert show("{{ t|time }}", t=datetime(2025, 7, 1, 16, 30)) == "2025-07-02 00:30:00"  # UTC → Beijing


def test_identity_numbers_are_masked_except_for_roles_that_check_papers():
    assert show("{{ n|masked_id }}", n=NUMBER) == "430405********123X"
    clerk = Actor("c", frozenset({Role.CLERK}), Channel.COUNTER)
    auditor = Actor("a", frozenset({Role.AUDITOR}), Channel.COUNTER)
    member = Actor("m", frozenset({Role.MEMBER}), Channel.MEMBER_PORTAL, person_id=1)
    assert show("{{ n|id_number }}", n=NUMBER, actor=clerk) == NUMBER
    assert show("{{ n|id_number }}", n=NUMBER, actor=auditor) == "430405********123X"
    assert show("{{ n|id_number }}", n=NUMBER, actor=member) == "430405********123X"


def test_roles_and_channels_in_chinese():
    assert show("{{ 'clerk,reviewer'|role_labels }}|{{ 'employer_portal'|channel_label }}") == "经办、复核|单位网厅"


def test_every_value_is_escaped():
    assert show("{{ s }}", s="<script>") == "&lt;script&gt;"
