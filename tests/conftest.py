"""Fixtures: every storage test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from hypothesis import settings

from anju.auth import auditkey, passwords
from anju.db import make_engine
from anju.web.settings import WebSettings
from tests.support import db as dbsupport
from tests.support import pg
from tests.support import web as websupport

# Timings on a shared 2-core machine are noisy: a Hypothesis deadline would fail correct code at random.
settings.register_profile("anju", deadline=None)
settings.load_profile("anju")

BACKENDS = ["sqlite", "postgresql"]

# One audit key for the test run (each xdist worker has its own), set before any database is made;
# tests of the key itself point ANJU_AUDIT_KEY_FILE elsewhere with monkeypatch.
_KEY_DIR = tempfile.mkdtemp(prefix="anju-audit-key-")
atexit.register(shutil.rmtree, _KEY_DIR, True)
os.environ[auditkey.ENV] = str(Path(_KEY_DIR) / "audit.key")
auditkey.create(Path(os.environ[auditkey.ENV]))
# The certificates' signing keys (anju.eservice.signing) go to the same throw-away directory.
os.environ["ANJU_CERT_KEY_DIR"] = str(Path(_KEY_DIR) / "cert-keys")


@pytest.fixture(scope="session")
def pg_admin():
    url, cluster = pg.admin_url()
    yield url
    if cluster is not None:
        cluster.stop()


@pytest.fixture(scope="session")
def _sqlite_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("sqlite") / "anju-test.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    yield dbsupport.build("sqlite", engine)
    engine.dispose()


@pytest.fixture(scope="session")
def _pg_db(pg_admin):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"anju_test_{worker}_{uuid.uuid4().hex[:8]}"
    url = pg.create_database(pg_admin, name)
    engine = make_engine(url)
    yield dbsupport.build("postgresql", engine)
    engine.dispose()
    pg.drop_database(pg_admin, name)


@pytest.fixture(params=BACKENDS)
def db(request) -> dbsupport.TestDatabase:
    """A seeded test database (sample centre loaded), reset before the test."""
    database = request.getfixturevalue("_sqlite_db" if request.param == "sqlite" else "_pg_db")
    database.reset()
    return database


@pytest.fixture
def engine(db):
    return db.engine


# Argon2id at its production cost takes ~50 ms and 64 MiB per hash; tests sign in hundreds of times.
# The hash format and algorithm stay the same (tests check "$argon2id$"), only the cost is lowered.
passwords.configure(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture
def clock():
    return websupport.Clock()


@pytest.fixture
def web(db, clock) -> websupport.Web:
    """The web application on the test database (both backends), with a clock the test moves."""
    return websupport.Web(db.engine, clock, WebSettings(cookie_secure=False, clock=clock))


def pytest_configure(config):
    """The composition root, as every entry point runs it (nothing is connected at import), before collection:
    test modules may read policy values at import."""
    from anju import compose

    compose.wire()
