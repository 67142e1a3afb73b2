"""How a home is recognised across withdrawals and loans: normalised certificate / contract numbers and
addresses (pure). Two applications name the same home when any of the three keys agree.

The normalisation forgives what clerks and members type differently — full-width characters, spaces and
punctuation, 幢/座/号楼 for 栋, Chinese numerals in building and room numbers, a trailing 室 — and nothing
more: a different number is a different home.
"""

from __future__ import annotations

import re
import unicodedata

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMERAL_RUN = re.compile(r"[〇零一二两三四五六七八九十]+")
_KEEP = re.compile(r"[^0-9A-Z\u3007\u4e00-\u9fff]")
_BUILDING = (("号楼", "栋"), ("幢", "栋"), ("座", "栋"), ("楼栋", "栋"))


def _numeral(run: str) -> str:
    """一〇一 → 101, 十二 → 12, 二十 → 20, 二十三 → 23; a run we cannot read stays as it is."""
    if "十" not in run:
        return "".join(str(_DIGITS[c]) for c in run)
    tens, _, ones = run.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return run
    return str((_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").upper()


def normalise_number(text: str | None) -> str:
    """A certificate or contract number as a key: NFKC, upper case, no spaces or punctuation."""
    return _KEEP.sub("", _fold(text or ""))


def normalise_address(text: str | None) -> str:
    """An address as a key (房屋坐落): the same home typed two ways gives the same key."""
    s = _KEEP.sub("", _fold(text or ""))
    for old, new in _BUILDING:
        s = s.replace(old, new)
    s = _NUMERAL_RUN.sub(lambda m: _numeral(m.group(0)), s)
    s = re.sub(r"(\d)(室|房|户)$", r"\1", s)
    return s
