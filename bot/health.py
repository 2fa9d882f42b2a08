"""Health of the parts a conversation needs: the action server and the knowledge database.

The bot keeps talking when the knowledge database is down (actions answer with the hand-off links), so a
health check must say "degraded" rather than "down" then: the process is alive but cannot look things
up. The action server answers GET /health/details with `knowledge_status()` of its own database (see
bot/action_endpoint.py); the Rasa REST channel's GET /webhooks/rest/health and the web page's /health combine
it with reachability via `stack_status()`.
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, Optional

import aiohttp
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from bot.config import settings

OK, DEGRADED, DOWN = "ok", "degraded", "down"


def knowledge_status(url: Optional[str] = None) -> Dict[str, Any]:
    """{"status": "ok", "version": …} when the knowledge database answers, else {"status": "unavailable", …}.

    Blocking (SQLAlchemy); call it in a thread from async code. Connection timeouts come from the one
    engine factory (bot.kb.db), so a closed port answers at once and a silent host within ~5 s.
    """
    from bot.kb import models
    from bot.kb.db import engine

    try:
        with engine(url or settings().db_url).connect() as conn:
            row = conn.execute(select(models.Meta.value).where(models.Meta.key == "version")).first()
    except SQLAlchemyError as exc:
        return {"status": "unavailable", "detail": str(exc).splitlines()[0][:200]}
    if row is None:
        return {"status": "unavailable", "detail": "de kennisbank is nog niet geladen (stembot kb load)"}
    return {"status": OK, "version": row[0]}


def actions_base_url(action_endpoint: Optional[str] = None) -> str:
    """http://host:port of the action server, from its webhook URL (STEMBOT_ACTION_ENDPOINT)."""
    url = action_endpoint or settings().action_endpoint
    return url[: -len("/webhook")] if url.rstrip("/").endswith("/webhook") else url.rstrip("/")


async def actions_status(base_url: str, timeout: float = 3.0) -> Dict[str, Any]:
    """What the action server says about itself and its knowledge database (GET /health/details)."""
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
            async with session.get(f"{base_url}/health/details") as resp:
                if resp.status == 404:  # an action server without our extension: alive, knowledge unknown
                    return {"status": OK}
                body = await resp.json(content_type=None)
                if resp.status >= 400 or not isinstance(body, dict):
                    return {"status": "error", "detail": f"HTTP {resp.status}"}
                return body
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
        return {"status": "unreachable", "detail": f"{type(exc).__name__}: {exc}"[:200]}


async def stack_status(action_endpoint: Optional[str] = None, timeout: float = 3.0) -> Dict[str, Any]:
    """{"status": "ok" | "degraded", "actions": …, "knowledge": …} for a running Rasa (or web) process.

    "degraded": the bot answers, but without custom actions or without its knowledge.
    """
    details = await actions_status(actions_base_url(action_endpoint), timeout=timeout)
    if isinstance(details.get("knowledge"), dict):  # it answered with its own knowledge status
        actions, knowledge = {"status": OK}, details["knowledge"]
    else:
        actions, knowledge = details, {"status": "unknown"}
    healthy = actions.get("status") == OK and knowledge.get("status") in (OK, "unknown")
    return {"status": OK if healthy else DEGRADED, "actions": actions, "knowledge": knowledge}
