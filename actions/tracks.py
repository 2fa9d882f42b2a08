"""Study tracks: STEM tracks per onderwijsvorm, level or interest, and 'is X a STEM track?'."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.about import follows_up_initiative
from actions.common import bullet, entities, entity, kb, knowledge_guard, leading_hit, phrase, text_of, url_of
from bot.nlp import cues
from bot.nlp.stage import next_level, stage_of


def where(track) -> str:
    level = kb().label("niveau", track.level)
    if track.level == "hoger":
        return level
    parts = [kb().label("onderwijsvorm", track.onderwijsvorm) if track.onderwijsvorm else None,
             track.finaliteit.replace("-", " ") if track.finaliteit else None]
    return level + (", " + ", ".join(p for p in parts if p) if any(parts) else "")


def render_track(dispatcher: CollectingDispatcher, track, about: bool = False) -> None:
    """'Is X STEM?' answered yes or no; with `about`, only what the track is (after another answer about it)."""
    response = "utter_track_about" if about else "utter_track_stem" if track.stem else "utter_track_not_stem"
    dispatcher.utter_message(response=response, name=track.name, where=where(track), summary=track.summary,
                             link=track.link or url_of("onderwijskiezer"), cite=kb().cite(track))


def names_stem(text: str) -> bool:
    """The message mentions STEM itself ("stem", "stemrichting", "STEM-richting"): it asks whether it is STEM."""
    return any(token.startswith("stem") for token in cues.tokens(text))


def track_line(track) -> str:
    return f"{track.name} ({where(track)})"


def tracks_for(interest, level=None, vorm=None) -> List:
    """STEM tracks for an interest: those tagged with it, then the studies of heroes who share it
    (the sources link a job to its studies, e.g. the car-battery hero to elektromechanica)."""
    base = kb()
    found = base.tracks(level=level, onderwijsvorm=vorm, interest=interest, stem=True)
    if interest is None:
        return found
    for hero in base.heroes(interest=interest):
        for track_id in hero.studies:
            track = base.get(track_id)
            if (track is not None and track.stem and track not in found and (level is None or track.level == level)
                    and (vorm is None or track.onderwijsvorm == vorm)):
                found.append(track)
    return found


def answer_pathway(dispatcher: CollectingDispatcher, tracker: Tracker, target: str) -> bool:
    """'Kan ik na het BSO nog naar de hogeschool?', 'bso en ingenieur worden': from an onderwijsvorm to higher
    education. What decides it (the finaliteit) and who can tell; False when the message is no such question."""
    vorm = entity(tracker, "onderwijsvorm")
    if not vorm or not cues.asks_if_possible(text_of(tracker)):
        return False
    dispatcher.utter_message(response="utter_track_pathway", vorm=vorm.upper(), track=target,
                             clb=url_of("clb"), onderwijskiezer=url_of("onderwijskiezer"))
    return True


def answer_tracks(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    base = kb()
    vorm = entity(tracker, "onderwijsvorm")
    niveau = entity(tracker, "niveau")
    interests = entities(tracker, "interest")
    from actions.handoff import is_adult, render_destination

    if is_adult(tracker):
        # "ik ben 28 en wil ingenieur worden": (re)training for adults is the VDAB's, not a school track list
        render_destination(dispatcher, base.get("vdab"))
        return [SlotSet("last_topic", "destinations"), SlotSet("last_entry", "vdab")]
    if vorm and niveau == "hoger":
        if answer_pathway(dispatcher, tracker, phrase("hoger_onderwijs")):
            return [SlotSet("last_topic", "tracks")]
        vorm = None  # "ik zit in het tso, wat kan ik verder studeren?": the studies in higher education
    if vorm:
        niveau = "secundair"
    if niveau not in ("secundair", "hoger"):
        # "welke richtingen na het zesde leerjaar?": the next level for the school year named
        stage = stage_of(entity(tracker, "grade") or "")
        niveau = next_level(stage) if stage else niveau
    level_filter = niveau if niveau in ("secundair", "hoger") else None
    found: List = []
    for interest in interests or [None]:
        for track in tracks_for(interest, level_filter, vorm):
            if track not in found:
                found.append(track)
    if not found and interests:
        # nothing for that exact combination: relax the interest, keep what the user asked about
        found = base.tracks(level=level_filter, onderwijsvorm=vorm, stem=True)
    if not found:
        dispatcher.utter_message(response="utter_tracks_none", onderwijskiezer=url_of("onderwijskiezer"))
        return [SlotSet("last_topic", "tracks")]
    label = phrase("and").join(base.label("interest", i) for i in interests) if interests else None
    what = [phrase("in_vorm", vorm=vorm.upper()) if vorm else None,
            phrase("in_hoger") if level_filter == "hoger"
            else (phrase("in_secundair") if level_filter and not vorm else None),
            phrase("for_interest", interests=label) if label else None]
    intro = phrase("tracks_intro", what=" ".join(w for w in what if w)) if any(what) else phrase("tracks_intro_any")
    dispatcher.utter_message(response="utter_tracks", intro=intro, items=bullet([track_line(t) for t in found[:8]]),
                             onderwijskiezer=url_of("onderwijskiezer"))
    return [SlotSet("last_topic", "tracks"), SlotSet("last_entry", found[0].id)]


class ActionTracks(Action):
    def name(self) -> Text:
        return "action_tracks"

    @knowledge_guard
    @follows_up_initiative
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        if asks_for_a_figure(text_of(tracker)) and not entities(tracker, "interest"):
            # "welk deel van de aso-leerlingen zit in een STEM-richting?" asks for a share, not for the tracks
            from actions.figures import ActionFigure

            return await ActionFigure().run(dispatcher, tracker, domain)
        return answer_tracks(dispatcher, tracker)


FIGURE_LEAD = 1.3  # a figure must match the words this many times better than any track or topic


def asks_for_a_figure(text: str, lead: float = FIGURE_LEAD) -> bool:
    """A question with a number cue whose best match in the knowledge base is a figure, `lead` times better than
    any track or topic."""
    return cues.asks_for_a_number(text) and leading_hit(text, "figures", ["tracks", "topics"], lead) is not None


class ActionTrack(Action):
    def name(self) -> Text:
        return "action_track"

    @knowledge_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        if cues.asks_about_pay(text_of(tracker)):
            # "hoeveel verdient een ingenieur?" read as a question about the track is still about wages
            from actions.topics import pay_answer

            return pay_answer(dispatcher)
        track_id = entity(tracker, "track")
        track = kb().get(track_id) if track_id else None
        if track is None and asks_for_a_figure(text_of(tracker), lead=1.0):
            # "wat is het aandeel stem in het technisch?" names no track: it asks for a share (the alternative is
            # "dat ken ik niet", so a figure that merely comes first is enough)
            from actions.figures import ActionFigure

            return await ActionFigure().run(dispatcher, tracker, domain)
        if track is None:
            from actions.about import unknown_thing

            return unknown_thing(dispatcher, text_of(tracker))
        # "is wewi een STEM-richting?" gets a yes or no; "wat leer je in wewi?" what the track is, not "Ja, …"
        render_track(dispatcher, track, about=not names_stem(text_of(tracker)))
        if track.level == "hoger":
            answer_pathway(dispatcher, tracker, track.name)
        for other in [t for t in entities(tracker, "track") if t != track_id][:2]:
            # "wat is het verschil tussen wewi en lawi?": each track the question names
            if kb().get(other) is not None:
                render_track(dispatcher, kb().get(other))
        return [SlotSet("last_topic", "tracks"), SlotSet("last_entry", track.id)]
