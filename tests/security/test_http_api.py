"""Rasa's HTTP API: off by default (404), on only with a token (401 without, 200 with), token never in `ps`."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import requests

from bot import http_api
from bot import run as runner
from bot.config import ROOT, api_settings, settings

API_ENV = ("STEMBOT_ENABLE_API", "STEMBOT_API_TOKEN", "STEMBOT_API_JWT_SECRET", "STEMBOT_API_JWT_METHOD",
           "STEMBOT_CORS_ORIGINS")


@pytest.fixture()
def clean_env(monkeypatch):
    for name in API_ENV:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def rasa_argv(cfg=None):
    svc = next(s for s in runner.services(cfg or settings(), Path("models/x.tar.gz")) if s.name == "rasa")
    return svc.argv


def test_api_is_off_by_default(clean_env):
    argv = rasa_argv()
    assert "--enable-api" not in argv and not any("token" in a or "jwt" in a for a in argv)


def test_enabling_the_api_without_a_token_is_refused_in_one_dutch_line(clean_env):
    clean_env.setenv("STEMBOT_ENABLE_API", "1")
    with pytest.raises(SystemExit) as err:
        rasa_argv()
    message = str(err.value)
    assert "STEMBOT_API_TOKEN" in message and "zonder token" in message and "\n" not in message


def test_a_short_token_is_refused(clean_env):
    clean_env.setenv("STEMBOT_ENABLE_API", "1")
    clean_env.setenv("STEMBOT_API_TOKEN", "geheim")
    with pytest.raises(SystemExit, match="te kort"):
        rasa_argv()


def test_rasa_server_started_by_hand_with_enable_api_but_no_token_refuses(clean_env):
    env = {k: v for k, v in __import__("os").environ.items() if k not in API_ENV}
    proc = subprocess.run([sys.executable, "-m", "bot.rasa_server", "run", "--enable-api"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0 and "STEMBOT_API_TOKEN" in proc.stderr and "Traceback" not in proc.stderr


def test_secrets_are_added_inside_the_process_and_survive_a_leading_dash(clean_env):
    clean_env.setenv("STEMBOT_ENABLE_API", "1")
    clean_env.setenv("STEMBOT_API_TOKEN", "-" + "a" * 31)
    argv = rasa_argv()
    assert "--enable-api" in argv and not any("a" * 31 in a for a in argv)
    extra = http_api.secret_args(argv, api_settings(settings()))
    assert extra == ["--auth-token=-" + "a" * 31]


def test_bad_cors_origins_are_refused(clean_env):
    clean_env.setenv("STEMBOT_CORS_ORIGINS", "https://school.be/chat")
    with pytest.raises(SystemExit, match="geen origin"):
        rasa_argv()
    clean_env.setenv("STEMBOT_CORS_ORIGINS", "https://*.school.be")
    with pytest.raises(SystemExit, match="geen origin"):
        rasa_argv()


def test_a_trailing_slash_is_forgiven(clean_env):
    clean_env.setenv("STEMBOT_CORS_ORIGINS", "https://www.school.be/ http://localhost:8080")
    argv = rasa_argv()
    assert argv[argv.index("--cors") + 1:][:2] == ["https://www.school.be", "http://localhost:8080"]


def test_default_cors_is_the_web_page_only(clean_env):
    cfg = replace(settings(), web_port=8123)
    argv = rasa_argv(cfg)
    cors = argv[argv.index("--cors") + 1:]
    assert cors[:2] == ["http://localhost:8123", "http://127.0.0.1:8123"]


@pytest.mark.model
@pytest.mark.slow
def test_with_the_api_off_its_routes_do_not_exist(stack):
    for path in ("/conversations/x/tracker", "/status", "/model/parse"):
        method = requests.post if path == "/model/parse" else requests.get
        assert method(f"{stack.rasa_url}{path}", timeout=30).status_code == 404, path


@pytest.mark.model
@pytest.mark.slow
def test_with_the_api_on_the_token_is_required(api_stack):
    url = f"{api_stack.rasa_url}/conversations/x/tracker"
    assert requests.get(url, timeout=30).status_code == 401
    assert requests.get(url, params={"token": "wrong-" + api_stack.token}, timeout=30).status_code == 401
    resp = requests.get(url, params={"token": api_stack.token}, timeout=30)
    assert resp.status_code == 200 and resp.json()["sender_id"] == "x"
    parse = requests.post(f"{api_stack.rasa_url}/model/parse", json={"text": "hallo"}, timeout=60)
    assert parse.status_code == 401


@pytest.mark.model
@pytest.mark.slow
def test_the_token_is_not_on_the_command_line(api_stack):
    pid = api_stack.services["rasa"].proc.pid
    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode()
    assert "--enable-api" in cmdline and api_stack.token not in cmdline and api_stack.jwt_secret not in cmdline


@pytest.mark.model
@pytest.mark.slow
def test_jwt_admin_reads_all_a_user_only_its_own_conversation(api_stack):
    import time

    import jwt

    def bearer(user, role, secret=api_stack.jwt_secret):
        claims = {"user": {"username": user, "role": role}, "exp": int(time.time()) + 300}
        return {"Authorization": f"Bearer {jwt.encode(claims, secret, algorithm='HS256')}"}

    url = f"{api_stack.rasa_url}/conversations/{{}}/tracker"
    assert requests.get(url.format("x"), headers=bearer("beheer", "admin"), timeout=30).status_code == 200
    assert requests.get(url.format("leerling-1"), headers=bearer("leerling-1", "user"), timeout=30).status_code == 200
    assert requests.get(url.format("leerling-2"), headers=bearer("leerling-1", "user"), timeout=30).status_code == 403
    forged = bearer("beheer", "admin", secret="x" * 40)
    assert requests.get(url.format("x"), headers=forged, timeout=30).status_code == 401
