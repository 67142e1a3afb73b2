"""Read side of policy for the interfaces: the values in force on a date and a key's history, described."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection

from anju.policy import catalogue
from anju.policy.store import load_store


@dataclass(frozen=True)
class ParamInForce:
    key: str
    label: str
    value: Any  # JSON-able (money as int fen, ratios as strings)
    shown: str  # for people: "1,234.00元", "12%"
    effective_from: date | None
    kind: str


@dataclass(frozen=True)
class ParamVersion:
    key: str
    label: str
    effective_from: date
    version: int
    value: Any
    shown: str
    note: str
    source: str
    recorded_by: str
    recorded_at: datetime


def in_force(conn: Connection, as_of: date) -> list[ParamInForce]:
    store = load_store(conn)
    effective: dict[str, date] = {}
    for v in store.history():
        if v.effective_from <= as_of:
            effective[v.key] = v.effective_from
    rows = []
    for key, value in store.at(as_of).items():
        spec = catalogue.lookup(key)
        rows.append(ParamInForce(key, spec.label if spec else "", spec.kind.dump(value) if spec else value,
                                 spec.kind.show(value) if spec else str(value), effective.get(key),
                                 spec.kind.name if spec else ""))
    return rows


def history(conn: Connection, key: str | None = None) -> list[ParamVersion]:
    out = []
    for v in load_store(conn).history(key):
        spec = catalogue.lookup(v.key)
        out.append(ParamVersion(v.key, spec.label if spec else "", v.effective_from, v.version,
                                spec.kind.dump(v.value) if spec else v.value,
                                spec.kind.show(v.value) if spec else str(v.value), v.note, v.source,
                                v.recorded_by, v.recorded_at))
    return out
