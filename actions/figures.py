"""Figures by audience dimension, with follow-ups that keep the context ("en in het kso?")."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    bullet,
    entities,
    entity,
    intent_of,
    kb,
    knowledge_guard,
    leading_hit,
    on_web_chat,
    text_of,
)
from bot.nlp import cues
from bot.nlp.normalize import fold

DIMS = ("onderwijsvorm", "graad", "niveau", "gender")
FEMALE = ("meisjes", "vrouwen")


def dims_in(tracker: Tracker) -> Dict[str, str]:
    found = {}
    for dim in DIMS:
        value = entity(tracker, dim)
        if value:
            found[dim] = value
    return found


def figure_chart(figures: List) -> Dict[str, Any]:
    """The numbers as the web page draws them (a bar per share), each with its own source and year."""
    base = kb()
    return {"type": "figures", "items": [
        {"value": f.value, "unit": f.unit, "display": f.display, "label": f.label,
         "source": getattr(f, "study", None) or base.cite(f), "year": f.year} for f in figures]}


def render_figures(dispatcher: CollectingDispatcher, figures: List, note_boys: bool = False,
                   chart: bool = False) -> None:
    base = kb()
    if len(figures) == 1:
        dispatcher.utter_message(response="utter_figure", cite=base.cite(figures[0]), statement=figures[0].statement)
    else:
        by_cite: Dict[str, List[str]] = {}
        for fig in figures:
            by_cite.setdefault(base.cite(fig), []).append(fig.statement)
        for cite, statements in by_cite.items():
            dispatcher.utter_message(response="utter_figure_list", cite=cite, items=bullet(statements))
    if chart:
        dispatcher.utter_message(json_message=figure_chart(figures))
    if note_boys:
        dispatcher.utter_message(response="utter_figure_boys_note")


def _matches(fig, dims: Dict[str, str]) -> bool:
    d = fig.dimensions
    for key, value in dims.items():
        have = getattr(d, key)
        if key == "gender" and value in FEMALE:
            if have not in FEMALE:
                return False
        elif key == "gender" and value == "jongens":
            if have not in FEMALE + ("jongens",):  # the sources give girls' shares only
                return False
        elif key == "niveau" and value == "secundair" and have is None and d.onderwijsvorm:
            continue
        elif have != value:
            return False
    return True


def select_figures(text: str, dims: Dict[str, str]) -> List:
    """Figures that fit the asked dimensions, best first; text search breaks ties between measures."""
    base = kb()
    candidates = [f for f in base.all("figures") if _matches(f, dims)]
    if not candidates:
        return []
    ranked = {h.id: h.score for h in base.search(text, limit=40, kinds=["figures"])} if text else {}
    if "gender" not in dims:
        # without a gender in the question, prefer figures about everyone over girls' shares
        candidates.sort(key=lambda f: f.dimensions.gender is not None)
    candidates.sort(key=lambda f: -ranked.get(f.id, 0.0))
    if dims:
        # with dimensions, show every figure that fits exactly (e.g. STEM share and girls' share of BSO)
        def extra(f):
            return sum(1 for k in DIMS if getattr(f.dimensions, k) and k not in dims)
        if set(dims) == {"gender"}:
            # "hoeveel meisjes kiezen STEM?": an overview of the girls' shares, not only the broadest one
            def overview(f):
                return (f.dimensions.onderwijsvorm is not None, str(f.dimensions.graad or 9), -ranked.get(f.id, 0.0))
            return sorted(candidates, key=overview)[:8]
        best = min(extra(f) for f in candidates)
        chosen = [f for f in candidates if extra(f) == best]
        if "gender" in dims:
            chosen = [f for f in chosen if f.dimensions.gender] or chosen
        return chosen[:6]
    top = ranked and max(ranked.values())
    if top:
        chosen = [f for f in candidates if ranked.get(f.id, 0) >= 0.6 * top][:4]
        # figures of the same study that measure the same thing complete each other ("hoeveel video's zijn er?":
        # the first series and the extra ones)
        lead = chosen[0]
        siblings = [f for f in candidates if f not in chosen and f.measure == lead.measure
                    and getattr(f, "study", None) == getattr(lead, "study", None) and f.dimensions == lead.dimensions]
        return (chosen + siblings)[:4]
    return candidates[:4]


def study_named(tracker: Tracker) -> Optional[str]:
    """The initiative named in the message that figures come from ("volgens het actieplan?")."""
    base = kb()
    studies = {f.study: base.resolve("initiative", f.study) for f in base.all("figures") if getattr(f, "study", None)}
    named = next((i for i in entities(tracker, "initiative") if i in studies.values()), None)
    if named:
        return named
    # "volgens het actieplan", "in de monitor": the study's name without its STEM- prefix
    said = " ".join(cues.tokens(text_of(tracker)))
    for name, study in studies.items():
        short = fold(name).strip("#").removeprefix("stem-")
        if study and re.search(rf"\b{re.escape(short)}\b", said):
            return study
    return None


def of_study(study: str, text: str, dims: Dict[str, str]) -> List:
    """The figures of one study: those that fit the question's dimensions, else all of them."""
    base = kb()
    own = [f for f in base.all("figures") if getattr(f, "study", None) and base.resolve("initiative", f.study) == study]
    fitting = [f for f in own if _matches(f, dims)]
    return (fitting or own)[:6]


def answer(dispatcher: CollectingDispatcher, text: str, dims: Dict[str, str],
           chart: bool = False, study: Optional[str] = None, asked: Optional[str] = None) -> List[Dict[Text, Any]]:
    """Figures for `dims` (or of the named `study`), ranked by `text`; `asked` is what the user said when it differs
    from `text` (a follow-up answered with the previous question's text), read for the years it names."""
    figures = of_study(study, text, dims) if study else select_figures(text, dims)
    if not figures:
        nearby = select_figures(text, {k: v for k, v in dims.items() if k == "gender"}) if "gender" in dims else []
        if nearby:
            dispatcher.utter_message(response="utter_figure_none", items=bullet([f.statement for f in nearby[:4]]))
        else:
            dispatcher.utter_message(response="utter_figure_none_at_all")
        return [SlotSet("last_topic", "figures"), SlotSet("figure_context", {"dims": dims, "text": text})]
    note_the_years(dispatcher, asked or text, figures)
    render_figures(dispatcher, figures, note_boys=dims.get("gender") == "jongens", chart=chart)
    return [SlotSet("last_topic", "figures"), SlotSet("last_entry", figures[0].id),
            SlotSet("figure_context", {"dims": dims, "text": text})]


def years_of(figure) -> set:
    """The calendar years a figure covers: "2011-2012" -> {2011, 2012}."""
    found = sorted(cues.asked_years(str(figure.year or "")))
    return set(range(found[0], found[-1] + 1)) if found else set()


def note_the_years(dispatcher: CollectingDispatcher, text: str, figures: List) -> None:
    """A question about a year the sources have no figures for, or about 'now', is told so before the figures
    that do exist (each with its own year), instead of getting older numbers as if they were the asked ones."""
    asked = cues.asked_years(text)
    if asked and not any(asked & years_of(f) for f in figures):
        dispatcher.utter_message(response="utter_figure_other_year", years=" en ".join(str(y) for y in sorted(asked)))
    elif not asked and cues.asks_about_now(text):
        dispatcher.utter_message(response="utter_figure_newest")


class ActionFigure(Action):
    def name(self) -> Text:
        return "action_figure"

    @knowledge_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        if tracker.get_slot("figure_context") and sounds_like_follow_up(text_of(tracker)):
            return await ActionFollowUp().run(dispatcher, tracker, domain)
        dims = dims_in(tracker)
        # "zitten er in het kso meer meisjes of jongens?" asks for the girls' share, however a topic scores
        topic = explained_by_topic(dispatcher, text_of(tracker)) if "gender" not in dims else None
        if topic is not None:
            return topic
        return answer(dispatcher, text_of(tracker), dims, chart=on_web_chat(tracker), study=study_named(tracker))


def sounds_like_follow_up(text: str) -> bool:
    """'En hoeveel meisjes daar?': a figure question that leans on the previous one."""
    return cues.leans_on_previous(text)


TOPIC_LEAD = 1.1  # a topic must score this many times the best figure to answer a question without a number cue


def explained_by_topic(dispatcher: CollectingDispatcher, text: str) -> Optional[List[Dict[Text, Any]]]:
    """'Wat is het verschil tussen aso en tso?' names onderwijsvormen but asks for an explanation: when the
    question has no number cue and a topic clearly beats every figure in the search, answer with the topic."""
    if not text.strip() or cues.asks_for_a_number(text):
        return None
    topic = leading_hit(text, "topics", ["figures"], TOPIC_LEAD, limit=5)
    if topic is None:
        return None
    from actions.topics import utter_topic

    return utter_topic(dispatcher, topic.id)


class ActionFollowUp(Action):
    """'En in het kso?': repeat the previous question with one dimension changed."""

    def name(self) -> Text:
        return "action_follow_up"

    @knowledge_guard
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        last = tracker.get_slot("last_topic")
        new = dims_in(tracker)
        if last == "tracks":
            from actions.tracks import answer_tracks

            return answer_tracks(dispatcher, tracker)
        if last == "heroes" and entity(tracker, "theme"):
            from actions.heroes import ActionHero

            return await ActionHero().run(dispatcher, tracker, domain)
        if last == "initiatives" and not new:
            # "en voor wie is dat?", "en Amper Slim?": about the initiative in context or the one named
            from actions.about import ActionAbout

            return await ActionAbout().run(dispatcher, tracker, domain)
        text = text_of(tracker)
        # a short or leaning message ("in het tso?", "en de meisjes?") continues the figures
        own_question = len(cues.tokens(text)) >= 4 and not sounds_like_follow_up(text)
        topic = explained_by_topic(dispatcher, text) if own_question else None
        if topic is not None:
            return topic
        context: Optional[Dict[str, Any]] = tracker.get_slot("figure_context")
        if not context and not new:
            dispatcher.utter_message(response="utter_follow_up_unclear")
            return []
        dims = dict((context or {}).get("dims") or {})
        if "graad" in dims and "graad" not in new:
            grade = bare_grade(text)
            if grade:
                new["graad"] = grade
        # a new onderwijsvorm implies secondary education; a new niveau drops the onderwijsvorm
        if "niveau" in new and new["niveau"] != "secundair":
            dims.pop("onderwijsvorm", None)
            dims.pop("graad", None)
        if "onderwijsvorm" in new:
            dims.pop("niveau", None)
        dims.update(new)
        said = text_of(tracker)
        text = (context or {}).get("text", "") if intent_of(tracker) == "follow_up" else said
        study = study_named(tracker)
        if study:
            # "en hoeveel moest dat zijn volgens het actieplan?": that study's figures, not the last question again
            return answer(dispatcher, said, dims, chart=on_web_chat(tracker), study=study)
        # "en in 2023?" asks about its own year; "en in het kso?" about the year of the previous question
        asked = said if cues.asked_years(said) or cues.asks_about_now(said) else text
        dims = relax(text, dims, keep=set(new) | {"gender"})
        if text == said and asks_something_else(said, dims, new):
            # "en hoeveel van alle diploma's is STEM?" after the women's share: its own question, not the last one
            dims = new
        return answer(dispatcher, text, dims, chart=on_web_chat(tracker), asked=asked)


FRESH_LEAD = 1.5  # the question's own best figure must match its words this many times better than the carried one


def asks_something_else(text: str, carried: Dict[str, str], new: Dict[str, str]) -> bool:
    """A figure question that opens like a follow-up ("en hoeveel…") but whose words point to another measure than
    the dimensions carried over from the previous question: its best figure with only its own dimensions matches
    its words clearly better than the best one with the carried dimensions."""
    if carried == new:
        return False
    fresh, kept = select_figures(text, new), select_figures(text, carried)
    if not fresh:
        return False
    scores = {h.id: h.score for h in kb().search(text, limit=40, kinds=["figures"])}
    best_kept = max((scores.get(f.id, 0.0) for f in kept), default=0.0)
    return scores.get(fresh[0].id, 0.0) >= FRESH_LEAD * best_kept and scores.get(fresh[0].id, 0.0) > 0


def bare_grade(text: str) -> Optional[str]:
    """'En in de derde?' after a question about a graad: the ordinal alone names the next graad."""
    for token in cues.tokens(text):
        if token not in cues.cues()["ordinals"]:
            continue
        grade = kb().resolve("graad", f"{token} graad")
        if grade:
            return grade
    return None


def relax(text: str, dims: Dict[str, str], keep: set) -> Dict[str, str]:
    """Drop dimensions carried over from the previous question until a figure fits ("en in de tweede graad?"
    after a question about the TSO: the second-grade figures have no onderwijsvorm)."""
    if select_figures(text, dims):
        return dims
    for key in ("onderwijsvorm", "graad", "niveau"):
        if key in dims and key not in keep:
            fewer = {k: v for k, v in dims.items() if k != key}
            if select_figures(text, fewer):
                return fewer
    return dims
