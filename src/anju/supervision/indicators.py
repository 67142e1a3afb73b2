"""The provincial indicators, per centre and in total, from the centres' exports with the catalogue's definitions
(``anju/<area>/indicators.py``): flows over a period [start, end) from the business details, stocks from the
account snapshots (the export's date; a period ending at or after it). Each figure equals the centre's own
``indicators.value`` (tests/supervision/test_province.py). Ratios are worked out from the sums with the
catalogue's ``divide``, for the province from the province's sums (never an average of the centres' ratios)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from anju.indicators.catalogue import divide
from anju.registry.codes import TxnType
from anju.supervision.load import CENTRE, Province

PAID = (TxnType.REMIT.value, TxnType.BACK_PAY.value)
WITHDRAWN = (TxnType.PARTIAL_WITHDRAWAL.value, TxnType.CLOSING_WITHDRAWAL.value)
# (code, name, unit): the codes and names of the catalogue (anju.indicators); the order of the report
SUMS = ("deposit.amount", "registry.members_paying", "withdrawal.amount", "deposit.balance", "loan.issued_count",
        "loan.issued_amount", "loan.balance", "loan.overdue_amount", "loan.overdue_count")
RATIOS = {"withdrawal.rate": ("withdrawal.amount", "deposit.amount"), "loan.ratio": ("loan.balance", "deposit.balance"),
          "loan.overdue_rate": ("loan.overdue_amount", "loan.balance")}
ORDER = ("deposit.amount", "registry.members_paying", "withdrawal.amount", "withdrawal.rate", "deposit.balance",
         "loan.issued_count", "loan.issued_amount", "loan.balance", "loan.ratio", "loan.overdue_amount",
         "loan.overdue_count", "loan.overdue_rate")
NAMES = {"deposit.amount": ("归集额", "元"), "registry.members_paying": ("实缴职工数", "人"),
         "withdrawal.amount": ("提取额", "元"), "withdrawal.rate": ("提取率", "%"), "deposit.balance": ("缴存余额", "元"),
         "loan.issued_count": ("发放贷款笔数", "笔"), "loan.issued_amount": ("发放贷款金额", "元"),
         "loan.balance": ("个人住房贷款余额", "元"), "loan.ratio": ("个贷率", "%"), "loan.overdue_amount": ("逾期贷款金额", "元"),
         "loan.overdue_count": ("逾期贷款笔数", "笔"), "loan.overdue_rate": ("逾期率", "‰")}
TOTAL = "全省"


@dataclass(frozen=True)
class Figures:
    start: date
    end: date
    by_centre: dict[str, dict[str, int | Decimal | None]]  # centre code -> indicator code -> value
    total: dict[str, int | Decimal | None]


def _fen(col):
    from pyspark.sql import functions as F

    return F.coalesce((col * 100).cast("long"), F.lit(0))


def compute(p: Province, start: date, end: date) -> Figures:
    """Money in fen (int), counts int, ratios Decimal (None where the denominator is 0): as the catalogue."""
    from pyspark.sql import functions as F

    in_period = (F.col("JZRQ") >= F.lit(start)) & (F.col("JZRQ") < F.lit(end))
    details = p["GRYWMX"].where(in_period)
    paid = (details.where(F.col("GJHTQYWLX").isin(*PAID))
            .groupBy(CENTRE).agg(_fen(F.sum("FSE")).alias("deposit.amount"),
                                 F.countDistinct(F.when(F.col("FSE") > 0, F.col("GRZH"))).alias("registry.members_paying")))
    out = (details.where(F.col("GJHTQYWLX").isin(*WITHDRAWN))
           .groupBy(CENTRE).agg((-_fen(F.sum("FSE"))).alias("withdrawal.amount")))
    balance = p["GRZH"].groupBy(CENTRE).agg(_fen(F.sum("GRZHYE")).alias("deposit.balance"))
    issued = (F.col("DKFFRQ") >= F.lit(start)) & (F.col("DKFFRQ") < F.lit(end))
    loans = p["DKZH"].groupBy(CENTRE).agg(
        F.count(F.when(issued, 1)).alias("loan.issued_count"),
        _fen(F.sum(F.when(issued, F.col("DKFFE")))).alias("loan.issued_amount"),
        _fen(F.sum("DKYE")).alias("loan.balance"), _fen(F.sum("YQBJZE")).alias("loan.overdue_amount"),
        F.count(F.when(F.col("YQBJZE") != 0, 1)).alias("loan.overdue_count"))
    rows: dict[str, dict] = {c.code: dict.fromkeys(SUMS, 0) for c in p.centres}
    long = None  # the four aggregates in one job: (centre, indicator, value)
    for frame in (paid, out, balance, loans):
        names = [c for c in frame.columns if c != CENTRE]
        part = frame.select(CENTRE, F.explode(F.array(*[F.struct(F.lit(n).alias("k"), F.col(f"`{n}`").cast("long")
                                                                  .alias("v")) for n in names])).alias("kv"))
        long = part if long is None else long.unionByName(part)
    for r in long.select(CENTRE, "kv.k", "kv.v").collect():
        rows.setdefault(r[CENTRE], dict.fromkeys(SUMS, 0))[r.k] = int(r.v or 0)
    total = {k: sum(v[k] for v in rows.values()) for k in SUMS}
    for figures in (*rows.values(), total):
        for code, (a, b) in RATIOS.items():
            figures[code] = divide(figures[a], figures[b])
    return Figures(start, end, rows, total)


def shown(code: str, value) -> str:
    """A figure as the report prints it: yuan with two decimals, counts, ratios in % or ‰ with two decimals."""
    if value is None:
        return "—"
    unit = NAMES[code][1]
    if isinstance(value, Decimal):
        scale = 1000 if unit == "‰" else 100
        return f"{(value * scale).quantize(Decimal('0.01'))}"
    if unit == "元":
        sign = "-" if value < 0 else ""
        return f"{sign}{abs(value) // 100}.{abs(value) % 100:02d}"
    return str(value)


def rows(f: Figures, names: dict[str, str]) -> list[tuple]:
    """(中心代码, 中心名称, 指标代码, 指标名称, 单位, 值（精确）, 值（显示）) per centre and for the province."""
    out = []
    for code, figures in [*sorted(f.by_centre.items()), (TOTAL, f.total)]:
        for ind in ORDER:
            v = figures[ind]
            out.append((code, names.get(code, TOTAL), ind, NAMES[ind][0], NAMES[ind][1],
                        "" if v is None else str(v), shown(ind, v)))
    return out
