"""Redact personal data in serialised Rasa tracker events (the dicts `Event.as_dict()` returns).

Only the fields that carry what a person typed or what the bot said are touched; the structure that Rasa
needs to rebuild a conversation (event type, action and intent names, timestamps, entity types and positions)
stays as it is, so a redacted conversation still loads, keeps its slots and predicts the same next action.
"""

from __future__ import annotations

from typing import Any, Dict

from bot.privacy.redact import redact, redact_any

# Free text: user message, bot message, end-to-end action text.
_TEXT_KEYS = ("text", "action_text")
# Free-form values that may hold anything a channel or an action put there (slot values, bot payloads,
# channel metadata such as a Teams user's name).
_ANY_KEYS = ("value", "data", "metadata")


def _redact_entities(entities: Any) -> Any:
    if not isinstance(entities, list):
        return entities
    out = []
    for entity in entities:
        if isinstance(entity, dict):
            entity = dict(entity)
            for key in ("value", "text"):
                if key in entity:
                    entity[key] = redact_any(entity[key])
        out.append(entity)
    return out


def redact_event(event: Dict[str, Any]) -> Dict[str, Any]:
    """A copy of one serialised event with personal data masked; the input is not changed."""
    out = dict(event)
    for key in _TEXT_KEYS:
        if isinstance(out.get(key), str):
            out[key] = redact(out[key])
    for key in _ANY_KEYS:
        if out.get(key) is not None:
            out[key] = redact_any(out[key])
    if isinstance(out.get("entities"), list):
        out["entities"] = _redact_entities(out["entities"])
    parse_data = out.get("parse_data")
    if isinstance(parse_data, dict):
        parse_data = dict(parse_data)
        if isinstance(parse_data.get("text"), str):
            parse_data["text"] = redact(parse_data["text"])
        if "entities" in parse_data:
            parse_data["entities"] = _redact_entities(parse_data["entities"])
        out["parse_data"] = parse_data
    return out
