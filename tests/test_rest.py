"""End to end over the real REST channel: a trained model, the action server and Rasa on free ports."""

import socket
import subprocess
from dataclasses import replace

import pytest
import requests

from bot import run as runner
from bot.config import ROOT, settings

pytestmark = [pytest.mark.model, pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


LOG = ROOT / "test-artifacts" / "rest-servers.log"


@pytest.fixture(scope="module")
def bot_url():
    model = ROOT / "models" / "stembot.tar.gz"
    if not model.exists():
        pytest.fail("no trained model: run `make train` (make test does this)")
    cfg = replace(settings(), rasa_port=free_port(), actions_port=free_port(), web_port=free_port())
    env = runner.child_env(cfg)
    services = [s for s in runner.services(cfg, model) if s.name != "web"]
    LOG.parent.mkdir(exist_ok=True)
    log = LOG.open("wb")
    for svc in services:  # logs kept so that a failing turn can show what the servers said
        svc.proc = subprocess.Popen(svc.argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        for svc in services:
            assert runner.wait_healthy(svc, timeout=240), f"{svc.name} did not start"
        yield f"http://127.0.0.1:{cfg.rasa_port}"
    finally:
        runner.stop_all(services)
        log.close()


def say(url: str, sender: str, message: str):
    resp = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60)
    assert resp.status_code == 200
    if not resp.json():  # Rasa answers [] when handling the message raised: show why
        tail = LOG.read_text(encoding="utf-8", errors="replace")[-4000:] if LOG.exists() else ""
        raise AssertionError(f"no reply to {message!r}; server log tail:\n{tail}")
    return resp.json()


def texts(replies) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def test_hallo_gets_a_dutch_greeting(bot_url):
    reply = texts(say(bot_url, "a", "hallo"))
    assert "stembot" in reply.lower() and ("hoi" in reply.lower() or "dag" in reply.lower())


def test_first_conversation(bot_url):
    user = "first-conversation"
    assert "wetenschap" in texts(say(bot_url, user, "wat is STEM?")).lower()
    assert "kan je" in texts(say(bot_url, user, "wat kan je allemaal?")).lower() or \
        "kan je me" in texts(say(bot_url, user, "wat kan je allemaal?")).lower()
    assert "graag gedaan" in texts(say(bot_url, user, "merci!")).lower() or \
        "plezier" in texts(say(bot_url, user, "dankjewel")).lower()
    assert "weet ik niet" in texts(say(bot_url, user, "wat voor weer wordt het morgen?")).lower()
    bye = texts(say(bot_url, user, "oke daag!")).lower()
    assert "daag" in bye or "tot ziens" in bye, bye


def test_safety_wins(bot_url):
    reply = texts(say(bot_url, "safety", "ik word gepest en wil weten wat stem is"))
    assert "102" in reply


def test_figures_with_follow_up(bot_url):
    user = "figures"
    assert "4%" in texts(say(bot_url, user, "hoeveel meisjes zitten er in stem in het bso?"))
    assert "61,08%" in texts(say(bot_url, user, "en in het kso?"))


def test_bad_requests_get_4xx(bot_url):
    resp = requests.post(f"{bot_url}/webhooks/rest/webhook", data="{not json", timeout=30,
                         headers={"Content-Type": "application/json"})
    assert 400 <= resp.status_code < 500
