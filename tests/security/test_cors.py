"""CORS: Rasa tells a browser "you may read this" only for the configured origins (STEMBOT_CORS_ORIGINS)."""

from __future__ import annotations

import pytest
import requests

from tests.security.conftest import CORS_ORIGINS

pytestmark = [pytest.mark.model, pytest.mark.slow]

PREFLIGHT = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}


def allowed_origin(url: str, origin: str, preflight: bool) -> str | None:
    if preflight:
        resp = requests.options(url, headers={"Origin": origin, **PREFLIGHT}, timeout=30)
    else:
        resp = requests.get(url, headers={"Origin": origin}, timeout=30)
    assert resp.status_code < 500
    return resp.headers.get("Access-Control-Allow-Origin")


@pytest.mark.parametrize("preflight", [True, False])
def test_configured_origins_only(api_stack, preflight):
    url = f"{api_stack.rasa_url}/webhooks/rest/webhook" if preflight else f"{api_stack.rasa_url}/"
    for origin in CORS_ORIGINS:
        assert allowed_origin(url, origin, preflight) == origin
    for origin in ("https://evil.example", "https://www.school.example.evil.example", "http://www.school.example",
                   "https://chat.school.example", "null"):
        assert allowed_origin(url, origin, preflight) is None, origin


def test_the_api_routes_too(api_stack):
    url = f"{api_stack.rasa_url}/conversations/x/tracker"
    assert allowed_origin(url, CORS_ORIGINS[0], preflight=True) == CORS_ORIGINS[0]
    assert allowed_origin(url, "https://evil.example", preflight=True) is None


def test_default_is_the_web_page_origin(stack):
    url = f"{stack.rasa_url}/webhooks/rest/webhook"
    own = f"http://localhost:{stack.cfg.web_port}"
    assert allowed_origin(url, own, preflight=True) == own
    assert allowed_origin(url, "https://evil.example", preflight=True) is None
