"""Money on an account that another area has promised (a withdrawal accepted, not yet paid): what a refund or
a transfer out must leave where it is.

The registry does not know who holds money; an area that does contributes a ``holds`` module
(``anju/<area>/holds.py``) with ``held(conn, account_id) -> tuple[int, int]`` (amount in fen, how many
applications), found the way areas are (``anju.areas``: adding one edits no central file). So an area that takes
money out (deposit refunds) asks the registry, and depends on no area that holds money.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import Connection

from anju.areas import area_modules


@dataclass(frozen=True)
class Held:
    amount: int
    count: int


@cache
def _holders() -> tuple:
    return tuple(area_modules("holds"))


def held(conn: Connection, account_id: int) -> Held:
    """What every area's applications in progress hold on the account, summed."""
    amount = count = 0
    for module in _holders():
        a, c = module.held(conn, account_id)
        amount += a
        count += c
    return Held(amount, count)
