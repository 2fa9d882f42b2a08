"""`/health`: is the page itself complete, and can it reach Rasa and the action server?

A page without a bot is useless to a pupil, so an operator wants to see that here; but the page still works
(and says plainly that the bot is unreachable), so a missing backend is "degraded" with HTTP 200, not 5xx.
"""

from __future__ import annotations

import asyncio
from typing import Dict

import aiohttp

from bot.config import Settings

PROBE_TIMEOUT = aiohttp.ClientTimeout(total=2)


async def _probe(session: aiohttp.ClientSession, url: str) -> str:
    try:
        async with session.get(url) as resp:
            return "ok" if resp.status < 500 else f"fout {resp.status}"
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
        return "onbereikbaar"


async def report(cfg: Settings, vendor_ok: bool) -> Dict[str, str]:
    async with aiohttp.ClientSession(timeout=PROBE_TIMEOUT) as session:
        rasa, actions = await asyncio.gather(
            _probe(session, f"http://127.0.0.1:{cfg.rasa_port}/"),
            _probe(session, f"http://127.0.0.1:{cfg.actions_port}/health"),
        )
    parts = {
        "web": "ok" if vendor_ok else "socket.io-client ontbreekt (voer 'make run' uit)",
        "rasa": rasa,
        "actions": actions,
    }
    parts = {"status": "ok" if all(v == "ok" for v in parts.values()) else "degraded", **parts}
    return parts
