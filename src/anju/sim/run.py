"""Run a plan through one executor: ``run(engine, config, path="bulk")``."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from anju.core.dates import last_day
from anju.interest.monthly import accrue_month
from anju.registry.tables import person
from anju.sim.activity import registered
from anju.sim.bulk import BulkExecutor
from anju.sim.context import Context, make_plan
from anju.sim.plan import SimConfig
from anju.sim.service_path import ServiceExecutor

PATHS = ("service", "bulk")
SERVICE_LIMIT = 5_000  # "auto" takes the service path up to this many members


@dataclass
class SimResult:
    path: str
    months: int = 0
    members: int = 0
    employers: int = 0
    seconds: float = 0.0
    steps: dict[str, float] = field(default_factory=dict)  # step name -> seconds
    demo_employer_no: str | None = None
    demo_id_number: str | None = None
    context: Context | None = field(default=None, repr=False)


def run(engine: Engine, config: SimConfig, *, path: str = "auto",
        progress: Callable[[str], None] | None = None) -> SimResult:
    """Generate the centre; raises ValueError if this seed's centre is already in the database."""
    if path == "auto":
        path = "service" if config.members <= SERVICE_LIMIT else "bulk"
    if path not in PATHS:
        raise ValueError(f"生成方式应为 auto、service 或 bulk：{path}")
    plan = make_plan(engine, config)
    with engine.connect() as conn:
        first = plan.person(0).id_number
        if conn.execute(select(person.c.id).where(person.c.id_number == first)).first() is not None:
            raise ValueError(f"随机种子{config.seed}的模拟中心已在本数据库中生成过（换一个 --seed 或使用新数据库）")
    ctx = Context(engine, plan)
    executor = ServiceExecutor(ctx) if path == "service" else BulkExecutor(ctx)
    activities = registered()
    result = SimResult(path=path, context=ctx)
    started = time.perf_counter()

    def timed(step: str, fn, *args) -> None:
        t0 = time.perf_counter()
        fn(*args)
        result.steps[step] = result.steps.get(step, 0.0) + time.perf_counter() - t0

    for mp in plan.months():
        timed("registry", executor.registry_day, mp)
        for name, events in mp.activities.items():
            timed(f"activity.{name}", executor.activity, activities[name], mp, events)
        for paid_on in mp.paid_dates():
            timed("remit", executor.remit_day, mp, paid_on)
        if last_day(mp.month) <= config.last_date:  # 计提 at every month end the centre has reached
            timed("interest", lambda m: accrue_month(engine, ctx.clerk, month=m, as_of=last_day(m)), mp.month)
        if mp.settle_year is not None:
            timed("interest", executor.settle, mp.settle_year)
        result.months += 1
        if progress:
            progress(f"{mp.month}: {plan.count} members, {len(mp.remits)} employer lists, "
                     f"{time.perf_counter() - started:.1f}s")
    result.members = plan.count
    result.employers = len(plan.employers)
    result.seconds = time.perf_counter() - started
    return result
