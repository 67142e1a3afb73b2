"""Pages of the loan area: servicing (贷后) and origination (贷前, ``web_apply``)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
MENU: list = []

# ---- origination
from anju.loan import web_apply as _origination  # noqa: E402

router.include_router(_origination.router)
MENU += _origination.MENU
