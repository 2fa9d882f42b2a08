"""Rasa 3.6's socket.io channel with python-socketio 5.x: rooms, custom payloads and the browser's origin.

Why, three faults in `rasa/core/channels/socketio.py` with the python-socketio in our lock (5.18):

1. `session_request` calls `sio.enter_room(sid, session_id)` without `await`. Since python-socketio 5.10
   `AsyncServer.enter_room` is a coroutine, so the room is never entered ("coroutine was never awaited"), and with
   `session_persistence: true` every bot reply (emitted to the session's room) is lost: the client gets nothing.
2. `SocketIOOutput.send_custom_json` calls `sio.emit(event, **json_message)`, so an action's
   `json_message={"type": "hero_card", ...}` raises TypeError instead of reaching the page. We emit
   `{"custom": json_message}` (the same shape the REST channel uses) unless the message is already in
   `emit()`'s own form (a "data" key), which keeps working as before.
3. Rasa turns engine.io's origin check off (`cors_allowed_origins=[]`) and leaves CORS to Sanic-CORS, which only
   covers HTTP: a websocket from any web site was accepted. We refuse a connection whose `Origin` header is
   neither the server itself nor one of STEMBOT_CORS_ORIGINS (clients without an Origin header, which are not
   browsers, are let in as before).

How: Rasa's module gets a subclass of `socketio.AsyncServer` (it looks the name up when building the channel)
and a fixed `send_custom_json`.

Remove when: Rasa's socket.io channel awaits `enter_room`, emits custom json as data and checks the origin.
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, Iterable, Optional, Text

import socketio

_EMIT_KEYS = {"data", "to", "room", "skip_sid", "namespace", "callback", "ignore_queue"}


class StembotAsyncServer(socketio.AsyncServer):
    """`socketio.AsyncServer` as Rasa's socket.io channel needs it."""

    allowed_origins: Optional[Iterable[str]] = None  # None: read STEMBOT_CORS_ORIGINS at connect time

    def enter_room(self, sid: str, room: str, namespace: Optional[str] = None) -> "asyncio.Future[None]":
        """Enter the room at once, so that callers that do not await (Rasa 3.6) work too; still awaitable."""
        self.manager.basic_enter_room(sid, namespace or "/", room)
        done = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done

    def origin_allowed(self, environ: Dict[str, Any]) -> bool:
        origin = environ.get("HTTP_ORIGIN")
        if not origin:
            return True
        allowed = self.allowed_origins
        if allowed is None:
            from bot.config import web_settings

            allowed = web_settings().cors_origins
        own = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', '')}"
        return "*" in allowed or origin in allowed or origin == own

    async def _handle_eio_connect(self, eio_sid, environ):
        if not self.origin_allowed(environ):
            self.logger.warning("socket.io: refused a connection from origin %s", environ.get("HTTP_ORIGIN"))
            return False
        return await super()._handle_eio_connect(eio_sid, environ)


async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
    """Custom json reaches the page as `{"custom": {...}}`; emit()-style messages ({"data": ...}) as before."""
    if "data" in json_message and set(json_message) <= _EMIT_KEYS:
        json_message.setdefault("room", recipient_id)
        await self.sio.emit(self.bot_message_evt, **json_message)
    else:
        await self._send_message(recipient_id, {"custom": json_message})


def apply() -> bool:
    """Point Rasa's socket.io channel at the fixed server class and custom-json sender; True if it changed."""
    from rasa.core.channels import socketio as channel

    changed = False
    if channel.AsyncServer is not StembotAsyncServer:
        channel.AsyncServer = StembotAsyncServer
        changed = True
    if channel.SocketIOOutput.send_custom_json is not send_custom_json:
        channel.SocketIOOutput.send_custom_json = send_custom_json
        changed = True
    return changed
