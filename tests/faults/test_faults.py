"""Faults with the real servers: the conversation goes on and nothing is lost.

Action server down or hung, knowledge database unreachable, Rasa restarted, PostgreSQL restarted — each time
the user gets a friendly Dutch reply (never silence, never a 5xx) and the next turn works once the part is
back, with the conversation's history (slots, follow-ups) intact.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
import requests

from bot.channels import messages
from bot.config import ROOT
from bot.loadtest import tracker_user_messages
from tests.fault_stacks import ACTION_TIMEOUT
from tests.servers import free_port, texts

pytestmark = [pytest.mark.model, pytest.mark.slow, pytest.mark.services]

FIGURES_BSO = "hoeveel meisjes zitten er in stem in het bso?"
FOLLOW_UP_KSO = "en in het kso?"


def health(stack) -> dict:
    assert requests.get(f"{stack.rasa_url}/webhooks/rest/", timeout=30).json() == {"status": "ok"}  # liveness
    resp = requests.get(f"{stack.rasa_url}/webhooks/rest/health", timeout=30)
    assert resp.status_code == 200, resp.text
    return resp.json()


def post(stack, sender: str, message: str) -> requests.Response:
    return requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                         timeout=120)


def test_the_stack_stores_conversations_as_make_run_does(fault_stack):
    """The project's endpoints.yml and its redacting tracker store, not a test-only store: a phone number is masked."""
    stack = fault_stack.stack
    argv = stack.services["rasa"].argv
    assert Path(argv[argv.index("--endpoints") + 1]) == ROOT / "endpoints.yml"
    stack.say("store-check", "mijn gsm is 0478 12 34 56")
    stored = tracker_user_messages(fault_stack.tracker_url, ["store-check"])["store-check"]
    assert stored == ["mijn gsm is [telefoon]"], stored


def test_action_server_down_then_back(fault_stack):
    stack = fault_stack.stack
    assert "4%" in texts(stack.say("down", FIGURES_BSO))
    stack.stop("actions")
    try:
        resp = post(stack, "down", "welke initiatieven zijn er voor meisjes?")
        assert resp.status_code == 200
        assert texts(resp.json()) == messages.text(messages.ACTIONS_UNAVAILABLE), stack.log_tail()
        status = health(stack)
        assert status["status"] == "degraded" and status["actions"]["status"] == "unreachable", status
    finally:
        stack.start("actions")
    assert health(stack)["status"] == "ok"
    # The same conversation goes on, with its history: the follow-up still knows "meisjes".
    assert "61,08%" in texts(stack.say("down", FOLLOW_UP_KSO))


def test_hung_action_server_times_out_with_a_friendly_reply(fault_stack):
    stack = fault_stack.stack
    pid = stack.services["actions"].proc.pid
    assert "4%" in texts(stack.say("hung", FIGURES_BSO))
    os.kill(pid, signal.SIGSTOP)  # accepts connections (kernel backlog) but never answers: a hung server
    try:
        started = time.monotonic()
        resp = post(stack, "hung", "welke initiatieven zijn er voor meisjes?")
        waited = time.monotonic() - started
    finally:
        os.kill(pid, signal.SIGCONT)
    assert resp.status_code == 200
    assert texts(resp.json()) == messages.text(messages.ACTIONS_UNAVAILABLE)
    assert ACTION_TIMEOUT - 0.5 <= waited < ACTION_TIMEOUT + 20, f"STEMBOT_ACTION_TIMEOUT not honoured: {waited:.1f}s"
    assert "61,08%" in texts(stack.say("hung", FOLLOW_UP_KSO))


def test_knowledge_database_unreachable(fault_stack):
    stack = fault_stack.stack
    good = stack.env["STEMBOT_DB_URL"]
    stack.env["STEMBOT_DB_URL"] = f"postgresql+psycopg2://postgres@127.0.0.1:{free_port()}/test"  # nobody listens
    stack.restart("actions")
    try:
        reply = texts(stack.say("kb-down", FIGURES_BSO))
        assert "ik kan nu even niets opzoeken" in reply.lower() and "onderwijskiezer.be" in reply, reply
        details = requests.get(f"{stack.actions_url}/health/details", timeout=30).json()
        assert details["status"] == "degraded" and details["knowledge"]["status"] == "unavailable", details
        status = health(stack)
        assert status["status"] == "degraded" and status["knowledge"]["status"] == "unavailable", status
        assert status["actions"]["status"] == "ok"
    finally:
        stack.env["STEMBOT_DB_URL"] = good
        stack.restart("actions")
    assert health(stack)["status"] == "ok"
    assert "4%" in texts(stack.say("kb-down", FIGURES_BSO))


def test_rasa_restart_mid_conversation(fault_stack):
    stack = fault_stack.stack
    assert "4%" in texts(stack.say("rasa-restart", FIGURES_BSO))
    stack.restart("rasa")
    assert "61,08%" in texts(stack.say("rasa-restart", FOLLOW_UP_KSO))
    stored = tracker_user_messages(fault_stack.tracker_url, ["rasa-restart"])["rasa-restart"]
    assert stored == [FIGURES_BSO, FOLLOW_UP_KSO]


def test_postgres_restart_mid_conversation(fault_stack, postgres_control):
    stack = fault_stack.stack
    assert "4%" in texts(stack.say("pg-restart", FIGURES_BSO))
    result = postgres_control("restart")
    assert result.returncode == 0, result.stderr
    # Conversations (tracker store) and knowledge both live in PostgreSQL: both come back on the next turn.
    assert "61,08%" in texts(stack.say("pg-restart", FOLLOW_UP_KSO))
    assert "4%" in texts(stack.say("pg-restart", FIGURES_BSO))
    stored = tracker_user_messages(fault_stack.tracker_url, ["pg-restart"])["pg-restart"]
    assert stored == [FIGURES_BSO, FOLLOW_UP_KSO, FIGURES_BSO]
