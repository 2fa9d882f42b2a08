"""A custom action that fails (action server down, too slow, erroring) answers with a friendly Dutch message.

Rasa 3.6's MessageProcessor._run_action logs any exception of RemoteAction.run and drops the action's
events, so the user gets no reply at all (silence on the web chat, `[]` on REST). This wraps
RemoteAction.run: a rejection (ActionExecutionRejection, part of the form protocol) passes through
unchanged; a connection that breaks before an answer (refused, reset, "Cannot write to closing transport",
seen under load) is tried once more after RETRY_DELAY (our actions only read, so a repeat is harmless); any
other failure, and a second one, becomes one bot message, response `utter_actions_unavailable`, said at most
once per user turn. A timeout is not retried (the user has waited long enough). The conversation goes on:
the next turn calls the action server again. Remove when Rasa offers retries and a fallback for failing
custom actions.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any, List

log = logging.getLogger(__name__)
_MARK = "_stembot_action_failure"
RETRY_DELAY = 0.3  # seconds


def _broken_connection(exc: BaseException) -> bool:
    """True when the cause is a connection that failed before the action server answered (not a timeout)."""
    import aiohttp

    seen = exc
    for _ in range(5):  # RasaException wraps aiohttp's error as its context
        if seen is None:
            return False
        if isinstance(seen, aiohttp.ClientConnectionError) and not isinstance(seen, aiohttp.ServerTimeoutError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _already_said(tracker: Any, text: str) -> bool:
    """True when this user turn already has the failure message (no repeats when several actions fail)."""
    from rasa.shared.core.events import BotUttered, UserUttered

    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, BotUttered) and event.text == text:
            return True
    return False


async def _failure_events(action_name: str, output_channel: Any, nlg: Any, tracker: Any) -> List[Any]:
    from rasa.core.actions.action import create_bot_utterance

    from bot.channels import messages

    draft = None
    try:
        draft = await nlg.generate(messages.ACTIONS_UNAVAILABLE, tracker, output_channel.name())
    except Exception:  # noqa: BLE001 - a broken template must not hide the fault message
        log.exception("cannot render %s", messages.ACTIONS_UNAVAILABLE)
    if not draft or not draft.get("text"):
        draft = {"text": messages.text(messages.ACTIONS_UNAVAILABLE)}
    draft["utter_action"] = messages.ACTIONS_UNAVAILABLE
    if _already_said(tracker, draft["text"]):
        return []
    return [create_bot_utterance(draft)]


def apply() -> bool:
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction

    original = RemoteAction.run
    if getattr(original, _MARK, False):
        return False

    @functools.wraps(original)
    async def run(self, output_channel, nlg, tracker, domain):
        try:
            return await original(self, output_channel, nlg, tracker, domain)
        except ActionExecutionRejection:
            raise
        except Exception as exc:  # noqa: BLE001 - every failure of the action server ends here
            failure = exc
        if _broken_connection(failure):
            log.warning("custom action %r: connection failed (%s); trying once more", self.name(), failure)
            await asyncio.sleep(RETRY_DELAY)
            try:
                return await original(self, output_channel, nlg, tracker, domain)
            except ActionExecutionRejection:
                raise
            except Exception as exc:  # noqa: BLE001
                failure = exc
        log.error("custom action %r failed (%s: %s); answering with %s", self.name(),
                  type(failure).__name__, failure, "utter_actions_unavailable")
        return await _failure_events(self.name(), output_channel, nlg, tracker)

    setattr(run, _MARK, True)
    RemoteAction.run = run
    return True
