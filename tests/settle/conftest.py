import pytest

from tests.settle.support import open_account


@pytest.fixture(autouse=True)
def _account(request):
    if "engine" in request.fixturenames:
        open_account(request.getfixturevalue("engine"))
