"""Is this request really from Microsoft's Bot Connector? Checks the bearer token of every incoming activity.

Rasa 3.6's botframework channel checks signature and audience, but takes the algorithm from the (untrusted) token
header, checks neither issuer nor the `serviceUrl` claim, and downloads Microsoft's keys in its constructor without
a timeout, so Rasa does not start at all when login.botframework.com is unreachable. Here we follow "Authenticate
requests from the Bot Connector service" of the Bot Framework docs: RS256 only, issuer https://api.botframework.com,
audience = our app id, exp/nbf with 5 minutes of clock skew, the signing key endorsed for the activity's channel,
and the token's `serviceUrl` equal to the activity's (so a token cannot be replayed to send our replies elsewhere).
Keys are fetched on first use, cached for a day, and refreshed (at most once a minute) when an unknown key id shows up.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any, Dict, Optional

import aiohttp
import jwt
from jwt.algorithms import RSAAlgorithm

logger = logging.getLogger(__name__)

ISSUER = "https://api.botframework.com"
LEEWAY_SECONDS = 300
KEYS_MAX_AGE = 24 * 3600
MIN_REFRESH_INTERVAL = 60
HTTP_TIMEOUT = aiohttp.ClientTimeout(total=10)


class AuthError(Exception):
    """The request is not from the Bot Connector (or its keys cannot be fetched); answer 401."""


class BotConnectorKeys:
    """The Bot Connector's public signing keys, from its OpenID configuration, cached."""

    def __init__(self, openid_url: str):
        self.openid_url = openid_url
        self._keys: Dict[str, Dict[str, Any]] = {}
        self._fetched_at = float("-inf")
        self._attempted_at = float("-inf")
        self._lock = asyncio.Lock()

    def _due(self, kid: str) -> bool:
        now = time.monotonic()
        wanted = now - self._fetched_at > KEYS_MAX_AGE or kid not in self._keys
        return wanted and now - self._attempted_at > MIN_REFRESH_INTERVAL

    async def get(self, kid: str) -> Dict[str, Any]:
        if self._due(kid):
            async with self._lock:
                if self._due(kid):
                    self._attempted_at = time.monotonic()
                    try:
                        await self._refresh()
                    except (aiohttp.ClientError, asyncio.TimeoutError, KeyError, TypeError, ValueError) as exc:
                        logger.warning("Could not fetch Bot Connector keys from %s: %s", self.openid_url, exc)
        if kid not in self._keys:
            raise AuthError(f"unknown signing key {kid!r}" if self._keys else "signing keys unavailable")
        return self._keys[kid]

    async def _refresh(self) -> None:
        async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as session:
            async with session.get(self.openid_url) as resp:
                resp.raise_for_status()
                jwks_uri = (await resp.json(content_type=None))["jwks_uri"]
            async with session.get(jwks_uri) as resp:
                resp.raise_for_status()
                keys = (await resp.json(content_type=None))["keys"]
        self._keys = {key["kid"]: key for key in keys if key.get("kid")}
        self._fetched_at = time.monotonic()
        logger.debug("Fetched %d Bot Connector signing keys", len(self._keys))


def bearer_token(header: Optional[str]) -> str:
    scheme, _, token = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError("no bearer token")
    return token.strip()


async def verify(auth_header: Optional[str], activity: Dict[str, Any], app_id: str,
                 keys: BotConnectorKeys) -> Dict[str, Any]:
    """The token's claims when the request is authentic; AuthError (with the reason, for the log) otherwise."""
    token = bearer_token(auth_header)
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise AuthError(f"malformed token: {exc}") from exc
    if header.get("alg") != "RS256":
        raise AuthError(f"algorithm {header.get('alg')!r} not accepted")
    jwk = await keys.get(str(header.get("kid")))
    channel = activity.get("channelId")
    endorsements = jwk.get("endorsements")
    if endorsements is not None and channel not in endorsements:
        raise AuthError(f"signing key not endorsed for channel {channel!r}")
    try:
        claims = jwt.decode(token, key=RSAAlgorithm.from_jwk(json.dumps(jwk)), algorithms=["RS256"],
                            audience=app_id, issuer=ISSUER, leeway=LEEWAY_SECONDS,
                            options={"require": ["exp", "iss", "aud"]})
    except (jwt.PyJWTError, ValueError) as exc:
        raise AuthError(f"invalid token: {exc}") from exc
    if str(claims.get("serviceUrl", "")).rstrip("/") != str(activity.get("serviceUrl", "")).rstrip("/"):
        raise AuthError("serviceUrl of the token and of the activity differ")
    return claims
