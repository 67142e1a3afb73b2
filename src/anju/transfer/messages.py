"""The messages two centres exchange for a transfer (异地转移接续), one JSON schema each.

Every message is one JSON object with an envelope — ``type``, ``version``, ``letter_no`` (联系函编号 ConNum),
``from_centre`` and ``to_centre`` (中心代码) — and the fields of its kind. Money is a yuan string with two
decimals ("50628.05"), months are YYYYMM integers, dates ISO (YYYY-MM-DD). The fields follow the national
platform's messages (BDC901 联系函, BDC905 账户信息表); ``months`` (the history) is anju's extension.

- ``contact_letter`` 联系函: the receiving centre asks the sending centre to transfer a member.
- ``review_result`` 审核结果: the sending centre accepted (受理) or refused the letter, with the reason; sent by the
  receiving centre with ``accepted = false`` it withdraws its letter (撤销).
- ``transfer_info`` 转移信息: the sending centre paid; principal, interest, history.
- ``arrival_confirmation`` 到账确认: the receiving centre credited the member.

``anju transfer schema DIR`` writes the JSON schemas; docs/transfer-messages.md describes them.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from anju.core import canon
from anju.core.errors import AnjuError, Problem, ValidationFailed
from anju.transfer.errors import TransferError

VERSION = 1
Yuan = Annotated[str, Field(pattern=r"^-?\d{1,13}\.\d{2}$", description="元，两位小数")]
Month = Annotated[int, Field(ge=190001, le=299912, description="YYYYMM")]
Code = Annotated[str, Field(min_length=1, max_length=16, description="中心代码")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Member(_Model):
    name: str = Field(min_length=1, max_length=50, description="职工姓名")
    id_type: Literal["01", "02", "03", "04", "99"] = Field(description="证件类型：01身份证 02军官证 03护照 04外国人永久居留证 99其他")
    id_number: str = Field(min_length=1, max_length=30, description="证件号码")


class Account(_Model):
    account_no: str = Field(min_length=1, max_length=40, description="转入中心资金账号")
    account_name: str = Field(min_length=1, max_length=100, description="户名")
    bank_name: str = Field(min_length=1, max_length=100, description="开户银行")


class _Envelope(_Model):
    version: Literal[1] = Field(VERSION, description="报文版本")
    letter_no: str = Field(min_length=1, max_length=24, description="联系函编号")
    from_centre: Code
    to_centre: Code


class ContactLetter(_Envelope):
    """联系函 (BDC901): written by the receiving centre."""

    type: Literal["contact_letter"] = "contact_letter"
    member: Member
    old_account_no: str = Field(min_length=1, max_length=40, description="原住房公积金账号")
    old_employer_name: str = Field(max_length=200, description="原工作单位名称")
    new_account_no: str = Field(min_length=1, max_length=40, description="转入地个人账号")
    new_employer_name: str = Field(max_length=200, description="转入地工作单位名称")
    receiving_account: Account
    contact_phone: str = Field("", max_length=40, description="转入中心联系方式")
    created_on: date = Field(description="生成日期")


class ReviewResult(_Envelope):
    """审核结果: accepted (受理) or refused by the sending centre; from the receiving centre, a withdrawal (撤销)."""

    type: Literal["review_result"] = "review_result"
    accepted: bool
    reason: str = Field("", max_length=200, description="不通过或撤销的原因")
    decided_on: date


class MonthPaid(_Model):
    month: Month
    amount: Yuan
    centre: Code = Field(description="该月缴存所在中心")


class TransferInfo(_Envelope):
    """转移信息 = 账户信息表 (BDC905): the money paid and the member's history."""

    type: Literal["transfer_info"] = "transfer_info"
    member: Member
    principal: Yuan = Field(description="本金金额")
    interest: Yuan = Field(description="利息金额（结息至转出日）")
    amount: Yuan = Field(description="转移金额 = 本金 + 利息")
    opened_month: Month = Field(description="开户日期（年月）")
    paid_through: Month | None = Field(None, description="缴至年月")
    continuous_6: bool = Field(description="缴至月前6个月是否连续缴存")
    loan_count: int = Field(ge=0, description="在转出地贷款次数")
    loan_outstanding: bool = Field(description="是否有未结清贷款")
    fraud: bool = Field(description="是否存在骗提骗贷")
    months: list[MonthPaid] = Field(description="逐月缴存额（本中心及此前转入的各中心）")
    paid_on: date = Field(description="资金划出日期")
    payment_ref: str = Field(max_length=64, description="划款凭证号")


class ArrivalConfirmation(_Envelope):
    """到账确认 (BDC905 TxFunc 2): the receiving centre credited the member."""

    type: Literal["arrival_confirmation"] = "arrival_confirmation"
    amount: Yuan
    account_no: str = Field(min_length=1, max_length=40)
    credited_on: date


Message = Annotated[ContactLetter | ReviewResult | TransferInfo | ArrivalConfirmation, Field(discriminator="type")]
_ADAPTER = TypeAdapter(Message)
MODELS = {"contact_letter": ContactLetter, "review_result": ReviewResult, "transfer_info": TransferInfo,
          "arrival_confirmation": ArrivalConfirmation}


def dumps(message: _Envelope) -> str:
    """The canonical JSON text of a message (the bytes sent, and what its digest is of)."""
    return canon.dumps(message.model_dump(mode="json"))


def digest(text: str) -> str:
    return canon.sha256_hex(text)


def parse(text: str | bytes):
    """A message from its JSON text; every problem at once (code ``transfer.message_invalid``)."""
    try:
        return _ADAPTER.validate_json(text)
    except ValidationError as exc:
        problems = [Problem.of(TransferError.MESSAGE_FIELD, field=".".join(str(p) for p in e["loc"]) or "报文",
                               reason=e["msg"]) for e in exc.errors()]
        raise ValidationFailed(problems, summary="报文格式有误") from None
    except ValueError:
        raise AnjuError(TransferError.MESSAGE_INVALID) from None


def schemas() -> dict[str, dict]:
    """The JSON schema of every message, by type."""
    return {name: model.model_json_schema() for name, model in MODELS.items()}
