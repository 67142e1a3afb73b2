"""A policy table (one withdrawal reason's rules) reads in Chinese on the policy pages: field labels, periods and
the facts it needs by their names, never ``cap_family=…`` or ``contract_no``."""

from __future__ import annotations

import re

from anju.policy import catalogue
from anju.policy.kinds import INT, table


def test_a_withdrawal_reason_table_is_shown_in_chinese():
    kind = catalogue.lookup("withdrawal.reason.purchase_down").kind
    shown = kind.show(kind.parse({"allowed": True, "period": "life", "max_times": 1, "cap_family": "300000.00",
                                  "facts": ["contract_no", "contract_date"], "documents": ["购房合同"]}))
    assert "每人次数上限：1" in shown and "计次期间：终身" in shown and "夫妻合计金额上限：300,000.00元" in shown
    assert "须填写的事项：购房合同（网签备案）编号、合同签订日期" in shown and "须提供的材料：购房合同" in shown
    assert not re.search(r"[a-z]+_[a-z_]+", shown), shown  # no field or fact identifier left


def test_a_table_without_labels_keeps_its_plain_form():
    plain = table(("n", INT))
    assert plain.show(plain.parse({"n": 3})) == "n=3"
