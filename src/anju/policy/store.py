"""The policy in force at a date, read from the versioned records."""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from anju.core.errors import AnjuError, ErrorCode
from anju.policy import catalogue
from anju.policy.tables import policy_value


@dataclass(frozen=True)
class ValueVersion:
    key: str
    effective_from: date
    version: int
    value: Any
    recorded_at: object
    recorded_by: str
    source: str
    note: str


class Policy:
    """Values in force at one date. ``policy.deposit.base_floor`` or ``policy["deposit.base_floor"]``."""

    def __init__(self, as_of: date, values: dict[str, Any]) -> None:
        self.as_of = as_of
        self._values = values

    def __getitem__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            raise AnjuError(ErrorCode.POLICY_MISSING, as_of=self.as_of, key=key) from None

    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)

    def __getattr__(self, section: str) -> _Section:
        if section.startswith("_"):
            raise AttributeError(section)
        return _Section(self, section)

    def items(self) -> Iterator[tuple[str, Any]]:
        return iter(sorted(self._values.items()))


class _Section:
    def __init__(self, policy: Policy, prefix: str) -> None:
        self._policy = policy
        self._prefix = prefix

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        key = f"{self._prefix}.{name}"
        if catalogue.is_prefix(key):
            return _Section(self._policy, key)
        return self._policy[key]


class PolicyStore:
    """All versions of all parameters; ``at(as_of)`` answers which values are in force."""

    def __init__(self, versions: list[ValueVersion]) -> None:
        self.versions = versions
        latest: dict[tuple[str, date], ValueVersion] = {}
        for v in versions:
            cur = latest.get((v.key, v.effective_from))
            if cur is None or v.version > cur.version:
                latest[(v.key, v.effective_from)] = v
        self._series: dict[str, tuple[list[date], list[Any]]] = {}
        for (key, eff), v in sorted(latest.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            dates, values = self._series.setdefault(key, ([], []))
            dates.append(eff)
            values.append(v.value)
        self._cache: dict[date, Policy] = {}

    @property
    def empty(self) -> bool:
        return not self._series

    def at(self, as_of: date) -> Policy:
        cached = self._cache.get(as_of)
        if cached is not None:
            return cached
        values = {}
        for key, (dates, vals) in self._series.items():
            i = bisect_right(dates, as_of)
            if i:
                values[key] = vals[i - 1]
        policy = Policy(as_of, values)
        if len(self._cache) < 4096:
            self._cache[as_of] = policy
        return policy

    def change_dates(self) -> list[date]:
        return sorted({d for dates, _ in self._series.values() for d in dates})

    def history(self, key: str | None = None) -> list[ValueVersion]:
        rows = [v for v in self.versions if key is None or v.key == key]
        return sorted(rows, key=lambda v: (v.key, v.effective_from, v.version))


def _decode(key: str, raw: str) -> Any:
    spec = catalogue.lookup(key)
    stored = json.loads(raw)
    return spec.kind.load(stored) if spec else stored


def read_store(conn: Connection) -> PolicyStore:
    rows = conn.execute(select(policy_value)).all()
    return PolicyStore([
        ValueVersion(r.key, r.effective_from, r.version, _decode(r.key, r.value_json), r.recorded_at,
                     r.recorded_by, r.source, r.note) for r in rows])


_CACHE: dict[str, tuple[tuple, PolicyStore]] = {}


def load_store(conn: Connection) -> PolicyStore:
    """The store, cached per database until any version is added (cheap check on max id)."""
    marker = tuple(conn.execute(select(func.max(policy_value.c.id), func.count(),
                                       func.max(policy_value.c.recorded_at))).one())
    cache_key = str(conn.engine.url)
    hit = _CACHE.get(cache_key)
    if hit is not None and hit[0] == marker:
        return hit[1]
    store = read_store(conn)
    _CACHE[cache_key] = (marker, store)
    return store


def policy_at(conn: Connection, as_of: date) -> Policy:
    return load_store(conn).at(as_of)
