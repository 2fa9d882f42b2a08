"""What every action shares: the knowledge API, entity resolution and the 'knowledge is down' answer.

Entities come from two places: what the NLU model extracted (resolved to knowledge ids through the
synonyms in the database) and what the spaCy entity ruler, fed from knowledge/, finds in the text.
The model generalises to unseen phrasings; the ruler catches names the model missed.
"""

from __future__ import annotations

import functools
import json
import logging
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text, Tuple

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.config import settings
from bot.kb.api import KnowledgeBase, KnowledgeUnavailable
from bot.nlp import cues

log = logging.getLogger(__name__)
ONDERWIJSKIEZER = "onderwijskiezer"
# every hero card is a #STEMhelden video (knowledge/heroes.yml): the campaign a question about "die filmpjes" is about
HERO_CAMPAIGN = "stemhelden"

_kb: Optional[KnowledgeBase] = None


def kb() -> KnowledgeBase:
    global _kb
    if _kb is None:
        _kb = KnowledgeBase()
    return _kb


def set_kb(instance: Optional[KnowledgeBase]) -> None:
    """Tests point the actions at their own database."""
    global _kb
    _kb = instance


def text_of(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def intent_of(tracker: Tracker) -> str:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


@lru_cache(maxsize=512)
def ruler_spans(text: str) -> Tuple[Tuple[str, str, int], ...]:
    """(label, knowledge id, start) of what the entity ruler finds; cached because every action asks per type.
    The tokenizer keeps a hyphenated compound whole ("stemhelden-filmpjes"), so a text with hyphens is also read with
    spaces in their place (same length: the offsets stay right) for the names inside such compounds."""
    ents = [ent for ent in kb().nlp(text).ents if ent.ent_id_]
    if "-" in text:
        taken = [(ent.start_char, ent.end_char) for ent in ents]
        ents += [ent for ent in kb().nlp(text.replace("-", " ")).ents
                 if ent.ent_id_ and not any(ent.start_char < b and ent.end_char > a for a, b in taken)]
    return tuple((ent.label_, ent.ent_id_, ent.start_char) for ent in ents)


@lru_cache(maxsize=1)
def _responses() -> Dict[str, Any]:
    return yaml.safe_load((settings().root / "domain.yml").read_text(encoding="utf-8"))["responses"]


def phrase(key: str, **values: Any) -> str:
    """A Dutch sentence fragment kept in domain.yml (responses named utter_phrase_*), filled in."""
    return _responses()[f"utter_phrase_{key}"][0]["text"].format(**values)


def response_buttons(name: str) -> List[Dict[str, Any]]:
    """The buttons of a domain.yml response, for structured messages that carry them themselves."""
    return list(_responses()[name][0].get("buttons") or [])


def on_web_chat(tracker: Tracker) -> bool:
    """The web chat page (socket.io) renders hero cards and figure charts from structured messages."""
    return tracker.get_latest_input_channel() == "socketio"


def entry_payload(entry_id: str) -> str:
    """Button payload that shows one knowledge entry (handled by action_about)."""
    return "/ask_initiative" + json.dumps({"entry": entry_id})


def first_sentence(text: str) -> str:
    return text.split(". ")[0].rstrip(".")


def entities(tracker: Tracker, etype: str) -> List[str]:
    """Canonical values of `etype` in the latest message, NLU entities first, then the entity ruler."""
    base = kb()
    found: List[str] = []
    text = text_of(tracker)
    # "niet zo sterk in wiskunde" names an interest the user does not have
    negated = cues.negated_spans(text) if etype == "interest" else []

    def is_negated(start: Any) -> bool:
        return isinstance(start, int) and any(a <= start < b for a, b in negated)

    for ent in (tracker.latest_message or {}).get("entities", []) or []:
        if ent.get("entity") != etype or is_negated(ent.get("start")):
            continue
        value = ent.get("value")
        # grade, age and entry are kept as typed, always as text (a button or a client may send the number 13)
        resolved = base.resolve(etype, value) if etype not in ("grade", "age", "entry") else (
            str(value) if value is not None else None)
        if resolved and resolved not in found:
            found.append(resolved)
    if text and not text.startswith("/"):
        for label, value, start in ruler_spans(text):
            if label == etype and value not in found and not is_negated(start):
                found.append(value)
    return found


def entity(tracker: Tracker, etype: str) -> Optional[str]:
    values = entities(tracker, etype)
    return values[0] if values else None


def leading_hit(text: str, kind: str, rivals: List[str], lead: float, limit: int = 10):
    """The best search hit for `text` when it is of `kind`, comes first and scores at least `lead` times the best
    hit of the `rivals` kinds; else None ("a topic clearly explains this question better than any figure")."""
    base = kb()
    hits = base.search(text, limit=limit, kinds=[kind, *rivals])
    if not hits or base.kind_of(hits[0].id) != kind:
        return None
    rest = [h.score for h in hits if base.kind_of(h.id) != kind]
    return hits[0] if hits[0].score >= lead * max(rest or [0.0]) else None


def url_of(dest_id: str) -> str:
    dest = kb().get(dest_id)
    return dest.url if dest else ""


def hit_buttons(hits, limit: int = 3) -> List[Dict[str, str]]:
    """Buttons that show a knowledge entry: the payload names the entry id."""
    buttons = []
    base = kb()
    # distress lines are offered by the safety answer, never as a guess for an unclear question
    hits = [h for h in hits if not getattr(base.get(h.id), "safety", False)]
    for hit in hits[:limit]:
        buttons.append({"title": hit.title[:60], "payload": entry_payload(hit.id)})
    return buttons


def bullet(lines: List[str]) -> str:
    return "\n".join(f"• {line}" for line in lines)


def knowledge_guard(run):
    """If the knowledge database is unreachable, answer with the hand-off links instead of failing."""

    @functools.wraps(run)
    async def wrapper(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        try:
            return await run(self, dispatcher, tracker, domain)
        except KnowledgeUnavailable as exc:
            log.warning("knowledge base unavailable in %s: %s", self.name(), exc)
            dispatcher.utter_message(response="utter_kb_unavailable")
            return []

    return wrapper
