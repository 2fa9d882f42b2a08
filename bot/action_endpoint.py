"""rasa_sdk's HTTP endpoint hardened against bad input, with a knowledge health check and a warm-up.

bot/action_server.py (what `stembot run` starts) calls `register()` before rasa_sdk's command line.
rasa_sdk 3.6.2 answers a malformed call with a 500 that echoes the request body (its catch-all exception
handler even turns its own 400 for bad JSON into a 500). Through rasa_sdk's plugin hook we add:
- a request middleware that checks the shape of POST /webhook bodies and answers 400 with a Dutch JSON error;
- an exception handler that keeps Sanic's 4xx as they are and answers other failures with a short 500
  (no request body, no stack trace in the response: those go to the log);
- GET /health/details: {"status": "ok" | "degraded", "knowledge": bot.health.knowledge_status()};
- a warm-up before the server listens: the Dutch pipeline and the knowledge base are loaded lazily by the
  actions, which made the first call of a fresh server take seconds (longer than STEMBOT_ACTION_TIMEOUT on a
  busy machine) and turned the first question into the "actions unavailable" answer;
- a keep-alive timeout (KEEP_ALIVE_SECONDS) far above the time Rasa keeps an idle connection to us
  (bot/patches/endpoint_session.py, 2 s). With Sanic's default of 5 s only 3 s separated the two: when Rasa's event
  loop lagged that long on a busy machine, it sent the next call on a connection we were just closing ("Cannot
  write to closing transport"). The side that closes idle connections must be the client, which knows when it
  will send again.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import zlib
from typing import Any, Optional

import pluggy
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request

log = logging.getLogger(__name__)
hookimpl = pluggy.HookimplMarker("rasa_sdk")
KEEP_ALIVE_SECONDS = 60

MAX_BODY_BYTES = 5_000_000  # a long conversation's tracker is well below this


def _error(detail: str, status: int = 400, action_name: Optional[str] = None) -> response.HTTPResponse:
    # Rasa reads "action_name" from a 400 to turn it into an ActionExecutionRejection.
    return response.json({"error": f"Ongeldige actie-oproep: {detail}.", "action_name": action_name}, status=status)


def call_problem(call: Any) -> Optional[str]:
    """What is wrong with the shape of an action call (None when it can be run), in Dutch."""
    if not isinstance(call, dict):
        return "verwacht een JSON-object"
    if not isinstance(call.get("next_action"), str) or not call["next_action"].strip():
        return "\"next_action\" ontbreekt of is geen tekst"
    tracker = call.get("tracker")
    if not isinstance(tracker, dict):
        return "\"tracker\" ontbreekt of is geen object"
    if not isinstance(tracker.get("sender_id"), str):
        return "\"tracker.sender_id\" ontbreekt of is geen tekst"
    for key, kind, optional in (("slots", dict, True), ("events", list, True), ("latest_message", dict, True),
                                ("active_loop", dict, True), ("followup_action", str, True),
                                ("latest_action_name", str, True)):
        value = tracker.get(key)
        if value is not None and not isinstance(value, kind):
            return f"\"tracker.{key}\" heeft het verkeerde type"
    if any(not isinstance(e, dict) for e in tracker.get("events") or []):
        return "\"tracker.events\" bevat iets anders dan objecten"
    latest = tracker.get("latest_message") or {}
    if latest.get("text") is not None and not isinstance(latest["text"], str):
        return "\"latest_message.text\" is geen tekst"
    if latest.get("intent") is not None and not isinstance(latest["intent"], dict):
        return "\"latest_message.intent\" is geen object"
    entities = latest.get("entities")
    if entities is not None and (not isinstance(entities, list) or any(not isinstance(e, dict) for e in entities)):
        return "\"latest_message.entities\" is geen lijst van objecten"
    if call.get("domain") is not None and not isinstance(call["domain"], dict):
        return "\"domain\" is geen object"
    if call.get("version") is not None and not isinstance(call["version"], str):
        return "\"version\" is geen tekst"
    return None


def parse_call(body: bytes, deflated: bool) -> Any:
    """The JSON of an action call; ValueError (with a Dutch message) when it is not valid JSON in UTF-8."""
    if deflated:
        try:
            body = zlib.decompress(body)
        except zlib.error:
            raise ValueError("de gecomprimeerde inhoud is ongeldig")
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ValueError("stuur een JSON-object in UTF-8")


async def _validate_webhook(request: Request) -> Optional[response.HTTPResponse]:
    if request.method != "POST" or request.path.rstrip("/") != "/webhook":
        return None
    body = request.body or b""
    if len(body) > MAX_BODY_BYTES:
        return _error("de inhoud is te groot", status=413)
    try:
        call = parse_call(body, request.headers.get("Content-Encoding") == "deflate")
    except ValueError as exc:
        return _error(str(exc))
    problem = call_problem(call)
    if problem:
        name = call.get("next_action") if isinstance(call, dict) and isinstance(call.get("next_action"), str) else None
        return _error(problem, action_name=name)
    return None


async def _health_details(_request: Request) -> response.HTTPResponse:
    from bot.health import DEGRADED, OK, knowledge_status

    knowledge = await asyncio.get_running_loop().run_in_executor(None, knowledge_status)
    return response.json({"status": OK if knowledge["status"] == OK else DEGRADED, "knowledge": knowledge})


async def _on_exception(request: Request, exception: Exception) -> response.HTTPResponse:
    status = getattr(exception, "status_code", 500)
    if isinstance(exception, SanicException) and 400 <= status < 500:
        meaning = {404: "dit adres bestaat niet", 405: "deze methode is hier niet toegestaan"}.get(status, "")
        return response.json({"error": f"Ongeldig verzoek ({status}){': ' + meaning if meaning else ''}: "
                                       f"{request.method} {request.path}."}, status=status)
    log.error("action server failed on %s %s", request.method, request.path, exc_info=exception)
    return response.json({"error": f"Interne fout in de actieserver ({type(exception).__name__})."}, status=500)


def warm_up() -> None:
    """Load the pipeline and the knowledge base now; a database that is down only logs (the guard answers)."""
    from actions import common
    from bot.kb.api import KnowledgeUnavailable

    started = time.monotonic()
    try:
        common.ruler_spans("wat is stem")
        common.kb().search("stem", limit=1)
    except KnowledgeUnavailable as exc:
        log.warning("warm-up: knowledge base unavailable (%s); actions will answer utter_kb_unavailable", exc)
    log.info("warm-up done in %.1f s", time.monotonic() - started)


async def _warm_up_listener(_app: Sanic, _loop: Any) -> None:
    warm_up()


def install(app: Sanic) -> None:
    """Add validation, the exception handler, /health/details, the warm-up and the keep-alive to rasa_sdk's app."""
    app.config.KEEP_ALIVE_TIMEOUT = KEEP_ALIVE_SECONDS
    app.register_listener(_warm_up_listener, "before_server_start")
    app.register_middleware(_validate_webhook, "request")
    app.add_route(_health_details, "/health/details", methods=["GET"])
    app.error_handler.add(Exception, _on_exception)


class _Plugin:
    @hookimpl
    def attach_sanic_app_extensions(self, app: Sanic) -> None:
        install(app)


def register() -> bool:
    """Add our extensions to rasa_sdk's plugin manager (idempotent); True when registered now."""
    from rasa_sdk.plugin import plugin_manager

    manager = plugin_manager()
    if any(isinstance(p, _Plugin) for p in manager.get_plugins()):
        return False
    manager.register(_Plugin())
    return True
