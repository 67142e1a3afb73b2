"""Electronic certificates (issue 25 item 1): signed codes verify, tampered, revoked, expired and unknown codes are
refused with the reason; keys rotate and old codes still verify; the business pages print the code."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import update

from anju.auth.actor import SYSTEM, Role
from anju.core.errors import AnjuError
from anju.db import UnitOfWork
from anju.eservice import certs, signing
from anju.eservice.codes import Verdict
from anju.eservice.errors import EserviceError
from anju.eservice.tables import certificate
from tests.support import factory

DAY = date(2026, 3, 2)
FACTS = [("姓名", "张三"), ("身份证号码", "110101********1234"), ("账户余额", "1,000.00元")]


def _issue(engine, **kw):
    args = {"kind": "deposit", "subject_ref": "100000001", "person_id": 1, "title": "住房公积金缴存证明",
            "facts": FACTS, "as_of": DAY}
    return certs.issue_stamp(engine, SYSTEM, **(args | kw))


def _verify(engine, token, as_of=DAY):
    with engine.connect() as conn:
        return certs.verify(conn, token, as_of=as_of)


def _tamper(token: str) -> str:
    payload, sig = token.split(".")
    raw = signing.unb64(payload).replace(b'"n":"ZM', b'"n":"ZX')
    return f"{signing.b64(raw)}.{sig}"


class TestVerify:
    def test_a_code_verifies_and_shows_what_it_certifies_and_every_refusal_names_its_reason(self, db):
        stamp = _issue(db.engine)
        v = _verify(db.engine, stamp.token)
        assert v.verdict is Verdict.VALID and v.no == stamp.no and v.facts == FACTS
        assert _verify(db.engine, stamp.url).ok  # the whole URL the QR carries
        assert _issue(db.engine).no == stamp.no  # the same certificate the same day: one registration
        # tampered payload, tampered signature, garbage, a key that is not ours
        assert _verify(db.engine, _tamper(stamp.token)).verdict is Verdict.BAD_SIGNATURE
        payload, sig = stamp.token.split(".")
        flipped = sig[:10] + ("A" if sig[10] != "A" else "B") + sig[11:]  # a character carrying signature bits
        assert _verify(db.engine, f"{payload}.{flipped}").verdict is Verdict.BAD_SIGNATURE
        assert _verify(db.engine, "not a code").verdict is Verdict.MALFORMED
        forged = signing.unb64(payload).replace(b'"k":"', b'"k":"0')
        assert _verify(db.engine, f"{signing.b64(forged)}.{sig}").verdict is Verdict.UNKNOWN_KEY
        # expired after the validity the policy gives (30 days in the sample centre)
        assert _verify(db.engine, stamp.token, as_of=DAY + timedelta(days=31)).verdict is Verdict.EXPIRED
        # the register altered behind the signature
        with db.engine.begin() as conn:
            conn.execute(update(certificate).where(certificate.c.no == stamp.no)
                         .values(facts_json='[["姓名","李四"]]'))
        assert _verify(db.engine, stamp.token).verdict is Verdict.UNKNOWN
        from anju.verify import run_all

        with db.engine.connect() as conn:
            failed = {r.check.name for r in run_all(conn) if not r.ok}
        assert failed == {"eservice.certificate_digest"}  # anju verify finds the altered register too

    def test_revocation_is_refused_with_its_reason_and_only_once(self, db):
        stamp = _issue(db.engine)
        with UnitOfWork(db.engine) as uow:
            with pytest.raises(AnjuError) as exc:
                certs.revoke(uow, SYSTEM, no=stamp.no, reason=" ")
            assert exc.value.code is EserviceError.REASON_REQUIRED
        from anju.auth.actor import cli_actor

        with UnitOfWork(db.engine) as uow:
            certs.revoke(uow, cli_actor("admin"), no=stamp.no, reason="证明信息有误，已重新开具")
            uow.commit()
        v = _verify(db.engine, stamp.token)
        assert v.verdict is Verdict.REVOKED and v.revoke_reason == "证明信息有误，已重新开具" and v.facts == []
        with UnitOfWork(db.engine) as uow, pytest.raises(AnjuError) as exc:
            certs.revoke(uow, cli_actor("admin"), no=stamp.no, reason="再次")
        assert exc.value.code is EserviceError.CERT_ALREADY_REVOKED

    def test_a_rotated_key_signs_new_codes_and_old_codes_still_verify(self, db):
        old = _issue(db.engine)
        from anju.auth.actor import cli_actor

        with UnitOfWork(db.engine) as uow:
            before = signing.active_kid(uow.conn)
            kid = signing.create_key(uow, cli_actor("admin"), rotate=True)
            uow.commit()
        assert kid != before
        new = _issue(db.engine, subject_ref="100000002")
        assert _verify(db.engine, old.token).ok and _verify(db.engine, new.token).ok
        with db.engine.connect() as conn:
            kids = {r.kid: r.retired_at for r in signing.public_keys(conn)}
        assert kids[before] is not None and kids[kid] is None


class TestPages:
    def test_the_certificate_page_prints_a_code_the_public_page_and_api_verify(self, web):
        eid = factory.open_employer(web.engine, name="证明单位")
        factory.open_members(web.engine, eid, 1, start=300)
        clerk = web.as_role(Role.CLERK)
        page = clerk.get("/registry/members/1/certificate")
        assert page.status_code == 200 and "证明核验二维码" in page.text
        import re

        path = re.search(r'data-verify-path="(/verify/[^"]+)"', page.text).group(1)
        no = re.search(r'data-cert-no="([^"]+)"', page.text).group(1)
        anonymous = web.client()
        ok = anonymous.get(path)
        assert ok.status_code == 200 and 'data-verdict="valid"' in ok.text and no in ok.text
        assert "********" in ok.text  # the identity number masked
        api = anonymous.get("/api/v1/eservice/certificates/verify", params={"code": path})
        assert api.status_code == 200 and api.json()["verdict"] == "valid" and api.json()["no"] == no
        bad = anonymous.get("/verify/" + _tamper(path.removeprefix("/verify/")))
        assert bad.status_code == 422 and 'data-verdict="bad_signature"' in bad.text
        # revoked by an approver on the register page, then refused with the reason
        approver = web.as_role(Role.APPROVER)
        assert approver.get("/eservice/certificates").status_code == 200
        r = approver.submit(f"/eservice/certificates/{no}/revoke", {"reason": "重新开具"})
        assert r.status_code == 303
        refused = anonymous.get("/api/v1/eservice/certificates/verify", params={"code": path}).json()
        assert refused["verdict"] == "revoked" and refused["revoke_reason"] == "重新开具"
