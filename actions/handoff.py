"""Hand-offs: Onderwijskiezer, Het Beroepenhuis, VDAB, the CLB; and 'geef me de link'."""

from __future__ import annotations

from typing import Any, Dict, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.about import follows_up_initiative
from actions.common import entities, entity, intent_of, kb, knowledge_guard, text_of

ADULT_AGE = 25  # someone this old asking where to go is looking for (re)training: the VDAB, not school choice


def is_adult(tracker: Tracker) -> bool:
    return any(age.isdigit() and int(age) >= ADULT_AGE for age in entities(tracker, "age"))


def render_destination(dispatcher: CollectingDispatcher, dest) -> None:
    phone = f" · ☎ {dest.phone}" if dest.phone else ""
    dispatcher.utter_message(response="utter_handoff", name=dest.name, what=dest.what, when=dest.when,
                             url=dest.url, phone=phone)


class ActionHandoff(Action):
    def name(self) -> Text:
        return "action_handoff"

    @knowledge_guard
    @follows_up_initiative
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        base = kb()
        # asking for a person means the CLB, unless a destination is named explicitly
        named = entity(tracker, "destination")
        dest_id = "clb" if intent_of(tracker) == "request_human" and named in (None, "awel") else named
        if not dest_id and is_adult(tracker):
            dest_id = "vdab"
        if not dest_id and entity(tracker, "niveau") == "hoger":
            from actions.common import phrase
            from actions.tracks import answer_pathway

            if answer_pathway(dispatcher, tracker, phrase("hoger_onderwijs")):
                return [SlotSet("last_topic", "tracks")]
        initiative = entity(tracker, "initiative")
        if not dest_id and initiative and base.get(initiative) is not None:
            # "waar vind ik een STEM-academie?": what the sources say about that initiative, not a guessed site
            from actions.about import render_entry

            return render_entry(dispatcher, tracker, initiative)
        if not dest_id:
            # the helplines (Awel, Zelfmoordlijn) come from the safety answer or by name, never from a guess
            hits = [h for h in base.search(text_of(tracker), limit=5, kinds=["destinations"])
                    if not getattr(base.get(h.id), "safety", False)]
            dest_id = hits[0].id if hits else "onderwijskiezer"
        dest = base.get(dest_id) or base.get("onderwijskiezer")
        render_destination(dispatcher, dest)
        return [SlotSet("last_topic", "destinations"), SlotSet("last_entry", dest.id)]


class ActionLink(Action):
    """The link of whatever was discussed last, else Onderwijskiezer."""

    def name(self) -> Text:
        return "action_link"

    @knowledge_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        base = kb()
        named = entity(tracker, "initiative") or entity(tracker, "destination")
        from actions.fallback import answer_source

        if named is None and answer_source(dispatcher, tracker):
            return []
        entry = base.get(named) or base.get(tracker.get_slot("last_entry"))
        url = None
        if entry is not None:
            url = (getattr(entry, "link", None) or getattr(entry, "url", None) or getattr(entry, "video_url", None)
                   or base.source_url(entry))
        if url:
            dispatcher.utter_message(response="utter_link", url=url)
        else:
            dispatcher.utter_message(response="utter_link_default", url=base.get("onderwijskiezer").url)
        return []
