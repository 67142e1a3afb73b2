"""Fixtures: every storage test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import uuid

import pytest

from anju.db import make_engine
from tests.support import db as dbsupport
from tests.support import pg

BACKENDS = ["sqlite", "postgresql"]


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
