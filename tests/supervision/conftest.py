"""One Spark session (one JVM) for the whole test session, local mode, tuned for a few thousand rows. Java comes
from scripts/bootstrap.sh dev (openjdk-17-jre-headless); without it these tests fail, never skip."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def spark():
    from anju.supervision import session

    s = session.spark("local[2]", small=True)
    yield s
    session.stop()
