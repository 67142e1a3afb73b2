"""Withdrawal policy: one table of rules per kind of withdrawal (``withdrawal.reason.<kind>``) and a few
centre-wide values (bans, multi-child families, the thresholds of the fraud pre-checks).

A rule table holds everything a centre decides about one kind, so that the 2019 list and the 2026 list of
cases are just two effective dates of the same keys::

    [policy.withdrawal.reason.rent_market]          # inside a [[policy]] block
    allowed = true                                   # may be applied for at this date
    basis = "《住房公积金管理条例》（2026）提取情形一"
    period = "year"                                  # month, quarter, year or life: the window of caps and times
    max_times = 4                                    # applications per person in the window
    cap_person = "14400.00"                          # per person in the window
    cap_family = "28800.00"                          # member and spouse together in the window
    uplift_multi_child = "1.5"                       # caps × this for families with enough children
    min_continuous = 3                               # months paid in a row up to now
    needs_no_home = true                             # neither member nor spouse owns a home
    facts = ["property_address", "children"]         # required facts (see codes.FACTS)
    documents = ["身份证", "租房情况承诺书"]             # the checklist the applicant provides

``early_documents`` (离退休 only): what a member who applies before the statutory retirement date
(``registry.retirement``) must add — early retirement for special work types or illness — and the reviewer
is told so.

A table is replaced as a whole at each effective date (restate all its fields).
"""

from __future__ import annotations

from collections.abc import Mapping

from anju.policy.catalogue import cross_check, param
from anju.policy.kinds import BOOL, DECIMAL, INT, MONEY, RATIO, TEXT, choice, list_of, table
from anju.withdrawal.codes import FACTS, KINDS, Method

PERIODS = ("month", "quarter", "year", "life")

REASON_RULES = table(
    ("allowed", BOOL),
    ("basis", TEXT, False),  # the legal or local basis shown to the clerk and on the form
    ("closes", BOOL, False),  # the withdrawal closes the account (提取销户)
    ("online", BOOL, False),  # members may apply in the portal
    ("min_months", INT, False),  # months with contributions in all
    ("min_continuous", INT, False),  # months paid in a row up to the application
    ("sealed_months", INT, False),  # the account sealed for at least this many months
    ("period", choice(*PERIODS), False),  # the window of max_times and the caps
    ("max_times", INT, False),  # per person in the window
    ("max_times_family", INT, False),  # member and spouse together in the window
    ("cap_person", MONEY, False),  # per person in the window
    ("cap_family", MONEY, False),  # member and spouse together in the window
    ("uplift_multi_child", DECIMAL, False),  # caps × this for multi-child families
    ("cost_share", RATIO, False),  # share of a documented cost that may be withdrawn
    ("within_months", INT, False),  # the application within N months of the event (contract, invoice …)
    ("needs_no_home", BOOL, False),  # neither member nor spouse owns a home (rent)
    ("income_share", RATIO, False),  # 2019 rent: the rent must exceed this share of family income
    ("max_loan_ratio", RATIO, False),  # only while the centre's 个贷率 is below this (代际互助)
    ("keep_balance", MONEY, False),  # the account keeps at least this much after a partial withdrawal
    ("facts", list_of(TEXT)),
    ("documents", list_of(TEXT)),
    ("early_documents", list_of(TEXT), False),  # 离退休 before the statutory date: proof of early retirement
    labels={"allowed": "是否开办", "basis": "依据", "closes": "提取后销户", "online": "可网上办理",
            "min_months": "累计缴存月数下限", "min_continuous": "连续缴存月数下限", "sealed_months": "封存月数下限",
            "period": "计次期间", "max_times": "每人次数上限", "max_times_family": "夫妻合计次数上限",
            "cap_person": "每人金额上限", "cap_family": "夫妻合计金额上限", "uplift_multi_child": "多子女家庭上浮倍数",
            "cost_share": "可提取费用比例", "within_months": "事项发生后办理期限（月）", "needs_no_home": "须本人及配偶无房",
            "income_share": "房租超出家庭收入比例", "max_loan_ratio": "个贷率低于", "keep_balance": "账户至少保留",
            "facts": "须填写的事项", "documents": "须提供的材料", "early_documents": "提前退休须提供的材料"},
    value_labels={"month": "每月", "quarter": "每季度", "year": "每年", "life": "终身",
                  **{name: fact.label for name, fact in FACTS.items()}},
)

for _kind in KINDS.values():
    param(f"withdrawal.reason.{_kind.code}", REASON_RULES, f"提取情形：{_kind.label}",
          jgj="TQYY", note=f"提取原因代码{_kind.reason.value}")

param("withdrawal.fraud_ban_years", INT, "骗提后禁止提取和贷款的年数")
param("withdrawal.multi_child_min_children", INT, "多子女家庭的未成年子女人数下限（享受限额上浮）")
param("withdrawal.fraud_early_months", INT, "首次缴存后多少个月内提取列为疑点")
param("withdrawal.fraud_jump_months", INT, "提取前多少个月内的缴存额跳增列为疑点")
param("withdrawal.fraud_jump_share", RATIO, "月缴存额增幅超过此比例列为疑点")


def _closes(kind_code: str, rules: Mapping) -> bool:
    return bool(rules.get("closes"))


@cross_check
def _reason_tables(values: Mapping[str, object]) -> list[str]:
    """Facts exist, windows come with their period, closing kinds carry no caps, a fact a rule needs is listed."""
    problems = []
    for code, kind in KINDS.items():
        rules = values.get(f"withdrawal.reason.{code}")
        if not isinstance(rules, Mapping):
            continue
        where = f"withdrawal.reason.{code}（{kind.label}）"
        unknown = [f for f in rules.get("facts") or () if f not in FACTS]
        if unknown:
            problems.append(f"{where}：未知的申请要素{'、'.join(unknown)}")
        windowed = [f for f in ("max_times", "max_times_family", "cap_person", "cap_family") if rules.get(f) is not None]
        if windowed and rules.get("period") is None:
            problems.append(f"{where}：设置了{'、'.join(windowed)}，须同时设置period（计算周期）")
        if _closes(code, rules) != (kind.method is Method.CLOSE):
            problems.append(f"{where}：closes应为{'true' if kind.method is Method.CLOSE else 'false'}"
                            f"（{'销户类' if kind.method is Method.CLOSE else '部分提取类'}情形）")
        needed = [*kind.needs, *([kind.event_fact] if kind.event_fact and rules.get("within_months") else [])]
        missing = [f for f in needed if f not in (rules.get("facts") or ())]
        if missing:
            problems.append(f"{where}：规则需要的申请要素未列入facts：{'、'.join(missing)}")
        if rules.get("uplift_multi_child") is not None and "children" not in (rules.get("facts") or ()):
            problems.append(f"{where}：设置了多子女上浮，facts须包含children")
        if not rules.get("documents"):
            problems.append(f"{where}：须列出申请材料documents")
    return problems
