"""Conversation databases for the privacy tests: a SQLite file, or a fresh schema in the real PostgreSQL."""

from __future__ import annotations

import os
import uuid
from typing import Iterator

import pytest

from bot.config import ROOT
from tests.privacy.stores import REDIS_URL, postgres_schema


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.services)])
def tracker_url(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'var' / 'tracker.db'}"
        return
    with postgres_schema() as url:
        yield url


@pytest.fixture(scope="session")
def domain():
    from rasa.shared.core.domain import Domain

    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture()
def redis_url():
    """A Redis URL with a key prefix of its own; its keys are deleted afterwards."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_timeout=3)
    try:
        client.ping()
    except redis.RedisError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Redis at {REDIS_URL} is required in CI but not reachable: {exc}")
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {exc}")
    prefix = f"stembottest{uuid.uuid4().hex[:8]}"
    yield f"{REDIS_URL}?key_prefix={prefix}"
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
