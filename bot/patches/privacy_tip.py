"""The privacy tip (bot/privacy/nudge.py) at the end of the bot's answer, whichever rule, story or action gave it.

Rasa has no hook for "after the answer, before listening": a rule or story needs one intent (personal data can
come with any), an extra entity or slot in the dialogue state would change what the memorised stories match, and
many answers are plain responses that no custom action sees. So the tip goes in where the processor is about to
run `action_listen`: one BotUttered (with `utter_action: utter_privacy_tip`, rendered by Rasa's NLG like any
response) sent to the channel and added to the tracker. Policies never see it: the dialogue state changes only on
user messages, actions and slots, and no action is logged for it. If anything goes wrong the answer goes on
without the tip. Remove when Rasa offers an end-of-turn hook.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

log = logging.getLogger(__name__)
_MARK = "_stembot_privacy_tip"


async def say_tip_if_due(tracker: Any, output_channel: Any, nlg: Any) -> bool:
    """Send and record the tip when the latest message calls for it; True if it was said."""
    from rasa.core.actions.action import create_bot_utterance

    from bot.privacy.nudge import TIP_RESPONSE, tip_due

    try:
        if not tip_due(tracker):
            return False
        draft = await nlg.generate(TIP_RESPONSE, tracker, output_channel.name())
        if not draft or not draft.get("text"):
            log.warning("response %s is missing; no privacy tip", TIP_RESPONSE)
            return False
        draft["utter_action"] = TIP_RESPONSE
        event = create_bot_utterance(draft)
        tracker.update(event)
        await output_channel.send_response(tracker.sender_id, event.message())
        return True
    except Exception:  # noqa: BLE001 - the tip must never cost the user the turn
        log.exception("privacy tip failed; the conversation goes on without it")
        return False


def apply() -> bool:
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.constants import ACTION_LISTEN_NAME

    original = MessageProcessor._run_action
    if getattr(original, _MARK, False):
        return False

    @functools.wraps(original)
    async def _run_action(self, action, tracker, output_channel, nlg, prediction):
        if action.name() == ACTION_LISTEN_NAME:
            await say_tip_if_due(tracker, output_channel, nlg)
        return await original(self, action, tracker, output_channel, nlg, prediction)

    setattr(_run_action, _MARK, True)
    MessageProcessor._run_action = _run_action
    return True
