import pytest

from anju.loan import port


@pytest.fixture(autouse=True)
def _loan_port():
    port.connect()
    yield
