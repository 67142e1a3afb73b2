"""The annual report's appendix (附：指标口径) names each indicator by its Chinese name, not by its code, in the
HTML/PDF document and in the Word file, on both databases."""

from __future__ import annotations

import io
from datetime import date

import docx

from tests.support.factory import open_employer, open_members, pay_month


def test_the_appendix_names_indicators_in_chinese(engine, monkeypatch):
    from anju.indicators import catalogue as cat
    from anju.report import annual, render

    spec = (annual.SectionSpec("（一）缴存", paragraphs=("{year}年缴存额{deposit.amount|万元}万元。",)),)
    monkeypatch.setattr(annual, "SPEC", spec)
    a = open_employer(engine, name="甲单位")
    open_members(engine, a, 2, start=1)
    pay_month(engine, a, 202501, date(2025, 1, 13))
    with engine.connect() as conn:
        report = annual.build(conn, year=2025, centre="示例市住房公积金管理中心", texts={}, as_of=date(2026, 3, 1),
                              charts=False)
    name, definition = cat.get("deposit.amount").name, cat.get("deposit.amount").definition
    assert report.notes == [(name, definition)]
    html = render.to_html(report)
    assert f"<p>{name}：" in html and "deposit.amount" not in html.split("附：指标口径")[1]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render.to_docx(report))).paragraphs)
    appendix = text.split("附：指标口径")[1]
    assert f"{name}：" in appendix and "deposit.amount" not in appendix
