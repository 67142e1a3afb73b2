"""Cross-centre audit (跨中心稽查): the rules that no single centre can run, as Spark joins over the province.
Each rule returns one row per (centre, subject) — the 疑点 a centre receives — with the other centres involved and
the evidence as a Chinese sentence. Rules are data (``RULES``); the thresholds are parameters of the run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from anju.registry.codes import TxnType
from anju.supervision.load import CENTRE, Province

HIT_COLUMNS = ("GZDM", "ZXDM", "ZJHM", "YWBH", "GLZX", "SM", "JE")  # rule, centre, ID, local ref, others, text, yuan


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    definition: str


RULES = {
    "sv.dup_contrib": Rule("sv.dup_contrib", "异地重复缴存",
                           "同一证件号码在两个及以上中心同为正常缴存状态，或同一月份在两个及以上中心汇缴、补缴入账"),
    "sv.same_home": Rule("sv.same_home", "同一房屋多地使用",
                         "同一房屋（坐落、不动产权证号或购房合同编号的规范化键相同）在两个及以上中心用于提取或贷款"),
    "sv.multi_loan": Rule("sv.multi_loan", "多地同时贷款", "同一借款人在两个及以上中心同时有未结清的公积金贷款"),
    "sv.repeat_transfer": Rule("sv.repeat_transfer", "频繁异地转移",
                               "同一证件号码在期间内外部转出达到次数阈值（默认2次及以上），跨中心计"),
}


@dataclass(frozen=True)
class Params:
    start: date  # the period the month- and transfer-based rules look at
    end: date
    transfers: int = 2  # 频繁异地转移: transfers out in the period, at least


def _others(df, key: str):
    """Rows of ``df`` (with CENTRE and ``key``) whose key appears in two or more centres, with GLZX: the other
    centres of that key, sorted and joined by 、."""
    from pyspark.sql import functions as F

    sets = (df.groupBy(key).agg(F.collect_set(CENTRE).alias("_all")).where(F.size("_all") >= 2))
    return (df.join(sets, key).withColumn(
        "GLZX", F.array_join(F.array_sort(F.array_remove(F.col("_all"), F.col(CENTRE))), "、")).drop("_all"))


def dup_contrib(p: Province, params: Params):
    from pyspark.sql import functions as F

    acc = p["GRZH"].select(CENTRE, "GRZH", "ZJHM", "GRZHZT", "GRZHYE")
    normal = acc.where(F.col("GRZHZT") == "01").select(CENTRE, "ZJHM", "GRZH", "GRZHYE")
    by_status = _others(normal, "ZJHM").select(
        CENTRE, "ZJHM", F.col("GRZH").alias("YWBH"), "GLZX",
        F.concat(F.lit("本中心个人账户"), F.col("GRZH"), F.lit("为正常缴存状态，同时在"), F.col("GLZX"),
                 F.lit("为正常缴存状态")).alias("SM"), F.col("GRZHYE").alias("JE"))
    paid = (p["GRYWMX"].where(F.col("GJHTQYWLX").isin(TxnType.REMIT.value, TxnType.BACK_PAY.value)
                              & (F.col("FSE") > 0) & (F.col("JZRQ") >= F.lit(params.start))
                              & (F.col("JZRQ") < F.lit(params.end)) & F.col("HBJNY").isNotNull())
            .join(acc.select(CENTRE, "GRZH", "ZJHM"), [CENTRE, "GRZH"])
            .select(CENTRE, "ZJHM", "GRZH", "HBJNY").distinct())
    months = (paid.groupBy("ZJHM", "HBJNY").agg(F.collect_set(CENTRE).alias("_all")).where(F.size("_all") >= 2)
              .groupBy("ZJHM").agg(F.array_join(F.array_sort(F.collect_set("HBJNY")), "、").alias("_months")))
    by_month = (_others(paid.select(CENTRE, "ZJHM", "GRZH").distinct(), "ZJHM").join(months, "ZJHM")
                .select(CENTRE, "ZJHM", F.col("GRZH").alias("YWBH"), "GLZX",
                        F.concat(F.lit("同一月份（"), F.col("_months"), F.lit("）在本中心与"), F.col("GLZX"),
                                 F.lit("均有汇缴或补缴入账")).alias("SM"), F.lit(None).cast("decimal(18,2)").alias("JE")))
    from pyspark.sql.window import Window

    both = by_status.withColumn("_prio", F.lit(0)).unionByName(by_month.withColumn("_prio", F.lit(1)))
    # one 疑点 per centre and person: the status sentence where both apply
    first = F.row_number().over(Window.partitionBy(CENTRE, "ZJHM").orderBy("_prio", "YWBH"))
    return both.withColumn("_n", first).where(F.col("_n") == 1).drop("_n", "_prio")


def same_home(p: Province, params: Params):
    from pyspark.sql import functions as F

    uses = p["FWSY"].where(F.col("YXBZ") == "1")
    keyed = None
    for column, label in (("BDCQZHJ", "不动产权证号"), ("GFHTBHJ", "购房合同编号"), ("FWZLJ", "房屋坐落")):
        part = (uses.where(F.col(column).isNotNull() & (F.col(column) != ""))
                .select(CENTRE, "ZJHM", "YWBH", "SYLX", "FWZL", "FSE", F.lit(label).alias("_kind"),
                        F.concat(F.lit(label + ":"), F.col(column)).alias("_key")))
        keyed = part if keyed is None else keyed.unionByName(part)
    hits = _others(keyed, "_key")
    use = F.when(F.col("SYLX") == "01", F.lit("提取")).otherwise(F.lit("贷款"))
    return (hits.select(CENTRE, "ZJHM", "YWBH", "GLZX", "FSE", "_kind", "FWZL", use.alias("_use"))
            .dropDuplicates([CENTRE, "ZJHM", "YWBH"])
            .select(CENTRE, "ZJHM", "YWBH", "GLZX",
                    F.concat(F.lit("房屋“"), F.col("FWZL"), F.lit("”在本中心用于"), F.col("_use"), F.lit("（"),
                             F.col("YWBH"), F.lit("），同一房屋（"), F.col("_kind"), F.lit("相同）在"), F.col("GLZX"),
                             F.lit("也用于提取或贷款")).alias("SM"), F.col("FSE").alias("JE")))


def multi_loan(p: Province, params: Params):
    from pyspark.sql import functions as F

    open_loans = (p["DKZH"].where(F.col("DKZHZT").isin("01", "02") & (F.col("DKYE") > 0))
                  .select(CENTRE, "JKRZJH", "DKZH", "DKYE").withColumnRenamed("JKRZJH", "ZJHM"))
    return (_others(open_loans, "ZJHM").dropDuplicates([CENTRE, "ZJHM", "DKZH"])
            .select(CENTRE, "ZJHM", F.col("DKZH").alias("YWBH"), "GLZX",
                    F.concat(F.lit("本中心贷款"), F.col("DKZH"), F.lit("未结清，同一借款人在"), F.col("GLZX"),
                             F.lit("另有未结清的公积金贷款")).alias("SM"), F.col("DKYE").alias("JE")))


def repeat_transfer(p: Province, params: Params):
    from pyspark.sql import functions as F

    outs = (p["GRYWMX"].where((F.col("GJHTQYWLX") == TxnType.TRANSFER_OUT.value)
                              & (F.col("JZRQ") >= F.lit(params.start)) & (F.col("JZRQ") < F.lit(params.end)))
            .join(p["GRZH"].select(CENTRE, "GRZH", "ZJHM"), [CENTRE, "GRZH"])
            .select(CENTRE, "ZJHM", "GRZH", "JZRQ", "FSE"))
    people = (outs.groupBy("ZJHM").agg(F.count("*").alias("_n"), F.collect_set(CENTRE).alias("_all"))
              .where(F.col("_n") >= params.transfers))
    return (outs.join(people, "ZJHM").dropDuplicates([CENTRE, "ZJHM", "GRZH"])
            .withColumn("GLZX", F.array_join(F.array_sort(F.array_remove(F.col("_all"), F.col(CENTRE))), "、"))
            .select(CENTRE, "ZJHM", F.col("GRZH").alias("YWBH"), "GLZX",
                    F.concat(F.lit("期间内共外部转出"), F.col("_n").cast("string"), F.lit("次（本中心账户"), F.col("GRZH"),
                             F.lit("于"), F.col("JZRQ").cast("string"), F.lit("转出"),
                             F.when(F.col("GLZX") != "", F.concat(F.lit("，另在"), F.col("GLZX"), F.lit("转出")))
                             .otherwise(F.lit("")), F.lit("）")).alias("SM"),
                    (-F.col("FSE")).cast("decimal(18,2)").alias("JE")))


CHECKS = {"sv.dup_contrib": dup_contrib, "sv.same_home": same_home, "sv.multi_loan": multi_loan,
          "sv.repeat_transfer": repeat_transfer}


def run(p: Province, params: Params):
    """Every rule's 疑点 as one DataFrame of HIT_COLUMNS."""
    from pyspark.sql import functions as F

    out = None
    for code, check in CHECKS.items():
        df = check(p, params).select(F.lit(code).alias("GZDM"), *HIT_COLUMNS[1:])
        df = df.withColumn("JE", F.col("JE").cast("decimal(18,2)"))
        out = df if out is None else out.unionByName(df)
    return out
