"""Charts for reports and the dashboard (matplotlib, Chinese labels in Noto CJK), as PNG bytes."""

from __future__ import annotations

import io
from functools import cache

from sqlalchemy import Connection

from anju.core.dates import add_months, month_of
from anju.indicators import catalogue as cat

FONT_FILES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


@cache
def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    for path in FONT_FILES:
        try:
            font_manager.fontManager.addfont(path)
            plt.rcParams["font.family"] = font_manager.FontProperties(fname=path).get_name()
            break
        except (OSError, RuntimeError):
            continue
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=130, bbox_inches="tight")
    _pyplot().close(fig)
    return buf.getvalue()


def bars(title: str, labels: list[str], values: list[float], unit: str) -> bytes:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.bar(labels, values, color="#3b73b9")
    ax.set_title(title)
    ax.set_ylabel(unit)
    ax.tick_params(axis="x", labelrotation=0, labelsize=8)
    ax.grid(axis="y", alpha=0.3)
    return _png(fig)


def pie(title: str, labels: list[str], values: list[float]) -> bytes:
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 3.6))
    shown = [(lab, v) for lab, v in zip(labels, values, strict=True) if v > 0]
    if shown:
        ax.pie([v for _, v in shown], labels=[lab for lab, _ in shown], autopct="%1.1f%%", startangle=90,
               textprops={"fontsize": 8})
        ax.axis("equal")
    else:
        ax.text(0.5, 0.5, "无数据", ha="center", va="center")
        ax.axis("off")
    ax.set_title(title)
    return _png(fig)


def render(conn: Connection, period: cat.Period, spec) -> bytes:
    """A chart of a report spec: bars of an indicator by month, or a pie of a breakdown."""
    ind = cat.get(spec.code)
    scale = 1_000_000 if ind.unit in cat.MONEY_UNITS else 1  # money charts in 万元
    if spec.kind == "monthly":
        labels, values = [], []
        m = month_of(period.start)
        while cat.Period.month(m).start < period.end:
            v = cat.value(conn, spec.code, cat.Period.month(m)) or 0
            labels.append(f"{m % 100}月")
            values.append(int(v) / scale)  # float-ok: chart drawing only
            m = add_months(m, 1)
        return bars(spec.title, labels, values, "万元" if scale > 1 else ind.unit.value)
    dim = spec.kind.split(":", 1)[1]
    parts = cat.by(conn, spec.code, period, dim)
    return pie(spec.title, list(parts), [int(v or 0) / scale for v in parts.values()])  # float-ok: drawing
