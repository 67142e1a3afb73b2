"""`anju verify` against a knowledgeable editor: direct SQL edits of a small centre, each reported by the
right check, on both databases (issue 16, item 8)."""

from __future__ import annotations

import json
import os
import stat
from datetime import date, datetime

import pytest
from sqlalchemy import func, insert, select, update

from anju.auth import anchor, audit, auditkey, witness
from anju.auth import service as auth
from anju.auth.actor import Role, cli_actor
from anju.auth.tables import audit_head, audit_log, users
from anju.core.canon import dumps
from anju.db import UnitOfWork, make_engine, migrate
from anju.deposit.tables import remittance, remittance_line
from anju.ledger.rules import content_hash
from anju.ledger.tables import voucher, voucher_line
from anju.policy import service as policy
from anju.policy.tables import policy_value
from anju.registry.tables import account, member_txn
from anju.verify import run_all
from tests.support.cli import invoke
from tests.support.factory import open_employer, open_members, pay_month

ADMIN = cli_actor("admin1")


def failures(engine, **kw) -> dict[str, list[str]]:
    with engine.connect() as conn:
        return {r.check.name: [v.message for v in r.violations] for r in run_all(conn, **kw) if not r.ok}


def small_centre(engine) -> dict:
    """An employer with two members paid for two months, a clerk, and one policy change (last)."""
    eid = open_employer(engine, bank="02")
    accounts = open_members(engine, eid, 2)
    pay_month(engine, eid, 202501, date(2025, 1, 12))
    rid = pay_month(engine, eid, 202502, date(2025, 2, 12))
    with UnitOfWork(engine) as uow:
        auth.create_user(uow, ADMIN, username="clerk9", display_name="柜员九", roles=frozenset({Role.CLERK}),
                         password="Abcdefgh12", must_change_password=False, as_of=date(2025, 2, 12))
        uow.commit()
    with UnitOfWork(engine) as uow:
        assert policy.set_value(uow, ADMIN, key="interest.deposit_rate", raw="1.60%", effective=date(2025, 3, 1),
                                note="测试文件〔2025〕1号")
        uow.commit()
    with engine.connect() as conn:
        vid = conn.execute(select(remittance.c.voucher_id).where(remittance.c.id == rid)).scalar_one()
    return {"employer": eid, "accounts": accounts, "remittance": rid, "voucher": vid}


# ---------------------------------------------------------------- the edits, as an editor would make them


def plus_one_everywhere(conn, c, *, rehash: bool = False):
    """(a) +1.00 on one member's February row, the account, both voucher lines and the remittance list."""
    acc, rid, vid = c["accounts"][0], c["remittance"], c["voucher"]
    row = conn.execute(select(member_txn).where(member_txn.c.account_id == acc)
                       .order_by(member_txn.c.id.desc()).limit(1)).one()
    assert row.voucher_id == vid
    conn.execute(update(member_txn).where(member_txn.c.id == row.id).values(
        amount=member_txn.c.amount + 100, current_amount=member_txn.c.current_amount + 100,
        balance_after=member_txn.c.balance_after + 100))
    conn.execute(update(account).where(account.c.id == acc).values(
        balance=account.c.balance + 100, current_balance=account.c.current_balance + 100))
    conn.execute(update(voucher_line).where(voucher_line.c.voucher_id == vid).values(
        debit=voucher_line.c.debit + func.sign(voucher_line.c.debit) * 100,
        credit=voucher_line.c.credit + func.sign(voucher_line.c.credit) * 100))
    conn.execute(update(remittance_line).where(remittance_line.c.remittance_id == rid,
                                               remittance_line.c.account_id == acc)
                 .values(member_amount=remittance_line.c.member_amount + 100,
                         amount=remittance_line.c.amount + 100))
    conn.execute(update(remittance).where(remittance.c.id == rid).values(
        total=remittance.c.total + 100, member_total=remittance.c.member_total + 100))
    if rehash:
        _rehash_voucher(conn, vid)


def _rehash_voucher(conn, vid):
    """What an editor who read rules.content_hash does after changing a voucher."""
    v = conn.execute(select(voucher).where(voucher.c.id == vid)).one()
    lines = conn.execute(select(voucher_line).where(voucher_line.c.voucher_id == vid)
                         .order_by(voucher_line.c.line_no)).all()
    digest = content_hash(v.voucher_date, v.kind, v.summary, v.reverses_id,
                          [(ln.account_code, ln.debit, ln.credit, ln.subledger, ln.subledger_ref) for ln in lines])
    conn.execute(update(voucher).where(voucher.c.id == vid).values(content_hash=digest))


def edit_summary(conn, c, *, rehash: bool = False):
    """(b) an edited voucher summary."""
    conn.execute(update(voucher).where(voucher.c.id == c["voucher"]).values(summary="2025年2月汇缴（已更正）"))
    if rehash:
        _rehash_voucher(conn, c["voucher"])


def fabricate_voucher(conn, c, *, good_hash: bool = False):
    """(c) a balanced voucher written straight into the tables (bogus or correctly computed content hash)."""
    vid = conn.execute(insert(voucher).values(
        period=202502, number=99, voucher_date=date(2025, 2, 20), kind="manual", summary="利息收入",
        idempotency_key="forged:1", content_hash="0" * 64, created_at=conn.execute(select(
            func.max(voucher.c.created_at))).scalar_one(), created_by="admin1").returning(voucher.c.id)).scalar_one()
    conn.execute(insert(voucher_line), [
        {"voucher_id": vid, "line_no": 1, "account_code": "111", "debit": 50000, "credit": 0},
        {"voucher_id": vid, "line_no": 2, "account_code": "40101", "debit": 0, "credit": 50000}])
    if good_hash:
        _rehash_voucher(conn, vid)


def truncate_audit(conn, c):
    """(d) the last audit record deleted and audit_head rewound to the one before."""
    last = conn.execute(select(func.max(audit_log.c.seq))).scalar_one()
    prev = conn.execute(select(audit_log.c.hash).where(audit_log.c.seq == last - 1)).scalar_one()
    conn.execute(audit_log.delete().where(audit_log.c.seq == last))
    conn.execute(update(audit_head).where(audit_head.c.id == 1).values(last_seq=last - 1, last_hash=prev))


def rewrite_audit_unkeyed(conn, c, *, as_version: int = audit.KEYED):
    """(e) an audit record edited and the chain after it recomputed with plain SHA-256, as the old code did."""
    rows = conn.execute(select(audit_log).order_by(audit_log.c.seq)).all()
    target = next(r for r in rows if r.action == "auth.user_create")
    prev = None
    for r in rows:
        if r.seq < target.seq:
            prev = r.hash
            continue
        after = r.after_json
        if r.seq == target.seq:
            after = after.replace("clerk", "admin")
        digest = audit._record_hash(prev, r.seq, r.at, r.username, r.roles, r.channel, r.action, r.entity_type,
                                    r.entity_id, r.before_json, after)
        conn.execute(update(audit_log).where(audit_log.c.seq == r.seq).values(
            after_json=after, prev_hash=prev, hash=digest, hash_v=as_version))
        prev = digest
    conn.execute(update(audit_head).where(audit_head.c.id == 1).values(last_hash=prev))


def edit_audit_plainly(conn, c):
    conn.execute(update(audit_log).where(audit_log.c.action == "policy.set").values(username="nobody"))


def grant_admin(conn, c):
    """(f) admin granted directly in users."""
    conn.execute(update(users).where(users.c.username == "clerk9").values(roles="admin,clerk"))


def set_password_hash(conn, c):
    conn.execute(update(users).where(users.c.username == "clerk9").values(
        password_hash=conn.execute(select(users.c.password_hash).where(users.c.username == "clerk9")).scalar_one()
        .replace("$argon2id$", "$argon2id$x")))


def change_rate(conn, c):
    """(g) a policy rate changed directly in policy_value."""
    conn.execute(update(policy_value).where(policy_value.c.key == "interest.deposit_rate")
                 .values(value_json='"0.0300"'))


def add_policy_version(conn, c):
    row = conn.execute(select(policy_value).where(policy_value.c.key == "interest.deposit_rate")
                       .order_by(policy_value.c.version.desc()).limit(1)).one()
    conn.execute(insert(policy_value).values(
        key=row.key, effective_from=row.effective_from, version=row.version + 1, value_json='"0.0300"',
        recorded_at=row.recorded_at, recorded_by=row.recorded_by, source=row.source, note=row.note))


def delete_member_row(conn, c):
    row = conn.execute(select(member_txn.c.id).where(member_txn.c.account_id == c["accounts"][1])
                       .order_by(member_txn.c.id.desc()).limit(1)).scalar_one()
    conn.execute(member_txn.delete().where(member_txn.c.id == row))


def edit_balance(conn, c):
    conn.execute(update(account).where(account.c.id == c["accounts"][1]).values(
        balance=account.c.balance + 100, current_balance=account.c.current_balance + 100))


def delete_voucher(conn, c):
    """A whole voucher removed (a manual one, so that no sub-ledger row points at it)."""
    vid = conn.execute(select(func.max(voucher.c.id)).where(voucher.c.kind == "manual")).scalar_one()
    conn.execute(voucher_line.delete().where(voucher_line.c.voucher_id == vid))
    conn.execute(voucher.delete().where(voucher.c.id == vid))


EDITS = {
    # name: (edit, checks that must report it)
    "a_plus_one_everywhere": (plus_one_everywhere, {"ledger.voucher_hash", "ledger.voucher_audit"}),
    "a_plus_one_rehashed": (lambda conn, c: plus_one_everywhere(conn, c, rehash=True), {"ledger.voucher_audit"}),
    "b_summary": (edit_summary, {"ledger.voucher_hash", "ledger.voucher_audit"}),
    "b_summary_rehashed": (lambda conn, c: edit_summary(conn, c, rehash=True), {"ledger.voucher_audit"}),
    "c_fabricated_bogus_hash": (fabricate_voucher, {"ledger.voucher_hash", "ledger.voucher_audit"}),
    "c_fabricated_good_hash": (lambda conn, c: fabricate_voucher(conn, c, good_hash=True), {"ledger.voucher_audit"}),
    "e_audit_rewritten_unkeyed": (rewrite_audit_unkeyed, {"audit.chain"}),
    "e_audit_rewritten_as_v1": (lambda conn, c: rewrite_audit_unkeyed(conn, c, as_version=audit.UNKEYED),
                                {"audit.chain"}),
    "audit_edited_plainly": (edit_audit_plainly, {"audit.chain"}),
    "f_admin_granted": (grant_admin, {"auth.audit"}),
    "password_hash_replaced": (set_password_hash, {"auth.audit"}),
    "g_rate_changed": (change_rate, {"policy.audit"}),
    "g_version_added": (add_policy_version, {"policy.audit"}),
    "member_row_deleted": (delete_member_row, {"registry.detail_matches_balance"}),
    "balance_edited": (edit_balance, {"registry.detail_matches_balance"}),
    "voucher_deleted": (delete_voucher, {"ledger.voucher_audit"}),
}


@pytest.fixture
def centre(engine):
    c = small_centre(engine)
    with UnitOfWork(engine) as uow:  # a manual voucher to delete in one edit
        from anju.ledger.rules import Line
        from anju.ledger.service import post_manual

        post_manual(uow, ADMIN, key="manual:1", voucher_date=date(2025, 2, 20), summary="银行存款利息",
                    lines=[Line.dr("10102", 1234), Line.cr("40101", 1234)])
        uow.commit()
    return c


class TestEdits:
    def test_a_clean_centre_verifies_clean(self, engine, centre):
        assert failures(engine) == {}

    @pytest.mark.parametrize("name", list(EDITS))
    def test_each_direct_edit_is_reported_by_its_check(self, engine, centre, name):
        edit, expected = EDITS[name]
        with engine.begin() as conn:
            edit(conn, centre)
        found = failures(engine)
        assert expected <= set(found), (name, found)

    def test_the_messages_say_what_happened(self, engine, centre):
        with engine.begin() as conn:
            plus_one_everywhere(conn, centre, rehash=True)
            grant_admin(conn, centre)
            change_rate(conn, centre)
            fabricate_voucher(conn, centre, good_hash=True)
        found = failures(engine)
        assert set(found) == {"ledger.voucher_audit", "auth.audit", "policy.audit"}, found
        assert any("被直接改动" in m for m in found["ledger.voucher_audit"])
        assert any("202502-00099" in m and "不见于审计链" in m for m in found["ledger.voucher_audit"])
        assert found["auth.audit"] == ["用户clerk9与审计链记载的内容不符（被直接改动）"]
        assert "interest.deposit_rate" in found["policy.audit"][0]

    def test_truncation_goes_unseen_without_an_anchor_and_is_caught_with_one(self, engine, centre, tmp_path):
        with engine.connect() as conn:
            anchor.write(conn, tmp_path / "a.json", on=date(2025, 2, 28))
        with engine.begin() as conn:
            truncate_audit(conn, centre)
        assert failures(engine) == {}  # the limit documented in docs/verify.md
        found = failures(engine, extra=[anchor.violations([tmp_path / "a.json"])])
        assert set(found) == {"audit.anchor"} and "截断" in found["audit.anchor"][0]

    def test_a_keyed_chain_fails_under_another_key(self, engine, centre, tmp_path, monkeypatch):
        other = tmp_path / "other.key"
        auditkey.create(other)
        monkeypatch.setenv(auditkey.ENV, str(other))
        found = failures(engine)
        assert "audit.chain" in found and "密钥" in found["audit.chain"][0]


class TestAnchors:
    def test_the_cli_writes_an_anchor_and_verify_checks_it(self, engine, centre, tmp_path):
        out = tmp_path / "anchor-20250228.json"
        made = invoke(engine, "audit", "anchor", "--out", str(out), "--date", "2025-02-28", "--json")
        assert made.exit_code == 0, made.stdout
        signed = json.loads(out.read_text(encoding="utf-8"))
        with engine.connect() as conn:
            assert (signed["seq"], signed["count"]) == (audit.chain_head(conn)[0], audit.row_count(conn))
        assert signed["date"] == "2025-02-28" and len(signed["mac"]) == 64
        ok = invoke(engine, "verify", "--json", "--anchor", str(out))
        assert ok.exit_code == 0 and json.loads(ok.stdout)["ok"], ok.stdout
        with engine.begin() as conn:
            truncate_audit(conn, centre)
        bad = invoke(engine, "verify", "--json", "--anchor", str(out))
        failed = {c["name"]: c["violations"] for c in json.loads(bad.stdout)["checks"] if not c["ok"]}
        assert bad.exit_code == 1 and set(failed) == {"audit.anchor"}
        assert "末尾记录被删除" in failed["audit.anchor"][0]["message"]

    def test_an_edited_anchor_is_refused(self, engine, centre, tmp_path):
        path = tmp_path / "a.json"
        with engine.connect() as conn:
            signed = anchor.write(conn, path, on=date(2025, 2, 28))
        path.write_text(json.dumps({**signed, "seq": signed["seq"] - 1}), encoding="utf-8")
        with engine.connect() as conn:
            problems = anchor.check(conn, path)
        assert problems == ["锚定文件a.json的签名不符（文件被改动）"]

    def test_an_older_anchor_still_holds_as_the_chain_grows(self, engine, centre, tmp_path):
        with engine.connect() as conn:
            anchor.write(conn, tmp_path / "old.json", on=date(2025, 2, 27))
        with UnitOfWork(engine) as uow:
            auth.create_user(uow, ADMIN, username="clerk10", display_name="柜员十", roles=frozenset({Role.CLERK}),
                             as_of=date(2025, 2, 28))
            uow.commit()
        assert failures(engine, extra=[anchor.violations([tmp_path / "old.json"])]) == {}


# ---------------------------------------------------------------- keying a database


def _legacy_record(conn, seq: int, prev: str, action: str, after: dict) -> str:
    """An audit row as the code before keying wrote it (plain SHA-256, hash_v 1)."""
    at = datetime(2025, 1, 2, 3, 4, seq)
    after_s = dumps(after)
    digest = audit._record_hash(prev, seq, at, "old", "admin", "cli", action, "x", None, None, after_s)
    conn.execute(insert(audit_log).values(seq=seq, at=at, username="old", roles="admin", channel="cli", action=action,
                                          entity_type="x", entity_id=None, before_json=None, after_json=after_s,
                                          prev_hash=prev, hash=digest, hash_v=audit.UNKEYED))
    return digest


class TestKeying:
    def test_init_creates_the_key_beside_the_database_owner_only(self, tmp_path, monkeypatch):
        monkeypatch.delenv(auditkey.ENV)
        result = invoke_home(tmp_path, "init")
        assert result.exit_code == 0, result.stdout
        key = tmp_path / "var" / "anju.sqlite3.audit-key"
        assert key.exists() and stat.S_IMODE(os.stat(key).st_mode) == 0o600
        assert len(bytes.fromhex(key.read_text().strip())) == 32
        assert invoke_home(tmp_path, "verify").exit_code == 0
        auditkey.forget()
        key.rename(tmp_path / "elsewhere.key")
        again = invoke_home(tmp_path, "verify")  # never silently replaced by a new key
        assert again.exit_code == 1 and "密钥文件" in again.stderr + again.stdout

    def test_a_legacy_chain_is_sealed_and_its_rows_stay_verifiable(self, tmp_path, monkeypatch):
        monkeypatch.setenv(auditkey.ENV, str(tmp_path / "legacy.key"))
        engine = make_engine(f"sqlite:///{tmp_path / 'legacy.sqlite3'}")
        migrate.upgrade(engine)
        with engine.begin() as conn:  # the unkeyed chain of an older release, and a voucher it posted
            h = _legacy_record(conn, 1, audit.GENESIS, "old.one", {"n": 1})
            h = _legacy_record(conn, 2, h, "old.two", {"n": 2})
            conn.execute(insert(audit_head).values(id=1, last_seq=2, last_hash=h))
        from anju.bootstrap import prepare

        prepare(engine)
        with engine.connect() as conn:
            rows = conn.execute(select(audit_log.c.action, audit_log.c.hash_v).order_by(audit_log.c.seq)).all()
        assert [tuple(r) for r in rows[:2]] == [("old.one", 1), ("old.two", 1)]
        assert all(v == audit.KEYED for _, v in rows[2:]) and "audit.keyed" in [a for a, _ in rows]
        assert failures(engine) == {}
        # An edit of an unkeyed row, even with the unkeyed chain recomputed up to the keyed rows, now shows.
        with engine.begin() as conn:
            a = conn.execute(select(audit_log).where(audit_log.c.seq == 1)).one()
            d1 = audit._record_hash(a.prev_hash, 1, a.at, a.username, a.roles, a.channel, a.action, a.entity_type,
                                    a.entity_id, a.before_json, '{"n":9}')
            b = conn.execute(select(audit_log).where(audit_log.c.seq == 2)).one()
            d2 = audit._record_hash(d1, 2, b.at, b.username, b.roles, b.channel, b.action, b.entity_type,
                                    b.entity_id, b.before_json, b.after_json)
            conn.execute(update(audit_log).where(audit_log.c.seq == 1).values(after_json='{"n":9}', hash=d1))
            conn.execute(update(audit_log).where(audit_log.c.seq == 2).values(prev_hash=d1, hash=d2))
        found = failures(engine)
        assert list(found) == ["audit.chain"] and "前一条记录的哈希不符" in found["audit.chain"][0]
        engine.dispose()

    def test_existing_rows_are_attested_when_the_database_is_keyed(self, engine, centre, tmp_path, monkeypatch):
        # Drop every attestation, as if the rows came from before keying; the baseline attests them again.
        with engine.begin() as conn:
            conn.execute(audit_log.delete())
            conn.execute(update(audit_head).where(audit_head.c.id == 1).values(last_seq=0, last_hash=audit.GENESIS))
        found = failures(engine)
        assert {"ledger.voucher_audit", "auth.audit", "policy.audit"} <= set(found)
        monkeypatch.setenv(auditkey.ENV, str(tmp_path / "fresh.key"))
        counts = witness.key_database(engine, cli_actor("setup"))
        assert counts["voucher"] == 3 and counts["user"] == 1 and counts["policy_value"] > 10
        assert failures(engine) == {}
        assert witness.key_database(engine, cli_actor("setup")) is None  # once only


def invoke_home(home, *args):
    from typer.testing import CliRunner

    from anju.cli import app

    return CliRunner().invoke(app, list(args), env={"ANJU_HOME": str(home), "ANJU_DATABASE_URL": ""},
                              catch_exceptions=False)


def test_a_voucher_with_a_summary_longer_than_its_column_verifies_clean(engine):
    from anju.ledger.rules import Line, Posting
    from anju.ledger.service import post

    long = "利息" * 130  # 260 characters; the voucher keeps 200 and its content hash covers what it keeps
    with UnitOfWork(engine) as uow:
        first = post(uow, ADMIN, Posting(key="long:1", voucher_date=date(2025, 3, 3), kind="t", summary=long,
                                         lines=[Line.dr("111", 5), Line.cr("40101", 5)]), check_permission=False)
        uow.commit()
    with UnitOfWork(engine) as uow:  # the same posting again is still answered with the same voucher
        again = post(uow, ADMIN, Posting(key="long:1", voucher_date=date(2025, 3, 3), kind="t", summary=long,
                                         lines=[Line.dr("111", 5), Line.cr("40101", 5)]), check_permission=False)
        uow.commit()
    assert again.id == first.id and not again.created
    assert failures(engine) == {}
