"""bot/patches/sanic_ws: Sanic 21.12 websockets on Python 3.11, with and without the patch."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import websockets

from bot.patches import sanic_ws
from tests.web.support import Process, run_async


def echo_twice(url: str) -> list:
    async def go():
        async with websockets.connect(url, open_timeout=10) as ws:
            replies = []
            for word in ("hallo", "nog eens"):
                await ws.send(word)
                replies.append(await asyncio.wait_for(ws.recv(), 10))
            return replies

    return run_async(go)


@pytest.fixture(params=["unpatched", "patched"])
def echo_server(request):
    server = Process([sys.executable, str(Path(__file__).with_name("sanic_echo.py")), request.param]).start()
    yield request.param, server
    server.stop()


@pytest.mark.skipif(sys.version_info < (3, 11), reason="the fault only exists on Python 3.11+")
def test_websocket_recv_needs_the_patch_on_python_311(echo_server):
    mode, server = echo_server
    url = server.url.replace("http", "ws") + "/echo"
    if mode == "unpatched":
        with pytest.raises(websockets.ConnectionClosed):
            echo_twice(url)  # the server's recv() raises TypeError: coroutines passed to asyncio.wait
    else:
        assert echo_twice(url) == ["echo: hallo", "echo: nog eens"]


def test_patch_is_needed_here_applies_once_and_only_touches_sanics_websocket_module():
    import asyncio as real_asyncio

    from sanic.server.websockets import impl

    assert sanic_ws.needed() or isinstance(impl.asyncio, sanic_ws._Asyncio310Wait)
    sanic_ws.apply()
    assert sanic_ws.apply() is False
    assert isinstance(impl.asyncio, sanic_ws._Asyncio310Wait)
    assert impl.asyncio.Future is real_asyncio.Future and real_asyncio.wait is not impl.asyncio.wait


def test_wait_shim_accepts_coroutines_and_keeps_futures_identity():
    async def go():
        shim = sanic_ws._Asyncio310Wait()
        cancel = asyncio.get_running_loop().create_future()

        async def value():
            return 42

        done, pending = await shim.wait((cancel, value()), return_when=asyncio.FIRST_COMPLETED)
        finished = next(iter(done))
        assert finished is not cancel and finished.result() == 42
        assert pending == {cancel}, "a future passed in comes back as the same object (Sanic checks `is`)"

    run_async(go)
