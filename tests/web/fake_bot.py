"""A scripted socket.io bot for the page's rendering tests: `python tests/web/fake_bot.py [--delay MSG=S …] PORT`.

It speaks to the page exactly as Rasa's socket.io channel does (session_request → session_confirm, user_uttered →
bot_uttered with the same message shapes, custom payloads as `{"custom": {...}}` like bot/patches/socketio_channel),
so that the page can be tested on payloads the real actions do not send yet (hero cards, figures) and on hostile
bot text, without a trained model. The conversation itself is tested against the real Rasa in test_browser.py.
`--delay /greet=2.5` answers that message only after 2.5 s (messages are handled side by side, so a delayed one
is answered after later ones). Like Rasa's channel, the server acknowledges a user_uttered after its last reply.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Dict, Optional

import socketio
from aiohttp import web

HOSTILE = 'Kijk: <img src=x onerror="document.title=\'xss\'"> en **vet** [klik](javascript:alert(1)) https://example.org/a.'
REPLIES = {
    "held": [{"custom": {"type": "hero_card", "title": "Robotbreinen ontwikkelen",
                         "text": "Jonge werknemers ontwikkelen het brein van een robot.",
                         "image_url": "/static/favicon.svg", "image_alt": "Een robot",
                         "video_url": "https://www.technopolis.be/STEMhelden",
                         "studies": ["Informatica", "Elektromechanica"], "source": "Technopolis (2021)",
                         "buttons": [{"title": "Nog eentje", "payload": "/ask_another"}]}}],
    "cijfer": [{"text": "Volgens het STEM-monitor-rapport:"},
               {"custom": {"type": "figure", "value": 4, "unit": "percent",
                           "label": "Meisjes in STEM, derde graad bso", "source": "STEM-monitor", "year": 2021}},
               {"custom": {"type": "figure", "value": 13, "unit": "count", "display": "13 video's",
                           "label": "Video's in de eerste #STEMhelden-reeks", "source": "Technopolis", "year": 2021}}],
    "gevaarlijk": [{"text": HOSTILE, "quick_replies": [
        {"content_type": "text", "title": "<b>knop</b>", "payload": "/greet"}]}],
}


def make_app(delays: Optional[Dict[str, float]] = None) -> web.Application:
    delays = delays or {}
    sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins="*")
    app = web.Application()
    sio.attach(app)

    @sio.on("session_request")
    async def session_request(sid, data):
        session = (data or {}).get("session_id") or "fake"
        await sio.enter_room(sid, session)
        await sio.emit("session_confirm", session, room=sid)

    @sio.on("user_uttered")
    async def user_uttered(sid, data):
        message = str(data.get("message", ""))
        replies = REPLIES.get(message, [{"text": f"Je zei: {message}",
                                         "quick_replies": [{"content_type": "text", "title": "Held",
                                                            "payload": "held"}]}])
        await asyncio.sleep(delays.get(message, 0))
        for reply in replies:
            await sio.emit("bot_uttered", reply, room=data.get("session_id") or sid)

    async def health(request):
        return web.json_response({"status": "ok"})

    app.router.add_get("/", health)
    return app


def _delay(spec: str):
    message, _, seconds = spec.rpartition("=")
    return message, float(seconds)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--delay", type=_delay, action="append", default=[], help="MESSAGE=SECONDS")
    parser.add_argument("port", type=int)
    args = parser.parse_args()
    web.run_app(make_app(dict(args.delay)), host="127.0.0.1", port=args.port, print=None, shutdown_timeout=1)
