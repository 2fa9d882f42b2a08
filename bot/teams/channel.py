"""The Teams input channel, listed in credentials.yml as `bot.teams.channel.TeamsInput` (no secrets there).

Its webhook is /webhooks/botframework/webhook, the messaging endpoint of the Azure Bot registration. The app id and
password come from STEMBOT_TEAMS_APP_ID / STEMBOT_TEAMS_APP_PASSWORD (bot.config); while they are unset the
channel is off: the webhook answers 503 and nothing is sent anywhere, so `make run` works without Teams.
"""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, Optional

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.config import TeamsSettings, teams_settings
from bot.teams import auth
from bot.teams.output import TeamsOutput

logger = logging.getLogger(__name__)

MENTION = re.compile(r"<at>[^<]*</at>", re.IGNORECASE)
DISABLED = ("Teams staat uit: zet STEMBOT_TEAMS_APP_ID en STEMBOT_TEAMS_APP_PASSWORD en herstart de bot "
            "(zie docs/teams.md).")


def user_text(activity: Dict[str, Any]) -> str:
    """What the user typed: in a team channel Teams puts '<at>stembot</at>' before it."""
    return " ".join(MENTION.sub(" ", str(activity.get("text") or "")).split())


def _missing_fields(activity: Dict[str, Any]) -> Optional[str]:
    for path in ("conversation.id", "from.id", "recipient.id", "serviceUrl"):
        value: Any = activity
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if not value:
            return path
    return None


class TeamsInput(InputChannel):
    """Bot Framework activities in, replies out through TeamsOutput."""

    @classmethod
    def name(cls) -> str:
        return "botframework"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> "TeamsInput":
        if credentials:
            logger.warning("credentials.yml: the Teams channel reads its settings from STEMBOT_TEAMS_* environment "
                           "variables; ignoring %s", sorted(credentials))
        return cls(teams_settings())

    def __init__(self, cfg: TeamsSettings):
        self.cfg = cfg
        self.keys = auth.BotConnectorKeys(cfg.openid_url)
        logger.info("Teams channel %s", f"on for app {cfg.app_id}" if cfg.enabled else "off (no STEMBOT_TEAMS_APP_ID)")

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("teams_webhook", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.cfg.enabled else "disabled"})

        @hook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.cfg.enabled:
                return response.text(DISABLED, status=HTTPStatus.SERVICE_UNAVAILABLE)
            activity = request.json
            if not isinstance(activity, dict):
                return response.text("Verwacht een Bot Framework-activity (JSON-object).", status=400)
            try:
                await auth.verify(request.headers.get("Authorization"), activity, self.cfg.app_id, self.keys)
            except auth.AuthError as exc:
                logger.warning("Rejected a Teams request from %s: %s", request.ip, exc)
                return response.text("Niet geautoriseerd.", status=HTTPStatus.UNAUTHORIZED)
            if activity.get("type") != "message":
                return response.text("", status=HTTPStatus.OK)  # conversationUpdate, typing, …: nothing to answer
            missing = _missing_fields(activity)
            if missing:
                return response.text(f"Het veld '{missing}' ontbreekt in de activity.", status=400)
            message = UserMessage(text=user_text(activity), output_channel=TeamsOutput(self.cfg, activity),
                                  sender_id=str(activity["from"]["id"]), input_channel=self.name(),
                                  metadata=self.get_metadata(request))
            try:
                await on_new_message(message)
            except Exception:  # noqa: BLE001 -- the Bot Connector would retry and duplicate the conversation turn
                logger.exception("Handling a Teams message failed")
            return response.text("", status=HTTPStatus.OK)

        return hook
