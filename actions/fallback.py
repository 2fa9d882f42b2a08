"""When the NLU model is unsure: search the knowledge base with the user's words and offer hits."""

from __future__ import annotations

from typing import Any, Dict, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.about import follows_up_initiative
from actions.common import bullet, entity, hit_buttons, kb, knowledge_guard, text_of, url_of
from bot.nlp import cues

MIN_SCORE = 2.0  # BM25 score below which a hit is too weak to offer


def answer_source(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """'Waar komen die cijfers vandaan?': the source of what we just showed. False when that is not the question."""
    base = kb()
    entry = base.get(tracker.get_slot("last_entry"))
    if not cues.asks_for_source(text_of(tracker)):
        return False
    if entry is None or not getattr(entry, "source", None):
        # nothing shown yet: where the figures come from
        studies = sorted({base.cite(f) for f in base.all("figures")})
        dispatcher.utter_message(response="utter_sources_of_figures", items=bullet(studies))
        return True
    src = base.source(entry.source)
    title = src.title if src else ""
    url = base.source_url(entry) or ""
    details = ", ".join(p for p in (title if title not in base.cite(entry) else "", url) if p)
    dispatcher.utter_message(response="utter_source", cite=base.cite(entry),
                             details=f" ({details})" if details else "")
    return True


class ActionSearchFallback(Action):
    def name(self) -> Text:
        return "action_search_fallback"

    @knowledge_guard
    @follows_up_initiative
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        from actions.about import named_entry, render_entry

        entry_id = named_entry(tracker)
        if entry_id is None and answer_source(dispatcher, tracker):
            return []
        if entry_id is None and entity(tracker, "niveau") == "hoger":
            # "kan ik na het bso nog naar de hogeschool?": unsure of the intent, sure of both ends of the way
            from actions.common import phrase
            from actions.tracks import answer_pathway

            if answer_pathway(dispatcher, tracker, phrase("hoger_onderwijs")):
                return []
        if entry_id is not None:
            # unsure of the intent, sure of the name ("wat is een stemheld"): show that entry
            return render_entry(dispatcher, tracker, entry_id)
        text = text_of(tracker)
        if entry_id is None and cues.asks_about_pay(text):
            # "verdiende daar goe mee?": the sources give no wages, say so rather than offer unrelated hits
            from actions.topics import pay_answer

            return pay_answer(dispatcher)
        hits = [h for h in kb().search(text, limit=5) if h.score >= MIN_SCORE] if text.strip() else []
        buttons = hit_buttons(hits)
        if buttons:
            dispatcher.utter_message(response="utter_did_you_mean", buttons=buttons)
        else:
            dispatcher.utter_message(response="utter_no_idea", onderwijskiezer=url_of("onderwijskiezer"),
                                     beroepenhuis=url_of("beroepenhuis"), clb=url_of("clb"))
        return []
