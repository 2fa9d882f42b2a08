"""Rasa reuses one connection to the action server for many calls (bot/patches/endpoint_session.py)."""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.patches import endpoint_session


async def _count_connections(calls: int) -> tuple:
    from rasa.utils.endpoints import EndpointConfig

    peers = set()

    async def webhook(request: web.Request) -> web.Response:
        peers.add(request.transport.get_extra_info("peername"))
        return web.json_response({"events": [], "responses": []})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        endpoint = EndpointConfig(url=f"http://127.0.0.1:{port}/webhook")
        for _ in range(calls):
            assert await endpoint.request(json={"next_action": "x"}) == {"events": [], "responses": []}
        closed = await endpoint_session.close_sessions()
    finally:
        await runner.cleanup()
    return len(peers), closed


def test_one_connection_serves_many_calls_and_is_closed_at_stop():
    endpoint_session.apply()
    connections, closed = asyncio.run(_count_connections(10))
    assert connections == 1
    assert closed == 1


def test_rasa_stop_listener_closes_the_sessions():
    endpoint_session.apply()
    from rasa.core import run as core_run

    assert core_run.close_resources.__name__ == "close_resources_and_sessions"
