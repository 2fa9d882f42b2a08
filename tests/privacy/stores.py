"""Helpers for the privacy tests: real PostgreSQL schemas and raw reads of the conversation database."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import re
import uuid
from typing import Any, Callable, Coroutine, Iterable, Iterator, List

import pytest
import sqlalchemy as sa

PG_URL = os.environ.get("STEMBOT_TEST_PG_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("STEMBOT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def leaked(text: str, secrets: Iterable[str]) -> List[str]:
    """The secrets found in `text`. One made of digits counts where a number starts: "0478" inside a stored
    number such as the confidence 4.0348200478076e-05 is not the phone number, "0478123456" is."""
    return [s for s in secrets if re.search(rf"(?<!\d){re.escape(s)}" if s[0].isdigit() else re.escape(s), text)]


@contextlib.contextmanager
def postgres_schema() -> Iterator[str]:
    """A URL whose search_path is a new schema, dropped afterwards; skip (fail in CI) without PostgreSQL."""
    admin = sa.create_engine(PG_URL, future=True, connect_args={"connect_timeout": 3})
    schema = f"stembot_privacy_{uuid.uuid4().hex[:8]}"
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {PG_URL} is required in CI but not reachable: {exc}")
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}: {str(exc).splitlines()[0]}")
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def stored_rows(url: str) -> list:
    """Every stored event as (sender_id, type_name, timestamp, data) straight from the database."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text(
                "SELECT sender_id, type_name, timestamp, data FROM events ORDER BY id"))]
    finally:
        engine.dispose()


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an `async def` test in a fresh event loop (the project has no pytest asyncio plugin)."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper
