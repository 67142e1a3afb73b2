"""One maker-checker workflow (经办—复核—审批) for every area: a business record moves through declared states by
declared steps; the component locks the record, checks the step's permission, the state it starts from, the
reason it needs and who may not take it (the maker, the reviewer, whoever took an earlier step), decides the
``anju.auth.approval`` request (a second, different approver above the policy threshold), moves the status only
from the one it read, writes the area's event row and the audit record, and computes the decision deadline on the
working-day calendar.

An area declares its flow once (see ``anju/withdrawal/flow.py`` for the fullest example)::

    FLOW = Flow(
        noun="提取申请", table=withdrawal, states=Status, entity="withdrawal", audit_prefix="withdrawal.",
        events=Events(withdrawal_event, "withdrawal_id"),
        approval=Approval(kind="withdrawal", threshold_key="approval.withdrawal_second_above"),
        deadline_key="approval.withdrawal_decision_workdays",
        steps=[
            Step("review", "复核", S.SUBMITTED, to=S.REVIEWED, permission=P.REVIEW, checker=True),
            Step("approve", "审批", S.REVIEWED, to=S.APPROVED, permission=P.APPROVE, checker=True,
                 not_by={"reviewed_by": "复核人审批自己复核的提取申请"}),
            ...
        ])

and its use cases take a step, do their own business, and move::

    case = FLOW.take(uow, actor, withdrawal_id, "review", as_of=as_of)
    ...                                   # the area's own checks and work on case.row
    case.move(note=note, reviewed_by=actor.username, reviewed_at=uow.now())

Steps without a permission are the system's own transitions (a bank result, a payment file): the use case that
makes them has checked its own permission; ``FLOW.move(uow, actor, row, action=...)`` still refuses a transition
the declaration does not allow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from enum import Enum

from sqlalchemy import (
    Column,
    Connection,
    Date,
    DateTime,
    ForeignKey,
    Index,
    MetaData,
    String,
    Table,
    insert,
    select,
    update,
)

from anju.auth import approval, audit
from anju.auth.actor import Actor, require, scope_person
from anju.core.errors import AnjuError, Conflict, ErrorCode, Forbidden, NotFound, Problem, ValidationFailed
from anju.db.locks import for_update
from anju.db.meta import PK, metadata
from anju.db.uow import UnitOfWork
from anju.policy.store import policy_at

WRONG_STATE = "{noun}{no}当前为“{status}”，不能{doing}"


# ----------------------------------------------------------------------------------------- declaration


@dataclass(frozen=True)
class Events:
    """An area's event table (what the applicant's page lists) and the column naming the business record. The
    table has the columns of ``event_table``: at, on_day, username, channel, action, from_status, to_status, note."""

    table: Table
    ref: str


@dataclass(frozen=True)
class Approval:
    """The ``anju.auth.approval`` request opened with the record: its kind, the policy threshold above which two
    approvers must agree, and the record's column keeping the request id. ``column=None``: the record keeps no
    column (it may be checked again and again, one request each time, e.g. a second confirmation of a payment);
    its request is the latest pending one of this kind about the record (``approval.pending_for``)."""

    kind: str
    threshold_key: str | None = None
    column: str | None = "approval_id"


Permission = str | Callable[[object], str]  # a permission, or one chosen by the record's state


@dataclass(frozen=True)
class Step:
    """One step: its name (event and audit action), the Chinese verb refusals use (“不能复核”), the states it starts
    from and the state it leads to (None: the step does not move, or the use case chooses).

    ``permission`` — checked before the record is read; a callable gets the locked record (a rejection is a
    reviewer's before 复核 and an approver's after). None: a system transition.
    ``checker`` — the maker may not take it (经办人不能审批自己提交的业务). ``not_by`` — {column: what the refusal
    calls it}: whoever that column names may not take it either. ``checker_of`` — whoever took that earlier step
    (the latest such event) may not take this one. ``scoped`` — a member may take it on their own record only.
    ``reason`` — the message when no reason is given (the reason is the step's note). ``refusals`` — a message per
    state for the states a generic “不能…” would explain badly. ``decides`` — the step decides the approval request:
    "approve", "reject" or "close" (the maker withdraws it; anyone else rejects it with ``close_note``).
    "stop" — the step ends the record whoever takes it: a pending request is rejected with ``close_note`` where
    this person may decide it, and left as it is otherwise (the maker or an earlier approver cannot).
    ``partial_note`` — the event note when an approval is recorded but another approver is still needed.
    ``awaiting`` — the step needs the record's pending request (a confirmation step: the record's own status
    does not change while it waits, the request's does): without one it is refused with this message
    (placeholders as ``wrong_state``), and the request's maker and whoever decided it already are refused before
    the area's own checks run.
    """

    name: str
    doing: str
    from_: tuple = ()
    to: object = None
    permission: Permission | None = None
    checker: bool = False
    not_by: Mapping[str, str] = field(default_factory=dict)
    checker_of: str | None = None
    scoped: bool = False
    reason: str | None = None
    refusals: Mapping[object, str] = field(default_factory=dict)
    decides: str | None = None
    close_note: str = "{reason}"
    partial_note: str = "已同意（{approvals}/{needed}），须另一名审批人审批"
    awaiting: str | None = None

    def __init__(self, name: str, doing: str, *from_, to=None, **options):
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "doing", doing)
        object.__setattr__(self, "from_", tuple(_value(s) for s in from_))
        object.__setattr__(self, "to", None if to is None else _value(to))
        defaults = {f.name: f.default if f.default is not MISSING else f.default_factory()
                    for f in fields(Step) if f.name not in ("name", "doing", "from_", "to")}
        unknown = set(options) - set(defaults)
        if unknown:
            raise TypeError(f"unknown step options: {sorted(unknown)}")
        for key, default in defaults.items():
            value = options.get(key, default)
            if key == "refusals":
                value = {_value(s): text for s, text in value.items()}
            object.__setattr__(self, key, value)
        if self.decides not in (None, "approve", "reject", "close", "stop"):
            raise ValueError(f"step {name}: decides must be approve, reject, close or stop")


@dataclass(frozen=True)
class Flow:
    """A kind of business under maker-checker: its record, states (an Enum whose members have ``.label``, or a
    {value: label} mapping), steps, where its events go and how its audit records are named."""

    noun: str  # the record as a person calls it: 提取申请
    table: Table  # the business record: columns id and status (and ``maker``, ``number`` when given)
    states: Mapping[str, str]
    steps: Mapping[str, Step]
    entity: str  # audit entity type
    audit_prefix: str  # audit action = prefix + step name
    events: Events | None = None
    approval: Approval | None = None
    deadline_key: str | None = None  # policy key: working days from acceptance to the decision
    maker: str = "created_by"
    number: str | None = "no"  # the record's number in messages (else its id)
    touch: str | None = "updated_at"  # timestamp column set on every move
    initial: str | None = None
    wrong_state: str = WRONG_STATE
    owner: str = "person_id"  # column a ``scoped`` step compares with a member's person
    opens: str = "apply"  # the action ``open`` records (event and audit ``prefix + opens``)

    def __init__(self, *, noun: str, table: Table, states, steps: Iterable[Step], entity: str, audit_prefix: str,
                 events: Events | None = None, approval: Approval | None = None, deadline_key: str | None = None,
                 maker: str = "created_by", number: str | None = "no", touch: str | None = "updated_at",
                 initial=None, wrong_state: str = WRONG_STATE, owner: str = "person_id", opens: str = "apply"):
        labels = ({s.value: s.label for s in states} if isinstance(states, type) and issubclass(states, Enum)
                  else dict(states))
        by_name = {}
        for s in steps:
            if s.name in by_name:
                raise ValueError(f"step {s.name} declared twice")
            for st in (*s.from_, *(() if s.to is None else (s.to,))):
                if st not in labels:
                    raise ValueError(f"step {s.name}: unknown state {st}")
            if (s.awaiting is not None or s.decides is not None) and approval is None:
                raise ValueError(f"step {s.name}: the flow opens no approval request")
            by_name[s.name] = s
        for k, v in dict(noun=noun, table=table, states=labels, steps=by_name, entity=entity,
                         audit_prefix=audit_prefix, events=events, approval=approval, deadline_key=deadline_key,
                         maker=maker, number=number, touch=touch, initial=None if initial is None else _value(initial),
                         wrong_state=wrong_state, owner=owner, opens=opens).items():
            object.__setattr__(self, k, v)

    # ---------------------------------------------------------------- reading

    def label(self, status: str) -> str:
        return self.states.get(status, status)

    def no(self, row) -> str:
        return str(getattr(row, self.number) if self.number else row.id)

    def lock(self, conn: Connection, record_id: int):
        """The record, locked for the rest of the transaction (``anju.db.locks.for_update``: FOR UPDATE on
        PostgreSQL; SQLite writers are serialised by BEGIN IMMEDIATE)."""
        row = conn.execute(for_update(conn, select(self.table).where(self.table.c.id == record_id))).first()
        if row is None:
            raise NotFound(ErrorCode.NOT_FOUND, what=self.noun, key=record_id)
        return row

    def deadline(self, conn: Connection, accepted_on: date) -> date:
        """The decision deadline: ``deadline_key`` working days after acceptance on the working-day calendar."""
        from anju.workcal.service import load_calendar

        return load_calendar(conn).deadline(accepted_on, policy_at(conn, accepted_on)[self.deadline_key])

    def audit_action(self, step: str) -> str:
        """The audit action of a step (and of ``open``'s "apply"): the flow's prefix and the step's name. Every one
        has a Chinese label (``tests/core/test_labels.py`` reads them from the declarations)."""
        return f"{self.audit_prefix}{step}"

    def allowed(self, status: str) -> list[str]:
        """The steps that may start from ``status`` (what a page offers)."""
        return [s.name for s in self.steps.values() if _value(status) in s.from_]

    # ---------------------------------------------------------------- the steps

    def open(self, uow: UnitOfWork, actor: Actor, row, *, on: date | None = None, note: str = "",
             summary: str = "", amount: int | None = None, audit_after: dict | None = None, action: str | None = None,
             as_of: date | None = None) -> approval.ApprovalState | None:
        """The maker opened the record (inserted in its first state, or one that waits for its check now): open
        its approval request (stored on the record where the flow has a column for it), write the event and the
        audit record ``prefix + opens``. Returns the request, if the flow has one."""
        conn = uow.conn
        action = action or self.opens
        req = None
        after = dict(audit_after or {})
        if self.approval is not None:
            req = approval.submit(uow, actor, kind=self.approval.kind, ref_type=self.entity, ref_id=row.id,
                                  summary=summary, amount=amount, threshold_key=self.approval.threshold_key,
                                  as_of=as_of or on)
            if self.approval.column is not None:
                conn.execute(update(self.table).where(self.table.c.id == row.id)
                             .values({self.approval.column: req.id}))
                after["approval"] = req.id
        if self.events is not None:
            self._event_row(uow, actor, row.id, action=action, from_status=None, to_status=row.status, on=on,
                            note=note)
        code = self.audit_action(action)
        audit.record(uow, actor, action=code, entity_type=self.entity, entity_id=row.id, after=after)
        return req

    def take(self, uow: UnitOfWork, actor: Actor, record_id: int, step: str, *, reason: str = "") -> Case:
        """Take a declared step on one record: permission, lock, the member's own record, the state, the reason,
        the maker-checker rules — in this order, each refusing with the area's own message."""
        s = self.steps[step]
        if isinstance(s.permission, str):
            require(actor, s.permission)
        row = self.lock(uow.conn, record_id)
        permission = s.permission(row) if callable(s.permission) else s.permission
        if callable(s.permission):
            require(actor, permission)
        if s.scoped:
            scope_person(actor, getattr(row, self.owner))
        self.require_state(row, s)
        if s.reason is not None and not reason.strip():
            raise ValidationFailed([Problem(s.reason, field="reason")])
        self.ensure_checker(uow.conn, row, s, actor)
        if s.awaiting is not None:
            state = self.request(uow.conn, row)
            if state is None:
                self.refuse(row, s, s.awaiting)
            problem = approval.refusal(state, actor.username)
            if problem is not None:
                raise problem
        return Case(self, uow, actor, row, s, permission)

    def request(self, conn: Connection, row) -> approval.ApprovalState | None:
        """The record's approval request: the one its column names, or (no column) its pending one."""
        if self.approval is None:
            return None
        if self.approval.column is None:
            return approval.pending_for(conn, kind=self.approval.kind, ref_type=self.entity, ref_id=row.id)
        rid = getattr(row, self.approval.column)
        return approval.get(conn, rid) if rid else None

    def require_state(self, row, step: Step | str) -> None:
        s = self.steps[step] if isinstance(step, str) else step
        if row.status in s.from_:
            return
        self.refuse(row, s, s.refusals.get(row.status) or self.wrong_state)

    def refuse(self, row, step: Step, text: str) -> None:
        """Refuse a step on a record with the area's message (placeholders: noun, no, status, doing)."""
        raise AnjuError(ErrorCode.STATE, detail=text.format(noun=self.noun, no=self.no(row),
                                                            status=self.label(row.status), doing=step.doing))

    def ensure_checker(self, conn: Connection, row, step: Step, actor: Actor) -> None:
        if step.checker:
            approval.ensure_different_person(maker=getattr(row, self.maker), checker=actor.username)
        for column, who in step.not_by.items():
            if getattr(row, column) == actor.username:
                raise Forbidden(ErrorCode.FORBIDDEN, action=who)
        if step.checker_of is not None:
            approval.ensure_different_person(maker=self.taken_by(conn, row.id, step.checker_of) or "",
                                             checker=actor.username)

    def taken_by(self, conn: Connection, record_id: int, step: str) -> str | None:
        """Who took ``step`` last on the record (from the event table)."""
        t, ref = self.events.table, self.events.ref
        return conn.execute(select(t.c.username).where(t.c[ref] == record_id, t.c.action == step)
                            .order_by(t.c.id.desc()).limit(1)).scalar()

    def move(self, uow: UnitOfWork, actor: Actor, row, *, action: str, to=None, on: date | None = None,
             note: str = "", audit_after: dict | None = None, claim: bool = False, **values) -> bool:
        """Change the status from the one the row was read with (a concurrent change fails here, it never
        overwrites), with the event row and the audit record. ``action`` names a declared step: the transition
        must be one it allows. ``claim=True`` (a batch's system transition over rows it read without a lock): a
        row another transaction changed meanwhile is skipped — False, nothing written — instead of refused."""
        s = self.steps[action]
        target = _value(to) if to is not None else s.to
        if target is None:
            raise ValueError(f"step {action} declares no target state")
        self.require_state(row, s)
        if s.to is not None and target != s.to:
            raise ValueError(f"step {action} leads to {s.to}, not {target}")
        if self.touch:
            values[self.touch] = uow.now()
        done = uow.conn.execute(update(self.table).where(self.table.c.id == row.id, self.table.c.status == row.status)
                                .values(status=target, **values)).rowcount
        if done != 1:
            if claim:
                return False
            raise Conflict(ErrorCode.CONFLICT, detail=f"{self.noun}{self.no(row)}的状态已被他人改变，请刷新后重试")
        if self.events is not None:
            self._event_row(uow, actor, row.id, action=action, from_status=row.status, to_status=target, on=on,
                            note=note)
        code = self.audit_action(action)
        audit.record(uow, actor, action=code, entity_type=self.entity, entity_id=row.id,
                     before={"status": row.status}, after={"status": target, "note": note, **(audit_after or {})})
        return True

    def stay(self, uow: UnitOfWork, actor: Actor, row, *, action: str, on: date | None = None, note: str = "",
             audit_before: dict | None = None, audit_after: dict | None = None, **values) -> None:
        """A declared step that leaves the status where it is (a confirmation sent back): from a state it allows,
        the record's ``values`` written, the event row and the audit record ``prefix + action``."""
        s = self.steps[action]
        self.require_state(row, s)
        if self.touch:
            values[self.touch] = uow.now()
        if values:
            uow.conn.execute(update(self.table).where(self.table.c.id == row.id).values(**values))
        if self.events is not None:
            self._event_row(uow, actor, row.id, action=action, from_status=row.status, to_status=row.status, on=on,
                            note=note)
        audit.record(uow, actor, action=self.audit_action(action), entity_type=self.entity, entity_id=row.id,
                     before={"status": row.status, **(audit_before or {})},
                     after={"status": row.status, "note": note, **(audit_after or {})})

    def event(self, uow: UnitOfWork, actor: Actor, row, *, action: str, on: date, note: str = "") -> None:
        """An event that does not move the status (a first of two approvals, money left on a closed account)."""
        self._event_row(uow, actor, row.id, action=action, from_status=row.status, to_status=row.status, on=on,
                        note=note)

    def _event_row(self, uow: UnitOfWork, actor: Actor, record_id: int, *, action: str, from_status: str | None,
                   to_status: str, on: date | None, note: str) -> None:
        uow.conn.execute(insert(self.events.table).values({
            self.events.ref: record_id, "at": uow.now(), "on_day": on, "username": actor.username,
            "channel": actor.channel.value, "action": action, "from_status": from_status, "to_status": to_status,
            "note": note[:500] or None}))


@dataclass
class Case:
    """A step being taken on one locked record."""

    flow: Flow
    uow: UnitOfWork
    actor: Actor
    row: object
    step: Step
    permission: str | None

    def move(self, *, to=None, action: str | None = None, on: date | None = None, note: str = "",
             audit_after: dict | None = None, **values) -> None:
        """Move by this step (or another declared ``action``); the case's row is read again afterwards."""
        self.flow.move(self.uow, self.actor, self.row, action=action or self.step.name, to=to, on=on, note=note,
                       audit_after=audit_after, **values)
        self.row = self.flow.lock(self.uow.conn, self.row.id)

    def stay(self, *, action: str | None = None, on: date | None = None, note: str = "",
             audit_before: dict | None = None, audit_after: dict | None = None, **values) -> None:
        """This step (or another declared ``action``) done without a move; the case's row is read again."""
        self.flow.stay(self.uow, self.actor, self.row, action=action or self.step.name, on=on, note=note,
                       audit_before=audit_before, audit_after=audit_after, **values)
        self.row = self.flow.lock(self.uow.conn, self.row.id)

    def event(self, *, action: str, on: date, note: str = "") -> None:
        self.flow.event(self.uow, self.actor, self.row, action=action, on=on, note=note)

    def request(self) -> approval.ApprovalState | None:
        return self.flow.request(self.uow.conn, self.row)

    def _request_id(self) -> int:
        state = self.request()
        if state is None:
            raise ValueError(f"{self.flow.noun}{self.flow.no(self.row)} has no approval request")
        return state.id

    def approve(self, *, note: str, on: date | None = None) -> bool:
        """Record this approval on the request; True when it was the last one needed. Otherwise the step's
        ``partial_note`` goes to the event table (where the flow has one) and the status stays."""
        self._decides("approve")
        state = approval.decide(self.uow, self.actor, request_id=self._request_id(), approve=True, note=note,
                                permission=self.permission)
        if state.status == "approved":
            return True
        if self.flow.events is not None:
            self.event(action=f"{self.step.name}_one", on=on,
                       note=self.step.partial_note.format(approvals=state.approvals, needed=state.approvals_needed))
        return False

    def reject(self, *, note: str) -> None:
        self._decides("reject")
        approval.decide(self.uow, self.actor, request_id=self._request_id(), approve=False, note=note,
                        permission=self.permission)

    def close_request(self, *, reason: str, permission: str | None = None) -> None:
        """Close a pending request as the step declares: ``close`` — the maker withdraws it, anyone else rejects it
        with ``close_note``; ``stop`` — rejected with ``close_note`` where this person may decide it, else left."""
        self._decides("close", "stop")
        state = self.request()
        if state is None or state.status != "pending":
            return
        if self.step.decides == "stop" and approval.refusal(state, self.actor.username) is not None:
            return
        if self.step.decides == "close" and state.created_by == self.actor.username:
            approval.cancel(self.uow, self.actor, request_id=state.id, reason=reason)
        else:
            approval.decide(self.uow, self.actor, request_id=state.id, approve=False,
                            note=self.step.close_note.format(reason=reason),
                            permission=permission or self.permission)

    def _decides(self, *how: str) -> None:
        if self.step.decides not in how or self.flow.approval is None:
            raise ValueError(f"step {self.step.name} is not declared to {' or '.join(how)} the approval request")


def _value(state) -> str:
    return state.value if isinstance(state, Enum) else str(state)


def event_table(name: str, record_table: str, ref: str, *, meta: MetaData = metadata) -> Table:
    """The event table of a new area's record: one row per step, as the applicant's page lists it (declare it in
    the area's ``tables.py`` and add it to the area's migration)."""
    t = Table(
        name, meta,
        Column("id", PK, primary_key=True, autoincrement=True),
        Column(ref, PK, ForeignKey(f"{record_table}.id"), nullable=False),
        Column("at", DateTime, nullable=False),
        Column("on_day", Date, nullable=False),
        Column("username", String(64), nullable=False),
        Column("channel", String(20), nullable=False),
        Column("action", String(20), nullable=False),
        Column("from_status", String(12), nullable=True),
        Column("to_status", String(12), nullable=False),
        Column("note", String(500), nullable=True),
    )
    Index(f"ix_{name}_{ref}", t.c[ref])
    return t
