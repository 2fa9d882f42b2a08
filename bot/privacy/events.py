"""Redact personal data in serialised Rasa tracker events (the dicts `Event.as_dict()` returns).

Only the fields that carry what a person typed or what the bot said are touched; the structure that Rasa
needs to rebuild a conversation (event type, action and intent names, timestamps, entity types and positions)
stays as it is, so a redacted conversation still loads, keeps its slots and predicts the same next action.

Values derived from a message are masked with it: when the NLU cuts "0478" out of "0478 12 34 56" as an entity,
that entity (its span overlaps the phone number) and a slot later filled with "0478" in the same turn (a whole
word of the phone number) become "[telefoon]" too, although "0478" alone does not look like personal data.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Sequence, Tuple

from bot.privacy.redact import TAGS, Finding, find, redact, redact_any

# Free text: user message, bot message, end-to-end action text.
_TEXT_KEYS = ("text", "action_text")
# Free-form values that may hold anything a channel or an action put there (slot values, bot payloads, channel
# metadata); the same detectors run on every string in them (a bare name there is not recognised).
_ANY_KEYS = ("value", "data", "metadata")
# Identifiers Rasa itself puts in every event's metadata: never personal data. Left alone, because the detectors
# cost ~0.14 ms per string with digits (~1 ms per message for these alone) and sometimes saw a phone number in a
# hexadecimal model id ("…c032863139" → "…c[telefoon]"), corrupting it.
_RASA_METADATA_IDS = ("model_id", "assistant_id")

Fragments = Sequence[Tuple[str, str]]  # (personal data as typed, its tag)


def _masker(fragments: Fragments):
    """A function that replaces a whole value which is a word sequence taken from one of the fragments."""

    def mask(value: str) -> str:
        word = value.strip()
        if len(word) < 2 or word.startswith("["):
            return value
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        for fragment, tag in fragments:
            if pattern.search(fragment):
                return tag
        return value

    return mask


def _redact_entities(entities: Any, findings: Sequence[Finding], fragments: Fragments) -> Any:
    if not isinstance(entities, list):
        return entities
    mask = _masker(fragments)
    out = []
    for entity in entities:
        if isinstance(entity, dict):
            entity = dict(entity)
            start, end = entity.get("start"), entity.get("end")
            hit = next((f for f in findings if isinstance(start, int) and isinstance(end, int)
                        and start < f.end and f.start < end), None)
            for key in ("value", "text"):
                if key in entity:
                    entity[key] = TAGS[hit.kind] if hit else redact_any(entity[key], mask)
        out.append(entity)
    return out


def _redact(event: Dict[str, Any], fragments: Fragments) -> Tuple[Dict[str, Any], Fragments]:
    """The redacted copy, and the fragments for the events that follow (a user message starts new ones)."""
    out = dict(event)
    findings: List[Finding] = []
    if out.get("event") == "user" and isinstance(out.get("text"), str):
        findings = find(out["text"])
        fragments = [(out["text"][f.start:f.end], TAGS[f.kind]) for f in findings]
    mask = _masker(fragments)
    for key in _TEXT_KEYS:
        if isinstance(out.get(key), str):
            out[key] = redact(out[key])
    for key in _ANY_KEYS:
        if key == "metadata" and isinstance(out.get(key), dict):
            out[key] = {k: v if k in _RASA_METADATA_IDS and isinstance(v, str) else redact_any(v, mask)
                        for k, v in out[key].items()}
        elif out.get(key) is not None:
            out[key] = redact_any(out[key], mask)
    if isinstance(out.get("entities"), list):
        out["entities"] = _redact_entities(out["entities"], [], fragments)
    parse_data = out.get("parse_data")
    if isinstance(parse_data, dict):
        parse_data = dict(parse_data)
        text = parse_data.get("text")
        if isinstance(text, str):
            parse_data["text"] = redact(text)
        if "entities" in parse_data:
            positions = findings if text == event.get("text") else find(text or "")
            parse_data["entities"] = _redact_entities(parse_data["entities"], positions, fragments)
        out["parse_data"] = parse_data
    return out, fragments


def redact_event(event: Dict[str, Any], fragments: Fragments = ()) -> Dict[str, Any]:
    """A copy of one serialised event with personal data masked; the input is not changed.

    `fragments` are the pieces of personal data of the turn's user message (see `redact_events`).
    """
    return _redact(event, fragments)[0]


def redact_events(events: Iterable[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Redact the events of one save in order; each user message's personal data also masks what follows it."""
    fragments: Fragments = ()
    out = []
    for event in events:
        redacted, fragments = _redact(event, fragments)
        out.append(redacted)
    return out
