"""A bot started the way a school would with the HTTP API switched on and its own CORS origins."""

from __future__ import annotations

import secrets

import pytest

from tests.servers import Stack

CORS_ORIGINS = ("https://www.school.example", "https://chat.school.example:8443")


@pytest.fixture(scope="session")
def api_stack():
    token, jwt_secret = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    env = {"STEMBOT_ENABLE_API": "1", "STEMBOT_API_TOKEN": token, "STEMBOT_API_JWT_SECRET": jwt_secret,
           "STEMBOT_CORS_ORIGINS": " ".join(CORS_ORIGINS)}
    with pytest.MonkeyPatch.context() as mp:  # Stack builds the command line from this process's environment
        for name, value in env.items():
            mp.setenv(name, value)
        stack = Stack("api", env=env)
    with stack as running:
        running.token, running.jwt_secret = token, jwt_secret
        yield running
