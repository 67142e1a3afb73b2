"""Runtime settings, read once from the environment (the interface layer owns them, never a rule)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    centre_file: Path | None

    @property
    def var_dir(self) -> Path:
        return self.home / "var"


def load_settings() -> Settings:
    home = Path(os.environ.get("ANJU_HOME", os.getcwd())).resolve()
    url = os.environ.get("ANJU_DATABASE_URL") or f"sqlite:///{home / 'var' / 'anju.sqlite3'}"
    centre = os.environ.get("ANJU_CENTRE_FILE")
    return Settings(home=home, database_url=url, centre_file=Path(centre) if centre else None)
