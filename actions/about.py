"""Questions about one named thing (an initiative, or any knowledge entry) and initiative overviews."""

from __future__ import annotations

import functools
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    HERO_CAMPAIGN,
    bullet,
    entities,
    entity,
    entry_payload,
    first_sentence,
    hit_buttons,
    kb,
    knowledge_guard,
    phrase,
    text_of,
    url_of,
)
from bot.nlp import cues
from bot.nlp.normalize import words

ASPECT_SECTIONS = {
    "stappen": ("stappen", "traject"),
    "elementen": ("element-", "elementen"),
    "award": ("award",),
    "doelen": ("doelen",),
    "ambassadeurs": ("ambassadeurs",),
}


# "wie mag daaraan meedoen?" asks who it is for: the audience outranks how to join
# "wie heeft die gewonnen?" asks for a winner, not the organiser; costs, winners and dates are in no source, so
# they get the honest "daarover staat niets in mijn bronnen" with the summary
ASPECT_PRIORITY = ("contact", "link", "winnaar", "stappen", "elementen", "award", "doelen", "ambassadeurs",
                   "doelgroep", "meedoen", "kosten", "wanneer", "wie")


def _sections_for(initiative, aspect: str):
    prefixes = ASPECT_SECTIONS.get(aspect, ())
    return [s for s in initiative.sections if any(s.id == p or s.id.startswith(p) for p in prefixes)]


GENERIC_TITLE_WORDS = {"sleutelelement", "sleutelelementen", "element", "elementen", "stap", "stappen", "voka",
                       "stempact", "award"}


def named_sections(sections: List, text: str) -> List:
    """The sections whose own title words the message uses ("wat bedoelen ze met samenwerking?")."""
    said = {w for w in words(text) if len(w) > 3 and w not in GENERIC_TITLE_WORDS}
    return [s for s in sections if said & (set(words(s.title)) - GENERIC_TITLE_WORDS)]


def render_initiative(dispatcher: CollectingDispatcher, initiative, aspects: List[str], text: str = "") -> None:
    base = kb()
    cite = base.cite(initiative)
    # the most specific aspect wins: "wie is de contactpersoon" asks for the contact, not the organiser
    aspect = next((a for a in ASPECT_PRIORITY if a in aspects), None)
    if aspect == "wie" and initiative.run_by and all(r.split(" (")[0] == initiative.name for r in initiative.run_by):
        aspect = None  # "wie zit in het STEM-platform?": its description says who, not "run by itself"
    if aspect == "wie" and initiative.run_by:
        dispatcher.utter_message(response="utter_initiative_who", name=initiative.name,
                                 run_by=", ".join(initiative.run_by), cite=cite)
    elif aspect == "doelgroep" and (initiative.audience.description or initiative.audience.ages):
        audience = initiative.audience.description or ""
        if initiative.audience.ages and initiative.audience.ages not in audience:
            audience = f"{audience} ({initiative.audience.ages})".strip()
        dispatcher.utter_message(response="utter_initiative_audience", name=initiative.name,
                                 audience=audience.rstrip("."), cite=cite)
    elif aspect == "meedoen" and initiative.how_to_join:
        dispatcher.utter_message(response="utter_initiative_join", name=initiative.name,
                                 how=initiative.how_to_join.rstrip("."), cite=cite)
    elif aspect == "link" and initiative.link:
        dispatcher.utter_message(response="utter_initiative_link", name=initiative.name, link=initiative.link)
    elif aspect == "contact" and initiative.contact:
        c = initiative.contact
        parts = [p for p in (c.name, c.role, c.email, c.phone, c.url) if p]
        dispatcher.utter_message(response="utter_initiative_contact", name=initiative.name,
                                 contact=", ".join(parts), cite=cite)
    elif aspect == "wanneer" and re.search(r"\b(\d{4})-(\d{4})\b", initiative.name):
        # "tot wanneer liep dat?": the period is part of the name ("STEM-actieplan 2012-2020"), nothing else is
        start, end = re.search(r"\b(\d{4})-(\d{4})\b", initiative.name).groups()
        dispatcher.utter_message(response="utter_initiative_period", name=initiative.name, start=start, end=end,
                                 cite=cite)
    elif aspect in ASPECT_SECTIONS and _sections_for(initiative, aspect):
        sections = _sections_for(initiative, aspect)
        if len(sections) > 1 and len(named_sections(sections, text)) == 1:
            sections = named_sections(sections, text)
        if len(sections) == 1:
            sec = sections[0]
            body = "\n".join(filter(None, [sec.text, bullet(sec.items) if sec.items else "",
                                           phrase("best_practice", text=sec.best_practice)
                                           if sec.best_practice else ""]))
            dispatcher.utter_message(response="utter_initiative_aspect", name=initiative.name, title=sec.title,
                                     body=body, cite=cite)
        else:
            # an overview section ("De zeven sleutelelementen…") heads the list of the others instead of counting as one
            overview = next((s for s in sections if s.id in ASPECT_SECTIONS[aspect]), None)
            parts = [s for s in sections if s is not overview]
            title = overview.title if overview and parts else phrase("sections", count=len(sections))
            dispatcher.utter_message(response="utter_initiative_aspect", name=initiative.name, title=title,
                                     body=bullet([s.title for s in (parts if overview else sections)]), cite=cite)
    elif aspect and aspect != "wat" and aspect not in ("link",):
        dispatcher.utter_message(response="utter_initiative_no_aspect", name=initiative.name,
                                 summary=initiative.summary)
    else:
        dispatcher.utter_message(response="utter_about_initiative", name=initiative.name,
                                 summary=initiative.summary, cite=cite)
        if initiative.link:
            dispatcher.utter_message(response="utter_initiative_link", name=initiative.name, link=initiative.link)


def render_entry(dispatcher: CollectingDispatcher, tracker: Tracker, entry_id: str) -> List[Dict[Text, Any]]:
    """Show any knowledge entry in the way its kind is shown elsewhere."""
    from actions.figures import render_figures
    from actions.handoff import render_destination
    from actions.heroes import render_hero
    from actions.topics import utter_topic
    from actions.tracks import render_track

    base = kb()
    entry, kind = base.get(entry_id), base.kind_of(entry_id)
    if entry is None:
        return []
    if kind == "initiatives":
        render_initiative(dispatcher, entry, entities(tracker, "aspect"), text_of(tracker))
    elif kind == "tracks":
        render_track(dispatcher, entry)
    elif kind == "heroes":
        return render_hero(dispatcher, tracker, entry)
    elif kind == "figures":
        render_figures(dispatcher, [entry])
    elif kind == "destinations":
        render_destination(dispatcher, entry)
    elif kind == "topics":
        return utter_topic(dispatcher, entry.id)
    return [SlotSet("last_topic", kind), SlotSet("last_entry", entry.id)]


def named_entry(tracker: Tracker) -> Optional[str]:
    """The knowledge id the user names, whatever its kind."""
    for etype in ("entry", "initiative", "track", "theme", "destination"):
        value = entity(tracker, etype)
        if value and kb().get(value) is not None:
            return value
    return None


def unknown_thing(dispatcher: CollectingDispatcher, query: str) -> List[Dict[Text, Any]]:
    buttons = hit_buttons(kb().search(query, limit=5)) if query.strip() else []
    if buttons:
        dispatcher.utter_message(response="utter_unknown_thing", buttons=buttons)
    else:
        dispatcher.utter_message(response="utter_unknown_thing_nohits", onderwijskiezer=url_of("onderwijskiezer"))
    return []


def refers_back(tracker: Tracker) -> bool:
    """'Wie zit daarachter?', 'wat kan ik ermee doen?': asks about what we just discussed and names nothing new
    (an unknown name like 'STEM-X' must not be answered with the previous initiative)."""
    said = words(text_of(tracker))
    if any(w.startswith("stem") and w != "stem" for w in said):
        return False
    specific = [a for a in entities(tracker, "aspect") if a != "wat"]
    return bool(specific) or cues.refers_back(text_of(tracker))


def initiative_discussed(tracker: Tracker) -> Optional[str]:
    """The initiative of the last answer: the initiative itself, or the campaign of the hero card just shown."""
    last = tracker.get_slot("last_entry")
    kind = kb().kind_of(last) if last else None
    if kind == "initiatives":
        return last
    if kind == "heroes" and kb().get(HERO_CAMPAIGN) is not None:
        return HERO_CAMPAIGN
    return None


def initiative_in_context(tracker: Tracker) -> Optional[str]:
    """The initiative we just discussed, when this message asks about a part of it ("welke elementen heeft dat?",
    "hoe schrijft een school zich in?") and names nothing else: whatever intent the model picked."""
    last = tracker.get_slot("last_entry")
    if not last or kb().kind_of(last) != "initiatives" or named_entry(tracker) is not None:
        return None
    if not any(a != "wat" for a in entities(tracker, "aspect")):
        return None
    return last if refers_back(tracker) else None


def follows_up_initiative(run):
    """For actions a follow-up about an initiative is easily mistaken for (studies, hand-offs, fallback):
    answer about the initiative in context instead."""

    @functools.wraps(run)
    async def wrapper(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        entry_id = initiative_in_context(tracker)
        if entry_id is not None:
            return render_entry(dispatcher, tracker, entry_id)
        return await run(self, dispatcher, tracker, domain)

    return wrapper


class ActionAbout(Action):
    def name(self) -> Text:
        return "action_about"

    @knowledge_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        entry_id = named_entry(tracker)
        if tracker.get_slot("last_topic") == "figures" and cues.asks_for_a_number(text_of(tracker)) and (
                entry_id is None or kb().kind_of(entry_id) == "initiatives"):
            # "en hoeveel moest dat zijn volgens het actieplan?" right after a figure: a figure question
            from actions.figures import ActionFollowUp

            return await ActionFollowUp().run(dispatcher, tracker, domain)
        if entry_id is None and refers_back(tracker):
            # follow-up about the thing we just discussed ("wie organiseert dat?", after a hero: "wie maakt die?")
            entry_id = initiative_discussed(tracker)
        if entry_id is None:
            # "wat is een STEM-ambassadeur?": a part that only one initiative has
            owners = {i.id for a in entities(tracker, "aspect") for i in kb().all("initiatives") if _sections_for(i, a)}
            entry_id = owners.pop() if len(owners) == 1 else None
        if entry_id is None:
            return unknown_thing(dispatcher, text_of(tracker))
        others = [i for i in entities(tracker, "initiative") if i != entry_id and kb().get(i) is not None]
        events = render_entry(dispatcher, tracker, entry_id)
        for other in others[:2]:
            # "wat is het verschil tussen stempact en het stem charter?": both, each with its own source
            render_entry(dispatcher, tracker, other)
        return events


RELEVANT_SHARE = 0.5  # an initiative scoring at least this share of the best search score counts as asked about


def initiatives_for(text: str) -> List:
    """All initiatives, those that the message's words are about first ("een STEM-kamp of club na school?" puts the
    STEM-academies on top), then the rest in the knowledge base's order."""
    everything = kb().all("initiatives")
    hits = kb().search(text, limit=len(everything), kinds=["initiatives"]) if text.strip() else []
    best = hits[0].score if hits else 0.0
    relevant = [h.id for h in hits if best > 0 and h.score >= RELEVANT_SHARE * best]
    rank = {entry_id: i for i, entry_id in enumerate(relevant)}
    return sorted(everything, key=lambda ini: rank.get(ini.id, len(rank)))


class ActionInitiativeList(Action):
    def name(self) -> Text:
        return "action_initiative_list"

    @knowledge_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        role = tracker.get_slot("role")
        items, shown = [], []
        for ini in initiatives_for(text_of(tracker)):
            if role and ini.audience.roles and role not in ini.audience.roles and "iedereen" not in ini.audience.roles:
                continue
            items.append(f"{ini.name}: {first_sentence(ini.summary)}")
            shown.append(ini)
        buttons = [{"title": i.name, "payload": entry_payload(i.id)} for i in shown[:4]]
        dispatcher.utter_message(response="utter_initiative_list", items=bullet(items), buttons=buttons)
        return [SlotSet("last_topic", "initiatives")]


class ActionTeachingMaterial(Action):
    def name(self) -> Text:
        return "action_teaching_material"

    @knowledge_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        items = []
        for ini in initiatives_for(text_of(tracker)):
            if {"leerkracht", "school"} & set(ini.audience.roles):
                line = f"{ini.name}: {first_sentence(ini.summary)}"
                items.append(line + (f" ({ini.link})" if ini.link else ""))
        dispatcher.utter_message(response="utter_teaching_material", items=bullet(items[:6]))
        return [SlotSet("role", tracker.get_slot("role") or "leerkracht"), SlotSet("last_topic", "initiatives")]
