"""The provincial report as Excel: the indicators per centre and in total, the 疑点 by rule and centre, and the
疑点 themselves (ID numbers masked)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from anju.core.ids import mask_id
from anju.supervision import audit, indicators


def excel(result, path: Path, *, start: date, end: date, as_of: date, run_id: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from anju.core.sheets import safe_text

    wb = Workbook()
    ws = wb.active
    ws.title = "指标"
    ws.append([f"住房公积金省级监管报告（期间{start.isoformat()}至{(end).isoformat()}前，存量截至{as_of.isoformat()}，批次{run_id}）"])
    ws["A1"].font = Font(bold=True)
    codes = sorted(result.figures.by_centre)
    ws.append(["指标", "单位", *[result.names.get(c, c) for c in codes], indicators.TOTAL])
    for ind in indicators.ORDER:
        name, unit = indicators.NAMES[ind]
        ws.append([name, unit, *[indicators.shown(ind, result.figures.by_centre[c][ind]) for c in codes],
                   indicators.shown(ind, result.figures.total[ind])])
    ws2 = wb.create_sheet("疑点汇总")
    ws2.append(["规则", "口径", *[result.names.get(c, c) for c in codes], "合计"])
    for code, rule in audit.RULES.items():
        counts = [sum(1 for h in result.hits if h[1] == code and h[-1] == c) for c in codes]
        ws2.append([rule.name, rule.definition, *counts, sum(counts)])
    ws3 = wb.create_sheet("疑点明细")
    ws3.append(["疑点编号", "中心", "规则", "证件号码", "本中心业务号", "关联中心", "说明", "金额"])
    for h in result.hits[:100_000]:  # the per-centre files hold them all
        ws3.append([h[0], result.names.get(h[-1], h[-1]), h[2], mask_id(h[3]), safe_text(h[4]), h[5], safe_text(h[6]),
                    h[7]])
    wb.save(path)


def pdf(result, path: Path, *, start: date, end: date, as_of: date, run_id: str) -> None:
    """The report's first two sheets as a PDF (landscape A4): indicators per centre and the 疑点 by rule."""
    from html import escape

    from weasyprint import HTML

    codes = sorted(result.figures.by_centre)
    head = "".join(f"<th>{escape(result.names.get(c, c))}</th>" for c in codes)
    body = "".join(
        f"<tr><td>{escape(indicators.NAMES[i][0])}（{escape(indicators.NAMES[i][1])}）</td>"
        + "".join(f"<td>{indicators.shown(i, result.figures.by_centre[c][i])}</td>" for c in codes)
        + f"<td><b>{indicators.shown(i, result.figures.total[i])}</b></td></tr>" for i in indicators.ORDER)
    rules = "".join(
        f"<tr><td>{escape(rule.name)}</td>"
        + "".join(f"<td>{sum(1 for h in result.hits if h[1] == code and h[-1] == c)}</td>" for c in codes)
        + f"<td><b>{sum(1 for h in result.hits if h[1] == code)}</b></td></tr>" for code, rule in audit.RULES.items())
    html = f"""<html><head><meta charset="utf-8"><style>
      @page {{ size: A4 landscape; margin: 15mm; }}
      body {{ font-family: "Noto Sans CJK SC", sans-serif; font-size: 9pt; }}
      table {{ border-collapse: collapse; width: 100%; margin-bottom: 12pt; }}
      th, td {{ border: 0.5pt solid #888; padding: 2pt 4pt; text-align: right; }}
      td:first-child, th:first-child {{ text-align: left; }}
    </style></head><body>
    <h1>住房公积金省级监管报告</h1>
    <p>期间 {start.isoformat()} 至 {(date.fromordinal(end.toordinal() - 1)).isoformat()}，存量截至 {as_of.isoformat()}，
    批次 {escape(run_id)}</p>
    <h2>主要指标</h2><table><tr><th>指标</th>{head}<th>{indicators.TOTAL}</th></tr>{body}</table>
    <h2>跨中心疑点</h2><table><tr><th>规则</th>{head}<th>合计</th></tr>{rules}</table>
    </body></html>"""
    HTML(string=html).write_pdf(path)
