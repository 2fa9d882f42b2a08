"""Rasa's socket.io channel as a standard client uses it: default transports, session persistence, origins.

The client is python-socketio's own (the sync one: the asyncio client of python-engineio 4.15 needs aiohttp>=3.10
for websockets, Rasa 3.6 pins aiohttp 3.9), with default options: long-polling first, then the websocket upgrade.
"""

from __future__ import annotations

import queue
import time
import uuid

import pytest
import socketio

from bot.patches import socketio_channel
from tests.web.support import run_async


def session(url: str, session_id: str, **connect):
    client = socketio.Client(reconnection=False)
    inbox: "queue.Queue" = queue.Queue()
    client.on("bot_uttered", lambda data: inbox.put(data))
    client.on("session_confirm", lambda data: inbox.put(("confirm", data)))
    client.connect(url, wait_timeout=15, **connect)
    client.emit("session_request", {"session_id": session_id})
    assert inbox.get(timeout=15) == ("confirm", session_id)
    return client, inbox


def replies(inbox: "queue.Queue", first_timeout: float = 60) -> list:
    out = [inbox.get(timeout=first_timeout)]
    while True:
        try:
            out.append(inbox.get(timeout=1.5))
        except queue.Empty:
            return out


@pytest.mark.model
@pytest.mark.slow
def test_default_client_upgrades_to_websocket_and_gets_a_reply(stack):
    sid = uuid.uuid4().hex
    client, inbox = session(stack.rasa_url, sid)
    try:
        deadline = time.monotonic() + 10
        while client.transport() != "websocket" and time.monotonic() < deadline:
            time.sleep(0.1)
        assert client.transport() == "websocket", "the upgrade from polling to websocket failed"
        client.emit("user_uttered", {"message": "wat is STEM?", "session_id": sid})
        got = replies(inbox)
        assert any("wetenschap" in (m.get("text") or "") for m in got), got
        assert client.transport() == "websocket"
    finally:
        client.disconnect()


@pytest.mark.model
@pytest.mark.slow
def test_session_persists_across_connections(stack):
    """A reload is a new socket with the same session_id: the bot still knows the conversation (and replies)."""
    sid = uuid.uuid4().hex
    client, inbox = session(stack.rasa_url, sid)
    client.emit("user_uttered", {"message": "/ask_hero", "session_id": sid})
    first = replies(inbox)
    client.disconnect()
    client, inbox = session(stack.rasa_url, sid)
    try:
        client.emit("user_uttered", {"message": "/ask_another", "session_id": sid})
        second = replies(inbox)
        def hero(msgs):  # the web chat gets hero cards (custom JSON) from the actions
            return next(m["custom"]["title"] for m in msgs if (m.get("custom") or {}).get("type") == "hero_card")

        assert hero(first) != hero(second), "'nog eentje' after a reconnect shows another hero"
    finally:
        client.disconnect()


@pytest.mark.model
@pytest.mark.slow
def test_socketio_refuses_browsers_from_other_origins(stack):
    import requests

    polling = f"{stack.rasa_url}/socket.io/?EIO=4&transport=polling"
    evil = requests.get(polling, headers={"Origin": "https://evil.example"}, timeout=10)
    assert evil.status_code >= 400 and evil.headers.get("Access-Control-Allow-Origin") != "https://evil.example"
    ok = requests.get(polling, headers={"Origin": stack.web_url}, timeout=10)
    assert ok.status_code == 200 and ok.headers.get("Access-Control-Allow-Origin") == stack.web_url
    with pytest.raises(socketio.exceptions.ConnectionError):
        socketio.Client(reconnection=False).connect(stack.rasa_url, headers={"Origin": "https://evil.example"},
                                                    transports=["websocket"], wait_timeout=10)
    client, _ = session(stack.rasa_url, uuid.uuid4().hex, headers={"Origin": stack.web_url})
    client.disconnect()


class _Recorder:
    def __init__(self):
        self.emitted = []

    async def emit(self, event, data=None, room=None, **kwargs):
        self.emitted.append((event, data, room))


def test_custom_json_reaches_the_page_as_custom():
    from rasa.core.channels.socketio import SocketIOOutput

    socketio_channel.apply()
    sio = _Recorder()
    out = SocketIOOutput(sio, "bot_uttered")
    card = {"type": "hero_card", "title": "Robotbreinen"}
    run_async(lambda: out.send_response("s1", {"custom": dict(card)}))
    run_async(lambda: out.send_custom_json("s1", {"data": {"text": "oude vorm"}}))
    assert sio.emitted == [("bot_uttered", {"custom": card}, "s1"), ("bot_uttered", {"text": "oude vorm"}, "s1")]


def test_enter_room_works_awaited_or_not_and_origins_are_checked():
    async def go():
        server = socketio_channel.StembotAsyncServer(async_mode="asgi")
        server.manager.initialize()
        sid = await server.manager.connect("eio1", "/")
        server.enter_room(sid, "room-a")  # Rasa 3.6 does not await
        await server.enter_room(sid, "room-b")
        rooms = server.rooms(sid)
        assert "room-a" in rooms and "room-b" in rooms

    run_async(go)
    server = socketio_channel.StembotAsyncServer(async_mode="asgi")
    server.allowed_origins = ("http://127.0.0.1:8080",)
    env = {"wsgi.url_scheme": "http", "HTTP_HOST": "127.0.0.1:5005"}
    assert server.origin_allowed(env)
    assert server.origin_allowed({**env, "HTTP_ORIGIN": "http://127.0.0.1:8080"})
    assert server.origin_allowed({**env, "HTTP_ORIGIN": "http://127.0.0.1:5005"})
    assert not server.origin_allowed({**env, "HTTP_ORIGIN": "https://evil.example"})
