"""The standard's field types as Spark types (the same as the export's Parquet types, ``report.jgjstd``)."""

from __future__ import annotations

from anju.report.jgjstd import StdTable


def spark_schema(table: StdTable):
    from pyspark.sql.types import DateType, DecimalType, LongType, StringType, StructField, StructType

    kinds = {"C": StringType(), "N": LongType(), "M": DecimalType(18, 2), "R": DecimalType(18, 6), "D": DateType(),
             "Y": StringType()}
    return StructType([StructField(f.code, kinds[f.type]) for f in table.fields])
