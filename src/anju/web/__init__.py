"""The web face: FastAPI pages for the counter and the two portals, and the JSON API under /api/v1.

``create_app(engine, settings=WebSettings(...))`` builds the application; areas plug in through
``anju/<area>/web.py`` (pages and menu) and ``anju/<area>/api.py`` (API), see ``anju.web.kit``.
"""

from __future__ import annotations


def create_app(engine, *, settings=None):
    from anju.web.app import create_app as _create

    return _create(engine, settings=settings)
