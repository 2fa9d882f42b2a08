"""Safety first: distress, self-harm and bullying get Awel, the Zelfmoordlijn and the CLB at once.

The phone numbers and links come from knowledge/destinations.yml. If the database is down, the
action reads that file directly: this answer must never fail.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, Text

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import kb, text_of
from bot.config import settings
from bot.kb.api import KnowledgeUnavailable
from bot.nlp import cues
from bot.nlp.safety import SafetyMatcher

log = logging.getLogger(__name__)
_matcher = None


def matcher() -> SafetyMatcher:
    global _matcher
    if _matcher is None:
        _matcher = SafetyMatcher.from_file(settings().knowledge_dir / "safety.yml")
    return _matcher


def contacts() -> Dict[str, Any]:
    """name/phone/url of awel, zelfmoordlijn and clb, from the database or else from the YAML file."""
    wanted = ("awel", "zelfmoordlijn", "clb")
    try:
        found = {d: kb().get(d) for d in wanted}
        found = {k: {"name": v.name, "phone": v.phone or "", "url": v.chat_url or v.url} for k, v in found.items()}
    except (KnowledgeUnavailable, AttributeError):
        data = yaml.safe_load((settings().knowledge_dir / "destinations.yml").read_text(encoding="utf-8"))
        by_id = {d["id"]: d for d in data["destinations"]}
        found = {k: {"name": by_id[k]["name"], "phone": str(by_id[k].get("phone") or ""),
                     "url": by_id[k].get("chat_url") or by_id[k]["url"]} for k in wanted}
    return {f"{k}_{field}": v[field] for k, v in found.items() for field in ("name", "phone", "url")}


class ActionSafety(Action):
    def name(self) -> Text:
        return "action_safety"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        text = text_of(tracker)
        kind = matcher().match(text)
        response = "utter_safety_suicide" if kind == "suicide" else "utter_safety"
        if cues.about_someone_else(text):
            # "mijn vriendin wil niet meer leven": the helplines for the worried friend, parent or teacher
            response = response.replace("utter_safety", "utter_safety_other")
        dispatcher.utter_message(response=response, **contacts())
        return [SlotSet("last_topic", "safety")]


class ActionSafetyStillHere(Action):
    """'Laat maar, ik zei maar iets' right after the helplines: no "oké, geen probleem", but the helplines once more,
    gently, and the door left open."""

    def name(self) -> Text:
        return "action_safety_still_here"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        dispatcher.utter_message(response="utter_safety_still_here", **contacts())
        return [SlotSet("last_topic", "safety")]
