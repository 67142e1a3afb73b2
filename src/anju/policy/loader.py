"""Parse and check a centre file (TOML): centre facts, entrusted banks and the policy history.

Pure: text in, values and every problem out. Nothing is written until the whole file is clean.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from anju.core.clock import DEFAULT_TIME_ZONE
from anju.core.errors import Problem
from anju.policy import catalogue
from anju.policy.errors import PolicyError
from anju.policy.kinds import KindError

RESERVED = {"effective", "note"}


@dataclass(frozen=True)
class BankDef:
    code: str
    name: str
    short_name: str
    account_no: str | None = None


@dataclass(frozen=True)
class BankAccountDef:
    """A 专户 of the centre at a bank (``[[bank_account]]``; each ``[[bank]]``'s account_no is its 归集户)."""

    bank: str
    purpose: str
    account_no: str
    account_name: str
    ledger_code: str
    opened_on: date | None = None
    branch_name: str | None = None
    agreement_no: str | None = None


@dataclass(frozen=True)
class AgreementDef:
    """An entrustment agreement (``[[bank_agreement]]``) with its fee rules (``fees = [{…}]``)."""

    bank: str
    no: str
    title: str
    services: tuple[str, ...]
    signed_on: date
    valid_from: date
    valid_to: date | None
    fee_terms: str
    assessment_terms: str
    fees: tuple[dict, ...] = ()


@dataclass(frozen=True)
class BranchDef:
    code: str
    name: str


@dataclass(frozen=True)
class PolicyChange:
    effective: date
    note: str
    values: dict[str, Any]  # key -> parsed domain value


@dataclass
class CentreFile:
    code: str = ""
    name: str = ""
    region: str = ""
    time_zone: str = DEFAULT_TIME_ZONE  # IANA name; the centre's business date is the date in this zone
    info: dict[str, str] = field(default_factory=dict)
    banks: list[BankDef] = field(default_factory=list)
    bank_accounts: list[BankAccountDef] = field(default_factory=list)
    agreements: list[AgreementDef] = field(default_factory=list)
    branches: list[BranchDef] = field(default_factory=list)
    changes: list[PolicyChange] = field(default_factory=list)


def _flatten(table: Mapping[str, Any], prefix: str, where: str, problems: list[Problem],
             out: dict[str, Any], failed: set[str]) -> None:
    """Walk nested TOML tables until a path names a catalogue parameter."""
    for name, raw in table.items():
        path = f"{prefix}.{name}" if prefix else name
        if not prefix and name in RESERVED:
            continue
        spec = catalogue.lookup(path)
        if spec is not None:
            try:
                out[path] = spec.kind.parse(raw)
            except KindError as exc:
                failed.add(path)
                problems.append(Problem.of(PolicyError.PARAM_INVALID, field=spec.label, input=path, where=where,
                                           path=path, label=spec.label, exc=exc))
        elif isinstance(raw, dict) and catalogue.is_prefix(path):
            _flatten(raw, path, where, problems, out, failed)
        else:
            problems.append(Problem.of(PolicyError.PARAM_UNKNOWN, field="政策参数", input=path, where=where,
                                       path=path))


def merged_at(changes: list[PolicyChange], as_of: date) -> dict[str, Any]:
    """Values in force at a date when the changes apply in order of their effective dates."""
    values: dict[str, Any] = {}
    for ch in sorted(changes, key=lambda c: c.effective):
        if ch.effective > as_of:
            break
        values.update(ch.values)
    return values


def check_history(changes: list[PolicyChange], *, invalid: set[str] = frozenset()) -> list[Problem]:
    """Required parameters present from the first date on; cross-checks hold at every change date."""
    problems: list[Problem] = []
    if not changes:
        return [Problem.of(PolicyError.NO_POLICY, field="policy")]
    first = min(changes, key=lambda c: c.effective)
    missing = [k for k, p in catalogue.params().items() if p.required and k not in first.values and k not in invalid]
    for key in missing:
        problems.append(Problem.of(PolicyError.PARAM_REQUIRED, field=key, effective=first.effective, key=key,
                                   label=catalogue.lookup(key).label))
    for ch in sorted(changes, key=lambda c: c.effective):
        values = merged_at(changes, ch.effective)
        for fn in catalogue.cross_checks():
            for text in fn(values):
                problems.append(Problem.of(PolicyError.CROSS_CHECK, field="policy", effective=ch.effective,
                                           text=text))
    return problems


def _known_zone(name: str) -> bool:
    if not name or name.startswith("/") or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def parse_centre_text(text: str) -> tuple[CentreFile, list[Problem]]:
    problems: list[Problem] = []
    out = CentreFile()
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return out, [Problem.of(PolicyError.TOML_SYNTAX, exc=exc)]

    centre = doc.get("centre")
    if not isinstance(centre, dict):
        problems.append(Problem.of(PolicyError.CENTRE_MISSING, field="centre"))
        centre = {}
    out.code = str(centre.get("code", "")).strip()
    out.name = str(centre.get("name", "")).strip()
    out.region = str(centre.get("region", "")).strip()
    out.time_zone = str(centre.get("time_zone", DEFAULT_TIME_ZONE)).strip()
    out.info = {k: str(v) for k, v in centre.items() if k not in ("code", "name", "region", "time_zone")}
    if not out.code:
        problems.append(Problem.of(PolicyError.CENTRE_CODE_MISSING, field="centre.code"))
    if not out.name:
        problems.append(Problem.of(PolicyError.CENTRE_NAME_MISSING, field="centre.name"))
    if out.region and not (len(out.region) == 6 and out.region.isdigit()):
        problems.append(Problem.of(PolicyError.CENTRE_REGION, field="centre.region"))
    if not _known_zone(out.time_zone):
        problems.append(Problem.of(PolicyError.CENTRE_TIME_ZONE, field="centre.time_zone",
                                   time_zone=out.time_zone))

    seen_banks: set[str] = set()
    for i, b in enumerate(doc.get("bank", []), start=1):
        code, name = str(b.get("code", "")), str(b.get("name", "")).strip()
        if not (len(code) == 2 and code.isdigit()):
            problems.append(Problem.of(PolicyError.BANK_CODE_FORMAT, field="bank.code", i=i))
        elif code in seen_banks:
            problems.append(Problem.of(PolicyError.BANK_CODE_TWICE, field="bank.code", i=i, code=code))
        seen_banks.add(code)
        if not name:
            problems.append(Problem.of(PolicyError.BANK_NAME_MISSING, field="bank.name", i=i))
        out.banks.append(BankDef(code, name, str(b.get("short_name", name)), b.get("account_no")))
    if not out.banks:
        problems.append(Problem.of(PolicyError.NO_BANK, field="bank"))
    _bank_register(doc, out, seen_banks, problems)

    seen_branches: set[str] = set()
    for i, b in enumerate(doc.get("branch", []), start=1):
        code, name = str(b.get("code", "")), str(b.get("name", "")).strip()
        if not code or code in seen_branches:
            problems.append(Problem.of(PolicyError.BRANCH_CODE, field="branch.code", i=i))
        seen_branches.add(code)
        if not name:
            problems.append(Problem.of(PolicyError.BRANCH_NAME_MISSING, field="branch.name", i=i))
        out.branches.append(BranchDef(code, name))

    seen_dates: set[date] = set()
    failed: set[str] = set()
    for i, ch in enumerate(doc.get("policy", []), start=1):
        eff = ch.get("effective")
        where = f"第{i}个[[policy]]"
        if not isinstance(eff, date) or hasattr(eff, "hour"):
            problems.append(Problem.of(PolicyError.EFFECTIVE_FORMAT, field="policy.effective", where=where))
            continue
        where = f"{where}（{eff}起）"
        if eff in seen_dates:
            problems.append(Problem.of(PolicyError.EFFECTIVE_TWICE, field="policy.effective", where=where))
        seen_dates.add(eff)
        values: dict[str, Any] = {}
        _flatten(ch, "", where, problems, values, failed)
        out.changes.append(PolicyChange(eff, str(ch.get("note", "")), values))
    out.changes.sort(key=lambda c: c.effective)
    if not any(p.input and p.input.startswith("policy.effective") for p in problems):
        problems.extend(check_history(out.changes, invalid=failed))
    return out, problems


def _day(raw) -> date | None:
    return raw if isinstance(raw, date) and not hasattr(raw, "hour") else None


def _bank_register(doc: Mapping[str, Any], out: CentreFile, banks: set[str], problems: list[Problem]) -> None:
    """``[[bank_account]]`` and ``[[bank_agreement]]``: their fields present and typed (``anju.bank`` checks the
    rest when they are entered)."""
    for i, a in enumerate(doc.get("bank_account", []), start=1):
        missing = [k for k in ("bank", "purpose", "account_no", "account_name", "ledger_code") if not a.get(k)]
        if a.get("bank") and str(a["bank"]) not in banks:
            missing.append("bank（不是已列出的受托银行）")
        if "opened_on" in a and _day(a["opened_on"]) is None:
            missing.append("opened_on（应为日期）")
        if missing:
            problems.append(Problem.of(PolicyError.REGISTER_FIELD, field="专户", what="[[bank_account]]", i=i,
                                       fields="、".join(missing)))
            continue
        out.bank_accounts.append(BankAccountDef(
            str(a["bank"]), str(a["purpose"]), str(a["account_no"]), str(a["account_name"]), str(a["ledger_code"]),
            _day(a.get("opened_on")), a.get("branch_name"), a.get("agreement")))
    for i, g in enumerate(doc.get("bank_agreement", []), start=1):
        missing = [k for k in ("bank", "no", "title", "services") if not g.get(k)]
        missing += [k for k in ("signed_on", "valid_from") if _day(g.get(k)) is None]
        if g.get("bank") and str(g["bank"]) not in banks:
            missing.append("bank（不是已列出的受托银行）")
        fees = g.get("fees", [])
        if not isinstance(fees, list) or not all(isinstance(f, dict) and f.get("fee_type") and f.get("base")
                                                 for f in fees):
            missing.append("fees（每条须有fee_type和base）")
        if missing:
            problems.append(Problem.of(PolicyError.REGISTER_FIELD, field="委托协议", what="[[bank_agreement]]",
                                       i=i, fields="、".join(missing)))
            continue
        out.agreements.append(AgreementDef(
            str(g["bank"]), str(g["no"]), str(g["title"]), tuple(str(x) for x in g["services"]),
            _day(g["signed_on"]), _day(g["valid_from"]), _day(g.get("valid_to")), str(g.get("fee_terms", "")),
            str(g.get("assessment_terms", "")), tuple(fees)))
