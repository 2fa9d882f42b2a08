"""The one engine factory: STEMBOT_DB_URL, defaulting to a SQLite file under var/."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from bot.config import settings


@lru_cache(maxsize=8)
def engine(url: Optional[str] = None) -> Engine:
    url = url or settings().db_url
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        eng = create_engine(url, future=True, connect_args={"timeout": 15})

        @event.listens_for(eng, "connect")
        def _pragmas(dbapi_conn, _record):  # concurrent readers while a load writes
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return eng
    return create_engine(url, future=True, pool_pre_ping=True, pool_size=5, max_overflow=5,
                         connect_args={"connect_timeout": 5} if url.startswith("postgresql") else {})


def redacted(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
