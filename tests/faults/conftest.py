"""The fault stack: actions + Rasa with conversations and knowledge in PostgreSQL, shared by the fault tests.

Conversations go through the project's RedactingSQLTrackerStore (endpoints.yml, as `make run` uses it) into
their own schema of the test database, given as STEMBOT_TRACKER_DB_URL like an operator would.

One stack for the whole directory because a Rasa start takes a minute or two on a shared machine. Every test
that breaks something (stops a server, restarts PostgreSQL, points the actions at a dead database) puts it
back in a `finally`, so the next test finds a healthy stack.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import create_engine, text

from bot.kb import store
from bot.kb.db import engine
from tests.fault_stacks import ACTION_TIMEOUT, persistent_stack
from tests.pg import PG_URL, new_schema
from tests.servers import Stack


class FaultStack:
    """A running Stack plus where its conversations (tracker store) and knowledge live."""

    def __init__(self, stack: Stack, tracker_url: str, kb_url: str):
        self.stack = stack
        self.tracker_url = tracker_url
        self.kb_url = kb_url


@pytest.fixture(scope="session")
def fault_stack(tmp_path_factory, content, nlp) -> Iterator[FaultStack]:
    schema, admin = new_schema("stembot_faults")
    scoped = f"{PG_URL}?options=-csearch_path%3D{schema}"
    try:
        store.load(content, engine(scoped), nlp)
        env = {"STEMBOT_DB_URL": scoped, "STEMBOT_ACTION_TIMEOUT": str(ACTION_TIMEOUT)}
        with persistent_stack("faults", tmp_path_factory.mktemp("faults"), tracker_db_url=scoped,
                              env=env) as stack:
            yield FaultStack(stack, tracker_url=scoped, kb_url=scoped)
    finally:
        engine(scoped).dispose()
        engine.cache_clear()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


# --- PostgreSQL server control (shared with other developers: keep restarts short, always leave it running) ---
def _cluster() -> tuple:
    if not shutil.which("pg_ctlcluster") or not Path("/etc/postgresql").is_dir():
        pytest.skip("pg_ctlcluster is not available: cannot restart PostgreSQL here")
    versions = sorted(os.listdir("/etc/postgresql"))
    if not versions:
        pytest.skip("no PostgreSQL cluster in /etc/postgresql")
    return versions[-1], "main"


def pg_ctl(action: str) -> subprocess.CompletedProcess:
    version, name = _cluster()
    return subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, name, action],
                          capture_output=True, text=True, timeout=120)


def wait_for_postgres(timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            eng = create_engine(PG_URL, future=True, connect_args={"connect_timeout": 2})
            with eng.connect() as conn:
                conn.execute(text("SELECT 1"))
            eng.dispose()
            return
        except Exception:  # noqa: BLE001
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.fixture()
def postgres_control() -> Iterator[callable]:
    """Restart PostgreSQL; whatever happens, it is running again afterwards."""
    _cluster()
    try:
        yield pg_ctl
    finally:
        if pg_ctl("status").returncode != 0:
            pg_ctl("start")
        wait_for_postgres()
