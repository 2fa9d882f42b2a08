"""Rasa's SQL tracker store survives a database restart: its connection pool pings before use.

rasa.core.tracker_store.SQLTrackerStore creates its engine without `pool_pre_ping`, so after PostgreSQL
restarts every pooled connection is dead and the next turn of every conversation fails once
("server closed the connection unexpectedly") before SQLAlchemy recycles the pool. With pre-ping a dead
connection is replaced before use and the conversation simply continues. The store looks the helper up by
name at construction time, so wrapping the module attribute is enough. Remove when Rasa sets it itself.
"""

from __future__ import annotations

import functools

_MARK = "_stembot_pre_ping"


def apply() -> bool:
    import rasa.core.tracker_store as tracker_store

    original = tracker_store.create_engine_kwargs
    if getattr(original, _MARK, False):
        return False

    @functools.wraps(original)
    def create_engine_kwargs(url):
        kwargs = dict(original(url))
        kwargs.setdefault("pool_pre_ping", True)
        return kwargs

    setattr(create_engine_kwargs, _MARK, True)
    tracker_store.create_engine_kwargs = create_engine_kwargs
    return True
