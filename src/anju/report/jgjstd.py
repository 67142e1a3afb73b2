"""The JGJ/T 320-2014 field lists as data (``jgj320.toml``): which tables a centre exchanges, their fields in
the standard's order and each field's type. The export writes by them and is tested against them; supervision
(``anju.supervision``) reads the exports by them."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("jgj320.toml")
TYPES = {"C": "字符", "N": "整数", "M": "金额", "R": "比率", "D": "日期", "Y": "年月"}


@dataclass(frozen=True)
class Field:
    code: str
    name: str
    type: str


@dataclass(frozen=True)
class StdTable:
    code: str
    abbr: str
    name: str
    owner: str
    kind: str  # master (a snapshot: whole, or the rows changed since) / detail (rows dated since)
    fields: tuple[Field, ...]
    standard: bool = True
    pending: str | None = None
    not_held: tuple[str, ...] = ()

    @property
    def stem(self) -> str:
        """The file name without extension, e.g. ``5.0.4_GRZH_个人账户``."""
        return f"{self.code}_{self.abbr}_{self.name}"

    @property
    def headers(self) -> list[str]:
        return [f.code for f in self.fields]


@cache
def tables() -> tuple[StdTable, ...]:
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
    return tuple(StdTable(t["code"], t["abbr"], t["name"], t["owner"], t["kind"],
                          tuple(Field(*f) for f in t["fields"]), t.get("standard", True), t.get("pending"),
                          tuple(t.get("not_held", ()))) for t in raw["table"])


def by_stem() -> dict[str, StdTable]:
    return {t.stem: t for t in tables()}


def by_abbr() -> dict[str, StdTable]:
    return {t.abbr: t for t in tables()}


def arrow_type(kind: str):
    import pyarrow as pa

    return {"C": pa.string(), "N": pa.int64(), "M": pa.decimal128(18, 2), "R": pa.decimal128(18, 6),
            "D": pa.date32(), "Y": pa.string()}[kind]


def arrow_schema(table: StdTable):
    import pyarrow as pa

    return pa.schema([pa.field(f.code, arrow_type(f.type)) for f in table.fields])


def typed(kind: str, value):
    """A cell as the export's rows give it (text, int, Decimal, date) → the field's Python value; "" and None
    → None for every type but text. Raises ValueError on a value that is not of the type."""
    if value is None or (value == "" and kind != "C"):
        return None
    if kind == "C":
        return str(value)
    if kind == "N":
        if isinstance(value, bool) or (isinstance(value, str) and not value.lstrip("-").isdigit()):
            raise ValueError(f"不是整数：{value!r}")
        return int(value)
    if kind in ("M", "R"):
        d = Decimal(str(value))
        places = 2 if kind == "M" else 6
        if d != d.quantize(Decimal(1).scaleb(-places)):
            raise ValueError(f"小数位数超过{places}位：{value!r}")
        return d.quantize(Decimal(1).scaleb(-places))
    if kind == "D":
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    if kind == "Y":
        s = str(value)
        if len(s) != 6 or not s.isdigit() or not 1 <= int(s[4:]) <= 12:
            raise ValueError(f"不是年月YYYYMM：{value!r}")
        return s
    raise ValueError(f"未知字段类型：{kind}")
