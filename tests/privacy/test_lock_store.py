"""The lock store: in memory by default; Redis (real, on 127.0.0.1) shares the locks between Rasa processes."""

import asyncio

import pytest
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from bot.privacy.lock_store import ConfiguredLockStore, LockStoreUnavailable
from tests.privacy.stores import run_async

TYPE = "bot.privacy.lock_store.ConfiguredLockStore"


def test_default_is_in_memory(monkeypatch):
    monkeypatch.delenv("STEMBOT_LOCK_STORE_URL", raising=False)
    store = LockStore.create(EndpointConfig(type=TYPE))
    assert isinstance(store, ConfiguredLockStore) and isinstance(store.inner, InMemoryLockStore)


async def _two_processes(first: LockStore, second: LockStore) -> list:
    """Two messages of one conversation handled by two Rasa processes at the same moment."""
    order = []

    async def handle(store, name, delay):
        await asyncio.sleep(delay)
        async with store.lock("gesprek-1", wait_time_in_seconds=0.05):
            order.append(f"{name} begint")
            await asyncio.sleep(0.4)
            order.append(f"{name} klaar")

    await asyncio.gather(handle(first, "A", 0), handle(second, "B", 0.1))
    return order


@pytest.mark.services
@run_async
async def test_redis_locks_are_shared_between_processes(redis_url, monkeypatch):
    monkeypatch.setenv("STEMBOT_LOCK_STORE_URL", redis_url)
    first, second = LockStore.create(EndpointConfig(type=TYPE)), LockStore.create(EndpointConfig(type=TYPE))
    assert isinstance(first.inner, RedisLockStore)
    assert await _two_processes(first, second) == ["A begint", "A klaar", "B begint", "B klaar"]
    assert first.get_lock("gesprek-1") is None and second.get_lock("gesprek-1") is None, "the lock is cleaned up"


@run_async
async def test_in_memory_locks_are_not_shared_which_is_why_several_processes_need_redis():
    order = await _two_processes(ConfiguredLockStore(url=""), ConfiguredLockStore(url=""))
    assert order == ["A begint", "B begint", "A klaar", "B klaar"]


def test_unreachable_redis_is_a_clear_error():
    with pytest.raises(LockStoreUnavailable, match="niet bereikbaar"):
        ConfiguredLockStore(url="redis://:geheim@127.0.0.1:1/0")
    with pytest.raises(LockStoreUnavailable) as err:
        ConfiguredLockStore(url="redis://:geheim@127.0.0.1:1/0")
    assert "geheim" not in str(err.value)


@pytest.mark.parametrize("url", ["http://127.0.0.1:6379", "redis://127.0.0.1:6379/nul", "127.0.0.1:6379"])
def test_a_wrong_url_is_explained(url):
    with pytest.raises(LockStoreUnavailable, match="redis://127.0.0.1:6379/0"):
        ConfiguredLockStore(url=url)


def test_several_workers_without_redis_are_refused(monkeypatch):
    monkeypatch.setenv("SANIC_WORKERS", "2")
    with pytest.raises(LockStoreUnavailable, match="STEMBOT_LOCK_STORE_URL"):
        ConfiguredLockStore(url="")
