"""The privacy tip: which messages call for it, once per conversation, and how it joins Rasa's turn unseen by the
policies (bot/privacy/nudge.py, bot/patches/privacy_tip.py)."""

from __future__ import annotations

import asyncio

import pytest
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.core.policies.policy import PolicyPrediction
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.patches import privacy_tip
from bot.privacy.nudge import TIP_RESPONSE, personal_data_kinds, tip_due

PHONE = "mijn gsm is 0478 12 34 56, bel me"


@pytest.mark.parametrize("text, kinds", [
    (PHONE, {"phone"}),
    ("stuur het naar lotte.peeters@telenet.be", {"email"}),
    ("mijn rekeningnummer is BE68 5390 0754 7034", {"iban"}),
    ("mijn rijksregisternummer is 85.07.30-033.28", {"national_number"}),
    ("ik woon in de Kerkstraat 12 in Gent", {"address"}),
    ("mail jan@school.be of bel 0478 12 34 56", {"email", "phone"}),
    ("ik heet Lotte en ik zit in het vierde jaar", set()),  # a first name is how children start a chat
    ("hoeveel meisjes zitten er in stem in het bso in 2021?", set()),
    ("ik doe 6 uur wiskunde en 12 op 20", set()),
    ('/inform{"phone": "0478 12 34 56"}', set()),  # button payloads are not the pupil's words
    ("", set()),
])
def test_which_messages_call_for_the_tip(text, kinds):
    assert personal_data_kinds(text) == kinds


def user(text: str, intent: str = "inform") -> UserUttered:
    return UserUttered(text, {"name": intent, "confidence": 0.9})


def tip_event() -> BotUttered:
    return BotUttered("Tip: …", metadata={"utter_action": TIP_RESPONSE})


def tracker_with(domain, *events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("pupil", [ActionExecuted("action_listen"), *events], domain.slots)


def test_once_per_conversation_and_again_in_a_new_one(domain):
    tracker = tracker_with(domain, user(PHONE))
    assert tip_due(tracker)
    tracker.update(tip_event())
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(user("stuur het naar lotte.peeters@telenet.be"))
    assert not tip_due(tracker), "said once per conversation"
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(user(PHONE))
    assert tip_due(tracker), "a new session (after an hour of silence) is a new conversation"


def test_no_tip_without_personal_data_or_after_distress(domain):
    assert not tip_due(tracker_with(domain, user("wat is STEM?")))
    assert not tip_due(tracker_with(domain, user("ik word gepest, bel me op 0478 12 34 56", "express_distress")))
    assert not tip_due(tracker_with(domain))  # no user message yet


def test_tip_is_sent_and_recorded_with_the_domain_text(domain):
    tracker = tracker_with(domain, user(PHONE))
    channel = CollectingOutputChannel()
    nlg = TemplatedNaturalLanguageGenerator(domain.responses)
    assert asyncio.run(privacy_tip.say_tip_if_due(tracker, channel, nlg)) is True
    text = domain.responses[TIP_RESPONSE][0]["text"]
    assert text.startswith("Tip:") and "persoonlijke gegevens" in text
    assert [m["text"] for m in channel.messages] == [text]
    assert isinstance(tracker.events[-1], BotUttered) and tracker.events[-1].text == text
    assert asyncio.run(privacy_tip.say_tip_if_due(tracker, channel, nlg)) is False
    assert len(channel.messages) == 1


def test_a_failing_tip_never_costs_the_turn(domain):
    class BrokenNLG:
        async def generate(self, *args, **kwargs):
            raise RuntimeError("template broken")

    tracker = tracker_with(domain, user(PHONE))
    channel = CollectingOutputChannel()
    assert asyncio.run(privacy_tip.say_tip_if_due(tracker, channel, BrokenNLG())) is False
    assert channel.messages == []


@pytest.fixture()
def patched_processor(monkeypatch, domain) -> MessageProcessor:
    current = MessageProcessor._run_action
    # another test may have applied every patch in this process already: start from Rasa's own method
    unpatched = current.__wrapped__ if getattr(current, privacy_tip._MARK, False) else current
    monkeypatch.setattr(MessageProcessor, "_run_action", unpatched)  # undone after the test
    assert privacy_tip.apply() is True
    processor = MessageProcessor.__new__(MessageProcessor)  # what _run_action needs of it: the domain
    processor.domain = domain
    return processor


def _end_turn(processor, domain, tracker, channel) -> None:
    from rasa.core.actions.action import ActionListen

    nlg = TemplatedNaturalLanguageGenerator(domain.responses)
    asyncio.run(processor._run_action(ActionListen(), tracker, channel, nlg, PolicyPrediction([], "RulePolicy")))


def test_processor_says_the_tip_after_the_answer_unseen_by_the_policies(patched_processor, domain):
    answer = [user(PHONE), ActionExecuted("utter_thank"), BotUttered("Graag gedaan!")]
    with_tip, without_tip = tracker_with(domain, *answer), tracker_with(domain, *answer)
    channel = CollectingOutputChannel()
    _end_turn(patched_processor, domain, with_tip, channel)
    assert [m["text"] for m in channel.messages] == [domain.responses[TIP_RESPONSE][0]["text"]]
    assert isinstance(with_tip.events[-2], BotUttered) and with_tip.events[-1] == ActionExecuted("action_listen")

    without_tip.update(ActionExecuted("action_listen"))
    assert with_tip.past_states(domain) == without_tip.past_states(domain), "the tip must not change the state"

    with_tip.update(user("en mijn mail is jan@school.be"))
    again = CollectingOutputChannel()
    _end_turn(patched_processor, domain, with_tip, again)
    assert again.messages == []
