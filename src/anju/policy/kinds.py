"""Value kinds of policy parameters: how a TOML value is parsed, checked, stored and shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from anju.core.errors import AnjuError
from anju.core.money import format_yuan, parse_yuan


class KindError(ValueError):
    """A value that does not fit its kind; the message is Chinese."""


def parse_ratio(raw: Any) -> Decimal:
    """"5%", "0.05", "12.5%" → Decimal fraction. Floats are refused: write ratios as strings."""
    if isinstance(raw, (bool, float)):
        raise KindError(f"比例请写成字符串（如\"5%\"），不能写成浮点数：{raw!r}")
    if isinstance(raw, Decimal):
        return raw
    if isinstance(raw, int):
        raise KindError(f"比例请写成百分数字符串（如\"5%\"）：{raw!r}")
    if not isinstance(raw, str):
        raise KindError(f"比例格式不正确：{raw!r}")
    s = raw.strip().replace("％", "%")
    try:
        if s.endswith("‰"):
            return Decimal(s[:-1].strip()) / 1000
        if s.endswith("%"):
            return Decimal(s[:-1].strip()) / 100
        return Decimal(s)
    except InvalidOperation as exc:
        raise KindError(f"比例格式不正确：{raw!r}") from exc


def format_ratio(value: Decimal) -> str:
    pct = (value * 100).normalize()
    text = format(pct, "f")
    return f"{text}%"


@dataclass(frozen=True)
class Kind:
    name: str

    def parse(self, raw: Any) -> Any:  # TOML value → domain value
        raise NotImplementedError

    def dump(self, value: Any) -> Any:  # domain value → JSON-able
        return value

    def load(self, stored: Any) -> Any:  # JSON-able → domain value
        return stored

    def show(self, value: Any) -> str:
        return str(value)


class MoneyKind(Kind):
    def parse(self, raw):
        try:
            return parse_yuan(raw)
        except AnjuError as exc:
            raise KindError(str(exc)) from exc

    def show(self, value):
        return f"{format_yuan(value)}元"


class RatioKind(Kind):
    def parse(self, raw):
        value = parse_ratio(raw)
        if value < 0:
            raise KindError(f"比例不能为负数：{raw!r}")
        return value

    def dump(self, value):
        return str(value)

    def load(self, stored):
        return Decimal(stored)

    def show(self, value):
        return format_ratio(value)


class DecimalKind(Kind):
    """A plain exact number such as a multiple (×1.2) or a factor."""

    def parse(self, raw):
        if isinstance(raw, (bool, float)):
            raise KindError(f"请写成字符串或整数（如\"1.2\"），不能写成浮点数：{raw!r}")
        try:
            return Decimal(str(raw).strip())
        except InvalidOperation as exc:
            raise KindError(f"数值格式不正确：{raw!r}") from exc

    def dump(self, value):
        return str(value)

    def load(self, stored):
        return Decimal(stored)


class IntKind(Kind):
    def parse(self, raw):
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise KindError(f"应为整数：{raw!r}")
        return raw


class BoolKind(Kind):
    def parse(self, raw):
        if not isinstance(raw, bool):
            raise KindError(f"应为 true 或 false：{raw!r}")
        return raw

    def show(self, value):
        return "是" if value else "否"


class TextKind(Kind):
    def parse(self, raw):
        if not isinstance(raw, str):
            raise KindError(f"应为文本：{raw!r}")
        return raw


@dataclass(frozen=True)
class ChoiceKind(Kind):
    choices: tuple[str, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()  # a choice → its Chinese label (what a person reads)

    def parse(self, raw):
        if raw not in self.choices:
            shown = dict(self.labels)
            options = "、".join(f"{c}（{shown[c]}）" if c in shown else c for c in self.choices)
            raise KindError(f"应为{options}之一：{raw!r}")
        return raw

    def show(self, value):
        return dict(self.labels).get(value, str(value))


class DateKind(Kind):
    def parse(self, raw):
        if isinstance(raw, date):
            return raw
        if isinstance(raw, str):
            try:
                return date.fromisoformat(raw)
            except ValueError as exc:
                raise KindError(f"日期格式不正确：{raw!r}") from exc
        raise KindError(f"应为日期：{raw!r}")

    def dump(self, value):
        return value.isoformat()

    def load(self, stored):
        return date.fromisoformat(stored)


@dataclass(frozen=True)
class ListKind(Kind):
    item: Kind = TextKind("text")

    def parse(self, raw):
        if not isinstance(raw, list):
            raise KindError(f"应为列表：{raw!r}")
        return tuple(self.item.parse(x) for x in raw)

    def dump(self, value):
        return [self.item.dump(x) for x in value]

    def load(self, stored):
        return tuple(self.item.load(x) for x in stored)

    def show(self, value):
        return "、".join(self.item.show(x) for x in value)


@dataclass(frozen=True)
class TableKind(Kind):
    """A small record of named fields, e.g. one withdrawal reason's rules. Missing optional fields are None."""

    fields: tuple[tuple[str, Kind, bool], ...] = ()  # (name, kind, required)
    labels: tuple[tuple[str, str], ...] = ()  # field name → its Chinese label (what a person reads)
    value_labels: tuple[tuple[str, str], ...] = ()  # a coded value (a choice, an item of a list) → its label

    def parse(self, raw):
        if not isinstance(raw, dict):
            raise KindError(f"应为表（{{…}}）：{raw!r}")
        known = {name for name, _, _ in self.fields}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise KindError(f"未知字段：{'、'.join(unknown)}")
        out = {}
        errors = []
        for name, kind, required in self.fields:
            if name not in raw:
                if required:
                    errors.append(f"缺少字段{name}")
                out[name] = None
                continue
            try:
                out[name] = kind.parse(raw[name])
            except KindError as exc:
                errors.append(f"{name}：{exc}")
        if errors:
            raise KindError("；".join(errors))
        return out

    def dump(self, value):
        kinds = {n: k for n, k, _ in self.fields}
        return {n: (None if v is None else kinds[n].dump(v)) for n, v in value.items()}

    def load(self, stored):
        kinds = {n: k for n, k, _ in self.fields}
        return {n: (None if stored.get(n) is None else kinds[n].load(stored[n])) for n in kinds}

    def show(self, value):
        kinds, names, coded = {n: k for n, k, _ in self.fields}, dict(self.labels), dict(self.value_labels)

        def one(name, v):
            if isinstance(v, list | tuple) and coded:
                return "、".join(coded.get(x, x) for x in v)
            if isinstance(v, str) and v in coded:
                return coded[v]
            return kinds[name].show(v)

        if not names:
            return "，".join(f"{n}={kinds[n].show(v)}" for n, v in value.items() if v is not None)
        return "；".join(f"{names.get(n, n)}：{one(n, v)}" for n, v in value.items() if v is not None)


MONEY = MoneyKind("money")
RATIO = RatioKind("ratio")
DECIMAL = DecimalKind("decimal")
INT = IntKind("int")
BOOL = BoolKind("bool")
TEXT = TextKind("text")
DATE = DateKind("date")


def choice(*options: str, labels: dict[str, str] | None = None) -> ChoiceKind:
    return ChoiceKind("choice", tuple(options), tuple((labels or {}).items()))


def list_of(item: Kind) -> ListKind:
    return ListKind("list", item)


def table(*fields: tuple[str, Kind] | tuple[str, Kind, bool], labels: dict[str, str] | None = None,
          value_labels: dict[str, str] | None = None) -> TableKind:
    norm = tuple((f[0], f[1], f[2] if len(f) > 2 else True) for f in fields)
    return TableKind("table", norm, tuple((labels or {}).items()), tuple((value_labels or {}).items()))
