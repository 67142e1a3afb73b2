"""Start-up of a database: make the engine, bring the schema up to date, key the audit chain, load the centre,
seed the calendar (the parts of anju are connected by the composition root, ``anju.compose``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from anju import compose
from anju.auth import witness
from anju.auth.actor import cli_actor
from anju.config import load_settings
from anju.db import UnitOfWork, make_engine, migrate
from anju.eservice import signing
from anju.policy import service as policy_service
from anju.workcal import service as workcal


@dataclass(frozen=True)
class Prepared:
    engine: Engine
    migrated: bool
    centre_loaded: bool
    calendar_days: int


def engine_from_settings() -> Engine:
    return make_engine(load_settings().database_url)


def prepare(engine: Engine, *, centre_file: Path | None = None) -> Prepared:
    """Idempotent: migrate, load the centre file when the database has none yet, seed the calendar."""
    compose.wire()
    migrated = migrate.pending(engine)
    if migrated:
        migrate.upgrade(engine)
    # The audit key is made once, before anything else is written; an existing database is sealed then.
    witness.key_database(engine, cli_actor("setup"))
    loaded = False
    with UnitOfWork(engine) as uow:
        if policy_service.centre_name(uow.conn) is None:
            path = centre_file or load_settings().centre_file or policy_service.SAMPLE_CENTRE
            policy_service.load_centre(uow, cli_actor("setup"), text=path.read_text(encoding="utf-8"),
                                       source=path.name)
            loaded = True
        days = workcal.seed(uow)
        policy_service.apply_time_zone(uow.conn)
        signing.ensure_key(uow, cli_actor("setup"))  # the certificates' first Ed25519 key (rotated later by hand)
        uow.commit()
    return Prepared(engine, migrated, loaded, days)
