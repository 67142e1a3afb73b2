import pytest

from tests.settle.support import open_account


@pytest.fixture(autouse=True)
def _account(request):
    for name in ("engine", "web"):
        if name in request.fixturenames:
            fx = request.getfixturevalue(name)
            open_account(fx if name == "engine" else fx.engine)
            return
