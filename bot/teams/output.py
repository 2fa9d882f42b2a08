"""Replies to Teams: the bot's access token (client credentials) and posting activities to the conversation.

Rasa's BotFramework output channel formats the messages; we replace how they travel. Rasa posts with the blocking
`requests` library (no timeout) from inside Sanic's event loop, so one slow Microsoft endpoint stalls every
conversation, and its token URL is a module constant for the legacy multi-tenant "botframework.com" tenant. Here
replies go out with aiohttp and a timeout, the token URL follows STEMBOT_TEAMS_TENANT_ID (single-tenant bots, the
only kind Azure creates now) or STEMBOT_TEAMS_TOKEN_URL, and buttons become Bot Framework card actions.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import quote

import aiohttp
from rasa.core.channels.botframework import BotFramework

from bot.config import TeamsSettings

logger = logging.getLogger(__name__)

SCOPE = "https://api.botframework.com/.default"
HTTP_TIMEOUT = aiohttp.ClientTimeout(total=15)
REFRESH_MARGIN = 300  # renew the token five minutes before it expires

_tokens: Dict[Tuple[str, str], Tuple[str, float]] = {}
_token_lock: Optional[asyncio.Lock] = None


async def access_token(cfg: TeamsSettings, renew: bool = False) -> Optional[str]:
    """Our bearer token for the Bot Connector, cached until shortly before it expires; None when refused."""
    global _token_lock
    key = (cfg.token_url, cfg.app_id)
    cached = _tokens.get(key)
    if cached and not renew and cached[1] > time.monotonic():
        return cached[0]
    _token_lock = _token_lock or asyncio.Lock()
    async with _token_lock:
        cached = _tokens.get(key)
        if cached and not renew and cached[1] > time.monotonic():
            return cached[0]
        body: Any = None
        form = {"grant_type": "client_credentials", "client_id": cfg.app_id, "client_secret": cfg.app_password,
                "scope": SCOPE}
        try:
            async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as session:
                async with session.post(cfg.token_url, data=form) as resp:
                    body = await resp.json(content_type=None)
                    resp.raise_for_status()
            token, lifetime = body["access_token"], int(body.get("expires_in", 3600))
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError, KeyError, TypeError) as exc:
            # the error body of the identity platform says why (e.g. AADSTS7000215: invalid client secret)
            logger.error("Bot Framework token from %s refused or unreadable: %s", cfg.token_url,
                         (body.get("error_description") if isinstance(body, dict) else None) or exc)
            return None
        _tokens[key] = (token, time.monotonic() + max(60, lifetime - REFRESH_MARGIN))
        return token


def card_actions(buttons: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Rasa buttons as Bot Framework card actions: a link opens, a payload is sent back showing only the title."""
    actions = []
    for button in buttons:
        title = str(button.get("title", ""))
        if button.get("url"):
            actions.append({"type": "openUrl", "title": title, "value": button["url"]})
        else:
            payload = str(button.get("payload", title))
            actions.append({"type": "messageBack", "title": title, "text": payload, "displayText": title})
    return actions


class TeamsOutput(BotFramework):
    """Sends to the conversation the activity came from, as a reply to that activity."""

    @classmethod
    def name(cls) -> str:
        return "botframework"

    def __init__(self, cfg: TeamsSettings, activity: Dict[str, Any]):
        super().__init__(cfg.app_id, cfg.app_password, activity["conversation"], activity["recipient"],
                         activity["serviceUrl"])
        self.cfg = cfg
        self.reply_to_id = activity.get("id")

    def prepare_message(self, recipient_id: str, message_data: Dict[str, Any]) -> Dict[str, Any]:
        data = super().prepare_message(recipient_id, message_data)
        data["conversation"] = {"id": self.conversation["id"]}
        if self.reply_to_id:
            data["replyToId"] = self.reply_to_id
        return data

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: List[Dict[str, Any]],
                                     **kwargs: Any) -> None:
        card = {"contentType": "application/vnd.microsoft.card.hero",
                "content": {"text": text, "buttons": card_actions(buttons)}}
        await self.send(self.prepare_message(recipient_id, {"attachments": [card]}))

    async def send(self, message_data: Dict[str, Any]) -> None:
        url = f"{self.global_uri}conversations/{quote(str(self.conversation['id']), safe='')}/activities"
        for attempt in (1, 2):
            token = await access_token(self.cfg, renew=attempt == 2)
            if token is None:
                return
            headers = {"Authorization": f"Bearer {token}"}
            try:
                async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as session:
                    async with session.post(url, json=message_data, headers=headers) as resp:
                        if resp.status < 300:
                            return
                        detail = (await resp.text())[:300]
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                logger.error("Could not send the reply to %s: %s", url, exc)
                return
            if resp.status != 401:
                break
        logger.error("Bot Connector refused the reply (%s): %s", resp.status, detail)
