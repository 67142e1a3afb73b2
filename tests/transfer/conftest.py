"""Two centres, each on its own database, on both backends: the test database is centre A, a second database of
the same backend is centre B (migrated and seeded once per run, reset before each test)."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

import pytest

from anju.auth.actor import cli_actor
from anju.db import UnitOfWork, make_engine
from anju.org import service as org
from anju.transfer import service as transfer
from tests.support import db as dbsupport
from tests.support import pg

CODE_A, CODE_B = "430400", "430800"


@pytest.fixture(scope="session")
def _sqlite_db_b(tmp_path_factory):
    path = tmp_path_factory.mktemp("sqlite-b") / "anju-centre-b.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    yield dbsupport.build("sqlite", engine)
    engine.dispose()


@pytest.fixture(scope="session")
def _pg_db_b(pg_admin):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"anju_test_b_{worker}_{uuid.uuid4().hex[:8]}"
    url = pg.create_database(pg_admin, name)
    engine = make_engine(url)
    yield dbsupport.build("postgresql", engine)
    engine.dispose()
    pg.drop_database(pg_admin, name)


@dataclass
class Centres:
    a: object  # Engine of centre A
    b: object  # Engine of centre B


def _identify(engine, code: str, name: str, other: str, other_name: str) -> None:
    with UnitOfWork(engine) as uow:
        org.set_info(uow.conn, "code", code)
        org.set_info(uow.conn, "name", name)
        transfer.register_centre(uow, cli_actor("admin"), code=other, name=other_name, account_no=f"62{other}0001",
                                 account_name=other_name, bank_name="工商银行")
        uow.commit()


@pytest.fixture
def centres(db, request) -> Centres:
    b = request.getfixturevalue("_sqlite_db_b" if db.backend == "sqlite" else "_pg_db_b")
    b.reset()
    _identify(db.engine, CODE_A, "甲市住房公积金管理中心", CODE_B, "乙市住房公积金管理中心")
    _identify(b.engine, CODE_B, "乙市住房公积金管理中心", CODE_A, "甲市住房公积金管理中心")
    return Centres(db.engine, b.engine)
