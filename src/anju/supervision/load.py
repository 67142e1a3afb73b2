"""Many centres' exports as one set of DataFrames: each table of every centre, with the centre's code (ZXDM)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from anju.report import jgjstd

CENTRE = "ZXDM"  # 中心代码: the column every loaded table gains


@dataclass(frozen=True)
class Centre:
    code: str
    name: str
    path: Path
    manifest: dict


@dataclass
class Province:
    centres: list[Centre]
    frames: dict  # table abbreviation (GRZH, GRYWMX …) -> DataFrame of every centre's rows

    def __getitem__(self, abbr: str):
        return self.frames[abbr]

    def names(self) -> dict[str, str]:
        return {c.code: c.name for c in self.centres}


class LoadError(ValueError):
    pass


def centres(paths) -> list[Centre]:
    out, problems = [], []
    for p in map(Path, paths):
        try:
            m = json.loads((p / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            problems.append(f"{p}：没有可读的清单manifest.json（{exc.__class__.__name__}）")
            continue
        if "parquet" not in m.get("formats", []):
            problems.append(f"{p}：导出不含Parquet文件")
            continue
        out.append(Centre(m["centre_code"], m["centre_name"], p, m))
    seen: dict[str, Path] = {}
    for c in out:
        if c.code in seen:
            problems.append(f"中心代码{c.code}重复：{seen[c.code]} 与 {c.path}")
        seen[c.code] = c.path
    if problems:
        raise LoadError("；".join(problems))
    return out


USED = ("GRZH", "GRYWMX", "DKZH", "FWSY")  # the tables the indicators and rules read


def load(spark, paths, tables=USED) -> Province:
    """Every table of the standard each manifest lists, unioned over the centres (a table a centre did not export
    is an empty frame of the standard's schema, so the rules run the same)."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType, StructField

    from anju.supervision.schema import spark_schema

    found = centres(paths)
    frames = {}
    for table in jgjstd.tables():
        if tables is not None and table.abbr not in tables:
            continue
        parts = []
        for c in found:
            path = c.path / f"{table.stem}.parquet"
            if path.exists():
                parts.append(spark.read.schema(spark_schema(table)).parquet(str(path)).withColumn(CENTRE, F.lit(c.code)))
        if parts:
            df = parts[0]
            for more in parts[1:]:
                df = df.unionByName(more)
        else:
            df = spark.createDataFrame([], spark_schema(table).add(StructField(CENTRE, StringType())))
        frames[table.abbr] = df
    return Province(found, frames)
