"""Stacks with a persistent tracker store for fault and load tests, configured exactly as `make run` does.

No test copy of endpoints.yml: the Rasa server gets the project's own endpoints.yml (tracker store
`bot.privacy.tracker_store.RedactingSQLTrackerStore`, lock store `ConfiguredLockStore`), and the database comes
from STEMBOT_TRACKER_DB_URL as in production (bot/config.py `store_settings`). So the fault and load tests exercise
the redacting store, its pre-ping, retention and connect timeout, not Rasa's plain SQL store.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, Optional

from tests.servers import Stack

ACTION_TIMEOUT = 8.0  # STEMBOT_ACTION_TIMEOUT of the fault stack (not the default 10, to see it is honoured)


def sqlite_tracker_url(directory: Path) -> str:
    return f"sqlite:///{directory / 'tracker.db'}"


@contextmanager
def persistent_stack(name: str, directory: Path, tracker_db_url: Optional[str] = None,
                     env: Optional[Dict[str, str]] = None) -> Iterator[Stack]:
    """A started Stack whose conversations go to `tracker_db_url` (SQLite in `directory` by default)."""
    store_env = {"STEMBOT_TRACKER_DB_URL": tracker_db_url or sqlite_tracker_url(directory)}
    with Stack(name, env={**store_env, **(env or {})}) as stack:
        yield stack
