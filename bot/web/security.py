"""Response headers that keep the chat page safe: a strict Content-Security-Policy and friends.

The page builds every message with DOM text nodes (never innerHTML), and the CSP is the second wall: only our own
scripts and styles run, the only network peer besides us is the bot, and only the configured sites may frame it.
"""

from __future__ import annotations

from typing import Iterable
from urllib.parse import urlsplit

from aiohttp import web


def websocket_origin(http_url: str) -> str:
    parts = urlsplit(http_url)
    return f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}"


def page_csp(bot_url: str, embed_origins: Iterable[str]) -> str:
    """CSP of the chat page: connect only to ourselves and the bot (http for polling, ws for the upgrade)."""
    ancestors = " ".join(embed_origins) or "'self'"
    return "; ".join([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' https: data:",
        f"connect-src 'self' {bot_url} {websocket_origin(bot_url)}",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        f"frame-ancestors {ancestors}",
    ])


ERRORS = {
    400: "Dat verzoek begrijp ik niet.",
    404: "Deze pagina bestaat niet. De chat staat op /.",
    405: "Dat kan hier niet.",
}
ASSET_CSP = "default-src 'none'; frame-ancestors 'none'"


@web.middleware
async def security_headers(request: web.Request, handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        response = web.Response(status=exc.status, text=ERRORS.get(exc.status, ERRORS[400]))
    response.headers.setdefault("Content-Security-Policy", ASSET_CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
    return response
