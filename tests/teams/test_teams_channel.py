"""Teams end to end, offline: a Bot Framework activity in, the Dutch reply out at the (local) Bot Connector.

The real action server and Rasa with the trained model run with STEMBOT_TEAMS_* pointing at the local Microsoft
(tests/teams/conftest.py), exactly as `stembot run` would start them for a school with a Teams registration.
"""

from __future__ import annotations

import pytest
import requests

from tests.servers import Stack

pytestmark = [pytest.mark.model, pytest.mark.slow]


@pytest.fixture(scope="module")
def teams_stack(microsoft):
    with Stack("teams", env=microsoft.env()) as running:
        yield running


def post(stack, activity, token=None, microsoft=None):
    headers = {"Authorization": f"Bearer {token or microsoft.token(activity)}"} if (token or microsoft) else {}
    return requests.post(f"{stack.rasa_url}/webhooks/botframework/webhook", json=activity, headers=headers,
                         timeout=120)


def reply_texts(replies):
    out = []
    for reply in replies:
        activity = reply["activity"]
        out.append(activity.get("text", ""))
        for attachment in activity.get("attachments", []):
            out.append(attachment.get("content", {}).get("text", ""))
    return "\n".join(out)


def test_dutch_answer_reaches_the_teams_conversation(teams_stack, microsoft):
    conversation = "a:1teams-personal-chat;messageid=1700000000001"
    activity = microsoft.activity("wat is STEM?", conversation)
    resp = post(teams_stack, activity, microsoft=microsoft)
    assert resp.status_code == 200, resp.text
    replies = microsoft.replies_to(conversation)
    assert replies, f"no reply reached the Bot Connector\n{teams_stack.log_tail()}"
    assert "wetenschap" in reply_texts(replies).lower()
    first = replies[0]
    assert first["authorization"] == f"Bearer {microsoft.access_token}"
    assert first["activity"]["type"] == "message"
    assert first["activity"]["recipient"]["id"] == "29:local-user"
    assert first["activity"]["from"]["id"] == f"28:{microsoft.app_id}"
    assert first["activity"]["replyToId"] == activity["id"]
    token_request = microsoft.token_requests[0]
    assert token_request["client_id"] == microsoft.app_id
    assert token_request["client_secret"] == microsoft.app_password
    assert token_request["grant_type"] == "client_credentials"
    assert token_request["scope"] == "https://api.botframework.com/.default"


def test_buttons_are_card_actions_and_a_click_is_understood(teams_stack, microsoft):
    conversation = "a:1teams-buttons"
    assert post(teams_stack, microsoft.activity("hallo", conversation, user="29:buttons"),
                microsoft=microsoft).status_code == 200
    cards = [a for r in microsoft.replies_to(conversation) for a in r["activity"].get("attachments", [])]
    assert cards, reply_texts(microsoft.replies_to(conversation))
    actions = cards[0]["content"]["buttons"]
    stem = next(a for a in actions if a["title"] == "Wat is STEM?")
    assert stem["type"] == "messageBack" and stem["text"].startswith("/")
    before = len(microsoft.replies_to(conversation))
    click = microsoft.activity(stem["text"], conversation, user="29:buttons")
    assert post(teams_stack, click, microsoft=microsoft).status_code == 200
    assert "wetenschap" in reply_texts(microsoft.replies_to(conversation)[before:]).lower()


def test_a_mention_in_a_team_channel_is_ignored(teams_stack, microsoft):
    conversation = "19:klas-5b@thread.tacv2;messageid=1700000000002"
    activity = microsoft.activity("<at>stembot</at> wat is STEM?", conversation, user="29:mention")
    assert post(teams_stack, activity, microsoft=microsoft).status_code == 200
    assert "wetenschap" in reply_texts(microsoft.replies_to(conversation)).lower()


def test_the_bot_token_is_reused(teams_stack, microsoft):
    assert post(teams_stack, microsoft.activity("hallo", "a:1reuse", user="29:reuse"),
                microsoft=microsoft).status_code == 200
    assert len(microsoft.token_requests) == 1


def test_forged_or_missing_tokens_are_refused_and_nothing_is_sent(teams_stack, microsoft):
    from cryptography.hazmat.primitives.asymmetric import rsa

    conversation = "a:1forged"
    activity = microsoft.activity("wat is STEM?", conversation)
    assert post(teams_stack, activity).status_code == 401
    forged = microsoft.token(activity, key=rsa.generate_private_key(public_exponent=65537, key_size=2048))
    assert post(teams_stack, activity, token=forged).status_code == 401
    elsewhere = dict(activity, serviceUrl="http://127.0.0.1:9")  # replies must not be redirectable
    assert post(teams_stack, elsewhere, token=microsoft.token(activity)).status_code == 401
    assert microsoft.replies_to(conversation) == []


def test_bad_activities_get_4xx(teams_stack, microsoft):
    url = f"{teams_stack.rasa_url}/webhooks/botframework/webhook"
    assert 400 <= requests.post(url, data="{kapot", headers={"Content-Type": "application/json"},
                                timeout=30).status_code < 500
    incomplete = microsoft.activity("hallo", "a:1incomplete")
    del incomplete["from"]
    resp = post(teams_stack, incomplete, microsoft=microsoft)
    assert resp.status_code == 400 and "from.id" in resp.text


def test_teams_is_off_without_credentials(stack):
    """The session stack has no STEMBOT_TEAMS_*: the webhook exists but refuses, in Dutch, and sends nothing."""
    resp = requests.post(f"{stack.rasa_url}/webhooks/botframework/webhook", json={"type": "message"}, timeout=30)
    assert resp.status_code == 503 and "STEMBOT_TEAMS_APP_ID" in resp.text and "zie docs/teams.md" in resp.text
    assert requests.get(f"{stack.rasa_url}/webhooks/botframework/", timeout=30).json() == {"status": "disabled"}
