"""Digital-services invariants for `anju verify`: every certificate's register entry still says what was signed."""

from __future__ import annotations

import json

from sqlalchemy import Connection, select

from anju.eservice import certs
from anju.eservice.tables import certificate, sign_key
from anju.verify import Violation, check


@check("eservice.certificate_digest", "每份电子证明的登记内容与签名时一致，签名密钥登记在册")
def certificate_digests(conn: Connection):
    keys = set(conn.execute(select(sign_key.c.kid)).scalars())
    for r in conn.execute(select(certificate).order_by(certificate.c.id)).yield_per(1000):
        if r.kid not in keys:
            yield Violation("eservice.certificate_digest", f"电子证明{r.no}的签名密钥{r.kid}不在密钥登记中",
                            (f"certificate:{r.no}",))
        elif certs.digest_of(r.kind, r.subject_ref, r.title, json.loads(r.facts_json), r.issued_on,
                           r.valid_until) != r.digest:
            yield Violation("eservice.certificate_digest", f"电子证明{r.no}的登记内容在开具后被改动",
                            (f"certificate:{r.no}",))
