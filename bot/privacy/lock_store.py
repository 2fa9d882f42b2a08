"""The lock store: in memory by default, Redis when STEMBOT_LOCK_STORE_URL is set.

Rasa locks a conversation while it handles one of its messages, so that two messages of the same person are
handled one after the other. With one Rasa process the locks can live in memory; as soon as several Rasa
processes serve the same conversations (SANIC_WORKERS > 1, or several servers behind a load balancer) they
must share the locks in Redis: `STEMBOT_LOCK_STORE_URL=redis://127.0.0.1:6379/0`.

Configured in endpoints.yml as `type: bot.privacy.lock_store.ConfiguredLockStore`, which reads the URL through
bot/config.py (Rasa cannot read an optional environment variable from endpoints.yml). Locks hold only a
conversation id and ticket numbers, never message text.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Optional, Text
from urllib.parse import parse_qs, unquote, urlsplit

from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.shared.exceptions import RasaException

from bot.config import store_settings

logger = logging.getLogger(__name__)


class LockStoreUnavailable(RasaException):
    """The configured lock store cannot be used; the message says what to do."""


def redis_lock_store(url: str) -> RedisLockStore:
    """Rasa's RedisLockStore for a URL like redis://[:<password>@]host[:port][/db][?key_prefix=stembot]."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise LockStoreUnavailable(
            f"STEMBOT_LOCK_STORE_URL={_safe(url)!r} is geen Redis-URL. Voorbeeld: redis://127.0.0.1:6379/0")
    query = parse_qs(parts.query)
    try:
        db = int(parts.path.strip("/") or 0)
        store = RedisLockStore(
            host=parts.hostname, port=parts.port or 6379, db=db,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            use_ssl=parts.scheme == "rediss",
            key_prefix=(query.get("key_prefix") or [None])[0],
            socket_timeout=5,
        )
        store.red.ping()
    except ValueError:
        raise LockStoreUnavailable(f"STEMBOT_LOCK_STORE_URL={_safe(url)!r}: het databanknummer na de / moet een "
                                   "getal zijn, bv. redis://127.0.0.1:6379/0") from None
    except Exception as exc:  # noqa: BLE001 - redis raises its own ConnectionError/TimeoutError/AuthenticationError
        raise LockStoreUnavailable(
            f"Redis voor de lock store ({_safe(url)}) is niet bereikbaar: {exc}. Start Redis of maak "
            "STEMBOT_LOCK_STORE_URL leeg (dan enkel met één Rasa-proces).") from None
    return store


def _safe(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url


class ConfiguredLockStore(LockStore):
    """Delegates Rasa's three lock primitives to an in-memory or a Redis lock store, chosen by configuration."""

    def __init__(self, endpoint_config: Any = None, url: Optional[str] = None) -> None:
        url = store_settings().lock_store_url if url is None else url
        if url:
            self.inner: LockStore = redis_lock_store(url)
            logger.info("Locks van gesprekken in Redis (%s).", _safe(url))
        else:
            workers = os.environ.get("SANIC_WORKERS", "1").strip() or "1"
            if workers != "1":
                raise LockStoreUnavailable(
                    f"SANIC_WORKERS={workers} vraagt meerdere Rasa-processen; die moeten hun locks delen. "
                    "Zet STEMBOT_LOCK_STORE_URL=redis://host:6379/0 of gebruik één worker.")
            self.inner = InMemoryLockStore()
        super().__init__()

    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        return self.inner.get_lock(conversation_id)

    def delete_lock(self, conversation_id: Text) -> None:
        self.inner.delete_lock(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        self.inner.save_lock(lock)
