"""Microsoft's side of a Teams conversation, served locally so the Teams tests need no internet.

One aiohttp server plays three Microsoft services: the Bot Connector's OpenID configuration and signing keys
(login.botframework.com), the identity platform's token endpoint (login.microsoftonline.com) and the Bot Connector
itself (the activity's serviceUrl), which records every reply the bot posts. The signing key is generated per test
session, so the tokens it signs are accepted only by a bot pointed at this server.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import threading
import time
import uuid
from typing import Any, Dict, List, Optional

import jwt
import pytest
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from bot.teams.auth import ISSUER
from tests.servers import free_port


class LocalMicrosoft:
    def __init__(self) -> None:
        self.port = free_port()
        self.app_id = str(uuid.uuid4())
        self.app_password = secrets.token_urlsafe(24)  # made up per run: nothing secret is stored anywhere
        self.kid = "local-" + secrets.token_hex(4)
        self.signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.access_token = "local-" + secrets.token_urlsafe(24)
        self.token_requests: List[Dict[str, str]] = []
        self.replies: List[Dict[str, Any]] = []  # {"conversation": …, "authorization": …, "activity": …}
        self.token_status = 200
        self._loop = asyncio.new_event_loop()
        self._runner: Optional[web.AppRunner] = None

    # --- what the bot is configured with ---------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> Dict[str, str]:
        return {"STEMBOT_TEAMS_APP_ID": self.app_id, "STEMBOT_TEAMS_APP_PASSWORD": self.app_password,
                "STEMBOT_TEAMS_TOKEN_URL": f"{self.url}/tenant/oauth2/v2.0/token",
                "STEMBOT_TEAMS_OPENID_URL": f"{self.url}/v1/.well-known/openidconfiguration"}

    # --- what Teams would send -------------------------------------------------------------------------------
    def activity(self, text: str, conversation: str, user: str = "29:local-user", **extra: Any) -> Dict[str, Any]:
        body = {"type": "message", "id": secrets.token_hex(6), "channelId": "msteams", "serviceUrl": self.url,
                "text": text, "conversation": {"id": conversation}, "from": {"id": user, "name": "Leerling"},
                "recipient": {"id": f"28:{self.app_id}", "name": "stembot"}, "locale": "nl-BE"}
        body.update(extra)
        return body

    def token(self, activity: Dict[str, Any], key: Any = None, **claims: Any) -> str:
        now = int(time.time())
        payload = {"iss": ISSUER, "aud": self.app_id, "nbf": now - 10, "exp": now + 3600,
                   "serviceUrl": activity["serviceUrl"]}
        payload.update(claims)
        payload = {k: v for k, v in payload.items() if v is not None}
        return jwt.encode(payload, key or self.signing_key, algorithm="RS256", headers={"kid": self.kid})

    def replies_to(self, conversation: str) -> List[Dict[str, Any]]:
        return [r for r in self.replies if r["conversation"] == conversation]

    # --- the server ------------------------------------------------------------------------------------------
    def _app(self) -> web.Application:
        async def openid(_: web.Request) -> web.Response:
            return web.json_response({"issuer": ISSUER, "jwks_uri": f"{self.url}/v1/.well-known/keys",
                                      "id_token_signing_alg_values_supported": ["RS256"]})

        async def keys(_: web.Request) -> web.Response:
            jwk = json.loads(RSAAlgorithm.to_jwk(self.signing_key.public_key()))
            jwk.update({"kid": self.kid, "use": "sig", "endorsements": ["msteams", "webchat"]})
            return web.json_response({"keys": [jwk]})

        async def token(request: web.Request) -> web.Response:
            self.token_requests.append(dict(await request.post()))
            if self.token_status != 200:
                return web.json_response({"error": "invalid_client", "error_description": "AADSTS7000215"},
                                         status=self.token_status)
            return web.json_response({"token_type": "Bearer", "expires_in": 3599, "access_token": self.access_token})

        async def reply(request: web.Request) -> web.Response:
            self.replies.append({"conversation": request.match_info["conversation"],
                                 "authorization": request.headers.get("Authorization"),
                                 "activity": await request.json()})
            return web.json_response({"id": secrets.token_hex(6)})

        app = web.Application()
        app.router.add_get("/v1/.well-known/openidconfiguration", openid)
        app.router.add_get("/v1/.well-known/keys", keys)
        app.router.add_post("/tenant/oauth2/v2.0/token", token)
        app.router.add_post("/v3/conversations/{conversation}/activities", reply)
        return app

    def start(self) -> "LocalMicrosoft":
        started = threading.Event()

        async def serve() -> None:
            self._runner = web.AppRunner(self._app())
            await self._runner.setup()
            await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
            started.set()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(serve())
            self._loop.run_forever()

        threading.Thread(target=run, daemon=True, name="local-microsoft").start()
        assert started.wait(10), "local Microsoft server did not start"
        return self

    def stop(self) -> None:
        if self._runner:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)


@pytest.fixture(scope="module")
def microsoft():
    server = LocalMicrosoft().start()
    yield server
    server.stop()
