"""Check the conversation database and the lock store before Rasa starts.

Rasa creates the stores inside Sanic's start-up, where a failure prints a long traceback before the real reason.
`python -m bot.rasa_server run …` calls `check_stores()` first, so a wrong STEMBOT_TRACKER_DB_URL, an unreachable
PostgreSQL or Redis, or a bad STEMBOT_RETENTION_DAYS ends in one Dutch line that says what to do.
"""

from __future__ import annotations

from typing import Optional


def check_stores(connect_timeout: Optional[float] = None) -> Optional[str]:
    """None when the configured stores can be used, else the explanation for the operator."""
    from bot.config import store_settings
    from bot.privacy.lock_store import ConfiguredLockStore, LockStoreUnavailable, RedisLockStore
    from bot.privacy.tracker_store import (
        CONNECT_TIMEOUT,
        TrackerStoreUnavailable,
        connect_engine,
    )

    try:
        cfg = store_settings()
    except SystemExit as exc:
        return str(exc.code).removeprefix("stembot: ")
    try:
        connect_engine(cfg.tracker_db_url, CONNECT_TIMEOUT if connect_timeout is None else connect_timeout).dispose()
        locks = ConfiguredLockStore(url=cfg.lock_store_url)
        if isinstance(locks.inner, RedisLockStore):
            locks.inner.red.close()
    except (TrackerStoreUnavailable, LockStoreUnavailable) as exc:
        return str(exc)
    return None
