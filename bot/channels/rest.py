"""stembot's REST channel: Rasa's `rest` channel with input validation, a length cap and a reply for every turn.

Registered in credentials.yml as `bot.channels.rest.RestInput` (name "rest", so the URL stays
/webhooks/rest/webhook). What it adds to rasa.core.channels.rest.RestInput:
- a body that is not a JSON object in UTF-8, or a missing/ill-typed "sender" or "message" → 400 with
  {"error": "<Dutch>"}; never a 5xx or a stack trace;
- an empty or whitespace-only message → 200 with a friendly reply asking for a question (Rasa is not called);
- a message longer than STEMBOT_MAX_MESSAGE_CHARS (default 1000) → 200 with a friendly reply asking for a
  shorter question (Rasa is not called, nothing is stored): a chat widget shows a reply, not an error;
- control characters (NUL, …) become spaces, because PostgreSQL cannot store NUL in text;
- an exception inside Rasa → 200 with "er ging iets mis"; a turn Rasa answers with silence → utter_default;
- GET /webhooks/rest/ stays Rasa's liveness answer {"status": "ok"}; GET /webhooks/rest/health adds
  {"status": "ok" | "degraded", "actions": …, "knowledge": …} (bot.health).
"""

from __future__ import annotations

import json
import logging
import re
from asyncio import CancelledError
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import rasa.utils.endpoints
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.request import Request

from bot.channels import messages
from bot.config import settings

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1_000_000  # well above the length cap; bigger bodies are not a chat message
MAX_SENDER_CHARS = 128
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class BadRequest(Exception):
    """A request we refuse with a 4xx and a Dutch JSON error."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Incoming:
    sender: str
    text: str
    metadata: Optional[Dict[str, Any]]
    input_channel: Optional[str]


def _field_error(detail: str) -> BadRequest:
    return BadRequest(messages.text(messages.BAD_FIELD, detail=detail))


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates such as "\ud800" from a JSON escape
        return False
    return True


def parse_body(body: bytes) -> Incoming:
    """The validated request, or BadRequest saying in Dutch what is wrong."""
    if len(body) > MAX_BODY_BYTES:
        raise BadRequest(messages.text(messages.BAD_FIELD, detail="het verzoek is te groot"), status=413)
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise BadRequest(messages.text(messages.BAD_JSON))
    if not isinstance(payload, dict):
        raise BadRequest(messages.text(messages.BAD_JSON))

    sender = payload.get("sender")
    if isinstance(sender, int) and not isinstance(sender, bool):
        sender = str(sender)
    if not isinstance(sender, str) or not sender.strip():
        raise _field_error("\"sender\" ontbreekt of is geen tekst")
    if len(sender) > MAX_SENDER_CHARS or _CONTROL.search(sender) or not _encodable(sender):
        raise _field_error(f"\"sender\" mag maximaal {MAX_SENDER_CHARS} gewone tekens bevatten")

    text = payload.get("message")
    if not isinstance(text, str):
        raise _field_error("\"message\" ontbreekt of is geen tekst")
    if not _encodable(text):
        raise _field_error("\"message\" bevat ongeldige tekens")

    metadata = payload.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise _field_error("\"metadata\" moet een object zijn")
    channel = payload.get("input_channel")
    if channel is not None and (not isinstance(channel, str) or len(channel) > 64 or not _encodable(channel)):
        raise _field_error("\"input_channel\" moet een korte tekst zijn")
    return Incoming(sender=sender, text=_CONTROL.sub(" ", text), metadata=metadata, input_channel=channel or None)


def _reply(sender: str, text: str) -> List[Dict[str, Any]]:
    return [{"recipient_id": sender, "text": text}]


class RestInput(RasaRestInput):
    """See the module docstring."""

    def __init__(self, max_message_chars: Optional[int] = None) -> None:
        self.max_message_chars = int(max_message_chars or settings().max_message_chars)

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "RestInput":
        return cls(max_message_chars=(credentials or {}).get("max_message_chars"))

    def early_reply(self, incoming: Incoming) -> Optional[List[Dict[str, Any]]]:
        """The reply for a message Rasa should not see (empty, too long), else None."""
        if not incoming.text.strip():
            return _reply(incoming.sender, messages.text(messages.EMPTY_MESSAGE))
        if len(incoming.text) > self.max_message_chars:
            return _reply(incoming.sender, messages.text(messages.MESSAGE_TOO_LONG, max_chars=self.max_message_chars))
        return None

    async def handle(self, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                     incoming: Incoming) -> List[Dict[str, Any]]:
        """One turn through Rasa; whatever goes wrong, the user gets a reply."""
        collector = CollectingOutputChannel()
        try:
            await on_new_message(UserMessage(incoming.text, collector, incoming.sender,
                                             input_channel=incoming.input_channel or self.name(),
                                             metadata=incoming.metadata))
        except CancelledError:
            log.error("REST turn of %s timed out", incoming.sender)
            return collector.messages or _reply(incoming.sender, messages.text(messages.INTERNAL_ERROR))
        except Exception:  # noqa: BLE001 - logged with its stack trace; the user gets a sentence
            log.exception("REST turn of %s failed", incoming.sender)
            return collector.messages or _reply(incoming.sender, messages.text(messages.INTERNAL_ERROR))
        if not collector.messages and not incoming.text.lstrip().startswith("/"):
            log.warning("no reply from the dialogue for %s; answering %s", incoming.sender, messages.NO_REPLY)
            return _reply(incoming.sender, messages.text(messages.NO_REPLY))
        return collector.messages

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint("stembot_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def alive(_request: Request) -> response.HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/health", methods=["GET"])
        async def health(_request: Request) -> response.HTTPResponse:
            from bot.health import stack_status

            return response.json({"rasa": {"status": "ok"}, **await stack_status()})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> response.HTTPResponse:
            try:
                incoming = parse_body(request.body or b"")
            except BadRequest as exc:
                return response.json({"error": exc.message}, status=exc.status)
            early = self.early_reply(incoming)
            if early is not None:
                return response.json(early)
            if rasa.utils.endpoints.bool_arg(request, "stream", default=False):
                return response.stream(
                    self.stream_response(on_new_message, incoming.text, incoming.sender,
                                         incoming.input_channel or self.name(), incoming.metadata),
                    content_type="text/event-stream")
            return response.json(await self.handle(on_new_message, incoming))

        return webhook
