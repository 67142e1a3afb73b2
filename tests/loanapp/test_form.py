"""The application form (pure): every problem at once with its field, purpose-specific fields, and the stored
record parsing back to the same form."""

from __future__ import annotations

from datetime import date

from anju.loanapp.codes import HouseType, Purpose, Security
from anju.loanapp.errors import LoanappError
from anju.loanapp.form import parse_form
from tests.loanapp.helpers import card

DAY = date(2026, 10, 12)
GOOD = {"person": "100000000016", "income": "9000.00", "purpose": "purchase", "house_type": "used",
        "property_address": "示例市雁峰区先锋路2号5栋302室", "property_area": "88.5", "price": "600000.00",
        "purchase_contract_no": "ESF-2026-77", "certificate_no": "湘(2019)示例市不动产权第0001234号",
        "building_year": "2008", "amount": "300000.00", "months": "180", "method": "equal-principal",
        "repay_day": "28", "bank_code": "02", "repay_card_no": card(3), "repay_card_bank": "建设银行",
        "security": "抵押", "combined": "1", "commercial_amount": "120000.00", "commercial_bank": "招商银行",
        "commercial_monthly": "900.00", "co_person": "430405198001010011", "co_relation": "配偶", "co_income": "0",
        "children": "2", "talent": "on", "fund_offset": "1"}


def test_good_form_round_trips():
    form, problems = parse_form(GOOD, as_of=DAY)
    assert problems == []
    assert form.house_type is HouseType.USED and form.security is Security.MORTGAGE and form.combined
    assert form.property_area == 8850 and form.building_age(DAY) == 18 and form.talent and form.children == 2
    again, problems = parse_form(form.record(), as_of=DAY)
    assert problems == [] and again == form


def test_every_problem_with_its_field():
    raw = dict(GOOD, income="", purpose="loan", property_area="-3", price="abc", months="400", method="x",
               repay_day="29", repay_card_no="6222", security="", combined="1", commercial_amount="",
               commercial_bank="", co_relation="", building_year="2030")
    form, problems = parse_form(raw, as_of=DAY)
    assert form is None
    fields = [p.input for p in problems]
    for f in ("income", "purpose", "property_area", "price", "months", "method", "repay_day", "repay_card_no",
              "security", "commercial_amount", "commercial_bank", "co_relation", "building_year"):
        assert f in fields, f
    assert all(p.message and p.code.startswith(("loanapp.", "card.", "money.")) for p in problems)


def test_purpose_specific_fields():
    build = dict(GOOD, purpose="build", house_type="", certificate_no="", combined="")
    form, problems = parse_form(build, as_of=DAY)
    assert [(p.input, p.code) for p in problems] == [("certificate_no", LoanappError.CERTIFICATE_REQUIRED)]
    refinance = dict(GOOD, purpose="refinance", combined="")
    form, problems = parse_form(refinance, as_of=DAY)
    assert {p.input for p in problems} == {"original_bank", "original_contract_no", "original_balance"}
    ok = dict(refinance, original_bank="工商银行", original_contract_no="SD-1", original_balance="250000.00")
    form, problems = parse_form(ok, as_of=DAY)
    assert problems == [] and form.purpose is Purpose.REFINANCE and form.original_balance == 25_000_000
    guarantee = dict(GOOD, security="03")
    form, problems = parse_form(guarantee, as_of=DAY)
    assert {p.input for p in problems} == {"guarantor_name", "guarantor_id_number"}
