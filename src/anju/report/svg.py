"""Small charts drawn on the server as inline SVG (no script, no inline style: the pages' CSP allows neither):
grouped bars for the statistics page and a gauge with its warning line for the dashboard.

Coordinates are computed with Decimal and printed with one decimal; the figures themselves are never floats.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from markupsafe import Markup, escape

COLOURS = ("#3b73b9", "#a7bfdc", "#e3a33b", "#6aa56a")
LINE = "#c0392b"


def _c(x: Decimal) -> str:
    return str(Decimal(x).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def bars(title: str, labels: list[str], series: list[tuple[str, list[Decimal | None]]], unit: str) -> Markup:
    """Grouped bars: one group per label, one bar per series (本期, 上年同期). Values are in the shown unit;
    None draws nothing. Negative values go below the axis."""
    width, height, left, top, bottom = Decimal(640), Decimal(260), Decimal(60), Decimal(34), Decimal(48)
    plot_w, plot_h = width - left - 12, height - top - bottom
    values = [v for _, vs in series for v in vs if v is not None]
    hi = max([Decimal(0), *values])
    lo = min([Decimal(0), *values])
    span = (hi - lo) or Decimal(1)
    zero_y = top + plot_h * hi / span
    n = max(len(labels), 1)
    group_w = plot_w / n
    bar_w = min(group_w * Decimal("0.8") / max(len(series), 1), Decimal(48))
    out = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'role="img" aria-label="{escape(title)}">',
           f'<text x="{_c(width / 2)}" y="18" text-anchor="middle" font-size="14" font-weight="600">{escape(title)}</text>',
           f'<text x="4" y="{_c(top - 6)}" font-size="11" fill="#555">{escape(unit)}</text>',
           f'<line x1="{left}" y1="{_c(zero_y)}" x2="{width - 12}" y2="{_c(zero_y)}" stroke="#888"/>']
    for step in range(0, 5):
        y = top + plot_h * step / 4
        tick = hi - span * step / 4
        out.append(f'<line x1="{left}" y1="{_c(y)}" x2="{width - 12}" y2="{_c(y)}" stroke="#e4e8ee"/>')
        out.append(f'<text x="{left - 4}" y="{_c(y + 4)}" text-anchor="end" font-size="10" fill="#555">'
                   f'{_tick(tick)}</text>')
    group_pad = (group_w - bar_w * len(series)) / 2
    for i, label in enumerate(labels):
        gx = left + group_w * i
        for s, (name, vs) in enumerate(series):
            v = vs[i] if i < len(vs) else None
            if v is None:
                continue
            h = plot_h * abs(v) / span
            y = zero_y - h if v >= 0 else zero_y
            x = gx + group_pad + bar_w * s
            out.append(f'<rect x="{_c(x)}" y="{_c(y)}" width="{_c(bar_w - 2)}" height="{_c(h)}" '
                       f'fill="{COLOURS[s % len(COLOURS)]}"><title>{escape(label)} {escape(name)}：{v}{escape(unit)}</title></rect>')
        short = label if len(label) <= 8 else label[:7] + "…"
        out.append(f'<text x="{_c(gx + group_w / 2)}" y="{_c(height - bottom + 16)}" text-anchor="middle" '
                   f'font-size="11">{escape(short)}</text>')
    for s, (name, _) in enumerate(series):  # legend
        x = left + Decimal(140) * s
        y = height - 12
        out.append(f'<rect x="{x}" y="{y - 9}" width="12" height="10" fill="{COLOURS[s % len(COLOURS)]}"/>')
        out.append(f'<text x="{x + 16}" y="{y}" font-size="11">{escape(name)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def _tick(v: Decimal) -> str:
    if abs(v) >= 100:
        return f"{v.quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"
    return str(v.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def gauge(title: str, value: Decimal | None, line: Decimal | None, unit: str, *, line_label: str,
          breached: bool | None) -> Markup:
    """A horizontal bar of a ratio (in its shown unit, 66.31 for 66.31%) with the warning or target line."""
    width, height, left, right = Decimal(460), Decimal(78), Decimal(10), Decimal(20)
    plot_w = width - left - right
    top = max([Decimal(1)] + [x * Decimal("1.25") for x in (value, line) if x is not None])
    scale = plot_w / top
    colour = "#c0392b" if breached else "#2e8b57" if breached is False else "#9aa6b4"
    out = [f'<svg class="gauge" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
           f'aria-label="{escape(title)}">',
           f'<rect x="{left}" y="26" width="{_c(plot_w)}" height="20" fill="#eef2f7" stroke="#c9d2dd"/>']
    if value is not None:
        out.append(f'<rect class="gauge-value" x="{left}" y="26" width="{_c(max(value, Decimal(0)) * scale)}" '
                   f'height="20" fill="{colour}"><title>{escape(title)}：{value}{escape(unit)}</title></rect>')
        out.append(f'<text x="{left}" y="18" font-size="13" font-weight="600">{escape(title)}　{value}{escape(unit)}</text>')
    else:
        out.append(f'<text x="{left}" y="18" font-size="13" font-weight="600">{escape(title)}　—</text>')
    if line is not None:
        x = left + line * scale
        out.append(f'<line class="risk-line" data-line="{line}" x1="{_c(x)}" y1="20" x2="{_c(x)}" y2="52" '
                   f'stroke="{LINE}" stroke-width="2.5"/>')
        anchor = "end" if x > width - 90 else "start"
        out.append(f'<text x="{_c(x + (-4 if anchor == "end" else 4))}" y="66" font-size="11" fill="{LINE}" '
                   f'text-anchor="{anchor}">{escape(line_label)} {line}{escape(unit)}</text>')
    out.append("</svg>")
    return Markup("".join(out))
