"""The provincial supervision job's 疑点 file (written by its own writer) imports into the centre's audit queue on
both databases: one open hit per (supervision rule, person), evidence per 疑点编号, rows of persons not registered
here reported; the same file again changes nothing (two importers at once import once); a later 疑点 joins the
open hit; the hits are disposed of like any other; a bad file is refused whole with every bad row;
the API imports it and the hit page shows the evidence."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from anju.auth.actor import Actor, Channel, Role
from anju.compliance import catalogue, crosscentre, service
from anju.compliance.codes import HitStatus
from anju.compliance.errors import ComplianceError
from anju.compliance.tables import audit_hit, audit_hit_evidence
from anju.core.errors import ValidationFailed
from anju.core.sheets import UploadLimits
from anju.db import UnitOfWork
from anju.supervision import audit as sv_audit
from anju.supervision.run import HIT_HEADERS, _hit_files
from tests.support.factory import open_employer, open_members, person_id
from tests.support.threads import race

AUDITOR = Actor("auditor_a", frozenset({Role.AUDITOR}), Channel.COUNTER)
DAY = date(2026, 12, 8)
LIMITS = UploadLimits(max_bytes=1_000_000, max_rows=1000, max_columns=50, max_problems=100)


def _row(n: int, rule: str, idn: str, amount: str = "", batch: str = "SV20261208") -> tuple:
    return (f"{batch}-{n:06d}", rule, sv_audit.RULES[rule].name if rule in sv_audit.RULES else "", idn, "",
            "430200、430300", "本中心个人账户为正常缴存状态，同时在430200、430300为正常缴存状态", amount,
            "2026-12-08", batch)


def _file(tmp_path, rows, name="430100") -> tuple[bytes, str]:
    folder = tmp_path / name
    folder.mkdir()
    path = _hit_files(folder, "430100", rows)  # the supervision job's own writer
    return path.read_bytes(), path.name


def _counts(engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return (conn.execute(select(func.count()).select_from(audit_hit)).scalar_one(),
                conn.execute(select(func.count()).select_from(audit_hit_evidence)).scalar_one())


def test_the_format_is_the_supervision_jobs():
    assert tuple(HIT_HEADERS) == crosscentre.HEADERS
    assert set(sv_audit.RULES) == crosscentre.SUPERVISION_CODES
    assert {catalogue.BY_CODE[c].family.label for c in sv_audit.RULES} == {"省级跨中心稽查"}


def test_import_into_the_queue_once_then_join_and_dispose(engine, tmp_path):
    employer = open_employer(engine)
    open_members(engine, employer, 2)
    one, two, stranger = person_id(1, "1"), person_id(2, "2"), person_id(99, "1")
    data, name = _file(tmp_path, [_row(1, "sv.dup_contrib", one, "1234.56"), _row(2, "sv.multi_loan", one),
                                  _row(3, "sv.dup_contrib", two), _row(4, "sv.same_home", stranger),
                                  _row(5, "sv.dup_contrib", one, "10.00")])
    results, busy, errors = race(2, lambda i: crosscentre.import_hits(engine, AUDITOR, data=data, filename=name,
                                                                       as_of=DAY, limits=LIMITS))
    assert errors == [] and results and len(results) + len(busy) == 2
    first = results[0] if results[0].new_hits else results[-1]
    assert (first.rows, first.new_hits, first.added, first.already) == (5, 3, 0, 0)
    assert first.unregistered == [(5, "SV20261208-000004")]  # row 5 of the file (the header is row 1)
    assert [(r.new_hits, r.already) for r in results if r is not first] in ([], [(0, 4)])
    with engine.connect() as conn:
        queue = service.queue(conn, as_of=DAY)
        assert sorted(i.rule_code for i in queue) == ["sv.dup_contrib", "sv.dup_contrib", "sv.multi_loan"]
        assert {i.person_name for i in queue} == {"职工1", "职工2"}
        dup_one = next(i for i in queue if i.rule_code == "sv.dup_contrib" and i.person_name == "职工1")
        d = service.detail(conn, dup_one.id)
        assert [(e.ref_type, e.ref_id, e.amount, e.on_day) for e in d.evidence] == [
            ("supervision", "SV20261208-000001", 123456, DAY), ("supervision", "SV20261208-000005", 1000, DAY)]
        assert "关联中心430200、430300" in d.evidence[0].note and "批次号SV20261208" in d.evidence[0].note
        dup_two = next(i.id for i in queue if i.rule_code == "sv.dup_contrib" and i.person_name == "职工2")
    before = _counts(engine)
    again = crosscentre.import_hits(engine, AUDITOR, data=data, filename=name, as_of=DAY, limits=LIMITS)
    assert (again.new_hits, again.added, again.already, len(again.unregistered)) == (0, 0, 4, 1)
    assert _counts(engine) == before
    # disposed of like any other hit; the next run's 疑点 joins the open hit or opens a new one for a closed one
    with UnitOfWork(engine) as uow:
        service.dispose(uow, AUDITOR, hit_id=dup_two, disposition="exclude", note="已在外地中心销户", as_of=DAY)
        uow.commit()
    data2, name2 = _file(tmp_path, [_row(1, "sv.dup_contrib", one, batch="SV20261215"),
                                    _row(2, "sv.dup_contrib", two, batch="SV20261215")], name="next")
    later = crosscentre.import_hits(engine, AUDITOR, data=data2, filename=name2, as_of=date(2026, 12, 15),
                                    limits=LIMITS)
    assert (later.new_hits, later.added, later.already) == (1, 1, 0)
    with engine.connect() as conn:
        hits = conn.execute(select(audit_hit.c.person_id, audit_hit.c.status, audit_hit.c.scan_id)
                            .where(audit_hit.c.rule_code == "sv.dup_contrib")).all()
        assert sorted(h.status for h in hits) == sorted([HitStatus.OPEN, HitStatus.EXCLUDED, HitStatus.OPEN])
        assert {h.scan_id for h in hits} == {None}


def test_a_bad_file_is_refused_whole_with_every_bad_row(engine, tmp_path):
    employer = open_employer(engine)
    open_members(engine, employer, 1)
    good = _row(1, "sv.dup_contrib", person_id(1, "1"))
    rows = [good, ("", *good[1:]), _row(3, "sv.unknown", person_id(1, "1")), _row(4, "sv.multi_loan", "12345"),
            _row(5, "sv.multi_loan", person_id(1, "1"), "abc"), (*_row(6, "sv.same_home", person_id(1, "1"))[:8],
                                                                "2026/12/08", "SV20261208"), good]
    data, name = _file(tmp_path, rows)
    with pytest.raises(ValidationFailed) as e:
        crosscentre.import_hits(engine, AUDITOR, data=data, filename=name, as_of=DAY, limits=LIMITS)
    got = {(p.row, p.field, p.code) for p in e.value.problems}
    assert {(3, "疑点编号", ComplianceError.SV_MISSING.value), (4, "规则代码", ComplianceError.SV_RULE.value),
            (5, "证件号码", ComplianceError.LIST_ROW.value), (7, "发现日期", ComplianceError.LIST_ROW.value),
            (8, "疑点编号", ComplianceError.SV_DUPLICATE.value)} <= got
    assert any(p.row == 6 and p.field == "金额" for p in e.value.problems)
    assert _counts(engine) == (0, 0)


def test_the_api_imports_the_file_and_the_pages_show_it(web, tmp_path):
    employer = open_employer(web.engine)
    open_members(web.engine, employer, 1)
    data, name = _file(tmp_path, [_row(1, "sv.multi_loan", person_id(1, "1"), "300000.00"),
                                  _row(2, "sv.dup_contrib", person_id(98, "2"))])
    api = web.api(web.api_key(Role.AUDITOR))
    r = api.post("/api/v1/compliance/supervision-import", files={"file": (name, data, "text/csv")})
    assert r.status_code == 200, r.text
    assert r.json() == {"rows": 2, "new_hits": 1, "added": 0, "already": 0, "unregistered": ["SV20261208-000002"]}
    assert api.post("/api/v1/compliance/supervision-import",
                    files={"file": (name, data, "text/csv")}).json()["already"] == 1
    wrong = data.replace(b"sv.multi_loan", b"sv.nothing")
    bad = api.post("/api/v1/compliance/supervision-import", files={"file": (name, wrong, "text/csv")})
    assert bad.status_code == 422
    hit = api.get("/api/v1/compliance/hits?rule=sv.multi_loan").json()
    assert [(h["rule_name"], h["evidence"]) for h in hit] == [("多地同时贷款（省级）", 1)]
    page = web.login(web.user("auditor1", Role.AUDITOR).username).get(f"/compliance/hits/{hit[0]['id']}")
    assert "省级疑点文件" in page.text and "SV20261208-000001" in page.text
