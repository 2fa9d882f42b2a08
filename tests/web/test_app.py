"""The aiohttp app without a browser: page, headers, validation of embed options, errors, /health."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.config import settings, web_settings
from bot.web.app import create_app
from tests.servers import free_port
from tests.web.support import run_async


def fetch(path: str, web_cfg=None, cfg=None, headers=None):
    """GET `path` from a fresh app; returns (status, headers, text)."""
    cfg = cfg or replace(settings(), rasa_port=free_port(), actions_port=free_port())

    async def go():
        async with TestClient(TestServer(create_app(cfg, web_cfg))) as client:
            resp = await client.get(path, headers=headers or {}, allow_redirects=False)
            return resp.status, resp.headers, await resp.text()

    return run_async(go)


def page_config(body: str) -> dict:
    return json.loads(html.unescape(re.search(r'data-config="([^"]*)"', body).group(1)))


def test_page_is_dutch_with_strict_csp_and_bot_url():
    status, headers, body = fetch("/", headers={"Host": "school.example:8080"})
    assert status == 200 and '<html lang="nl">' in body
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
    config = page_config(body)
    assert config["botUrl"].startswith("http://school.example:")
    assert f"connect-src 'self' {config['botUrl']} ws://school.example:" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in body.split("</head>")[1], "no inline script in the page body"


def test_public_bot_url_and_embed_origins_from_configuration(monkeypatch):
    monkeypatch.setenv("STEMBOT_PUBLIC_BOT_URL", "https://bot.school.example/")
    monkeypatch.setenv("STEMBOT_EMBED_ORIGINS", "https://www.school.example")
    status, headers, body = fetch("/", web_cfg=web_settings())
    assert page_config(body)["botUrl"] == "https://bot.school.example"
    csp = headers["Content-Security-Policy"]
    assert "connect-src 'self' https://bot.school.example wss://bot.school.example;" in csp
    assert "frame-ancestors https://www.school.example" in csp


def test_bad_configuration_is_a_dutch_one_liner(monkeypatch):
    monkeypatch.setenv("STEMBOT_WEB_COLOR", "rood")
    with pytest.raises(SystemExit, match="geen kleur"):
        web_settings()
    monkeypatch.setenv("STEMBOT_WEB_COLOR", "#aa0000")
    monkeypatch.setenv("STEMBOT_PUBLIC_BOT_URL", "javascript:alert(1)")
    with pytest.raises(SystemExit, match="http:// of https://"):
        web_settings()


def test_embed_options_are_validated_and_escaped():
    status, _, body = fetch("/?embed=1&title=%3Cscript%3Ealert(1)%3C/script%3E%20" + "x" * 80
                            + "&color=red;background:url(x)")
    config = page_config(body)
    assert config["embedded"] is True
    assert config["color"] == web_settings().color, "a colour that is not #rrggbb is ignored"
    assert len(config["title"]) <= 40
    assert "<script>alert" not in body and "&lt;script&gt;alert(1)" in body
    _, _, body = fetch("/?color=%23ffcc00")
    assert page_config(body)["color"] == "#ffcc00"


def test_greeting_cannot_be_set_from_a_link(monkeypatch):
    monkeypatch.setenv("STEMBOT_WEB_GREETING", "Welkom op de site van onze school!")
    _, _, body = fetch("/?greeting=Bel+nu+dit+nummer", web_cfg=web_settings())
    assert page_config(body)["greeting"] == "Welkom op de site van onze school!"


def test_embed_snippet_and_assets_are_served_locally():
    status, headers, body = fetch("/embed.js")
    assert status == 200 and "javascript" in headers["Content-Type"]
    assert headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert "stembot:close" in body
    _, _, page = fetch("/")
    for src in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert src.startswith("/static/"), f"asset not served locally: {src}"
        status, _, _ = fetch(src)
        assert status == 200, f"{src} is not served (run `make run` or `make test`: npm ci copies the client)"


def test_unknown_path_is_a_dutch_404():
    status, headers, body = fetch("/wp-admin")
    assert status == 404 and "bestaat niet" in body
    assert "Content-Security-Policy" in headers
    status, _, _ = fetch("/static/../../config.py")
    assert status in (403, 404)


def test_health_is_degraded_but_200_when_the_bot_is_down():
    status, _, body = fetch("/health")
    report = json.loads(body)
    assert status == 200
    assert report["status"] == "degraded" and report["rasa"] != "ok" and report["actions"] != "ok"
    assert report["web"] == "ok"


@pytest.mark.model
@pytest.mark.slow
def test_health_is_ok_with_the_running_stack(stack):
    import requests

    report = requests.get(f"{stack.web_url}/health", timeout=10).json()
    assert report == {"status": "ok", "web": "ok", "rasa": "ok", "actions": "ok"}


def test_every_web_setting_is_documented_in_the_readme():
    import inspect

    from bot import config
    from bot.config import ROOT

    source = inspect.getsource(config.web_settings) + inspect.getsource(config.cors_origins)
    names = set(re.findall(r'"(STEMBOT_[A-Z_]+)"', source))
    assert len(names) >= 6
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert not [n for n in names if f"`{n}`" not in readme]
