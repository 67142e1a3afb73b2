"""A loan application as entered (pure): parse the raw fields of a form, a CLI call or an API body, and report
every problem at once in Chinese, naming the field. Who the borrowers are (registry look-ups) and whether they
may borrow (``limits``) is the service's part."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from anju.core.errors import AnjuError, Problem
from anju.core.ids import validate_bank_card
from anju.core.money import parse_yuan, yuan_str
from anju.loan.schedule import Method
from anju.loanapp.codes import HouseType, Purpose, Relation, Security
from anju.loanapp.errors import LoanappError

LABELS = {
    "person": "借款人", "co_person": "共同借款人", "co_relation": "与借款人关系", "income": "借款人月收入",
    "co_income": "共同借款人月收入", "children": "未成年子女数", "talent": "高层次人才",
    "remote": "异地缴存职工", "remote_centre": "缴存地公积金中心", "remote_balance": "异地账户余额",
    "remote_months": "异地连续缴存月数", "remote_monthly": "异地月缴存额",
    "purpose": "贷款用途", "house_type": "房屋类型", "property_address": "房屋坐落", "property_area": "建筑面积",
    "price": "房屋价格（工程造价）", "purchase_contract_no": "购房合同编号", "certificate_no": "不动产权证号",
    "building_year": "建成年份", "combined": "组合贷款", "commercial_amount": "商业贷款金额",
    "commercial_bank": "商业贷款银行", "commercial_monthly": "商业贷款月还款额", "original_bank": "原商业贷款银行",
    "original_contract_no": "原商业贷款合同编号", "original_balance": "原商业贷款余额", "amount": "申请金额",
    "months": "贷款期限（月）", "method": "还款方式", "repay_day": "约定还款日", "bank_code": "受托银行",
    "repay_card_no": "还款银行卡号", "repay_card_bank": "还款卡开户行", "fund_offset": "公积金按月对冲还款",
    "security": "担保方式", "guarantor_name": "保证人姓名", "guarantor_id_number": "保证人身份证号",
}
MONEY_FIELDS = frozenset({"income", "co_income", "remote_balance", "remote_monthly", "price", "commercial_amount",
                          "commercial_monthly", "original_balance", "amount"})
TRUE = {"1", "true", "on", "yes", "y", "是", "True"}


@dataclass(frozen=True)
class Form:
    person: str  # 个人账号 or 身份证号 (resolved by the service)
    income: int
    purpose: Purpose
    house_type: HouseType
    property_address: str
    property_area: int  # 0.01 m²
    price: int
    amount: int
    months: int
    method: Method
    repay_day: int
    bank_code: str
    repay_card_no: str
    repay_card_bank: str
    security: Security
    co_person: str | None = None
    co_relation: Relation | None = None
    co_income: int | None = None
    children: int = 0
    talent: bool = False
    remote: bool = False
    remote_centre: str | None = None
    remote_balance: int | None = None
    remote_months: int | None = None
    remote_monthly: int | None = None
    purchase_contract_no: str | None = None
    certificate_no: str | None = None
    building_year: int | None = None
    combined: bool = False
    commercial_amount: int | None = None
    commercial_bank: str | None = None
    commercial_monthly: int | None = None
    original_bank: str | None = None
    original_contract_no: str | None = None
    original_balance: int | None = None
    fund_offset: bool = False
    guarantor_name: str | None = None
    guarantor_id_number: str | None = None

    def building_age(self, as_of: date) -> int | None:
        return None if self.building_year is None else max(0, as_of.year - self.building_year)

    def record(self) -> dict:
        """The form as raw fields again (money in yuan, area in m²): stored on the application, it parses back to
        the same form (初审 re-runs the checks on it) and fills the page."""
        out = {}
        for k, v in asdict(self).items():
            if v is None:
                continue
            if k in MONEY_FIELDS:
                v = yuan_str(v)
            elif k == "property_area":
                v = f"{v // 100}.{v % 100:02d}"
            elif isinstance(v, bool):
                v = "1" if v else ""
            elif hasattr(v, "value"):
                v = v.value
            out[k] = v if isinstance(v, str) else str(v)
        return out


class _Reader:
    def __init__(self, raw: Mapping[str, object]) -> None:
        self.raw = raw
        self.problems: list[Problem] = []

    def _fail(self, code: LoanappError, name: str, **params: object) -> None:
        self.problems.append(Problem.of(code, field=LABELS[name], input=name, **params))

    def text(self, name: str, *, required: bool = False, limit: int = 200) -> str | None:
        value = str(self.raw.get(name) or "").strip()
        if not value:
            if required:
                self._fail(LoanappError.FIELD_REQUIRED, name, label=LABELS[name])
            return None
        if len(value) > limit:
            self._fail(LoanappError.FIELD_TOO_LONG, name, label=LABELS[name], limit=limit)
        return value[:limit]

    def flag(self, name: str) -> bool:
        value = self.raw.get(name)
        if isinstance(value, bool):
            return value
        return str(value or "").strip() in TRUE

    def money(self, name: str, *, required: bool = False, positive: bool = True) -> int | None:
        value = self.raw.get(name)
        if value is None or str(value).strip() == "":
            if required:
                self._fail(LoanappError.FIELD_REQUIRED, name, label=LABELS[name])
            return None
        try:
            fen = parse_yuan(str(value).strip())
        except AnjuError as exc:
            self._fail(LoanappError.FIELD_MONEY_INVALID, name, label=LABELS[name], error=exc.message)
            return None
        if fen < 0 or (positive and fen == 0):
            self._fail(LoanappError.FIELD_NOT_POSITIVE, name, label=LABELS[name])
            return None
        return fen

    def integer(self, name: str, *, required: bool = False, low: int = 0, high: int = 10**9) -> int | None:
        value = self.raw.get(name)
        if value is None or str(value).strip() == "":
            if required:
                self._fail(LoanappError.FIELD_REQUIRED, name, label=LABELS[name])
            return None
        try:
            n = int(str(value).strip())
        except ValueError:
            self._fail(LoanappError.FIELD_NOT_INTEGER, name, label=LABELS[name], value=value)
            return None
        if not low <= n <= high:
            self._fail(LoanappError.FIELD_OUT_OF_RANGE, name, label=LABELS[name], low=low, high=high, value=n)
            return None
        return n

    def choice(self, name: str, enum, *, required: bool = True, parse=None):
        value = str(self.raw.get(name) or "").strip()
        if not value:
            if required:
                self._fail(LoanappError.CHOICE_REQUIRED, name, label=LABELS[name])
            return None
        try:
            if parse is not None:
                return parse(value)
            for member in enum:
                if value in (member.value, member.label):
                    return member
            raise ValueError(value)
        except (ValueError, AnjuError):
            names = "、".join(f"{m.value}（{m.label}）" for m in enum)
            self._fail(LoanappError.CHOICE_INVALID, name, label=LABELS[name], value=value, choices=names)
            return None


def parse_area(text: object) -> int:
    """建筑面积 in square metres with up to two decimals → hundredths of a square metre."""
    try:
        d = Decimal(str(text).strip())
    except InvalidOperation as exc:
        raise AnjuError(LoanappError.AREA_FORMAT, text=text) from exc
    if not d.is_finite() or d <= 0 or d != d.quantize(Decimal("0.01")):
        raise AnjuError(LoanappError.AREA_INVALID, text=text)
    return int(d * 100)


def parse_form(raw: Mapping[str, object], *, as_of: date, max_repay_day: int = 28,
               max_term_months: int = 360) -> tuple[Form | None, list[Problem]]:
    """Every field checked; every problem reported. The form comes back only when there is none."""
    r = _Reader(raw)
    person = r.text("person", required=True, limit=30)
    income = r.money("income", required=True)
    purpose = r.choice("purpose", Purpose)
    house_type = r.choice("house_type", HouseType, required=purpose in (Purpose.PURCHASE, Purpose.REFINANCE))
    if purpose in (Purpose.BUILD, Purpose.REPAIR):
        if house_type not in (None, HouseType.SELF):
            r.problems.append(Problem.of(LoanappError.HOUSE_TYPE_SELF_REQUIRED, field=LABELS["house_type"],
                                          input="house_type"))
        house_type = HouseType.SELF
    elif house_type is HouseType.SELF:
        r.problems.append(Problem.of(LoanappError.HOUSE_TYPE_SELF_NOT_ALLOWED, field=LABELS["house_type"],
                                      input="house_type"))
    address = r.text("property_address", required=True)
    area = None
    raw_area = raw.get("property_area")
    if raw_area is None or str(raw_area).strip() == "":
        r.problems.append(Problem.of(LoanappError.AREA_REQUIRED, field=LABELS["property_area"], input="property_area"))
    else:
        try:
            area = parse_area(raw_area)
        except AnjuError as exc:
            r.problems.append(Problem.from_error(exc, field=LABELS["property_area"], input="property_area"))
    price = r.money("price", required=True)
    contract_no = r.text("purchase_contract_no", limit=80)
    certificate_no = r.text("certificate_no", limit=80)
    building_year = r.integer("building_year", low=1900, high=as_of.year)
    if purpose is Purpose.PURCHASE and house_type is HouseType.NEW and not contract_no:
        r.problems.append(Problem.of(LoanappError.PURCHASE_CONTRACT_REQUIRED, field=LABELS["purchase_contract_no"],
                                      input="purchase_contract_no"))
    if house_type is HouseType.USED:
        if not certificate_no and purpose is Purpose.PURCHASE and not contract_no:
            r.problems.append(Problem.of(LoanappError.USED_CONTRACT_REQUIRED, field=LABELS["purchase_contract_no"],
                                          input="purchase_contract_no"))
        if building_year is None and "building_year" not in {p.input for p in r.problems}:
            r.problems.append(Problem.of(LoanappError.BUILDING_YEAR_REQUIRED, field=LABELS["building_year"],
                                          input="building_year"))
    if purpose in (Purpose.BUILD, Purpose.REPAIR, Purpose.REFINANCE) and not certificate_no:
        r.problems.append(Problem.of(LoanappError.CERTIFICATE_REQUIRED, field=LABELS["certificate_no"], input="certificate_no",
                                      purpose=purpose.label))

    combined = r.flag("combined")
    commercial_amount = r.money("commercial_amount", required=combined) if combined else None
    commercial_bank = r.text("commercial_bank", required=combined, limit=100) if combined else None
    commercial_monthly = r.money("commercial_monthly", positive=False) if combined else None
    original_bank = original_contract = original_balance = None
    if purpose is Purpose.REFINANCE:
        original_bank = r.text("original_bank", required=True, limit=100)
        original_contract = r.text("original_contract_no", required=True, limit=80)
        original_balance = r.money("original_balance", required=True)
        if combined:
            r.problems.append(Problem.of(LoanappError.REFINANCE_COMBINED, field=LABELS["combined"], input="combined"))

    co_person = r.text("co_person", limit=30)
    co_relation = co_income = None
    if co_person:
        co_relation = r.choice("co_relation", Relation)
        co_income = r.money("co_income", required=True, positive=False)
        if co_person == person:
            r.problems.append(Problem.of(LoanappError.CO_BORROWER_SELF, field=LABELS["co_person"], input="co_person"))
    elif r.raw.get("co_income") not in (None, ""):
        r.problems.append(Problem.of(LoanappError.CO_INCOME_WITHOUT_CO_BORROWER, field=LABELS["co_person"],
                                      input="co_person"))
    children = r.integer("children", low=0, high=20) or 0
    remote = r.flag("remote")
    remote_centre = remote_balance = remote_months = remote_monthly = None
    if remote:
        remote_centre = r.text("remote_centre", required=True, limit=100)
        remote_balance = r.money("remote_balance", required=True, positive=False)
        remote_months = r.integer("remote_months", required=True, low=0, high=600)
        remote_monthly = r.money("remote_monthly", required=True, positive=False)

    amount = r.money("amount", required=True)
    months = r.integer("months", required=True, low=1, high=max_term_months)
    method = r.choice("method", Method, parse=Method.parse)
    repay_day = r.integer("repay_day", required=True, low=1, high=max_repay_day)
    bank_code = r.text("bank_code", required=True, limit=2)
    card = r.text("repay_card_no", required=True, limit=30)
    if card:
        try:
            card = validate_bank_card(card)
        except AnjuError as exc:
            r.problems.append(Problem.from_error(exc, field=LABELS["repay_card_no"], input="repay_card_no"))
    card_bank = r.text("repay_card_bank", required=True, limit=100)
    security = r.choice("security", Security)
    guarantor_name = guarantor_id = None
    if security is Security.GUARANTEE:
        guarantor_name = r.text("guarantor_name", required=True, limit=50)
        guarantor_id = r.text("guarantor_id_number", required=True, limit=18)
        if guarantor_id:
            from anju.core.ids import parse_resident_id

            try:
                guarantor_id = parse_resident_id(guarantor_id, as_of=as_of).number
            except AnjuError as exc:
                r.problems.append(Problem.of(LoanappError.GUARANTOR_ID_INVALID, field=LABELS["guarantor_id_number"],
                                              input="guarantor_id_number", error=exc.message))
    if price is not None and amount is not None and amount > price:
        r.problems.append(Problem.of(LoanappError.AMOUNT_ABOVE_PRICE, field=LABELS["amount"], input="amount"))
    if r.problems:
        return None, r.problems
    return Form(
        person=person, income=income, purpose=purpose, house_type=house_type, property_address=address,
        property_area=area, price=price, amount=amount, months=months, method=method, repay_day=repay_day,
        bank_code=bank_code, repay_card_no=card, repay_card_bank=card_bank, security=security, co_person=co_person,
        co_relation=co_relation, co_income=co_income, children=children, talent=r.flag("talent"), remote=remote,
        remote_centre=remote_centre, remote_balance=remote_balance, remote_months=remote_months,
        remote_monthly=remote_monthly, purchase_contract_no=contract_no, certificate_no=certificate_no,
        building_year=building_year, combined=combined, commercial_amount=commercial_amount,
        commercial_bank=commercial_bank, commercial_monthly=commercial_monthly, original_bank=original_bank,
        original_contract_no=original_contract, original_balance=original_balance, fund_offset=r.flag("fund_offset"),
        guarantor_name=guarantor_name, guarantor_id_number=guarantor_id,
    ), []
