"""Bad input to the real action server: a clean 4xx with a Dutch error for malformed calls, never a 5xx.

rasa_sdk alone answers a malformed call with a 500 that echoes the request; bot/action_endpoint.py validates
the call's shape first. Well-formed calls carrying random user text and entities must run (200): an action
that crashes on what a user can type is a bug these tests should find.
"""

from __future__ import annotations

import json
import uuid
import zlib
from functools import lru_cache
from typing import Any, Dict, List

import pytest
import requests
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.action_endpoint import call_problem
from bot.config import ROOT

pytestmark = [pytest.mark.model, pytest.mark.slow]

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=12,
)


@lru_cache(maxsize=1)
def domain() -> Dict[str, Any]:
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def names_of(items: List[Any]) -> List[str]:
    """Domain lists hold names or {name: options}."""
    return [i if isinstance(i, str) else next(iter(i)) for i in items]


def action_names(stack) -> List[str]:
    names = [a["name"] for a in requests.get(f"{stack.actions_url}/actions", timeout=30).json()]
    assert names, "the action server lists no actions"
    return names


def call(action: str, text: str = "hallo", intent: str = "greet", entities=None, slots=None) -> Dict[str, Any]:
    tracker = {"sender_id": f"bad-actions-{uuid.uuid4().hex[:8]}", "slots": slots or {},
               "latest_message": {"text": text, "intent": {"name": intent, "confidence": 0.9},
                                  "entities": entities or []},
               "events": [], "paused": False, "followup_action": None, "active_loop": {},
               "latest_action_name": "action_listen"}
    return {"next_action": action, "sender_id": tracker["sender_id"], "tracker": tracker, "domain": domain(),
            "version": "3.6.21"}


def post(stack, body: bytes, **headers) -> requests.Response:
    return requests.post(f"{stack.actions_url}/webhook", data=body,
                         headers={"Content-Type": "application/json", **headers}, timeout=60)


def assert_clean(resp: requests.Response) -> Any:
    assert resp.status_code < 500, f"{resp.status_code}: {resp.text[:400]}"
    assert "Traceback" not in resp.text
    body = resp.json()
    if resp.status_code >= 400:
        assert isinstance(body, dict) and body.get("error"), body
    return body


# --- the shape check itself ----------------------------------------------------------------------------------
def test_call_problem_names_what_is_wrong():
    assert call_problem(call("action_topic")) is None
    assert "next_action" in call_problem({"tracker": {}})
    assert "tracker" in call_problem({"next_action": "x"})
    assert "sender_id" in call_problem({"next_action": "x", "tracker": {}})
    bad = call("action_topic")
    bad["tracker"]["latest_message"]["entities"] = "initiative"
    assert "entities" in call_problem(bad)
    assert "object" in call_problem([1, 2])


# --- malformed calls over HTTP ------------------------------------------------------------------------------
@pytest.mark.parametrize("body", [b"", b"{", b"null", b"[]", b"\xff\xfe", b"{\"next_action\": 5}",
                                  b"{\"next_action\": \"action_topic\"}",
                                  b"{\"next_action\": \"action_topic\", \"tracker\": []}"])
def test_malformed_calls_get_400(stack, body):
    resp = post(stack, body)
    assert resp.status_code == 400, resp.text
    assert assert_clean(resp)["error"].startswith("Ongeldige actie-oproep")


def test_unknown_action_is_404_without_echo(stack):
    resp = post(stack, json.dumps(call("action_does_not_exist")).encode())
    assert resp.status_code == 404
    assert "request_body" not in assert_clean(resp)


def test_broken_deflate_is_400(stack):
    assert post(stack, b"not deflated", **{"Content-Encoding": "deflate"}).status_code == 400
    good = post(stack, zlib.compress(json.dumps(call("action_topic")).encode()), **{"Content-Encoding": "deflate"})
    assert good.status_code == 200, good.text


def test_every_action_runs_on_a_plain_call(stack):
    for name in action_names(stack):
        resp = post(stack, json.dumps(call(name, "wat is stem?", "ask_stem")).encode())
        body = assert_clean(resp)
        assert resp.status_code == 200, f"{name}: {resp.status_code} {resp.text[:300]}"
        assert "events" in body and "responses" in body


# --- property-based ------------------------------------------------------------------------------------------
@PROPERTY
@given(body=st.binary(max_size=300))
def test_any_bytes(stack, body):
    assert_clean(post(stack, body))


@PROPERTY
@given(payload=JSON_VALUES)
def test_any_json(stack, payload):
    assert_clean(post(stack, json.dumps(payload).encode()))


@PROPERTY
@given(data=st.data(), text=st.text(max_size=200))
def test_any_user_text_and_entities_run_every_action(stack, data, text):
    names = action_names(stack)
    action = data.draw(st.sampled_from(names))
    intent = data.draw(st.sampled_from(names_of(domain()["intents"])))
    entities = data.draw(st.lists(st.fixed_dictionaries({
        "entity": st.sampled_from(names_of(domain()["entities"])), "value": st.text(max_size=30) | st.integers()}),
        max_size=3))
    resp = post(stack, json.dumps(call(action, text, intent, entities)).encode())
    assert_clean(resp)
    assert resp.status_code == 200, f"{action} on {text!r} {entities}: {resp.status_code} {resp.text[:300]}"


def test_unknown_paths_and_methods_are_dutch_4xx(stack):
    missing = requests.get(f"{stack.actions_url}/nope", timeout=30)
    assert missing.status_code == 404 and "bestaat niet" in missing.json()["error"]
    wrong = requests.get(f"{stack.actions_url}/webhook", timeout=30)
    assert 400 <= wrong.status_code < 500 and wrong.json()["error"].startswith("Ongeldig verzoek")
