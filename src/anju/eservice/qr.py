"""QR codes as SVG data URIs (segno: pure Python, no image library), for pages and PDFs alike."""

from __future__ import annotations

import segno


def svg_data_uri(text: str, *, scale: int = 3) -> str:
    return segno.make(text, error="m", micro=False).svg_data_uri(scale=scale, border=2)


def matrix(text: str) -> tuple[tuple[int, ...], ...]:
    """The code's modules (1 dark, 0 light): what a reader decodes; tests compare it."""
    return tuple(tuple(int(bool(v)) for v in row) for row in segno.make(text, error="m", micro=False).matrix)
