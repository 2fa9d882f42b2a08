"""Bad input over the real REST channel: always a reply or a clean 4xx with a Dutch error, never a 5xx.

Explicit classes (empty, 100 kB, malformed JSON, missing fields, wrong types, invalid UTF-8, HTML/script,
SQL-looking text, emoji-only, right-to-left text, control characters) and property-based tests (hypothesis)
with random bodies, random JSON and random text.
"""

from __future__ import annotations

import json
import uuid
from typing import Any, Optional

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels import messages
from bot.config import settings as bot_settings
from tests.servers import texts

pytestmark = [pytest.mark.model, pytest.mark.slow]

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


def webhook(stack) -> str:
    return f"{stack.rasa_url}/webhooks/rest/webhook"


def post_raw(stack, body: bytes, content_type: str = "application/json") -> requests.Response:
    return requests.post(webhook(stack), data=body, headers={"Content-Type": content_type}, timeout=120)


def post_json(stack, payload: Any) -> requests.Response:
    return post_raw(stack, json.dumps(payload).encode("utf-8"))


def assert_clean(resp: requests.Response, message: Optional[str] = None) -> Any:
    """A 200 with at least one bot message, or a 4xx with a Dutch JSON error; never a 5xx or a stack trace."""
    assert resp.status_code < 500, f"{resp.status_code}: {resp.text[:300]}"
    assert "Traceback" not in resp.text and "File \"/" not in resp.text, resp.text[:300]
    body = resp.json()
    if resp.status_code == 200:
        assert isinstance(body, list), body
        if not (message or "").lstrip().startswith("/"):  # "/intent" payloads (buttons) may be answered by silence
            assert body, f"no reply to {message!r}"
        for item in body:
            assert isinstance(item, dict) and (item.get("text") or item.get("buttons") or item.get("custom")), item
    else:
        assert 400 <= resp.status_code < 500
        assert isinstance(body, dict) and body.get("error", "").startswith("Ongeldig"), body
    return body


def sender() -> str:
    return f"bad-input-{uuid.uuid4().hex[:10]}"


# --- malformed requests: 400 with a Dutch error ------------------------------------------------------------
@pytest.mark.parametrize("body", [
    b"", b"{not json", b"null", b"[]", b"\"hallo\"", b"42", b"{\"sender\": \"a\", \"message\": \"hoi\"",
    "{\"sender\": \"a\", \"message\": \"caf\xe9\"}".encode("latin-1"),  # invalid UTF-8
    b"\xff\xfe\x00h\x00a", b"{\"sender\": \"a\", \"message\": \"\\ud800\"}",  # a lone surrogate
    b"[" * 5000 + b"]" * 5000,  # nesting deeper than the parser allows
], ids=["empty", "broken", "null", "list", "string", "number", "unclosed", "latin1", "utf16", "surrogate", "deep"])
def test_malformed_bodies_get_400(stack, body):
    resp = post_raw(stack, body)
    assert resp.status_code == 400, resp.text
    assert_clean(resp)


@pytest.mark.parametrize("payload", [
    {"message": "hallo"}, {"sender": "a"}, {}, {"sender": None, "message": "hallo"},
    {"sender": "a", "message": None}, {"sender": "a", "message": 42}, {"sender": "a", "message": ["hallo"]},
    {"sender": "a", "message": {"text": "hallo"}}, {"sender": ["a"], "message": "hallo"},
    {"sender": True, "message": "hallo"}, {"sender": "", "message": "hallo"}, {"sender": "a" * 500, "message": "x"},
    {"sender": "a\x00b", "message": "hallo"}, {"sender": "a", "message": "hallo", "metadata": "x"},
    {"sender": "a", "message": "hallo", "input_channel": 5},
])
def test_missing_fields_and_wrong_types_get_400(stack, payload):
    resp = post_json(stack, payload)
    assert resp.status_code == 400, resp.text
    assert_clean(resp)


def test_wrong_method_and_content_type_are_4xx(stack):
    assert 400 <= requests.get(webhook(stack), timeout=30).status_code < 500
    resp = post_raw(stack, json.dumps({"sender": sender(), "message": "hallo"}).encode(), "text/plain")
    assert_clean(resp, "hallo")  # the body decides, not the header


# --- odd but valid messages: a friendly reply ---------------------------------------------------------------
@pytest.mark.parametrize("text", ["", " ", "\n\t  \r\n", "\u3000\u00a0"])
def test_empty_or_whitespace_gets_a_question_back(stack, text):
    body = assert_clean(post_json(stack, {"sender": sender(), "message": text}), text or "x")
    assert texts(body) == messages.text(messages.EMPTY_MESSAGE)


def test_100_kb_message_is_capped_with_a_friendly_reply(stack):
    limit = bot_settings().max_message_chars
    body = assert_clean(post_json(stack, {"sender": sender(), "message": "wat is stem? " * 8000}), "x")
    assert texts(body) == messages.text(messages.MESSAGE_TOO_LONG, max_chars=limit)
    assert str(limit) in texts(body)
    at_limit = assert_clean(post_json(stack, {"sender": sender(), "message": "a" * limit}), "x")
    assert texts(at_limit) != texts(body)  # the cap is "longer than", not "as long as"


@pytest.mark.parametrize("text", [
    "<script>alert('x')</script>", "<b>hallo</b> <img src=x onerror=alert(1)>",
    "'; DROP TABLE events; --", "1 OR 1=1; SELECT * FROM kb_entries", "\" OR \"\"=\"",
    "🙂🙂🙂", "👩‍🔬🧪🔭", "🤖",
    "مرحبا، ما هو STEM؟", "שלום, מה זה STEM?", "\u202eSTEM\u202c wat is dat",
    "hallo\x00wereld", "a\x07b\x1bc", "zero\u200bwidth", "%s %d {0} {message}", "${jndi:ldap://x}",
    "/", "/greet{bad json", "/nonexistent_intent", "/ask_initiative{\"entry\": [1, 2]}",
    "wat is stem?" * 80,
])
def test_odd_messages_get_a_reply(stack, text):
    body = assert_clean(post_json(stack, {"sender": sender(), "message": text}), text)
    assert messages.text(messages.INTERNAL_ERROR) not in texts(body), f"Rasa failed on {text!r}"


def test_bad_input_does_not_break_the_conversation(stack):
    user = sender()
    for payload in ({"sender": user, "message": None}, {"sender": user, "message": ""},
                    {"sender": user, "message": "x" * 5000}, {"sender": user, "message": "<script>"}):
        assert_clean(post_json(stack, payload), "x")
    assert "wetenschap" in texts(stack.say(user, "wat is STEM?")).lower()


# --- property-based ------------------------------------------------------------------------------------------
@PROPERTY
@given(body=st.binary(max_size=400))
def test_any_bytes(stack, body):
    assert_clean(post_raw(stack, body))


@PROPERTY
@given(payload=JSON_VALUES)
def test_any_json(stack, payload):
    assert_clean(post_json(stack, payload))


@PROPERTY
@given(sender_value=JSON_VALUES, message_value=JSON_VALUES, metadata=st.none() | JSON_VALUES)
def test_any_field_values(stack, sender_value, message_value, metadata):
    payload = {"sender": sender_value, "message": message_value}
    if metadata is not None:
        payload["metadata"] = metadata
    assert_clean(post_json(stack, payload), message_value if isinstance(message_value, str) else None)


@PROPERTY
@given(text=st.text(max_size=300))
def test_any_text_gets_a_reply(stack, text):
    body = assert_clean(post_json(stack, {"sender": sender(), "message": text}), text)
    assert messages.text(messages.INTERNAL_ERROR) not in texts(body), f"Rasa failed on {text!r}"
