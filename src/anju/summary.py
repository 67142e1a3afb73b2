"""The status summary printed by `anju status` and by the run command."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, func, select

from anju.bank.queries import banks
from anju.core.money import format_yuan
from anju.db import migrate
from anju.ledger.queries import trial_balance
from anju.ledger.tables import gl_account, voucher
from anju.org.tables import branch, centre_info
from anju.policy.kinds import format_ratio
from anju.policy.store import load_store
from anju.workcal.service import known_range

HEADLINE_ACCOUNTS = ("101", "121", "122", "201", "301", "311")

# Areas add headline counts here: (label, fn(conn, as_of) -> int | str).
EXTRA_FACTS: list = []


def collect(engine: Engine, *, as_of: date) -> dict:
    with engine.connect() as conn:
        info = dict(conn.execute(select(centre_info.c.key, centre_info.c.value)).all())
        store = load_store(conn)
        policy = store.at(as_of)
        tb = {a.code: a for a in trial_balance(conn, as_of=as_of)}
        first, last = known_range(conn)
        facts = {label: fn(conn, as_of) for label, fn in EXTRA_FACTS}
        return {
            "centre": info.get("name"),
            "database": engine.url.render_as_string(hide_password=True),
            "schema_revision": migrate.current(engine),
            "as_of": as_of,
            "branches": conn.execute(select(func.count()).select_from(branch)).scalar_one(),
            "banks": [r.short_name for r in banks(conn)],
            "accounts": conn.execute(select(func.count()).select_from(gl_account)).scalar_one(),
            "vouchers": conn.execute(select(func.count()).select_from(voucher)).scalar_one(),
            "policy_versions": len(store.versions),
            "policy_change_dates": len(store.change_dates()),
            "policy": {
                "缴存比例": f"{format_ratio(policy.deposit.employer_ratio_min)}–{format_ratio(policy.deposit.employer_ratio_max)}",
                "缴存基数": f"{format_yuan(policy.deposit.base_floor)}–{format_yuan(policy.deposit.base_cap)}元",
                "存款利率": f"{format_ratio(policy.interest.deposit_rate)}（{policy.interest.day_basis}天）",
                "首套贷款利率": f"{format_ratio(policy.loan.rate_first_le5y)} / {format_ratio(policy.loan.rate_first_gt5y)}",
            } if not store.empty else {},
            "calendar": {"first": first, "last": last},
            "balances": {code: {"name": tb[code].name, "balance": format_yuan(tb[code].balance)}
                         for code in HEADLINE_ACCOUNTS if code in tb},
            "facts": facts,
        }


def render(info: dict, console) -> None:
    from rich.table import Table

    console.print(f"[bold]{info['centre'] or '（尚未载入中心参数）'}[/]  截至 {info['as_of']}")
    console.print(f"数据库 {info['database']}（版本 {info['schema_revision']}）")
    console.print(f"管理部 {info['branches']} 个；受托银行 {len(info['banks'])} 家：{'、'.join(info['banks'])}")
    console.print(f"会计科目 {info['accounts']} 个；凭证 {info['vouchers']} 张；政策参数 {info['policy_versions']} 个版本，"
                  f"{info['policy_change_dates']} 个生效日期；工作日历 {info['calendar']['first']} 至 {info['calendar']['last']}")
    if info["policy"]:
        console.print("现行政策：" + "；".join(f"{k} {v}" for k, v in info["policy"].items()))
    for label, value in info["facts"].items():
        console.print(f"{label}：{value}")
    t = Table(title="总账主要科目余额（元）", header_style="bold")
    t.add_column("科目")
    t.add_column("名称")
    t.add_column("余额", justify="right")
    for code, row in info["balances"].items():
        t.add_row(code, row["name"], row["balance"])
    console.print(t)
