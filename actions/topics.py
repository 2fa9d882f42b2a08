"""General explanations: what STEM is, why it matters, the myths; and the parents' help answer."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import HERO_CAMPAIGN, entities, entity, intent_of, kb, knowledge_guard, text_of, url_of
from bot.nlp import cues
from bot.nlp.normalize import fold

# Which topic of knowledge/topics.yml answers which intent.
INTENT_TOPICS = {
    "ask_what_is_stem": "wat-is-stem",
    "ask_why_stem": "waarom-stem",
    "ask_stem_myth_genius": "stem-niet-alleen-voor-genieen",
    "ask_stem_myth_girls": "stem-ook-voor-meisjes",
    "ask_jobs": "stem-jobs",
    "ask_job_prospects": "waarom-stem",
}

# The figure dimensions a topic question implies: "en in het tso?" after "zijn er veel meisjes in STEM?" asks for the
# girls' share in the tso, not for all pupils'.
INTENT_FIGURE_DIMS = {
    "ask_stem_myth_girls": {"gender": "meisjes"},
}

# The topic that gives the reasons when the question asks why ("waarom kiezen zo weinig meisjes voor STEM?").
WHY_TOPICS = {
    "ask_stem_myth_girls": "stem-vooroordelen",
}


def named_topic(text: str) -> str:
    """The topic whose synonym the message contains ("wat zijn knelpuntberoepen?"), longest match; '' if none.
    A topic the user names beats the intent's default topic."""
    said = f" {' '.join(cues.tokens(text))} "
    best, length = "", 0
    for topic in kb().all("topics"):
        for synonym in topic.synonyms:
            phrase_ = " ".join(cues.tokens(synonym))
            if phrase_ and f" {phrase_} " in said and len(phrase_) > length:
                best, length = topic.id, len(phrase_)
    return best


def pay_answer(dispatcher: CollectingDispatcher) -> List[Dict[Text, Any]]:
    """"Wat verdien je als ingenieur?": the sources give no wages; say so and hand off."""
    dispatcher.utter_message(response="utter_no_pay_info", beroepenhuis=url_of("beroepenhuis"), vdab=url_of("vdab"))
    return [SlotSet("last_topic", "topics")]


def utter_topic(dispatcher: CollectingDispatcher, topic_id: str) -> List[Dict[Text, Any]]:
    topic = kb().get(topic_id)
    if topic is None:
        dispatcher.utter_message(response="utter_default")
        return []
    dispatcher.utter_message(response="utter_topic", answer=topic.answer, cite=kb().cite(topic))
    return [SlotSet("last_topic", "topics"), SlotSet("last_entry", topic.id)]


class ActionTopic(Action):
    def name(self) -> Text:
        return "action_topic"

    @knowledge_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        intent = intent_of(tracker)
        named = re.search(r"\bstem-\w+", fold(text_of(tracker)))
        if intent == "ask_what_is_stem" and named and not any(
                kb().resolve(t, named.group(0)) for t in ("initiative", "track", "theme", "destination")):
            # "wat is STEM-X?": an unknown name, not the question what STEM is
            from actions.about import unknown_thing

            return unknown_thing(dispatcher, text_of(tracker))
        about_jobs = intent in ("ask_jobs", "ask_job_prospects")
        if about_jobs and cues.asks_about_pay(text_of(tracker)):
            return pay_answer(dispatcher)
        track_id = entity(tracker, "track") if about_jobs else None
        topic_id = named_topic(text_of(tracker)) or INTENT_TOPICS.get(intent, "wat-is-stem")
        if cues.asks_why(text_of(tracker)):
            # "waarom kiezen zo weinig meisjes voor STEM?" wants a reason, not "Zeker!"
            topic_id = WHY_TOPICS.get(intent, topic_id)
        if track_id and kb().get(track_id) is not None:
            # "welke jobs zijn er met elektromechanica?": the heroes' jobs that track leads to, then the track;
            # "heeft hij daarmee werkzekerheid?": the prospects first
            from actions.heroes import answer_track_jobs
            from actions.tracks import render_track

            if intent == "ask_job_prospects":
                utter_topic(dispatcher, topic_id)
            answer_track_jobs(dispatcher, kb().get(track_id))
            render_track(dispatcher, kb().get(track_id), about=True)
            return [SlotSet("last_topic", "tracks"), SlotSet("last_entry", track_id)]
        events = utter_topic(dispatcher, topic_id)
        if intent in INTENT_FIGURE_DIMS:
            from actions.figures import dims_in

            dims = {**INTENT_FIGURE_DIMS[intent], **dims_in(tracker)}
            events.append(SlotSet("figure_context", {"dims": dims, "text": text_of(tracker)}))
        if intent == "ask_jobs":
            jobs_for_interests(dispatcher, entities(tracker, "interest"))
        if intent in ("ask_jobs", "ask_job_prospects"):
            dest = kb().get("beroepenhuis")
            if dest:
                dispatcher.utter_message(response="utter_handoff", name=dest.name, what=dest.what, when=dest.when,
                                         url=dest.url, phone="")
        return events


def jobs_for_interests(dispatcher: CollectingDispatcher, interests: List[str]) -> None:
    """'Iets met auto's, wat voor jobs zijn er?': the work of the heroes who share that interest, if any."""
    from actions.common import bullet, first_sentence

    for interest in interests:
        heroes = kb().heroes(interest=interest)
        if heroes:
            dispatcher.utter_message(response="utter_interest_jobs", interest=kb().label("interest", interest),
                                     items=bullet([f"{h.title}: {first_sentence(h.job)}" for h in heroes[:4]]))
            return


class ActionParentHelp(Action):
    def name(self) -> Text:
        return "action_parent_help"

    @knowledge_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        role = [SlotSet("role", tracker.get_slot("role") or "ouder")]
        if entities(tracker, "interest"):
            # "mijn dochter houdt van proefjes, welke richting past?": the tracks for that interest
            from actions.tracks import answer_tracks

            return answer_tracks(dispatcher, tracker) + role
        topic = kb().get("studiekeuze-factoren")
        page = kb().get(HERO_CAMPAIGN)
        videos = page.link if page and page.link else next((h.video_url for h in kb().all("heroes")), "")
        dispatcher.utter_message(
            response="utter_parent_help",
            answer=topic.answer if topic else "",
            video_url=videos,
            onderwijskiezer=url_of("onderwijskiezer"),
            clb=url_of("clb"),
            cite=kb().cite(topic) if topic else "",
        )
        return role + [SlotSet("last_topic", "topics")]
