"""A PostgreSQL server for the test run: the one at 127.0.0.1:5432, or a throwaway cluster.

A missing PostgreSQL is an error, never a skip: every storage test runs on both databases.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time

import psycopg

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def _answers(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("select 1")
        return True
    except psycopg.Error:
        return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThrowawayCluster:
    """initdb + pg_ctl in a temporary directory; stopped and removed at the end of the run."""

    def __init__(self) -> None:
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        initdb = shutil.which("initdb") or (bins[-1] if bins else None)
        if initdb is None:
            raise RuntimeError("no PostgreSQL server answers at 127.0.0.1:5432 and no PostgreSQL binaries "
                               "(initdb) are installed: the PostgreSQL tests cannot run")
        self.bindir = os.path.dirname(initdb)
        self.dir = tempfile.mkdtemp(prefix="anju-pg-")
        self.port = _free_port()
        user_args = []
        if os.geteuid() == 0:
            raise RuntimeError("a throwaway PostgreSQL cluster cannot run as root; start the server at 127.0.0.1:5432")
        subprocess.run([initdb, "-D", f"{self.dir}/data", "-U", "postgres", "-A", "trust", "-E", "UTF8",
                        "--no-locale", *user_args], check=True, capture_output=True)
        subprocess.run([f"{self.bindir}/pg_ctl", "-D", f"{self.dir}/data", "-l", f"{self.dir}/log", "-w", "start",
                        "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"],
                       check=True, capture_output=True)
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        for _ in range(50):
            if _answers(self.url):
                break
            time.sleep(0.1)

    def stop(self) -> None:
        subprocess.run([f"{self.bindir}/pg_ctl", "-D", f"{self.dir}/data", "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


def admin_url() -> tuple[str, ThrowawayCluster | None]:
    url = os.environ.get("ANJU_TEST_PG_URL", DEFAULT_ADMIN_URL)
    if _answers(url):
        return url, None
    cluster = ThrowawayCluster()
    return cluster.url, cluster


def create_database(admin: str, name: str) -> str:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin.rsplit("/", 1)[0]
    return f"{base}/{name}"


def drop_database(admin: str, name: str) -> None:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
