"""The conversation store: Rasa's SQL tracker store that never writes personal data.

Configured in endpoints.yml as `type: bot.privacy.tracker_store.RedactingSQLTrackerStore`. The database URL
comes from STEMBOT_TRACKER_DB_URL (default SQLite `var/tracker.db`; PostgreSQL in production) through
bot/config.py, not from endpoints.yml: Rasa only expands `${VAR}` in unquoted scalars and fails on unset ones.

What differs from Rasa's SQLTrackerStore:
- `save` writes each new event with its text, entities, slot values and metadata redacted (bot.privacy.events,
  per turn, so that an entity or slot cut out of a phone number is masked with it);
  the in-memory tracker of the running turn keeps the original, so the bot still understands the message.
- Events streamed to an event broker (none is configured today) are redacted the same way.
- Connecting waits at most CONNECT_TIMEOUT seconds and then stops the server with a clear error, instead of
  Rasa's endless retry loop; connections are pinged before use, so a restarted PostgreSQL is no problem.
- Conversations older than the retention period (STEMBOT_RETENTION_DAYS) are deleted at start-up and then at
  most once per PURGE_INTERVAL, so retention holds even without a cron job.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import timedelta
from typing import Any, List, Optional, Text

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore, create_engine_kwargs
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.config import store_settings
from bot.privacy import retention
from bot.privacy.events import redact_events

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT = 30.0
PURGE_INTERVAL = 3600.0


class TrackerStoreUnavailable(RasaException):
    """The conversation database cannot be used; the message says what to do (in Dutch, for the operator)."""


def tracker_engine(url: str) -> sa.engine.Engine:
    """The engine Rasa would build (pool sizes, POSTGRESQL_SCHEMA), plus pre-ping, timeouts and SQLite WAL."""
    return retention.engine_for(url, **({} if retention.sqlite_path(url) else create_engine_kwargs(url)))


def _wait_until_reachable(engine: sa.engine.Engine, url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    warned = False
    while True:
        try:
            with engine.connect():
                return
        except sa.exc.OperationalError as exc:
            if time.monotonic() >= deadline:
                raise TrackerStoreUnavailable(
                    f"De gespreksdatabank {retention.safe_url(url)} is niet bereikbaar "
                    f"({str(exc.orig).strip().splitlines()[0]}). Controleer STEMBOT_TRACKER_DB_URL "
                    f"of start de databank."
                ) from None
            if not warned:
                logger.warning("Gespreksdatabank nog niet bereikbaar; ik probeer het nog %.0f s.", timeout)
                warned = True
            time.sleep(min(2.0, max(0.1, deadline - time.monotonic())))


def connect_engine(url: str, timeout: float = CONNECT_TIMEOUT) -> sa.engine.Engine:
    """The engine for `url` once the database answers, or TrackerStoreUnavailable with a Dutch explanation."""
    try:
        engine = tracker_engine(url)
    except ImportError as exc:  # Rasa would silently fall back to an in-memory store on ImportError
        raise TrackerStoreUnavailable(f"Geen databankstuurprogramma voor {retention.safe_url(url)}: {exc}.") from None
    except sa.exc.ArgumentError as exc:
        raise TrackerStoreUnavailable(
            f"STEMBOT_TRACKER_DB_URL is geen geldige databank-URL ({exc}). "
            "Voorbeeld: postgresql://gebruiker@host:5432/stembot") from None
    _wait_until_reachable(engine, url, timeout)
    return engine


class RedactingSQLTrackerStore(SQLTrackerStore):
    """SQL tracker store that redacts personal data in every event before it is written."""

    def __init__(
        self,
        domain: Optional[Domain] = None,
        host: Optional[Text] = None,
        event_broker: Optional[EventBroker] = None,
        connect_timeout: float = CONNECT_TIMEOUT,
        retention_days: Optional[int] = None,
        **kwargs: Any,
    ) -> None:
        # SQLTrackerStore.__init__ is deliberately not called: it retries a wrong URL forever and builds its
        # engine without pre-ping. Everything else of the parent uses only `engine` and `sessionmaker`.
        cfg = store_settings()
        self.url = host or cfg.tracker_db_url
        self.retention = timedelta(days=retention_days or cfg.retention_days)
        self.engine = connect_engine(self.url, connect_timeout)
        try:
            self.Base.metadata.create_all(self.engine)
        except (sa.exc.OperationalError, sa.exc.ProgrammingError) as exc:
            # Several Rasa processes may create the table at the same moment; one of them wins.
            logger.warning("Tabel voor gesprekken niet aangemaakt (%s); een ander proces deed het al?",
                           exc.__class__.__name__)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self._last_purge = float("-inf")
        TrackerStore.__init__(self, domain, event_broker, **kwargs)
        logger.info("Gesprekken worden bewaard in %s (persoonsgegevens gemaskeerd, %d dagen bewaard).",
                    retention.safe_url(self.url), self.retention.days)
        self.purge_if_due()

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the events of the tracker that are not in the database yet, redacted."""
        await self.stream_events(tracker)
        with self.session_scope() as session:
            events = list(self._additional_events(session, tracker))
            for event, data in zip(events, redact_events([e.as_dict() for e in events])):
                session.add(
                    self.SQLEvent(
                        sender_id=tracker.sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=((data.get("parse_data") or {}).get("intent") or {}).get(INTENT_NAME_KEY),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            session.commit()
        self.purge_if_due()

    async def _stream_new_events(self, event_broker: EventBroker, new_events: List[Event], sender_id: Text) -> None:
        for data in redact_events([event.as_dict() for event in new_events]):
            event_broker.publish({"sender_id": sender_id, **data})

    def purge_if_due(self) -> Optional[retention.PurgeResult]:
        """Delete conversations older than the retention period, at most once per PURGE_INTERVAL."""
        now = time.monotonic()
        if now - self._last_purge < PURGE_INTERVAL:
            return None
        self._last_purge = now
        try:
            result = retention.purge(self.engine, self.retention)
        except sa.exc.SQLAlchemyError as exc:
            logger.warning("Oude gesprekken opruimen mislukt (%s); volgende poging binnen het uur.",
                           exc.__class__.__name__)
            return None
        if result.conversations or result.old_session_events:
            logger.info("Bewaartermijn: %s", result.summary())
        return result
