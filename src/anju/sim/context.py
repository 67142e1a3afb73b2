"""What both executors share: the engine, the acting users, and member/employer index → database id."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import Engine

from anju.auth.actor import Actor, cli_actor
from anju.bank.queries import banks as bank_list
from anju.org.queries import branches as branch_list
from anju.policy.store import load_store
from anju.sim.plan import Plan, SimConfig

BASE_ADJUST_REASON = "{year}年度基数调整"
LEAVE_REASON = "离职"
DEFER_REASON = "受市场影响经营困难，申请缓缴住房公积金"


def employer_receipt(month: int, e: int) -> str:
    return f"SIM{month}E{e:06d}"


def flexible_receipt(month: int, i: int) -> str:
    return f"SIM{month}F{i:08d}"


def approval_no(month: int, e: int) -> str:
    return f"示公积金管委〔{month // 100}〕{month % 100:02d}{e:05d}号"


@dataclass
class Context:
    engine: Engine
    plan: Plan
    clerk: Actor = field(default_factory=lambda: cli_actor("sim"))
    approver: Actor = field(default_factory=lambda: cli_actor("sim-approver"))
    second_clerk: Actor = field(default_factory=lambda: cli_actor("sim-clerk2"))  # 到账确认's second person
    employer_ids: list[int] = field(default_factory=list)
    account_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    person_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def remember(self, index: int, account_id: int, person_id: int) -> None:
        if index >= len(self.account_ids):
            extra = max(index + 1 - len(self.account_ids), len(self.account_ids) // 2 + 1024)
            self.account_ids = np.concatenate([self.account_ids, np.zeros(extra, dtype=np.int64)])
            self.person_ids = np.concatenate([self.person_ids, np.zeros(extra, dtype=np.int64)])
        self.account_ids[index] = account_id
        self.person_ids[index] = person_id

    def member_account_id(self, index: int) -> int:
        return int(self.account_ids[index])

    def bank_for_member(self, index: int) -> str:
        return self.plan.banks[index % len(self.plan.banks)]


def make_plan(engine: Engine, config: SimConfig) -> Plan:
    with engine.connect() as conn:
        store = load_store(conn)
        banks = [b.code for b in bank_list(conn)]
        branches = [b.code for b in branch_list(conn)]
    if not banks or not branches:
        raise ValueError("中心尚未登记受托银行或管理部（请先运行 anju init）")
    return Plan(config, store, banks, branches)
