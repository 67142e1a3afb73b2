"""Policy use cases: load a centre file, set one value from a date, read the history."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select

from anju.auth import audit
from anju.auth.actor import Actor, Permission, require
from anju.auth.witness import digest
from anju.bank import queries as bank_queries
from anju.bank import service as bank_service
from anju.core import clock
from anju.core.canon import dumps
from anju.core.errors import AnjuError, ErrorCode, Problem, ValidationFailed
from anju.db.uow import UnitOfWork
from anju.org import queries as org_queries
from anju.org import service as org_service
from anju.policy import catalogue
from anju.policy.kinds import KindError
from anju.policy.loader import CentreFile, PolicyChange, check_history, parse_centre_text
from anju.policy.store import read_store
from anju.policy.tables import policy_value

SAMPLE_CENTRE = Path(__file__).with_name("data") / "sample-centre.toml"


@dataclass(frozen=True)
class LedgerHooks:
    """The ledger's part of loading a centre file, connected at start-up (``anju.compose``): the ledger sits
    above the policy area, so policy does not import it."""

    install_chart: Callable[[Connection], int]  # -> accounts added
    open_bank_subaccounts: Callable[..., list]  # (conn, *, bank_code, bank_name) -> accounts added


_ledger: list[LedgerHooks] = []


def connect_ledger(hooks: LedgerHooks) -> None:
    _ledger[:] = [hooks]


def _ledger_hooks() -> LedgerHooks:
    if not _ledger:
        raise RuntimeError("policy.service is not connected to the ledger: call anju.compose.wire() at start-up")
    return _ledger[0]


@dataclass(frozen=True)
class LoadSummary:
    centre: str
    banks_added: int
    branches_added: int
    versions_added: int
    accounts_added: int


def check_file(path: Path) -> tuple[CentreFile, list[Problem]]:
    return parse_centre_text(path.read_text(encoding="utf-8"))


def value_digest(vid: int, key: str, effective: date, version: int, value_json: str, recorded_at, recorded_by: str,
                 source: str, note: str) -> str:
    """What the audit chain vouches for a stored policy version (checked by `anju verify`)."""
    return digest(int(vid), key, effective, version, value_json, recorded_at.isoformat(timespec="microseconds"),
                  recorded_by, source, note)


def _store_value(uow: UnitOfWork, actor: Actor, *, key: str, effective: date, value: Any, source: str,
                 note: str) -> tuple[int, str] | None:
    """Insert a new version unless the latest version for (key, date) already holds this value.

    Returns the new row's id and digest (for the caller's attestation), or None when nothing was stored.
    """
    conn = uow.conn
    spec = catalogue.lookup(key)
    encoded = json.dumps(spec.kind.dump(value), ensure_ascii=False, sort_keys=True, default=str)
    latest = conn.execute(
        select(policy_value.c.version, policy_value.c.value_json)
        .where(policy_value.c.key == key, policy_value.c.effective_from == effective)
        .order_by(policy_value.c.version.desc()).limit(1)).first()
    if latest is not None and latest.value_json == encoded:
        return None
    row = {"key": key, "effective_from": effective, "version": (latest.version + 1) if latest else 1,
           "value_json": encoded, "recorded_at": uow.now(), "recorded_by": actor.username, "source": source[:200],
           "note": note[:500]}
    vid = conn.execute(insert(policy_value).values(**row).returning(policy_value.c.id)).scalar_one()
    return vid, value_digest(vid, row["key"], row["effective_from"], row["version"], row["value_json"],
                             row["recorded_at"], row["recorded_by"], row["source"], row["note"])


def load_centre(uow: UnitOfWork, actor: Actor, *, text: str, source: str) -> LoadSummary:
    """Load (or reload) a centre file. Idempotent: unchanged values add no versions."""
    require(actor, Permission.POLICY_MANAGE)
    parsed, problems = parse_centre_text(text)
    if problems:
        raise ValidationFailed(problems, summary=f"中心参数文件{source}有{len(problems)}处错误")
    conn = uow.conn
    ledger = _ledger_hooks()
    accounts = ledger.install_chart(conn)
    for key, value in (("code", parsed.code), ("name", parsed.name), ("region", parsed.region),
                       ("time_zone", parsed.time_zone), *parsed.info.items()):
        org_service.set_info(conn, key, value)
    banks = 0
    for b in parsed.banks:
        if bank_service.add_bank(conn, code=b.code, name=b.name, short_name=b.short_name, account_no=b.account_no):
            banks += 1
        accounts += len(ledger.open_bank_subaccounts(conn, bank_code=b.code, bank_name=b.short_name))
    _load_bank_register(uow, parsed)
    branches = 0
    for br in parsed.branches:
        if org_service.add_branch(conn, code=br.code, name=br.name):
            branches += 1
    stored = []
    for ch in parsed.changes:
        for key, value in ch.values.items():
            added = _store_value(uow, actor, key=key, effective=ch.effective, value=value, source=source,
                                 note=ch.note)
            if added is not None:
                stored.append(added)
    versions = len(stored)
    audit.attest(uow, actor, "policy_value", stored)
    clock.set_time_zone(parsed.time_zone)
    summary = LoadSummary(parsed.name, banks, branches, versions, accounts)
    if banks or branches or versions or accounts:
        audit.record(uow, actor, action="policy.load", entity_type="centre", entity_id=parsed.code,
                     after={"source": source, "banks_added": banks, "branches_added": branches,
                            "versions_added": versions, "accounts_added": accounts})
    return summary


def _load_bank_register(uow: UnitOfWork, parsed) -> None:
    """The agreements (with their fee rules) and 专户 the centre file lists, each entered once (by number): every
    ``[[bank]]``'s account_no is its 归集户 on 101xx, ``[[bank_account]]`` adds others. Setting up a centre; later
    changes are requests checked by a second person (``anju.settle.accounts``)."""
    from anju.bank.codes import AccountPurpose
    from anju.core.money import parse_yuan
    from anju.policy.kinds import parse_ratio

    conn, at, by = uow.conn, uow.now(), "centre-file"
    first = parsed.changes[0].effective if parsed.changes else date(2000, 1, 1)
    for g in parsed.agreements:
        if bank_queries.agreement(conn, g.no) is not None:
            continue
        gid = bank_service.add_agreement(conn, bank_code=g.bank, no=g.no, title=g.title, services=list(g.services),
                                         signed_on=g.signed_on, valid_from=g.valid_from, valid_to=g.valid_to, at=at,
                                         by=by, fee_terms=g.fee_terms, assessment_terms=g.assessment_terms)
        for f in g.fees:
            bank_service.add_fee_rule(
                conn, bank_code=g.bank, agreement_id=gid, fee_type=str(f["fee_type"]), base=str(f["base"]),
                rate=parse_ratio(f["rate"]) if f.get("rate") is not None else None,
                unit_fee=parse_yuan(str(f["unit_fee"])) if f.get("unit_fee") is not None else None,
                bands=[(lo, str(factor)) for lo, factor in f.get("bands", [])], valid_from=g.valid_from,
                valid_to=g.valid_to, at=at, by=by, note=f.get("note"))
    accounts = [(b.code, AccountPurpose.COLLECT, b.account_no, parsed.name, f"101{b.code}", first, None, None)
                for b in parsed.banks if b.account_no]
    accounts += [(a.bank, a.purpose, a.account_no, a.account_name, a.ledger_code, a.opened_on or first,
                  a.branch_name, a.agreement_no) for a in parsed.bank_accounts]
    for bank, purpose, no, name, ledger_code, opened_on, branch, agreement_no in accounts:
        if bank_queries.account(conn, no) is not None:
            continue
        agreement = bank_queries.agreement(conn, agreement_no) if agreement_no else None
        bank_service.open_account(conn, bank_code=bank, purpose=str(purpose), account_no=no, account_name=name,
                                  ledger_code=ledger_code, opened_on=opened_on, at=at, by=by, branch_name=branch,
                                  agreement_id=agreement.id if agreement else None)


def set_value(uow: UnitOfWork, actor: Actor, *, key: str, raw: Any, effective: date, note: str) -> bool:
    """Change one parameter from a date on; the whole history is re-checked before it is stored."""
    require(actor, Permission.POLICY_MANAGE)
    spec = catalogue.lookup(key)
    if spec is None:
        raise AnjuError(ErrorCode.POLICY_INVALID, detail=f"未知参数{key}")
    try:
        value = spec.kind.parse(raw)
    except KindError as exc:
        raise AnjuError(ErrorCode.POLICY_INVALID, detail=f"{key}（{spec.label}）：{exc}") from exc
    if not note.strip():
        raise AnjuError(ErrorCode.POLICY_INVALID, detail="修改政策参数须注明依据（文件名或文号）")
    store = read_store(uow.conn)
    changes = _changes_from_store(store)
    changes.append(PolicyChange(effective, note, {key: value}))
    problems = check_history(changes)
    if problems:
        raise ValidationFailed(problems, summary="修改后政策参数不一致")
    before = store.at(effective).get(key)
    stored = _store_value(uow, actor, key=key, effective=effective, value=value, source="manual", note=note)
    if stored is not None:
        audit.attest(uow, actor, "policy_value", [stored])
        audit.record(uow, actor, action="policy.set", entity_type="policy", entity_id=f"{key}@{effective}",
                     before={"value": dumps(before) if before is not None else None},
                     after={"value": dumps(value), "note": note})
    return stored is not None


def _changes_from_store(store) -> list[PolicyChange]:
    by_date: dict[date, dict[str, Any]] = {}
    for eff in store.change_dates():
        by_date[eff] = {}
    for key in catalogue.params():
        for v in store.history(key):
            by_date.setdefault(v.effective_from, {})[key] = v.value  # later versions overwrite earlier
    return [PolicyChange(eff, "", vals) for eff, vals in sorted(by_date.items())]


def centre_name(conn) -> str | None:
    return org_queries.info_value(conn, "name")


@dataclass(frozen=True)
class CentreProfile:
    """Who the centre is, from its centre file: what the annual report's 机构概况 says when staff wrote nothing."""

    info: dict[str, str]  # name, address, phone, … as loaded from [centre]
    branches: list[str]
    banks: list[str]


def centre_profile(conn) -> CentreProfile:
    info = org_queries.info(conn)
    branches = [r.name for r in org_queries.branches(conn)]
    banks = [r.name for r in bank_queries.banks(conn, active_only=True)]
    return CentreProfile(info, branches, banks)


def changes_in_year(conn, year: int) -> list[tuple[date, str, list[str]]]:
    """Policy values that took effect in ``year``: (effective date, note, [parameter names in Chinese])."""
    pv = policy_value.c
    rows = conn.execute(select(pv.effective_from.label("effective"), pv.key, pv.note)
                        .where(pv.effective_from >= date(year, 1, 1), pv.effective_from <= date(year, 12, 31))
                        .order_by(pv.effective_from, pv.key)).all()
    by_day: dict[date, tuple[set[str], list[str]]] = {}
    for r in rows:
        names, notes = by_day.setdefault(r.effective, (set(), []))
        spec = catalogue.lookup(r.key)
        names.add(spec.label if spec is not None else "其他政策参数")
        if r.note and r.note not in notes:
            notes.append(r.note)
    return [(day, "；".join(notes), sorted(names)) for day, (names, notes) in sorted(by_day.items())]
def centre_time_zone(conn) -> str:
    """The centre's time zone as loaded from its centre file (``[centre] time_zone``, Asia/Shanghai by default)."""
    name = org_queries.info_value(conn, "time_zone")
    return name or clock.DEFAULT_TIME_ZONE


def apply_time_zone(conn) -> str:
    """Set the one clock's business time zone from the centre stored in the database (at start-up)."""
    name = centre_time_zone(conn)
    clock.set_time_zone(name)
    return name


def version_count(conn) -> int:
    return conn.execute(select(func.count()).select_from(policy_value)).scalar_one()
