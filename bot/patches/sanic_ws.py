"""Sanic 21.12 websockets on Python 3.11: give `asyncio.wait` tasks, not coroutines.

Why: Rasa 3.6 pins Sanic 21.12, whose `sanic/server/websockets/impl.py` (`WebsocketImplProtocol.recv` and
`recv_burst`) calls `asyncio.wait((future, coroutine))`. Python 3.11 removed the implicit wrapping of coroutines
in tasks, so every websocket `recv()` raises `TypeError: Passing coroutines is forbidden, use tasks explicitly`.
For socket.io that means: the long-polling start works, the upgrade to websocket dies, and a client with default
options (polling, then websocket) never gets a working connection.

How: that module alone gets an `asyncio` whose `wait` wraps coroutines with `ensure_future` first, which is
exactly what `asyncio.wait` did itself up to Python 3.10 (Sanic 22.9 made the same change in its own code).
Everything else in the module still uses the real asyncio.

Remove when: Rasa allows Sanic >= 22.9 (its impl.py wraps the call in ensure_future itself), or the project leaves
"""

from __future__ import annotations

import asyncio
import importlib
import types
from typing import Any, Iterable

TARGET = "sanic.server.websockets.impl"


class _Asyncio310Wait(types.ModuleType):
    """`asyncio` as seen by Sanic's websocket module: `wait` accepts coroutines again."""

    def __init__(self) -> None:
        super().__init__("asyncio")

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    @staticmethod
    async def wait(fs: Iterable[Any], **kwargs: Any):
        return await asyncio.wait([asyncio.ensure_future(f) for f in fs], **kwargs)


def needed() -> bool:
    """True on Python 3.11+ when the installed Sanic's recv() still hands a coroutine to asyncio.wait."""
    import inspect
    import sys

    impl = importlib.import_module(TARGET)
    source = inspect.getsource(impl.WebsocketImplProtocol.recv)
    return sys.version_info >= (3, 11) and "asyncio.wait(" in source and "ensure_future" not in source


def apply() -> bool:
    """Give Sanic's websocket module the 3.10-style `asyncio.wait`; True if this call changed something."""
    impl = importlib.import_module(TARGET)
    if isinstance(impl.asyncio, _Asyncio310Wait) or not needed():
        return False
    impl.asyncio = _Asyncio310Wait()
    return True
