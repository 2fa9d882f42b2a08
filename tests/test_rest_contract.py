"""The REST channel answers as README ("Channels › REST") documents it."""

import pytest
import requests

pytestmark = [pytest.mark.model, pytest.mark.slow]


def test_request_and_response_as_documented(stack):
    resp = requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", timeout=60,
                         json={"sender": "leerling-42", "message": "hallo", "metadata": {"bron": "test"}})
    assert resp.status_code == 200 and resp.headers["Content-Type"].startswith("application/json")
    replies = resp.json()
    assert isinstance(replies, list) and replies
    assert all(r["recipient_id"] == "leerling-42" for r in replies)
    assert all(set(r) <= {"recipient_id", "text", "buttons", "image", "custom", "attachment"} for r in replies)
    buttons = [b for r in replies for b in r.get("buttons", [])]
    assert buttons and all(set(b) == {"title", "payload"} for b in buttons)
    assert requests.get(f"{stack.rasa_url}/webhooks/rest/", timeout=30).json() == {"status": "ok"}
