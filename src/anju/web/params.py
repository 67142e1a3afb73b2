"""Bounded types for API inputs (path, query and body): an out-of-range value is a Chinese 422 at the edge,
never an overflow in the database or a ``ValueError`` deep in a date computation. Also the web platform's
policy parameters (the upload limits every upload route applies), as each area's ``params`` module declares them.

The bounds appear in the OpenAPI document (``minimum``/``maximum``), so a caller can see them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, ClassVar

from annotated_types import Ge, Le
from pydantic import AfterValidator, BaseModel, field_validator

from anju.policy.catalogue import param
from anju.policy.kinds import INT

# How much of an uploaded file is read (every upload route; anju.web.uploads).
param("upload.max_bytes", INT, "上传文件大小上限（字节）")
param("upload.max_rows", INT, "上传表格最多读取的行数（含表头）")
param("upload.max_columns", INT, "上传表格最多读取的列数")
param("upload.max_problems", INT, "上传文件一次列出的错误条数上限（其余汇总为“另有N处错误”）")

ID_MAX = 2**63 - 1  # the largest BIGINT: ids, counts and offsets never go beyond it
YEAR_MIN, YEAR_MAX = 1900, 2100


def _month(value: int) -> int:
    if not 1 <= value % 100 <= 12:
        raise ValueError(f"年月格式不正确，应为YYYYMM：{value}")
    return value


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# A moment in a response: stored as naive UTC, emitted with its offset (``2026-03-02T01:00:00Z``) as the
# OpenAPI ``date-time`` format (RFC 3339) requires.
Timestamp = Annotated[datetime, AfterValidator(_utc)]
# A row id (employer, person, list, voucher …): 1 … 2^63-1.
Id = Annotated[int, Ge(1), Le(ID_MAX)]
# A count, a limit or an offset: 0 … 2^63-1.
Count = Annotated[int, Ge(0), Le(ID_MAX)]
# A calendar year the centre's books can hold.
Year = Annotated[int, Ge(YEAR_MIN), Le(YEAR_MAX)]
# A month as YYYYMM (190001 … 210012, month part 01 … 12).
Month = Annotated[int, Ge(YEAR_MIN * 100 + 1), Le(YEAR_MAX * 100 + 12), AfterValidator(_month)]
# A day in the same years.
Day = Annotated[date, Ge(date(YEAR_MIN, 1, 1)), Le(date(YEAR_MAX, 12, 31))]
# A day of the month (pay day).
DayOfMonth = Annotated[int, Ge(1), Le(31)]


class Patch(BaseModel):
    """The body of a partial update (PATCH): a field left out stays as it is; ``null`` is refused (422) for every
    field not named in ``nullable``, since the stored value cannot be empty."""

    nullable: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value, info):
        if value is None and info.field_name not in cls.nullable:
            raise ValueError("不能为空；不修改请省略此项")
        return value
