"""HTML → PDF for certificates and statements: WeasyPrint, A4, the Noto CJK fonts of the system embedded.

WeasyPrint finds fonts through fontconfig (``fonts-noto-cjk``, installed by ``scripts/bootstrap.sh``) and
embeds the subset of glyphs a document uses, so the PDF shows the same characters on any reader.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

STATIC = Path(__file__).with_name("static")


@cache
def _stylesheets():
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return fonts, [CSS(filename=str(STATIC / "anju.css"), font_config=fonts),
                   CSS(filename=str(STATIC / "document.css"), font_config=fonts)]


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # no warnings about screen-only CSS in the log
    fonts, sheets = _stylesheets()
    return HTML(string=html, base_url=str(STATIC)).write_pdf(stylesheets=sheets, font_config=fonts)
