"""The pieces behind the fault tests, each against something real but small: the patches on a real RemoteAction
talking to a closed port, a hung socket and a rejecting HTTP server; the REST channel's parser; the health
checks on a real database and a closed port; the configuration."""

from __future__ import annotations

import asyncio
import json
import socket
import time
from dataclasses import replace
from pathlib import Path

import pytest
from aiohttp import web
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot import health
from bot.channels import messages
from bot.channels.rest import BadRequest, RestInput, parse_body
from bot.config import ROOT, settings
from bot.patches import action_failure, action_timeout, sql_pre_ping
from tests.servers import free_port


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


@pytest.fixture()
def patched(monkeypatch):
    monkeypatch.setenv("STEMBOT_ACTION_TIMEOUT", "1.5")
    import rasa.core.actions.action as action_module

    monkeypatch.setattr(action_module, "DEFAULT_REQUEST_TIMEOUT", action_module.DEFAULT_REQUEST_TIMEOUT)
    monkeypatch.setattr(RemoteAction, "run", RemoteAction.run)  # undone after the test
    action_timeout.apply()
    action_failure.apply()


def run_remote(url: str, domain: Domain, tracker=None):
    tracker = tracker or DialogueStateTracker("unit", domain.slots)
    nlg = TemplatedNaturalLanguageGenerator(domain.responses)
    action = RemoteAction("action_topic", EndpointConfig(url))
    return asyncio.run(action.run(CollectingOutputChannel(), nlg, tracker, domain))


def test_timeout_patch_reads_the_environment(monkeypatch):
    import rasa.core.actions.action as action_module

    monkeypatch.setattr(action_module, "DEFAULT_REQUEST_TIMEOUT", 300)
    monkeypatch.setenv("STEMBOT_ACTION_TIMEOUT", "2.5")
    assert action_timeout.apply() is True and action_module.DEFAULT_REQUEST_TIMEOUT == 2.5
    assert action_timeout.apply() is False


def test_action_server_down_becomes_a_friendly_message(patched, domain):
    events = run_remote(f"http://127.0.0.1:{free_port()}/webhook", domain)
    assert len(events) == 1 and isinstance(events[0], BotUttered)
    assert events[0].text == messages.text(messages.ACTIONS_UNAVAILABLE)


def test_hung_action_server_is_cut_off_by_the_timeout(patched, domain):
    with socket.socket() as server:  # listens, accepts into the backlog, never answers
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        started = time.monotonic()
        events = run_remote(f"http://127.0.0.1:{server.getsockname()[1]}/webhook", domain)
    assert 1.0 < time.monotonic() - started < 10
    assert [e.text for e in events] == [messages.text(messages.ACTIONS_UNAVAILABLE)]


def test_failure_message_is_said_once_per_turn(patched, domain):
    tracker = DialogueStateTracker("unit", domain.slots)
    tracker.update(UserUttered("hoi"))
    tracker.update(BotUttered(messages.text(messages.ACTIONS_UNAVAILABLE)))
    assert run_remote(f"http://127.0.0.1:{free_port()}/webhook", domain, tracker) == []
    tracker.update(UserUttered("en nu?"))
    assert len(run_remote(f"http://127.0.0.1:{free_port()}/webhook", domain, tracker)) == 1


def test_rejection_still_reaches_the_form_logic(patched, domain):
    async def reject(_request):
        return web.json_response({"action_name": "action_topic", "error": "nee"}, status=400)

    async def scenario():
        app = web.Application()
        app.router.add_post("/webhook", reject)
        runner = web.AppRunner(app)
        await runner.setup()
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        try:
            nlg = TemplatedNaturalLanguageGenerator(domain.responses)
            action = RemoteAction("action_topic", EndpointConfig(f"http://127.0.0.1:{port}/webhook"))
            with pytest.raises(ActionExecutionRejection):
                await action.run(CollectingOutputChannel(), nlg, DialogueStateTracker("u", domain.slots), domain)
        finally:
            await runner.cleanup()

    asyncio.run(scenario())


def test_tracker_store_engines_ping_before_use(tmp_path, monkeypatch):
    import rasa.core.tracker_store as tracker_store

    monkeypatch.setattr(tracker_store, "create_engine_kwargs", tracker_store.create_engine_kwargs)
    sql_pre_ping.apply()
    assert tracker_store.create_engine_kwargs("postgresql://u@127.0.0.1/db")["pool_pre_ping"] is True
    store = tracker_store.SQLTrackerStore(dialect="sqlite", db=str(tmp_path / "t.db"))
    assert store.engine.pool._pre_ping is True


# --- texts ----------------------------------------------------------------------------------------------------
def test_texts_come_from_domain_yml_with_a_fallback():
    assert messages.text(messages.NO_REPLY) == Domain.load(str(ROOT / "domain.yml")).responses[
        "utter_default"][0]["text"]
    for name in messages.FALLBACKS:
        sentence = messages.text(name, max_chars=1000, detail="x")
        assert sentence and "{" not in sentence


# --- the REST channel's parser ------------------------------------------------------------------------------
def test_parser_cleans_control_characters_and_accepts_numeric_senders():
    incoming = parse_body(b'{"sender": 7, "message": "a\\u0000b\\u001bc\\nd", "metadata": {"k": 1}}')
    assert incoming.sender == "7" and incoming.text == "a b c\nd" and incoming.metadata == {"k": 1}


@pytest.mark.parametrize("body", [b"", b"[1]", b'{"sender": "a"}', b'{"sender": "a", "message": 1}',
                                  b'{"sender": " ", "message": "x"}', b'{"sender": "a", "message": "\\udfff"}'])
def test_parser_refuses_with_a_dutch_400(body):
    with pytest.raises(BadRequest) as refused:
        parse_body(body)
    assert refused.value.status == 400 and refused.value.message.startswith("Ongeldig verzoek")


def test_parser_refuses_huge_bodies_with_413():
    with pytest.raises(BadRequest) as refused:
        parse_body(b'{"sender": "a", "message": "' + b"x" * 1_100_000 + b'"}')
    assert refused.value.status == 413


def test_length_cap_and_empty_messages_are_answered_by_the_channel():
    channel = RestInput(max_message_chars=10)
    assert channel.early_reply(parse_body(b'{"sender": "a", "message": "0123456789"}')) is None
    too_long = channel.early_reply(parse_body(b'{"sender": "a", "message": "0123456789!"}'))
    assert too_long == [{"recipient_id": "a", "text": messages.text(messages.MESSAGE_TOO_LONG, max_chars=10)}]
    assert "10" in too_long[0]["text"]
    empty = channel.early_reply(parse_body(b'{"sender": "a", "message": " \\n\\t"}'))
    assert empty[0]["text"] == messages.text(messages.EMPTY_MESSAGE)


# --- health checks ----------------------------------------------------------------------------------------------
def test_knowledge_status_ok_on_a_loaded_database(session_kb):
    status = health.knowledge_status(session_kb.url)
    assert status["status"] == "ok" and status["version"] == session_kb.version()


def test_knowledge_status_unavailable_on_a_closed_port_and_an_empty_database(tmp_path):
    started = time.monotonic()
    closed = health.knowledge_status(f"postgresql+psycopg2://postgres@127.0.0.1:{free_port()}/test")
    assert closed["status"] == "unavailable" and time.monotonic() - started < 10
    empty = health.knowledge_status(f"sqlite:///{tmp_path / 'empty.db'}")
    assert empty["status"] == "unavailable"


def test_stack_status_is_degraded_without_an_action_server():
    status = asyncio.run(health.stack_status(f"http://127.0.0.1:{free_port()}/webhook", timeout=2))
    assert status["status"] == "degraded" and status["actions"]["status"] == "unreachable"
    assert health.actions_base_url("http://h:1/webhook") == "http://h:1"


# --- configuration ----------------------------------------------------------------------------------------------
def test_configuration_defaults_and_errors(monkeypatch):
    for name in ("STEMBOT_ACTION_TIMEOUT", "STEMBOT_MAX_MESSAGE_CHARS", "STEMBOT_ENDPOINTS"):
        monkeypatch.delenv(name, raising=False)
    cfg = settings()
    assert cfg.action_timeout == 10.0 and cfg.max_message_chars == 1000 and cfg.endpoints == ROOT / "endpoints.yml"
    monkeypatch.setenv("STEMBOT_ENDPOINTS", "/tmp/other.yml")
    assert settings().endpoints == Path("/tmp/other.yml")
    monkeypatch.setenv("STEMBOT_ACTION_TIMEOUT", "soon")
    with pytest.raises(SystemExit, match="STEMBOT_ACTION_TIMEOUT"):
        settings()


def test_runner_uses_the_endpoints_setting_and_the_hardened_action_server():
    from bot import run

    cfg = replace(settings(), endpoints=Path("/tmp/e.yml"))
    services = {s.name: s for s in run.services(cfg, Path("models/x.tar.gz"))}
    assert services["actions"].argv[1:3] == ["-m", "bot.action_server"]
    argv = services["rasa"].argv
    assert argv[argv.index("--endpoints") + 1] == "/tmp/e.yml"


# --- the load client's checks -------------------------------------------------------------------------------------
def test_check_tracker_finds_missing_and_reordered_messages(tmp_path, domain):
    from rasa.core.tracker_store import SQLTrackerStore

    from bot.loadtest import LoadResult, check_tracker

    store = SQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "tracker.db"))
    tracker = DialogueStateTracker("load-00", domain.slots)
    for message in ("hallo", "wat is STEM?", "merci!"):
        tracker.update(UserUttered(message))
        tracker.update(BotUttered("antwoord"))
    asyncio.run(store.save(tracker))
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    result = LoadResult(users=1, duration=1, latencies=[0.1, 0.2, 0.3, 0.4])
    result.conversations = {"load-00": ["hallo", "wat is STEM?", "merci!"]}
    assert check_tracker(result, url) == []
    result.conversations = {"load-00": ["hallo", "merci!", "wat is STEM?"]}
    assert "first difference at turn 1" in check_tracker(result, url)[0]
    result.conversations = {"load-00": ["hallo", "wat is STEM?", "merci!", "daag"], "load-01": ["hallo"]}
    assert len(check_tracker(result, url)) == 2
    assert result.percentile(95) == 0.4 and result.percentile(50) == 0.2


def test_a_broken_connection_is_tried_once_more(patched, domain):
    """The first connection is closed by the server at once (as seen under load); the retry gets the answer."""
    answer = json.dumps({"events": [], "responses": [{"text": "tweede poging"}]}).encode()
    connections = []

    async def serve(reader, writer):
        connections.append(1)
        if len(connections) == 1:
            writer.transport.abort()  # reset before reading anything
            return
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
                     b"Connection: close\r\n\r\n%s" % (len(answer), answer))
        await writer.drain()
        writer.close()

    async def scenario():
        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            nlg = TemplatedNaturalLanguageGenerator(domain.responses)
            action = RemoteAction("action_topic", EndpointConfig(f"http://127.0.0.1:{port}/webhook"))
            return await action.run(CollectingOutputChannel(), nlg, DialogueStateTracker("u", domain.slots), domain)
        finally:
            server.close()

    events = asyncio.run(scenario())
    assert len(connections) == 2
    assert [e.text for e in events] == ["tweede poging"]


def test_action_endpoint_extensions_register_once():
    from rasa_sdk.plugin import plugin_manager

    from bot.action_endpoint import _Plugin, register

    register()
    assert register() is False
    assert sum(isinstance(p, _Plugin) for p in plugin_manager().get_plugins()) == 1
