"""Deleting stored conversations: the retention period (`purge`) and a right-to-erasure request (`forget`).

Works on Rasa's `events` table in SQLite and PostgreSQL alike. A conversation is the set of events of one
sender id; Rasa splits it into sessions (a new one after 60 minutes of silence, see domain.yml).

`purge` deletes, for a cut-off `now - older_than`:
1. every conversation whose last event is older than the cut-off (counted as a deleted conversation), and
2. in conversations that are still going on, the events older than the cut-off that belong to an earlier
   session; the current session is never touched, so Rasa still rebuilds the running conversation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

EVENTS = sa.table(
    "events", sa.column("id"), sa.column("sender_id"), sa.column("type_name"), sa.column("timestamp"),
)
SESSION_STARTED = "session_started"

_AGE = re.compile(r"^\s*(\d+)\s*(d|dag|dagen|h|u|uur)?\s*$", re.IGNORECASE)


def parse_age(text: str) -> timedelta:
    """'30d' → 30 days, '12h' or '12u' → 12 hours, a bare number is days; anything else: ValueError (Dutch)."""
    match = _AGE.match(text or "")
    if not match or int(match.group(1)) < 1:
        raise ValueError(f"'{text}' is geen geldige termijn: gebruik bv. 30d (dagen) of 12h (uren), minstens 1.")
    amount, unit = int(match.group(1)), (match.group(2) or "d").lower()
    return timedelta(hours=amount) if unit in ("h", "u", "uur") else timedelta(days=amount)


def describe_age(age: timedelta) -> str:
    """A Dutch phrase for a retention period: '30 dagen', '1 dag', '12 uur'."""
    if age % timedelta(days=1) == timedelta(0):
        days = age // timedelta(days=1)
        return f"{days} {'dag' if days == 1 else 'dagen'}"
    return f"{int(age.total_seconds() // 3600)} uur"


def is_postgresql(url: str) -> bool:
    return url.startswith("postgres")


def safe_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed URL is still shown, without anything after '@'
        return url.split("@")[-1]


def sqlite_path(url: str) -> Optional[Path]:
    return Path(url[len("sqlite:///"):]) if url.startswith("sqlite:///") else None


def engine_for(url: str, **kwargs: Any) -> Engine:
    """An engine for the conversation database: SQLite file (folder created, WAL) or a server database.

    SQLite: connections are pooled (SQLAlchemy 1.4 would open and close one per session, and closing the last
    one checkpoints the WAL with an fsync) and commit with `synchronous=NORMAL`, the setting SQLite recommends
    for WAL: the file cannot be corrupted, only the last commits before a power cut can be lost. Together they
    took a tracker retrieve + save from ~35 ms to ~1.2 ms on the busy bench machine (bench/LEVERS.md); Rasa does
    these calls on its event loop, so every millisecond blocks every conversation.
    """
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, poolclass=sa.pool.QueuePool,
                                  connect_args={"timeout": 15, "check_same_thread": False})

        @sa.event.listens_for(engine, "connect")
        def _wal(dbapi_conn, _record):  # the purge command may write while the bot reads
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    if is_postgresql(url):
        kwargs.setdefault("connect_args", {}).setdefault("connect_timeout", 5)
    kwargs["pool_pre_ping"] = True  # also what bot/patches/sql_pre_ping.py adds to Rasa's own engine kwargs
    return sa.create_engine(url, **kwargs)


def has_events(engine: Engine) -> bool:
    return sa.inspect(engine).has_table("events")


@dataclass(frozen=True)
class PurgeResult:
    cutoff: datetime
    conversations: int
    events: int
    old_session_events: int
    dry_run: bool = False

    def summary(self) -> str:
        verb = "zou verwijderen" if self.dry_run else "verwijderd"
        text = (f"{self.conversations} {'gesprek' if self.conversations == 1 else 'gesprekken'} {verb} "
                f"({self.events} gebeurtenissen) zonder activiteit sinds {self.cutoff:%Y-%m-%d %H:%M} UTC")
        if self.old_session_events:
            text += (f", en {self.old_session_events} gebeurtenissen uit oudere sessies van gesprekken die nog "
                     f"lopen")
        return text + "."


def purge(engine: Engine, older_than: timedelta, now: Optional[datetime] = None,
          dry_run: bool = False) -> PurgeResult:
    """Delete what is older than `older_than` (see the module docstring), in one transaction."""
    now = now or datetime.now(timezone.utc)
    cutoff = now - older_than
    if not has_events(engine):
        return PurgeResult(cutoff, 0, 0, 0, dry_run)
    limit = cutoff.timestamp()
    stale = (sa.select(EVENTS.c.sender_id).group_by(EVENTS.c.sender_id)
             .having(sa.func.max(EVENTS.c.timestamp) < limit))
    earlier = EVENTS.alias("earlier")
    latest_start = (sa.select(sa.func.max(earlier.c.timestamp))
                    .where(earlier.c.sender_id == EVENTS.c.sender_id, earlier.c.type_name == SESSION_STARTED)
                    .scalar_subquery())
    old_sessions = sa.and_(EVENTS.c.timestamp < limit, EVENTS.c.timestamp < latest_start,
                           EVENTS.c.sender_id.not_in(stale))
    with engine.begin() as conn:
        conversations = conn.execute(sa.select(sa.func.count()).select_from(stale.subquery())).scalar_one()
        events = conn.execute(sa.select(sa.func.count()).select_from(EVENTS)
                              .where(EVENTS.c.sender_id.in_(stale))).scalar_one()
        old = conn.execute(sa.select(sa.func.count()).select_from(EVENTS).where(old_sessions)).scalar_one()
        if not dry_run:
            conn.execute(sa.delete(EVENTS).where(old_sessions))
            conn.execute(sa.delete(EVENTS).where(EVENTS.c.sender_id.in_(stale)))
    return PurgeResult(cutoff, conversations, events, old, dry_run)


def forget(engine: Engine, sender_id: str, dry_run: bool = False) -> int:
    """Delete every event of one conversation; returns how many there were."""
    if not has_events(engine):
        return 0
    where = EVENTS.c.sender_id == sender_id
    with engine.begin() as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(EVENTS).where(where)).scalar_one()
        if count and not dry_run:
            conn.execute(sa.delete(EVENTS).where(where))
    return count
