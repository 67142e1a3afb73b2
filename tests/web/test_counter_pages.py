"""Counter, employer-portal and member-portal pages of the registry and contributions, through HTTP on both
databases: every route is driven at least once, errors beside fields, every row error of a rejected list,
confirmation screens, maker-checker, printable documents and their PDFs."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from anju.auth.actor import Role
from anju.registry.tables import account, employer
from tests.support import factory
from tests.support.factory import person_id, xlsx

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def row(n, *, name=None, base="5000.00", ea="600.00", ma="600.00", total="1200.00", month=202602):
    return [n, name or f"职工{n}", person_id(n, "1" if n % 2 else "2"), base, "12%", "12%", ea, ma, total, month]


@pytest.fixture
def shop(web):
    """Employer 1 with three members from February 2026 (business date 2 March 2026)."""
    eid = factory.open_employer(web.engine, name="明湖软件有限公司", first_month=202602, on=date(2026, 2, 1))
    factory.open_members(web.engine, eid, 3, first_month=202602, on=date(2026, 2, 1))
    return eid


def person_of(web, n: int) -> int:
    with web.engine.connect() as conn:
        return conn.execute(select(account.c.person_id).order_by(account.c.id).offset(n - 1).limit(1)).scalar_one()


def field_errors(html: str) -> list[str]:
    return re.findall(r'class="field-error">([^<]+)<', html)


class TestEmployers:
    def test_open_with_every_error_beside_its_field_then_open_change_and_status(self, web):
        clerk = web.as_role(Role.CLERK)
        assert clerk.get("/registry/employers/new").status_code == 200
        bad = clerk.submit("/registry/employers/new", {
            "uscc": "91350100M000100Y44", "name": "", "kind": "50", "bank_code": "", "branch_code": "01",
            "pay_day": "40", "employer_ratio": "20%", "member_ratio": "12%", "first_month": "202604"})
        assert bad.status_code == 422
        errors = " ".join(field_errors(bad.text))
        assert "校验" in errors or "统一社会信用代码" in errors
        assert "单位名称不能为空" in errors and "发薪日" in errors and "单位缴存比例" in errors
        ok = clerk.submit("/registry/employers/new", {
            "uscc": factory.uscc(), "name": "明湖建设集团", "kind": "20", "bank_code": "01", "branch_code": "01",
            "pay_day": "15", "employer_ratio": "10%", "member_ratio": "10%", "first_month": "202604",
            "agent_name": "郑丽"})
        assert ok.status_code == 303 and "/registry/employers/" in ok.headers["location"]
        page = clerk.get(ok.headers["location"])
        assert "明湖建设集团" in page.text and "10%" in page.text
        eid = int(ok.headers["location"].rsplit("/", 1)[1])
        assert clerk.get(f"/registry/employers/{eid}/edit").status_code == 200
        changed = clerk.submit(f"/registry/employers/{eid}/edit", {
            "name": "明湖建设集团有限公司", "kind": "20", "industry": "E", "address": "新城大道1号", "legal_rep": "张三",
            "agent_name": "郑丽", "agent_phone": "13800000001", "bank_code": "01", "branch_code": "01", "pay_day": "15"})
        assert changed.status_code == 303
        assert "明湖建设集团有限公司" in clerk.get(f"/registry/employers/{eid}").text
        refused = clerk.submit(f"/registry/employers/{eid}/status", {"status": "04", "reason": ""})
        assert refused.status_code == 422 and "请填写状态变更原因" in refused.text
        assert clerk.submit(f"/registry/employers/{eid}/ratios", {"employer_ratio": "11%", "member_ratio": "11%",
                                                                   "from_month": "202604"}).status_code == 303
        assert clerk.submit(f"/registry/employers/{eid}/status", {"status": "04", "reason": "注销"}).status_code == 303
        listing = clerk.get("/registry/employers?q=明湖")
        assert listing.status_code in (200, 303)

    def test_employer_page_shows_members_arrears_lists_and_the_printable_statement(self, web, shop):
        clerk = web.as_role(Role.CLERK)
        page = clerk.get(f"/registry/employers/{shop}")
        assert page.status_code == 200 and "职工名册（共3人" in page.text and "欠缴" in page.text
        assert "********" in page.text  # identity numbers masked in the roster
        statement = clerk.get(f"/registry/employers/{shop}/statement")
        assert statement.status_code == 200 and "住房公积金单位明细" in statement.text
        pdf = clerk.get(f"/registry/employers/{shop}/statement.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


class TestMembers:
    def test_search_masks_identity_numbers_and_one_hit_opens_the_member(self, web, shop):
        clerk = web.as_role(Role.CLERK)
        many = clerk.get("/registry/members?q=职工")
        assert many.status_code == 200 and person_id(1, "1") not in many.text and "********" in many.text
        one = clerk.get(f"/registry/members?q={person_id(2, '2')}")
        assert one.status_code == 303
        page = clerk.get(one.headers["location"])
        assert person_id(2, "2") in page.text  # the counter sees the full number on the member's own page
        auditor = web.as_role(Role.AUDITOR).get(one.headers["location"])
        assert person_id(2, "2") not in auditor.text

    def test_open_a_new_hire_with_errors_beside_fields_then_every_change(self, web, shop):
        clerk = web.as_role(Role.CLERK)
        assert clerk.get(f"/registry/employers/{shop}/members/new").status_code == 200
        bad = clerk.submit(f"/registry/employers/{shop}/members/new", {
            "id_number": "430405198001011234", "name": "", "base": "abc", "first_month": "202604"})
        assert bad.status_code == 422
        assert len(field_errors(bad.text)) >= 2
        new_id = person_id(50, "1")
        ok = clerk.submit(f"/registry/employers/{shop}/members/new", {
            "id_number": new_id, "name": "新员工", "base": "8,000.00", "first_month": "202604", "marital_status": "10"})
        assert ok.status_code == 303
        pid = int(ok.headers["location"].rsplit("/", 1)[1])
        again = clerk.submit(f"/registry/employers/{shop}/members/new", {
            "id_number": new_id, "name": "新员工", "base": "8000", "first_month": "202604"})
        assert again.status_code == 422 and "不能重复开户" in again.text
        base = f"/registry/members/{pid}"
        bad_base = clerk.submit(f"{base}/base", {"base": "1.00", "from_month": "202605"})
        assert bad_base.status_code == 422 and "低于下限" in bad_base.text
        assert clerk.submit(f"{base}/base", {"base": "9000", "from_month": "202605"}).status_code == 303
        assert clerk.submit(f"{base}/ratio", {"employer_ratio": "10%", "member_ratio": "10%",
                                              "from_month": "202605"}).status_code == 303
        assert clerk.submit(f"{base}/seal", {"reason": "离职"}).status_code == 303
        assert "封存" in clerk.get(base).text
        assert clerk.submit(f"{base}/reopen", {"first_month": "202606"}).status_code == 303
        other = factory.open_employer(web.engine, name="转入单位", first_month=202602, on=date(2026, 2, 1))
        with web.engine.connect() as conn:
            other_no = conn.execute(select(employer.c.account_no).where(employer.c.id == other)).scalar_one()
        assert clerk.submit(f"{base}/transfer", {"to_employer": other_no, "first_month": "202606"}).status_code == 303
        assert "转入单位" in clerk.get(base).text
        assert clerk.submit(f"{base}/freeze", {"reason": "法院"}).status_code == 403  # clerks do not freeze
        reviewer = web.as_role(Role.REVIEWER)
        assert reviewer.submit(f"{base}/freeze", {"reason": "（2026）明01执123号"}).status_code == 303
        assert "冻结" in reviewer.get(base).text
        assert reviewer.submit(f"{base}/unfreeze", {"reason": "解除"}).status_code == 303

    def test_flexible_worker_opens_and_pays_on_a_confirmation_screen(self, web):
        clerk = web.as_role(Role.CLERK)
        assert clerk.get("/registry/flexible/new").status_code == 200
        ok = clerk.submit("/registry/flexible/new", {"id_number": person_id(70, "2"), "name": "自由职业者",
                                                     "base": "5000", "first_month": "202603", "total_ratio": "20%"})
        assert ok.status_code == 303
        pid = int(ok.headers["location"].rsplit("/", 1)[1])
        assert clerk.get(f"/deposit/members/{pid}/flexible-pay").status_code == 200
        screen = clerk.submit(f"/deposit/members/{pid}/flexible-pay", {"months": "2", "paid_on": "2026-03-02",
                                                                        "receipt_no": "F001", "bank_code": "01"})
        assert screen.status_code == 200 and "贰仟元整" in screen.text
        token = re.search(r'name="token" value="([^"]+)"', screen.text).group(1)
        done = clerk.submit("/deposit/flexible/confirm", {"token": token})
        assert done.status_code == 303
        assert "2,000.00" in clerk.get(f"/registry/members/{pid}").text


class TestRemittance:
    def test_rejected_list_shows_every_row_error_then_fixed_list_is_confirmed_and_posted(self, web, shop):
        clerk = web.as_role(Role.CLERK)
        template = clerk.get("/deposit/template.xlsx")
        assert template.status_code == 200 and template.content[:2] == b"PK"
        assert clerk.get(f"/deposit/employers/{shop}/upload").status_code == 200
        bad = xlsx([row(1, name="错名"), row(2, total="1300.00"), row(3, base="1.00", ea="0.12", ma="0.12",
                                                                  total="0.24")])
        rejected = clerk.post(f"/deposit/employers/{shop}/upload",
                              data={"csrf_token": clerk.csrf, "kind": "01", "period_from": "202602"},
                              files={"file": ("清册.xlsx", bad)})
        assert rejected.status_code == 422
        table = rejected.text.split('class="grid errors"', 1)[1].split("</table>", 1)[0]
        rows = re.findall(r'<td class="num row-no">(\d+)</td>', table)
        assert {"2", "3", "4"} <= set(rows) and "姓名" in table
        link = re.search(r'href="(/deposit/errors/[^"]+)"', rejected.text).group(1)
        workbook = clerk.get(link)
        assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
        assert clerk.get(link).status_code == 200  # downloadable again
        good = xlsx([row(1), row(2), row(3)])
        accepted = clerk.post(f"/deposit/employers/{shop}/upload",
                              data={"csrf_token": clerk.csrf, "kind": "01", "period_from": "202602"},
                              files={"file": ("清册.xlsx", good)})
        assert accepted.status_code == 303
        list_url = accepted.headers["location"]
        rid = int(list_url.rsplit("/", 1)[1])
        page = clerk.get(list_url)
        assert "待缴款" in page.text and "3,600.00" in page.text
        assert "应为" not in page.text and "按银行回单填写" in page.text  # blind entry: no hint by the field
        wrong = clerk.submit(f"/deposit/lists/{rid}/payment", {"paid_on": "2026-03-02", "receipt_no": "B1",
                                                               "amount": "3500.00"})
        assert wrong.status_code == 422 and "到账金额3,500.00与清册金额不符，请核对银行回单" in wrong.text
        screen = clerk.submit(f"/deposit/lists/{rid}/payment", {"paid_on": "2026-03-02", "receipt_no": "B1",
                                                                "amount": "3,600.00"})
        assert screen.status_code == 200 and "叁仟陆佰元整" in screen.text and "¥3,600.00" in screen.text
        token = re.search(r'name="token" value="([^"]+)"', screen.text).group(1)
        done = clerk.submit("/deposit/payments/confirm", {"token": token})
        assert done.status_code == 303
        assert clerk.submit("/deposit/payments/confirm", {"token": token}).status_code == 409  # once only
        assert "已入账" in clerk.get(list_url).text
        member = clerk.get(f"/registry/members/{person_of(web, 1)}")
        assert "¥1,200.00" in member.text and "2026年02月" in member.text

    def test_generate_cancel_back_pay_receipts_and_posting(self, web, shop):
        clerk = web.as_role(Role.CLERK)
        made = clerk.submit(f"/deposit/employers/{shop}/generate", {"period": "202602"})
        assert made.status_code == 303
        rid = int(made.headers["location"].rsplit("/", 1)[1])
        assert clerk.submit(f"/deposit/lists/{rid}/cancel", {"reason": ""}).status_code == 422
        assert clerk.submit(f"/deposit/lists/{rid}/cancel", {"reason": "重做"}).status_code == 303
        assert "已撤销" in clerk.get(f"/deposit/lists/{rid}").text
        made = clerk.submit(f"/deposit/employers/{shop}/generate", {"period": "202602"})
        rid = int(made.headers["location"].rsplit("/", 1)[1])
        with web.engine.connect() as conn:
            from anju.deposit.tables import remittance

            no = conn.execute(select(remittance.c.no).where(remittance.c.id == rid)).scalar_one()
        finance = web.as_role(Role.FINANCE)
        assert finance.get("/deposit/payments").status_code == 200
        bad = xlsx([[no, "1.00", "2026-03-02", "R1"]], headers=["汇缴单号", "到账金额", "到账日期", "银行回单号"])
        refused = finance.post("/deposit/receipts", data={"csrf_token": finance.csrf}, files={"file": ("到账.xlsx", bad)})
        assert refused.status_code == 422 and "不符" in refused.text
        good = xlsx([[no, "3600.00", "2026-03-02", "R1"]], headers=["汇缴单号", "到账金额", "到账日期", "银行回单号"])
        done = finance.post("/deposit/receipts", data={"csrf_token": finance.csrf}, files={"file": ("到账.xlsx", good)})
        assert done.status_code == 303
        assert "已入账" in finance.get(f"/deposit/lists/{rid}").text
        assert finance.submit("/deposit/post").status_code == 303
        back = xlsx([row(1, month=202602)], sheet="补缴清册")
        upload = clerk.post(f"/deposit/employers/{shop}/upload", files={"file": ("补缴.xlsx", back)},
                            data={"csrf_token": clerk.csrf, "kind": "02", "period_from": "202602",
                                  "period_to": "202602", "reason": "missed"})
        assert upload.status_code == 422 and "已" in upload.text  # February is paid already: every problem shown
        assert clerk.get("/deposit/arrears").status_code == 200

    def test_above_the_threshold_another_person_confirms_the_payment_blind(self, web, shop):
        from anju.db import UnitOfWork
        from anju.policy import service as policy

        with UnitOfWork(web.engine) as uow:
            policy.set_value(uow, factory.CLERK, key="deposit.confirm_second_above", raw="3000.00",
                             effective=date(2026, 1, 1), note="测试")
            uow.commit()
        clerk = web.as_role(Role.CLERK)
        made = clerk.submit(f"/deposit/employers/{shop}/generate", {"period": "202602"})
        rid = int(made.headers["location"].rsplit("/", 1)[1])
        screen = clerk.submit(f"/deposit/lists/{rid}/payment", {"paid_on": "2026-03-02", "receipt_no": "B7",
                                                                "amount": "3600.00"})
        token = re.search(r'name="token" value="([^"]+)"', screen.text).group(1)
        done = clerk.submit("/deposit/payments/confirm", {"token": token})
        assert done.status_code == 303
        page = clerk.get(f"/deposit/lists/{rid}").text
        assert "须由另一人凭银行回单复核确认后入账" in page and "待缴款" in page
        assert clerk.submit(f"/deposit/lists/{rid}/payment/second",
                            {"receipt_no": "B7", "amount": "3600.00"}).status_code == 403  # not the maker
        finance = web.as_role(Role.FINANCE)
        shown = finance.get(f"/deposit/lists/{rid}").text
        assert "到账复核" in shown and "B7" not in shown  # the first entry's receipt is not shown to the checker
        wrong = finance.submit(f"/deposit/lists/{rid}/payment/second", {"receipt_no": "B7", "amount": "3599.00"})
        assert wrong.status_code == 422 and "到账金额3,599.00与清册金额不符，请核对银行回单" in wrong.text
        ok = finance.submit(f"/deposit/lists/{rid}/payment/second", {"receipt_no": "B7", "amount": "3,600.00"})
        assert ok.status_code == 303
        assert "已入账" in finance.get(f"/deposit/lists/{rid}").text

    def test_refund_is_applied_by_one_person_and_approved_by_another(self, web, shop):
        rid = factory.pay_month(web.engine, shop, 202602, date(2026, 3, 2))
        clerk = web.as_role(Role.CLERK)
        applied = clerk.submit(f"/deposit/lists/{rid}/refunds", {"reason": "错缴", "account_id": ["1"]})
        assert applied.status_code == 303
        mine = clerk.get("/deposit/refunds?mine=1")
        assert "待审批" in mine.text
        assert clerk.submit("/deposit/refunds/1/decide", {"decision": "approve"}).status_code == 403
        approver = web.as_role(Role.APPROVER)
        assert "批准" in approver.get("/deposit/refunds").text
        assert approver.submit("/deposit/refunds/1/decide", {"decision": "approve", "note": "同意"}).status_code == 303
        assert "已退缴" in approver.get("/deposit/refunds").text

    def test_deferral_needs_every_document_and_the_approvers_decision(self, web, shop):
        clerk = web.as_role(Role.CLERK)
        assert clerk.get(f"/deposit/employers/{shop}/deferrals/new").status_code == 200
        short = clerk.submit(f"/deposit/employers/{shop}/deferrals/new", {
            "kind": "defer", "period_from": "202603", "period_to": "202608", "reason": "经营困难",
            "documents": ["缓缴（降低比例）申请书"]})
        assert short.status_code == 422 and short.text.count("缺少申请材料") >= 2
        from anju.deposit.service import DEFERRAL_DOCUMENTS

        ok = clerk.submit(f"/deposit/employers/{shop}/deferrals/new", {
            "kind": "defer", "period_from": "202603", "period_to": "202608", "reason": "经营困难",
            "documents": list(DEFERRAL_DOCUMENTS)})
        assert ok.status_code == 303
        approver = web.as_role(Role.APPROVER)
        queue = approver.get("/deposit/deferrals")
        assert queue.status_code == 200 and "☑" in queue.text
        assert approver.submit("/deposit/deferrals/1/decide", {"decision": "approve"}).status_code == 422
        assert approver.submit("/deposit/deferrals/1/decide", {"decision": "approve",
                                                               "approval_no": "明公积金〔2026〕3号"}).status_code == 303
        assert "缓缴" in clerk.get(f"/registry/employers/{shop}").text

    def test_july_base_adjustment_upload(self, web, shop):
        clerk = web.as_role(Role.CLERK)
        assert clerk.get(f"/deposit/employers/{shop}/base-adjust").status_code == 200
        sheet = xlsx([["职工1", person_id(1, "1"), "1.00"], ["职工2", person_id(2, "2"), "6000.00"]],
                     headers=["姓名", "证件号码", "缴存基数"])
        bad = clerk.post(f"/deposit/employers/{shop}/base-adjust", data={"csrf_token": clerk.csrf, "year": "2026"},
                         files={"file": ("基数.xlsx", sheet)})
        assert bad.status_code == 422 and "低于下限" in bad.text
        sheet = xlsx([["职工1", person_id(1, "1"), "6500.00"]], headers=["姓名", "证件号码", "缴存基数"])
        ok = clerk.post(f"/deposit/employers/{shop}/base-adjust", data={"csrf_token": clerk.csrf, "year": "2026"},
                        files={"file": ("基数.xlsx", sheet)})
        assert ok.status_code == 303


def pdf_checks(data: bytes) -> tuple[bool, set[str], str]:
    """(has ink, embedded font names, text) of page 1, read back with pdfium."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(data)
    try:
        page = doc[0]
        image = page.render(scale=1).to_pil().convert("L")
        inked = image.getextrema()[0] < 128
        text = page.get_textpage()
        fonts = set()
        for i in range(0, text.count_chars(), 7):
            buf = ctypes.create_string_buffer(256)
            flags = ctypes.c_int()
            n = raw.FPDFText_GetFontInfo(text.raw, i, buf, 256, ctypes.byref(flags))
            if n:
                fonts.add(buf.value.decode("utf-8", "replace"))
        content = text.get_text_range()
        text.close()
        page.close()
    finally:
        doc.close()
    return inked, fonts, content


class TestDocuments:
    def test_certificate_and_statement_print_and_render_to_pdf_with_a_cjk_font(self, web, shop):
        factory.pay_month(web.engine, shop, 202602, date(2026, 3, 2))
        member = web.as_role(Role.CLERK)
        pid = person_of(web, 1)
        page = member.get(f"/registry/members/{pid}/certificate")
        assert page.status_code == 200 and "住房公积金缴存证明" in page.text and "壹仟贰佰元整" in page.text
        assert "data-print" in page.text
        st = member.get(f"/registry/members/{pid}/statement?start=2026-01-01&end=2026-12-31")
        assert st.status_code == 200 and "个人明细账" in st.text and "汇缴" in st.text
        assert member.get(f"/registry/members/{pid}/statement.pdf").content.startswith(b"%PDF")
        pdf = member.get(f"/registry/members/{pid}/certificate.pdf")
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        inked, fonts, text = pdf_checks(pdf.content)
        assert inked and "缴存证明" in text.replace(" ", "")
        assert any("CJK" in f for f in fonts), fonts


class TestPortals:
    def test_the_agent_works_only_on_its_own_employer(self, web, shop):
        other = factory.open_employer(web.engine, name="别家单位", first_month=202602, on=date(2026, 2, 1))
        factory.open_members(web.engine, other, 1, start=40, first_month=202602, on=date(2026, 2, 1))
        web.user("agent1", Role.EMPLOYER_AGENT, employer_id=shop)
        agent = web.login("agent1")
        home = agent.get("/portal/employer")
        assert home.status_code == 303 and home.headers["location"] == f"/registry/employers/{shop}"
        page = agent.get(home.headers["location"])
        assert "明湖软件有限公司" in page.text and "别家单位" not in page.text and "欠缴" in page.text
        for sub in ("upload", "members/new", "transfer-in", "base-adjust", "deferral"):
            target = agent.get(f"/portal/employer/{sub}").headers["location"]
            assert agent.get(target).status_code == 200, sub
        assert agent.get(f"/registry/employers/{other}").status_code == 403
        assert agent.get(f"/deposit/employers/{other}/upload").status_code == 403
        search = agent.get("/registry/members?q=职工")
        assert "职工40" not in search.text
        made = agent.submit(f"/deposit/employers/{shop}/generate", {"period": "202602"})
        assert made.status_code == 303
        assert agent.get(made.headers["location"]).status_code == 200
        assert agent.submit(f"/deposit/employers/{other}/generate", {"period": "202602"}).status_code == 403
        opened = agent.submit(f"/registry/employers/{shop}/members/new", {
            "id_number": person_id(60, "2"), "name": "新同事", "base": "6000", "first_month": "202604"})
        assert opened.status_code == 303
        pid = int(opened.headers["location"].rsplit("/", 1)[1])
        assert agent.submit(f"/registry/members/{pid}/seal", {"reason": "离职"}).status_code == 303
        stranger = person_of(web, 4)  # the other employer's member
        assert agent.get(f"/registry/members/{stranger}").status_code == 403
        assert agent.get(f"/registry/members/{stranger}/certificate.pdf").status_code == 403
        # a sealed member of another employer may be taken in by identity number and name
        clerk = web.as_role(Role.CLERK)
        assert clerk.submit(f"/registry/members/{stranger}/seal", {"reason": "离职"}).status_code == 303
        wrong = agent.submit(f"/registry/employers/{shop}/transfer-in", {
            "id_number": person_id(40, "1" if 40 % 2 else "2"), "name": "别人", "first_month": "202604"})
        assert wrong.status_code == 422
        taken = agent.submit(f"/registry/employers/{shop}/transfer-in", {
            "id_number": person_id(40, "1" if 40 % 2 else "2"), "name": "职工40", "first_month": "202604"})
        assert taken.status_code == 303
        assert agent.get(f"/registry/members/{stranger}").status_code == 200
        assert agent.get(f"/registry/members/{pid}/certificate").status_code == 200

    def test_the_member_sees_only_their_own_account(self, web, shop):
        factory.pay_month(web.engine, shop, 202602, date(2026, 3, 2))
        me = person_of(web, 2)
        web.user("member1", Role.MEMBER, person_id=me)
        member = web.login("member1")
        home = member.get("/portal/member")
        assert home.headers["location"] == f"/registry/members/{me}"
        page = member.get(home.headers["location"])
        assert "上年结转" in page.text and "当年归集" in page.text and "¥1,200.00" in page.text
        assert "2026年02月" in page.text and "封存（离职）" not in page.text
        for sub in ("statement", "certificate"):
            assert member.get(member.get(f"/portal/member/{sub}").headers["location"]).status_code == 200
        assert member.get(f"/registry/members/{me}/certificate.pdf").content.startswith(b"%PDF")
        assert member.get(f"/registry/members/{person_of(web, 1)}").status_code == 403
        assert member.get(f"/registry/employers/{shop}").status_code == 403
        assert member.get("/registry/members?q=职工").status_code == 403


class TestLinkingPortalUsers:
    def test_admin_links_users_by_employer_number_and_identity_number(self, web, shop):
        with web.engine.connect() as conn:
            no = conn.execute(select(employer.c.account_no).where(employer.c.id == shop)).scalar_one()
        agent = web.user("agent9", Role.EMPLOYER_AGENT, employer_id=shop)
        member = web.user("member9", Role.MEMBER, person_id=person_of(web, 1))
        admin = web.as_role(Role.ADMIN)
        assert "关联单位或职工" in admin.get(f"/admin/users/{agent.id}").text
        bad = admin.submit(f"/admin/users/{agent.id}/link", {"employer_no": "80000000000"})
        assert bad.status_code == 422 and "不存在" in bad.text
        assert admin.submit(f"/admin/users/{agent.id}/link", {"employer_no": no}).status_code == 303
        ok = admin.submit(f"/admin/users/{member.id}/link", {"id_number": person_id(3, "1")})
        assert ok.status_code == 303
        from anju.auth import service as auth

        with web.engine.connect() as conn:
            assert auth.find_user(conn, "member9").person_id == person_of(web, 3)


def test_a_long_statement_pdf_has_a_header_on_every_page_and_the_closing_balance_once(web):
    import pypdfium2 as pdfium
    from sqlalchemy import func, select

    from anju.registry.tables import account, member_txn, person
    from anju.web.demo import build_demo_centre

    build_demo_centre(web.engine, as_of=date(2026, 3, 1), members=12, employers=1, months=40)
    with web.engine.connect() as conn:
        acct_id = conn.execute(select(member_txn.c.account_id).group_by(member_txn.c.account_id)
                               .order_by(func.count().desc(), member_txn.c.account_id).limit(1)).scalar_one()
        who = conn.execute(select(person.c.id, person.c.name, account.c.account_no)
                           .join(account, account.c.person_id == person.c.id).where(account.c.id == acct_id)).one()
    pdf = web.as_role(Role.CLERK).get(f"/registry/members/{who.id}/statement.pdf")
    assert pdf.status_code == 200
    doc = pdfium.PdfDocument(pdf.content)
    try:
        pages = []
        for i in range(len(doc)):
            tp = doc[i].get_textpage()
            pages.append(tp.get_text_range().replace(" ", "").replace("\r", ""))
            tp.close()
    finally:
        doc.close()
    assert len(pages) >= 2, "the statement should need more than one page"
    whole = "".join(pages)
    assert whole.count("期末余额") == 1 and "期末余额" in pages[-1]
    for text in pages[1:]:  # every later page says whose statement it is
        assert who.name in text and who.account_no in text
    # 所属年月 never wraps: every month reads whole on one line
    assert re.search(r"20\d\d年\d\d月", whole) and not re.search(r"20\d\d年\d\d\n月", whole)
