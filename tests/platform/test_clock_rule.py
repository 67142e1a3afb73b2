"""The one clock: nothing in ``src/`` or ``tests/`` reads the system clock except ``anju.core.clock``.

A scan of the source text (Python tokens, so comments and strings that merely mention a call do not count): any
call of the date/time "now" functions outside ``src/anju/core/clock.py`` fails, naming every offending file:line.
Durations (``time.perf_counter``, ``time.monotonic``) are not dates and stay allowed.
"""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {ROOT / "src" / "anju" / "core" / "clock.py"}

# (object, attribute) pairs whose call reads the wall clock: ``date.today()``, ``datetime.now(...)`` and friends
# (also reached as ``datetime.datetime.now``), and the seconds-since-epoch readings used to make dates.
FORBIDDEN = {
    ("date", "today"), ("datetime", "today"), ("datetime", "now"), ("datetime", "utcnow"),
    ("date", "fromtimestamp"), ("datetime", "fromtimestamp"), ("datetime", "utcfromtimestamp"),
    ("time", "time"), ("time", "time_ns"), ("time", "localtime"), ("time", "gmtime"), ("time", "ctime"),
    ("time", "strftime"),
}

ATTRIBUTES = {attr for _, attr in FORBIDDEN}


def clock_reads(text: str) -> list[tuple[int, str]]:
    """(line, call) of every forbidden clock call in Python source ``text``."""
    found: list[tuple[int, str]] = []
    code = [t for t in tokenize.generate_tokens(io.StringIO(text).readline)
            if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)]
    for i in range(len(code) - 3):
        obj, dot, attr, paren = code[i:i + 4]
        if (obj.type == tokenize.NAME and dot.string == "." and attr.type == tokenize.NAME and paren.string == "("
                and (obj.string, attr.string) in FORBIDDEN):
            found.append((obj.start[0], f"{obj.string}.{attr.string}("))
    return found


def offenders() -> list[str]:
    out = []
    for top in ("src", "tests"):
        for path in sorted((ROOT / top).rglob("*.py")):
            if path in ALLOWED:
                continue
            text = path.read_text(encoding="utf-8")
            if not any(f".{attr}(" in text for attr in ATTRIBUTES):  # nothing to tokenize (most files)
                continue
            for line, call in clock_reads(text):
                out.append(f"{path.relative_to(ROOT)}:{line}: {call}…)")
    return out


def test_only_the_clock_module_reads_the_system_clock():
    found = offenders()
    assert not found, ("read the date and time through anju.core.clock (clock.today(), clock.utcnow(), "
                       "clock.frozen() in tests), not the system clock:\n" + "\n".join(found))


def test_the_scan_finds_each_kind_of_call_and_ignores_mentions():
    source = "\n".join([
        "from datetime import date, datetime",
        "import time",
        "a = date.today()",
        "b = datetime.now(UTC)",
        "c = datetime.datetime.utcnow()",
        "d = time.time()",
        "# date.today() in a comment",
        "e = 'datetime.now() in a string'",
        "f = time.perf_counter()",
        "g = clock.today()",
        "h = date.today",  # a reference, not a call
    ])
    assert clock_reads(source) == [(3, "date.today("), (4, "datetime.now("), (5, "datetime.utcnow("),
                                   (6, "time.time(")]


def test_the_scan_covers_both_trees():
    """The rule looks where the code is: both trees have many Python files, and the clock module is found."""
    assert all((ROOT / "src" / "anju" / "core" / "clock.py").exists() for _ in ALLOWED)
    assert len(list((ROOT / "src").rglob("*.py"))) > 100 and len(list((ROOT / "tests").rglob("*.py"))) > 50
