"""A tip, once per conversation, when a pupil types personal data into the chat: it is not needed, so don't.

The data is masked before anything is stored (bot.privacy.redact), but the pupil does not know that and may do it
again elsewhere. So besides its normal answer the bot says `utter_privacy_tip` (domain.yml) the first time a
message of the conversation holds an e-mail address, phone number, national register number, IBAN or street
address with a house number — the same findings `redact` masks, minus names: "ik heet Lotte" is how children
start a chat, and a first name alone says little.

Not after a message of distress: the safety answer (helplines) stands alone; a later message still gets the tip.
Button payloads ("/intent{…}") are never checked. Rasa wiring: bot/patches/privacy_tip.py.
"""

from __future__ import annotations

from typing import Any, FrozenSet

from bot.privacy.redact import find

TIP_RESPONSE = "utter_privacy_tip"
TIP_KINDS: FrozenSet[str] = frozenset({"email", "phone", "national_number", "iban", "address"})
NO_TIP_INTENTS: FrozenSet[str] = frozenset({"express_distress"})


def personal_data_kinds(text: str) -> FrozenSet[str]:
    """The kinds of personal data in a user message that call for the tip (empty for a button payload)."""
    if not text or text.startswith("/"):
        return frozenset()
    return frozenset(f.kind for f in find(text)) & TIP_KINDS


def tip_given(tracker: Any) -> bool:
    """True when the bot already said the tip in this conversation (since its session started)."""
    from rasa.shared.core.events import BotUttered, SessionStarted

    for event in reversed(tracker.events):
        if isinstance(event, SessionStarted):
            return False
        if isinstance(event, BotUttered) and (event.metadata or {}).get("utter_action") == TIP_RESPONSE:
            return True
    return False


def tip_due(tracker: Any) -> bool:
    """True when the latest user message holds personal data and the tip was not said yet."""
    latest = tracker.latest_message
    if latest is None or (latest.intent or {}).get("name") in NO_TIP_INTENTS:
        return False
    return bool(personal_data_kinds(latest.text or "")) and not tip_given(tracker)
