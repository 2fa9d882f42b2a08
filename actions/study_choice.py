"""The guided study choice (a Rasa form): role, school stage, interests -> tracks, a hero, next steps."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import bullet, entities, kb, knowledge_guard, text_of, url_of
from bot.nlp import cues
from bot.nlp.normalize import words
from bot.nlp.stage import HOGER, next_level, stage_of

ROLES = ("leerling", "ouder", "leerkracht")


def interests_in(values: Any, tracker: Tracker) -> List[str]:
    """Canonical interests from the slot value (entity list or free text) and the message itself."""
    base = kb()
    found: List[str] = []
    raw = values if isinstance(values, list) else [values] if values else []
    text = text_of(tracker).lower()
    negated = " ".join(text[a:b] for a, b in cues.negated_spans(text))
    for value in raw:
        if str(value).lower() in negated:
            continue  # "biologie, maar niet van wiskunde": the slot took every interest named
        resolved = base.resolve("interest", str(value))
        if resolved:
            found.append(resolved)
        else:
            for word in words(str(value)):
                if word in negated:
                    continue
                resolved = base.resolve("interest", word)
                if resolved:
                    found.append(resolved)
    found.extend(entities(tracker, "interest"))
    return list(dict.fromkeys(found))


class ActionStartStudyChoice(Action):
    """Start (or restart) the form with a clean slate; who the user is stays known."""

    def name(self) -> Text:
        return "action_start_study_choice"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        return [SlotSet("grade", None), SlotSet("interests", None)]


class ActionAskInterests(Action):
    def name(self) -> Text:
        return "action_ask_interests"

    @knowledge_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        options = [v for v in kb().vocabulary("interest")][:8]
        buttons = [{"title": v.label or v.value, "payload": f'/inform{{"interest": "{v.value}"}}'} for v in options]
        dispatcher.utter_message(response="utter_ask_interests", buttons=buttons)
        return []


class ValidateStudyChoiceForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_study_choice_form"

    async def validate_role(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> Dict[Text, Any]:
        role = kb().resolve("role", str(value)) if value else None
        stage = stage_of(text_of(tracker))
        # "ik ben leerling, zit in 6de leerjaar, ik hou van lego": whatever else the answer says is kept too
        also = {**({"grade": stage} if stage else {}), **self._interests_named(tracker)}
        if role in ROLES:
            return {"role": role, **also}
        # "ik ben 16", "mijn zoon is 15", "ik zit in het 4de jaar" as the answer to "leerling, ouder of leerkracht?"
        said = next((r for r in entities(tracker, "role") if r in ROLES), None)
        if said or (stage and stage != HOGER):
            return {"role": said or "leerling", **also}
        dispatcher.utter_message(response="utter_role_unknown")
        return {"role": None}

    @staticmethod
    def _interests_named(tracker: Tracker) -> Dict[Text, Any]:
        found = interests_in(None, tracker)
        return {"interests": found} if found else {}

    async def validate_grade(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> Dict[Text, Any]:
        stage = stage_of(str(value)) if value else None
        stage = stage or stage_of(text_of(tracker))
        if stage:
            return {"grade": stage}
        if value is None:  # cleared by action_start_study_choice, not an answer
            return {"grade": None}
        named = self._interests_named(tracker)
        if named:
            # "ik bouw graag met lego" when asked for the year: keep the interests, ask the year again
            return {"grade": None, **named}
        dispatcher.utter_message(response="utter_invalid_grade")
        return {"grade": None}

    async def validate_interests(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> Dict[Text, Any]:
        found = interests_in(value, tracker)
        if found:
            return {"interests": found}
        if value is None:  # cleared by action_start_study_choice, not an answer
            return {"interests": None}
        dispatcher.utter_message(response="utter_invalid_interests")
        return {"interests": None}


def suggest_tracks(interests: List[str], level: str, limit: int = 3) -> List:
    from actions.tracks import tracks_for

    chosen: List = []
    # round-robin over the interests so that each one is represented
    pools = [tracks_for(i, level) for i in interests]
    while any(pools) and len(chosen) < limit:
        for pool in pools:
            while pool:
                track = pool.pop(0)
                if track not in chosen:
                    chosen.append(track)
                    break
            if len(chosen) >= limit:
                break
    return chosen


class ActionStudyAdvice(Action):
    def name(self) -> Text:
        return "action_study_advice"

    @knowledge_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        from actions.heroes import pick, render_hero
        from actions.tracks import track_line

        stage = tracker.get_slot("grade") or "secundair"
        interests: List[str] = tracker.get_slot("interests") or []
        level = next_level(stage)
        other_level = "secundair" if level == "hoger" else "hoger"
        tracks = suggest_tracks(interests, level) or suggest_tracks(interests, other_level)
        if not tracks:
            tracks = kb().tracks(level=level, stem=True)[:3]
        dispatcher.utter_message(response="utter_study_advice_intro", stage=stage)
        dispatcher.utter_message(response="utter_study_advice_tracks", items=bullet([track_line(t) for t in tracks]))
        events: List[Dict[Text, Any]] = []
        hero: Optional[object] = pick(tracker, interests, None)
        if hero is not None:
            events = render_hero(dispatcher, tracker, hero)
        dispatcher.utter_message(response="utter_study_advice_next", onderwijskiezer=url_of("onderwijskiezer"),
                                 clb=url_of("clb"))
        return events + [SlotSet("hero_context", {"interests": interests, "sector": None})]
