"""Case documents (催缴通知书, 责令限期缴存决定书, 催告书, 行政处罚决定书, 强制执行申请书, 追回通知书, 处罚决定书, 案件移送书):
the text is built once when the document is issued and stored with it (``case_document.body``); Word is written
here (python-docx, the CJK fonts set as the budget's DocWriter does), PDF by the interfaces from ``to_html``
through ``anju.web.pdf`` (WeasyPrint with the embedded Noto CJK fonts)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from html import escape
from io import BytesIO

BODY_FONT, HEADING_FONT = "宋体", "黑体"


def cn_day(d: date | None) -> str:
    return "" if d is None else f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True)
class Document:
    title: str
    no: str
    addressee: str
    paragraphs: tuple[str, ...]
    issuer: str
    issued_on: date

    def body(self) -> str:
        return json.dumps({"title": self.title, "no": self.no, "addressee": self.addressee,
                           "paragraphs": list(self.paragraphs), "issuer": self.issuer,
                           "issued_on": self.issued_on.isoformat()}, ensure_ascii=False)

    @classmethod
    def from_body(cls, body: str) -> Document:
        d = json.loads(body)
        return cls(d["title"], d["no"], d["addressee"], tuple(d["paragraphs"]), d["issuer"],
                   date.fromisoformat(d["issued_on"]))


def _font(target, name: str) -> None:
    from docx.oxml.ns import qn

    target.font.name = name
    rpr = target.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def to_docx(doc: Document) -> bytes:
    from docx import Document as Docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    out = Docx()
    normal = out.styles["Normal"]
    normal.font.size = Pt(14)
    _font(normal, BODY_FONT)
    title = out.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(doc.title)
    run.bold = True
    run.font.size = Pt(22)
    _font(run, HEADING_FONT)
    no = out.add_paragraph(doc.no)
    no.alignment = WD_ALIGN_PARAGRAPH.CENTER
    out.add_paragraph(f"{doc.addressee}：")
    for text in doc.paragraphs:
        p = out.add_paragraph(text)
        p.paragraph_format.first_line_indent = Pt(28)
    for text in (doc.issuer, cn_day(doc.issued_on)):
        p = out.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = BytesIO()
    out.save(buf)
    return buf.getvalue()


def to_html(doc: Document) -> str:
    """A self-contained A4 page (the PDF's source)."""
    paras = "".join(f"<p class='body'>{escape(t)}</p>" for t in doc.paragraphs)
    return ("<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>" + escape(doc.title) +
            "</title><style>@page{size:A4;margin:25mm 22mm}body{font-family:'Noto Serif CJK SC',serif;"
            "font-size:15pt;line-height:1.8}h1{text-align:center;font-family:'Noto Sans CJK SC',sans-serif;"
            "font-size:22pt;margin-bottom:0}.no{text-align:center}.body{text-indent:2em}.sign{text-align:right}"
            "</style></head><body>"
            f"<h1>{escape(doc.title)}</h1><p class='no'>{escape(doc.no)}</p><p>{escape(doc.addressee)}：</p>{paras}"
            f"<p class='sign'>{escape(doc.issuer)}</p><p class='sign'>{escape(cn_day(doc.issued_on))}</p>"
            "</body></html>")
