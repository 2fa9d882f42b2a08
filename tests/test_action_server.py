"""The action server entry point keeps TensorFlow and JAX out of its process and still serves the actions."""

from __future__ import annotations

import http.client
import subprocess
import sys
import time

import pytest
import requests

from bot.config import ROOT
from bot.run import wait_healthy


def test_spacy_and_the_actions_load_without_tensorflow_or_jax():
    code = ("from bot.action_server import block_unused_backends; block_unused_backends(); "
            "import actions.figures, spacy, thinc.compat as c, sys; "
            "from bench.stack import rss_tree; import os; "
            "print(c.has_tensorflow, 'tensorflow' in sys.modules and sys.modules['tensorflow'] is not None, "
            "rss_tree(os.getpid()) // 2**20)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    has_tf, loaded, rss_mb = out.stdout.split()
    assert has_tf == "False" and loaded == "False"
    assert int(rss_mb) < 400  # with TensorFlow imported by thinc it is about 590 MB


@pytest.mark.slow
def test_action_server_answers_a_figure_question():
    from tests.servers import Stack

    with Stack("action-server", names=("actions",)) as stack:
        svc = stack.services["actions"]
        assert svc.argv[1:3] == ["-m", "bot.action_server"] and wait_healthy(svc, 5)
        tracker = {"sender_id": "t", "slots": {}, "latest_message": {
            "text": "hoeveel meisjes zitten er in stem in het bso?", "intent": {"name": "ask_figure"},
            "entities": [{"entity": "gender", "value": "meisjes"}, {"entity": "onderwijsvorm", "value": "bso"}]},
            "events": [], "paused": False, "followup_action": None, "active_loop": {}, "latest_action_name": None}
        resp = requests.post(f"{stack.actions_url}/webhook", timeout=60, json={
            "next_action": "action_figure", "sender_id": "t", "tracker": tracker, "domain": {}, "version": "3.6.2"})
        assert resp.status_code == 200, resp.text[:500]
        assert "4%" in str(resp.json()["responses"]), resp.json()
        _idle_connection_stays_open(stack.cfg.actions_port)


def _idle_connection_stays_open(port: int) -> None:
    """An idle connection outlives Sanic's default keep-alive (5 s) by far more than Rasa keeps it (2 s), so Rasa
    never sends a call on a connection the action server is closing (bot/action_endpoint.py)."""
    from bot.action_endpoint import KEEP_ALIVE_SECONDS
    from bot.patches.endpoint_session import KEEPALIVE_SECONDS

    assert KEEP_ALIVE_SECONDS >= 10 * KEEPALIVE_SECONDS
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", "/health")
        assert conn.getresponse().read() and conn.sock is not None
        first = conn.sock
        time.sleep(6)
        conn.request("GET", "/health")  # http.client does not reconnect an open socket: a closed one fails here
        resp = conn.getresponse()
        assert resp.status == 200 and conn.sock is first, "the action server closed an idle connection after 6 s"
        resp.read()
    finally:
        conn.close()


def test_stembot_kb_commands_run_without_tensorflow():
    code = ("import sys; from bot.cli import main; sys.argv = ['stembot', 'kb', 'check']; rc = main(); "
            "import thinc.compat as c; print(rc, c.has_tensorflow, sys.modules.get('tensorflow') is None)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[-3:] == ["0", "False", "True"], out.stdout
