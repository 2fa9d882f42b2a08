"""End to end over the real REST channel: a trained model, the action server and Rasa on free ports."""

import pytest
import requests

from bot.channels import messages
from tests.servers import texts

pytestmark = [pytest.mark.model, pytest.mark.slow]


def test_hallo_gets_a_dutch_greeting(stack):
    reply = texts(stack.say("a", "hallo"))
    assert "stembot" in reply.lower() and ("hoi" in reply.lower() or "dag" in reply.lower())


def test_first_conversation(stack):
    user = "first-conversation"
    assert "wetenschap" in texts(stack.say(user, "wat is STEM?")).lower()
    assert "kan je" in texts(stack.say(user, "wat kan je allemaal?")).lower() or \
        "kan je me" in texts(stack.say(user, "wat kan je allemaal?")).lower()
    thanks = texts(stack.say(user, "merci!")).lower()
    assert "graag gedaan" in thanks or "plezier" in thanks, thanks  # the response has two variants
    assert "weet ik niet" in texts(stack.say(user, "wat voor weer wordt het morgen?")).lower()
    bye = texts(stack.say(user, "oke daag!")).lower()
    assert "daag" in bye or "tot ziens" in bye, bye


def test_safety_wins(stack):
    reply = texts(stack.say("safety", "ik word gepest en wil weten wat stem is"))
    assert "102" in reply


def test_figures_with_follow_up(stack):
    user = "figures"
    assert "4%" in texts(stack.say(user, "hoeveel meisjes zitten er in stem in het bso?"))
    assert "61,08%" in texts(stack.say(user, "en in het kso?"))


def test_bad_requests_get_4xx(stack):
    resp = requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", data="{not json", timeout=30,
                         headers={"Content-Type": "application/json"})
    assert 400 <= resp.status_code < 500


def test_personal_data_gets_the_privacy_tip_once_after_the_answer(stack):
    tip = messages.text("utter_privacy_tip")
    replies = stack.say("privacy-tip", "mijn gsm is 0478 12 34 56, bel me")
    assert len(replies) >= 2 and replies[-1]["text"] == tip, replies  # the normal answer first, then the tip
    assert tip not in texts(stack.say("privacy-tip", "mijn mail is lotte.peeters@telenet.be")), "only once"
    assert "4%" in texts(stack.say("privacy-tip", "hoeveel meisjes zitten er in stem in het bso?"))
    assert tip not in texts(stack.say("privacy-tip-none", "wat is STEM?"))
