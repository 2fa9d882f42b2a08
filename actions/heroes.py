"""Hero testimonies (#STEMhelden): by theme, sector or interest; 'nog eentje'; which studies lead there."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.about import follows_up_initiative
from actions.common import (
    bullet,
    entities,
    entity,
    first_sentence,
    kb,
    knowledge_guard,
    on_web_chat,
    phrase,
    response_buttons,
    url_of,
)

WOMEN_TOPIC = "stem-ook-voor-meisjes"  # the source that says the videos give young women a podium


def studies_of(hero) -> List:
    return [t for t in (kb().get(s) for s in hero.studies) if t is not None]


def render_hero(dispatcher: CollectingDispatcher, tracker: Tracker, hero) -> List[Dict[Text, Any]]:
    studies = ", ".join(t.name for t in studies_of(hero)) or phrase("see_onderwijskiezer")
    if on_web_chat(tracker):  # the page shows a card: title, job, studies, video link, source, the same buttons
        dispatcher.utter_message(json_message={
            "type": "hero_card", "title": hero.title, "text": hero.job, "studies": studies,
            "video_url": hero.video_url, "source": kb().cite(hero), "buttons": response_buttons("utter_hero")})
    else:
        dispatcher.utter_message(response="utter_hero", title=hero.title, job=hero.job, studies=studies,
                                 video_url=hero.video_url, cite=kb().cite(hero))
    shown = list(tracker.get_slot("shown") or [])
    if hero.id not in shown:
        shown.append(hero.id)
    return [SlotSet("last_topic", "heroes"), SlotSet("last_entry", hero.id), SlotSet("shown", shown)]


def pick(tracker: Tracker, interests: List[str], context: Optional[Dict[str, Any]]) -> Optional[object]:
    base = kb()
    shown = set(tracker.get_slot("shown") or [])
    pools = []
    for interest in interests:
        pools.append(base.heroes(interest=interest))
    if context and context.get("sector"):
        pools.append(base.heroes(sector=context["sector"]))
    pools.append(base.all("heroes"))
    for pool in pools:
        fresh = [h for h in pool if h.id not in shown]
        if fresh:
            return fresh[0]
    return None


def answer_track_jobs(dispatcher: CollectingDispatcher, track) -> bool:
    """'Wat kan je daarmee worden?' about a track: the jobs of the heroes who studied it. False if none did."""
    heroes = kb().heroes(track=track.id)
    if not heroes:
        return False
    dispatcher.utter_message(response="utter_track_jobs", track=track.name,
                             items=bullet([f"{h.title}: {first_sentence(h.job)}" for h in heroes[:4]]),
                             beroepenhuis=url_of("beroepenhuis"))
    return True


class ActionHero(Action):
    def name(self) -> Text:
        return "action_hero"

    @knowledge_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        base = kb()
        theme = entity(tracker, "theme")
        interests = entities(tracker, "interest")
        hero = base.get(theme) if theme else None
        if hero is None:
            hero = pick(tracker, interests, None)
            if hero is None or (not interests and not theme and tracker.get_slot("shown")):
                hero = hero or (base.all("heroes") or [None])[0]
        if hero is None:
            dispatcher.utter_message(response="utter_hero_none",
                                     themes=", ".join(h.theme for h in base.all("heroes")))
            return []
        if entity(tracker, "gender") == "meisjes":
            # "toon een vrouw die ingenieur is": the sources do not say who is in which video; say what they do say
            dispatcher.utter_message(response="utter_hero_women", cite=base.cite(base.get(WOMEN_TOPIC)))
        if not theme and interests and not any(base.heroes(interest=i) for i in interests):
            # "een STEMheld die met dieren werkt": none in the sources; say so before showing another
            dispatcher.utter_message(response="utter_hero_no_match", interest=phrase("and").join(
                base.label("interest", i) for i in interests))
        events = render_hero(dispatcher, tracker, hero)
        if not theme and not interests:
            # "welke STEMhelden zijn er?": one hero, and the other themes to choose from
            others = [h for h in base.all("heroes") if h.id != hero.id]
            dispatcher.utter_message(response="utter_hero_themes", buttons=[
                {"title": h.title, "payload": "/ask_hero" + json.dumps({"theme": h.id})} for h in others[:8]])
        return events + [SlotSet("hero_context", {"interests": interests, "sector": hero.sector})]


class ActionAnother(Action):
    """'Nog eentje': another hero the user has not seen, close to the previous one when possible."""

    def name(self) -> Text:
        return "action_another"

    @knowledge_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        context = tracker.get_slot("hero_context") or {}
        if entity(tracker, "theme"):
            # "nog eentje, over drones": the hero of that theme
            return await ActionHero().run(dispatcher, tracker, domain)
        hero = pick(tracker, entities(tracker, "interest") or context.get("interests") or [], context)
        heroes = kb().all("heroes")
        if hero is None and not heroes:
            dispatcher.utter_message(response="utter_hero_none", themes="")
            return []
        if hero is None:
            dispatcher.utter_message(response="utter_hero_all_shown", video_url=heroes[0].video_url)
            return [SlotSet("shown", [])]
        return render_hero(dispatcher, tracker, hero)


class ActionHeroStudies(Action):
    def name(self) -> Text:
        return "action_hero_studies"

    @knowledge_guard
    @follows_up_initiative
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        base = kb()
        hero_id = entity(tracker, "theme")
        if not hero_id:
            last = tracker.get_slot("last_entry")
            hero_id = last if last and base.kind_of(last) == "heroes" else None
        hero = base.get(hero_id) if hero_id else None
        track = base.get(entity(tracker, "track") or tracker.get_slot("last_entry") or "")
        if hero is None and track is not None and base.kind_of(track.id) == "tracks":
            # "wat kan je daarmee worden?" about a track
            if answer_track_jobs(dispatcher, track):
                return [SlotSet("last_topic", "tracks"), SlotSet("last_entry", track.id)]
        if hero is None:
            # "hoe word ik astronaut?" without a hero in view: search, else hand off to jobs/studies sites
            from actions.common import hit_buttons, text_of

            hits = [h for h in base.search(text_of(tracker), limit=3, kinds=["heroes", "tracks"]) if h.score >= 2.0]
            if hits:
                dispatcher.utter_message(response="utter_did_you_mean", buttons=hit_buttons(hits))
            else:
                dispatcher.utter_message(response="utter_hero_studies_none", beroepenhuis=url_of("beroepenhuis"),
                                         onderwijskiezer=url_of("onderwijskiezer"))
            return []
        tracks = studies_of(hero)
        from actions.tracks import track_line

        dispatcher.utter_message(response="utter_hero_studies", title=hero.title.lower(),
                                 items=bullet([track_line(t) for t in tracks] or [phrase("see_onderwijskiezer")]),
                                 onderwijskiezer=url_of("onderwijskiezer"))
        return [SlotSet("last_topic", "tracks"), SlotSet("last_entry", hero.id)]
