"""Reuse HTTP connections from Rasa to the action server instead of opening one per call.

Rasa 3.6's `EndpointConfig.request` wraps every call in `async with self.session()`, a new aiohttp ClientSession and
so a new TCP connection, at least once per user message that runs a custom action. This patch makes
`EndpointConfig.session()` lend one long-lived session per endpoint and event loop (each Sanic worker has its own
loop); leaving the `async with` no longer closes it. Idle connections are dropped after KEEPALIVE_SECONDS, before the
action server's Sanic closes them (its keep-alive timeout is 5 s), so a request never goes out on a connection the
server is closing. The sessions are closed when the Rasa server stops. The effect is measured in bench/LEVERS.md.
Remove when Rasa keeps a session per endpoint itself.
"""

from __future__ import annotations

import asyncio
import weakref
from typing import Dict, Tuple

import aiohttp

KEEPALIVE_SECONDS = 2.0
_MARK = "_stembot_shared_session"
_sessions: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Dict[Tuple, aiohttp.ClientSession]]" = (
    weakref.WeakKeyDictionary())


class _Lent:
    """`async with` over a shared session that leaves it open afterwards."""

    def __init__(self, session: aiohttp.ClientSession):
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *exc) -> bool:
        return False


def _key(endpoint) -> Tuple:
    return (endpoint.url, repr(sorted((endpoint.headers or {}).items())),
            repr(sorted((endpoint.basic_auth or {}).items())))


def shared_session(endpoint, original):
    """The loop's session for this endpoint (created on first use); Rasa's own behaviour outside a running loop."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return original(endpoint)
    per_loop = _sessions.setdefault(loop, {})
    session = per_loop.get(_key(endpoint))
    if session is None or session.closed:
        from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT

        auth = endpoint.basic_auth  # the same settings as Rasa's EndpointConfig.session()
        session = aiohttp.ClientSession(
            headers=endpoint.headers, auth=aiohttp.BasicAuth(auth["username"], auth["password"]) if auth else None,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS))
        per_loop[_key(endpoint)] = session
    return _Lent(session)


async def close_sessions() -> int:
    """Close this loop's shared sessions; returns how many were closed."""
    sessions = _sessions.pop(asyncio.get_running_loop(), {})
    for session in sessions.values():
        await session.close()
    return len(sessions)


def apply() -> bool:
    from rasa.core import run as core_run
    from rasa.utils.endpoints import EndpointConfig

    if getattr(EndpointConfig.session, _MARK, False):
        return False
    original = EndpointConfig.session

    def session(self) -> aiohttp.ClientSession:
        return shared_session(self, original)

    setattr(session, _MARK, True)
    session.__doc__ = original.__doc__
    EndpointConfig.session = session

    close_resources = core_run.close_resources

    async def close_resources_and_sessions(app, loop) -> None:
        await close_resources(app, loop)
        await close_sessions()

    core_run.close_resources = close_resources_and_sessions
    return True
