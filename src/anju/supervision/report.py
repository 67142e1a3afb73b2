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
