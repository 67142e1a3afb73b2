"""Every page answers: on a small demo city (the demo's own builder, a few employers over fourteen months, with
withdrawals, loans and a year-end), each demo role signs in, opens every menu link and every same-site link one
level below it (lists, details, printable forms, PDFs, downloads — GET only, a bounded number per page), and no
answer is a 5xx or shows a traceback or a Python repr.

No raw identifier may be shown as text either (permission codes such as ``loan.disburse``, enum values such as
``rent_market``, field names such as ``female_cadre_age``): each is a finding, written to
test-artifacts/crawl-raw-identifiers.txt and asserted. Text marked up as code (``CODE_TAGS``) is not searched, and
``ALLOWED`` names the few identifiers a person does read as such, each with its reason."""

from __future__ import annotations

import html
import re
import time
import uuid
from collections import defaultdict
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest

from anju.bootstrap import prepare
from anju.db import make_engine
from anju.web.demo import DEMO_USERS, build_demo_centre, ensure_demo_users, link_demo_portal_users
from anju.web.settings import WebSettings
from tests.support import pg
from tests.support import web as websupport

AS_OF = date(2026, 11, 20)  # a Friday; the city's history runs from October 2025, across a year-end
AT = datetime(2026, 11, 20, 2, 0)  # 10:00 in Beijing that day, as naive UTC: the app's clock stands still
PER_PAGE = 6  # links followed from one menu page (one per link shape: /x/1 and /x/2 are the same shape)
SKIP = ("/static/", "/logout", "/api/v1/")  # files, the sign-out button's target, the JSON API (keys, not sessions)
ARTIFACT = Path(__file__).resolve().parents[2] / "test-artifacts" / "crawl-raw-identifiers.txt"

# Asserted: none of these may appear in any page (they all pass today).
BROKEN = {
    "traceback": re.compile(r"Traceback \(most recent call last\)"),
    "python object repr": re.compile(r"<[A-Za-z_][\w.]* object at 0x[0-9a-f]+>"),
    "python value repr": re.compile(r"\b(?:Decimal\('|datetime\.(?:date|datetime)\(|[A-Z][A-Za-z]+\.[A-Z][A-Z_]+\b)"),
    "unrendered template": re.compile(r"\{\{|\}\}|\{%|%\}"),
    "bare None": re.compile(r"(?<![\w.])None(?![\w.])"),
}
# Asserted too: identifiers a person should not have to read.
RAW = {
    "dotted code": re.compile(r"(?<![\w./@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?:\.[a-z][a-z0-9]*(?:_[a-z0-9]+)*)+(?![\w/@-])"),
    "snake_case": re.compile(r"(?<![\w./@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w./@-])"),
}
# Text a person types or that is kept verbatim as evidence is marked up as code and not searched: <textarea> (an
# editor of a JSON or TOML document, whose field names are what one types) and <code> (a login name, a field name
# beside its Chinese label, an audit record's stored before/after document).
CODE_TAGS = ("code", "textarea")
# Identifiers a person does read as such, each with its reason. Keep this short: a code shown to people gets a label.
ALLOWED: dict[str, str] = {}
TIMES: dict[str, float] = {}  # seconds per request, the slowest written with the raw identifiers
FILE_NAME = re.compile(r"\.(?:pdf|docx|xlsx|csv|txt|zip|html|json|svg|png|toml)$")


class _Page(HTMLParser):
    """Links of the menu and of the main content, and the text a person sees (no scripts, styles, attributes)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.menu: list[str] = []
        self.main: list[str] = []
        self.text: list[str] = []
        self.prose: list[str] = []  # the text outside <code> and <textarea>
        self._in_menu = self._in_main = self._hidden = self._code = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "nav" and "menu" in (a.get("class") or ""):
            self._in_menu += 1
        if tag == "main":
            self._in_main += 1
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag in CODE_TAGS:
            self._code += 1
        if tag == "a" and a.get("href"):
            if self._in_menu:
                self.menu.append(a["href"])
            elif self._in_main:
                self.main.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "nav" and self._in_menu:
            self._in_menu -= 1
        if tag == "main" and self._in_main:
            self._in_main -= 1
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1
        if tag in CODE_TAGS and self._code:
            self._code -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)
            if not self._code:
                self.prose.append(data)


def parse(body: str) -> _Page:
    p = _Page()
    p.feed(body)
    return p


def same_site(href: str) -> str | None:
    href = urldefrag(html.unescape(href))[0]
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not href.startswith("/") or href.startswith(SKIP):
        return None
    return href


def shape(url: str) -> str:
    """/loan/applications/12?x=1 and /loan/applications/3?x=2 are one shape: follow one of them per page."""
    parts = urlsplit(url)
    keys = sorted(k.split("=")[0] for k in parts.query.split("&") if k)
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def city(request, tmp_path_factory):
    """A small demo city on each backend, the demo users (one per role) and the web app at a fixed instant."""
    root = tmp_path_factory.mktemp("crawl")
    admin = name = None
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{root / 'anju.sqlite3'}")
    else:
        admin = request.getfixturevalue("pg_admin")
        name = f"anju_crawl_{uuid.uuid4().hex[:8]}"
        engine = make_engine(pg.create_database(admin, name))
    prepare(engine)
    build_demo_centre(engine, as_of=AS_OF, members=120, employers=6, months=14)
    _, secret = ensure_demo_users(engine, password_file=root / "demo-password.txt", as_of=AS_OF)
    link_demo_portal_users(engine)
    clock = websupport.Clock(AT)
    web = websupport.Web(engine, clock, WebSettings(cookie_secure=False, clock=clock))
    yield web, secret
    engine.dispose()
    if admin is not None:
        pg.drop_database(admin, name)


def crawl(web, username: str, password: str, seen_below: set[str]):
    """Sign in, open the menu and one level below it. Returns (visited url → status, the menu's links, problems,
    raw finds)."""
    client = web.login(username, password=password,
                       client=web.client_for(web.app, raise_server_exceptions=False, follow_redirects=False))
    visited: dict[str, int] = {}
    files: set[str] = set()
    problems: list[str] = []
    raw: dict[str, set[str]] = defaultdict(set)

    def fetch(url: str) -> _Page | None:
        if url in visited:
            return None
        started = time.perf_counter()
        r = client.get(url)
        TIMES[f"{username} {url}"] = time.perf_counter() - started
        visited[url] = r.status_code
        if r.status_code >= 500:
            problems.append(f"{username} GET {url} → {r.status_code}")
        kind = r.headers.get("content-type", "")
        if not (kind.startswith("text/html") or kind.startswith("text/plain") or kind.startswith("application/json")):
            files.add(url)
            return None  # PDF, Excel, Word, CSV: their answer code is what is checked
        page = parse(r.text) if kind.startswith("text/html") else None
        text = html.unescape(" ".join(page.text)) if page else r.text
        for what, pattern in BROKEN.items():
            for m in pattern.finditer(text):
                problems.append(f"{username} GET {url}: {what}: {text[max(0, m.start() - 60):m.end() + 60]!r}")
        if page is not None:  # JSON answers are for programs: their keys are identifiers by design
            prose = html.unescape(" ".join(page.prose))
            for what, pattern in RAW.items():
                for m in pattern.finditer(prose):
                    if not FILE_NAME.search(m.group(0)) and m.group(0) not in ALLOWED:
                        raw[f"{what}: {m.group(0)}"].add(urlsplit(url).path)
        return page

    home = fetch("/")
    assert home is not None and home.menu, f"{username}: no menu on the home page"
    menu = [u for u in (same_site(h) for h in home.menu) if u]
    for url in menu:
        page = fetch(url)
        if page is None:
            continue
        shapes: set[str] = set()
        for href in page.main:
            below = same_site(href)
            if below is None or below in menu or shape(below) in shapes:
                continue
            shapes.add(shape(below))
            if below in seen_below:  # a file another role downloaded already (PDFs, Excel: the slow part)
                continue
            fetch(below)
            if visited.get(below) == 200 and below in files:
                seen_below.add(below)
            if len(shapes) >= PER_PAGE:
                break
    return visited, menu, problems, raw


def test_every_page_answers_for_every_role(city):
    web, secret = city
    problems: list[str] = []
    raw: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    counts: dict[str, int] = {}
    refused: dict[str, list[str]] = {}
    seen_below: set[str] = set()
    for role, username, _ in DEMO_USERS:
        visited, menu, found, seen = crawl(web, username, secret, seen_below)
        counts[username] = len(visited)
        problems += found
        for key, paths in seen.items():
            raw[key][role.value].update(paths)
        assert len(visited) > 3, f"{username} reached only {sorted(visited)}"
        denied = sorted(u for u, s in visited.items() if s in (401, 403))
        assert not set(denied) & set(menu), f"{username}: the menu offers pages this role may not open: {denied}"
        if denied:  # a link one level below that this role may not follow
            refused[username] = denied
    _write_raw(web.engine.dialect.name, counts, raw, refused)
    assert not problems, "\n".join(problems)
    assert not raw, "raw identifiers shown as text (see test-artifacts/crawl-raw-identifiers.txt):\n" + "\n".join(
        f"{key}: {', '.join(sorted({p for paths in where.values() for p in paths})[:4])}" for key, where in sorted(raw.items()))
    assert refused == {}, f"pages link to what the role may not open: {refused}"
    assert counts["admin"] > 10 and counts["finance"] > 20  # the crawl did reach the back office


def _write_raw(backend: str, counts: dict[str, int], raw, refused: dict[str, list[str]]) -> None:
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"# raw identifiers seen by tests/web/test_crawl.py on {backend} (pages per user: "
             + ", ".join(f"{u} {n}" for u, n in counts.items()) + ")"]
    slowest = sorted(TIMES.items(), key=lambda kv: -kv[1])[:12]
    lines.append("slowest: " + ", ".join(f"{k} {s:.1f} s" for k, s in slowest))
    TIMES.clear()
    for username, urls in refused.items():
        lines.append(f"refused (403) link below the menu\t{username}: {' '.join(urls[:6])}")
    for key in sorted(raw):
        where = "; ".join(f"{role}: {' '.join(sorted(paths)[:4])}" for role, paths in sorted(raw[key].items()))
        lines.append(f"{key}\t{where}")
    mode = "a" if ARTIFACT.exists() and backend != "sqlite" else "w"
    with ARTIFACT.open(mode, encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
