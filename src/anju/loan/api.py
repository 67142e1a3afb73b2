"""API of the loan area: servicing (贷后) and origination (贷前, ``api_apply``)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()

# ---- origination
from anju.loan import api_apply as _origination  # noqa: E402

router.include_router(_origination.router)
router.include_router(_origination.calculator_router)
