"""Stacks with a persistent tracker store for fault and load tests (a test-only copy of endpoints.yml).

Persistence across a Rasa restart needs a SQL tracker store; until the project's own store is in
endpoints.yml these tests use Rasa's built-in SQL store through STEMBOT_ENDPOINTS (read in bot/config.py).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, Optional

import yaml

from bot.config import ROOT
from tests.servers import Stack

ACTION_TIMEOUT = 8.0  # STEMBOT_ACTION_TIMEOUT of the fault stack (not the default 10, to see it is honoured)


def endpoints_file(directory: Path, tracker_store: Dict[str, object]) -> Path:
    """endpoints.yml of the project with `tracker_store` replaced; returns the new file's path."""
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8")) or {}
    endpoints["tracker_store"] = tracker_store
    path = directory / "endpoints.yml"
    path.write_text(yaml.safe_dump(endpoints, sort_keys=False), encoding="utf-8")
    return path


def sqlite_tracker_store(directory: Path) -> Dict[str, object]:
    return {"type": "SQL", "dialect": "sqlite", "db": str(directory / "tracker.db")}


@contextmanager
def persistent_stack(name: str, directory: Path, tracker_store: Optional[Dict[str, object]] = None,
                     env: Optional[Dict[str, str]] = None) -> Iterator[Stack]:
    """A started Stack whose Rasa keeps conversations in `tracker_store` (SQLite in `directory` by default)."""
    store = tracker_store or sqlite_tracker_store(directory)
    path = endpoints_file(directory, store)
    previous = os.environ.get("STEMBOT_ENDPOINTS")
    os.environ["STEMBOT_ENDPOINTS"] = str(path)  # bot.config reads it when the Stack builds its commands
    try:
        stack = Stack(name, env={"STEMBOT_ENDPOINTS": str(path), **(env or {})})
    finally:
        if previous is None:
            os.environ.pop("STEMBOT_ENDPOINTS", None)
        else:
            os.environ["STEMBOT_ENDPOINTS"] = previous
    with stack:
        yield stack
