"""Conversation mechanics: who the user is, answers to yes/no, messages in another language, out of scope."""

from __future__ import annotations

import logging
from typing import Any, Dict, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import entity, text_of, url_of
from bot.nlp.language import guess

log = logging.getLogger(__name__)

ANSWERED_LANGUAGES = {"en", "fr", "de", "es", "tr", "ar", "pl"}


class ActionSetRole(Action):
    def name(self) -> Text:
        return "action_set_role"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        role = entity(tracker, "role")
        if role not in ("leerling", "ouder", "leerkracht"):
            dispatcher.utter_message(response="utter_role_unknown")
            return []
        dispatcher.utter_message(response=f"utter_role_{role}")
        return [SlotSet("role", role)]


class ActionOtherLanguage(Action):
    def name(self) -> Text:
        return "action_other_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        lang = guess(text_of(tracker))
        response = f"utter_other_language_{lang}" if lang in ANSWERED_LANGUAGES else "utter_other_language_other"
        try:
            url = url_of("onderwijskiezer") or "https://www.onderwijskiezer.be"
        except Exception:  # the knowledge base may be down; this answer must still arrive
            url = "https://www.onderwijskiezer.be"
        dispatcher.utter_message(response=response, url=url)
        return []


class ActionAffirm(Action):
    """'Ja' after the bot offered something: do what was offered, else ask what the user wants."""

    def name(self) -> Text:
        return "action_affirm"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        last = tracker.get_slot("last_topic")
        if last == "heroes":
            from actions.heroes import ActionAnother

            return await ActionAnother().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_affirm_nothing")
        return []


class ActionDeny(Action):
    def name(self) -> Text:
        return "action_deny"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        dispatcher.utter_message(response="utter_deny_ok")
        return []


class ActionOutOfScope(Action):
    """Out of scope, unless the message asks about a part of the initiative just discussed ("hoe schrijf ik me
    in?", "hoeveel kost da?" right after the STEM-academies): the model easily reads those as out of scope."""

    def name(self) -> Text:
        return "action_out_of_scope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        from actions.about import initiative_in_context, render_entry

        try:
            entry_id = initiative_in_context(tracker)
            if entry_id is not None:
                return render_entry(dispatcher, tracker, entry_id)
        except Exception:  # the knowledge base may be down; the out-of-scope answer must still arrive
            log.exception("initiative context unavailable")
        dispatcher.utter_message(response="utter_out_of_scope")
        return []
