"""The aiohttp app: the chat page (`/`), the embed snippet (`/embed.js`), static assets and `/health`.

Per-site settings for an embedded chat (title, colour) may come from the page's query string, because the embed
snippet passes its data attributes that way; they are validated here and only ever reach the page as text and
as a colour. The opening message is server configuration only, so that nobody can make our page say something
by sending a crafted link.
"""

from __future__ import annotations

import html
import json
import logging
import re
from pathlib import Path
from string import Template
from typing import Optional

from aiohttp import web

from bot.config import Settings, WebSettings, settings, web_settings
from bot.web import health
from bot.web.security import page_csp, security_headers

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
VENDOR_JS = STATIC / "vendor" / "socket.io.min.js"
PAGE = Template((HERE / "templates" / "chat.html").read_text(encoding="utf-8"))
HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
HOSTNAME = re.compile(r"[A-Za-z0-9.-]+(?=(:\d+)?$)|\[[0-9A-Fa-f:.]+\](?=(:\d+)?$)")  # a Host header, no port
MAX_TITLE = 40

SETTINGS = web.AppKey("settings", Settings)
WEB = web.AppKey("web", WebSettings)
log = logging.getLogger(__name__)


def bot_url(request: web.Request, cfg: Settings, web_cfg: WebSettings) -> str:
    """Where the browser reaches Rasa: configured, or this page's host on Rasa's port."""
    if web_cfg.public_bot_url:
        return web_cfg.public_bot_url
    host = HOSTNAME.match(request.host or "")
    return f"{request.scheme}://{host.group(0) if host else '127.0.0.1'}:{cfg.rasa_port}"


def page_options(request: web.Request, web_cfg: WebSettings) -> dict:
    title = " ".join(request.query.get("title", "").split())[:MAX_TITLE] or web_cfg.title
    color = request.query.get("color", "")
    return {
        "title": title,
        "color": color if HEX_COLOR.fullmatch(color) else web_cfg.color,
        "greeting": web_cfg.greeting,
        "embedded": request.query.get("embed") == "1",
    }


async def chat_page(request: web.Request) -> web.Response:
    cfg, web_cfg = request.app[SETTINGS], request.app[WEB]
    url = bot_url(request, cfg, web_cfg)
    options = {**page_options(request, web_cfg), "botUrl": url}
    body = PAGE.substitute(
        title=html.escape(options["title"]),
        config=html.escape(json.dumps(options, ensure_ascii=False), quote=True),
        mode="embedded" if options["embedded"] else "standalone",
    )
    return web.Response(text=body, content_type="text/html", headers={
        "Content-Security-Policy": page_csp(url, web_cfg.embed_origins),
        "Cache-Control": "no-store",
    })


async def embed_js(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "embed.js", headers={
        "Content-Type": "text/javascript; charset=utf-8",
        "Cache-Control": "public, max-age=300",
        "Cross-Origin-Resource-Policy": "cross-origin",
    })


async def health_check(request: web.Request) -> web.Response:
    return web.json_response(await health.report(request.app[SETTINGS], VENDOR_JS.exists()))


def create_app(cfg: Optional[Settings] = None, web_cfg: Optional[WebSettings] = None) -> web.Application:
    cfg = cfg or settings()
    app = web.Application(middlewares=[security_headers], client_max_size=64 * 1024)
    app[SETTINGS] = cfg
    app[WEB] = web_cfg or web_settings(cfg)
    if not VENDOR_JS.exists():
        log.warning("%s ontbreekt: de chat kan de bot niet bereiken. Voer 'make run' uit (npm ci).", VENDOR_JS)
    app.router.add_get("/", chat_page)
    app.router.add_get("/embed.js", embed_js)
    app.router.add_get("/health", health_check)
    app.router.add_get("/favicon.ico", lambda request: web.HTTPFound("/static/favicon.svg"))
    app.router.add_static("/static/", STATIC, append_version=False)
    return app
