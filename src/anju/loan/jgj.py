"""The loan area's tables in JGJ/T 320 field codes (``anju report jgj``): origination's contracts and co-borrowers;
servicing adds its loan accounts and details here."""

from __future__ import annotations

from anju.loan import jgj_apply as _origination

TABLES = [*_origination.TABLES]
