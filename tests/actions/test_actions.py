"""Each action's exact responses and events for realistic messages."""

import asyncio

from rasa_sdk.events import SlotSet

from actions.about import ActionAbout, ActionInitiativeList
from actions.common import kb
from actions.fallback import ActionSearchFallback
from actions.figures import ActionFigure, ActionFollowUp
from actions.handoff import ActionHandoff, ActionLink
from actions.heroes import ActionAnother, ActionHero, ActionHeroStudies
from actions.safety import ActionSafety
from actions.study_choice import ActionStudyAdvice, ValidateStudyChoiceForm
from actions.topics import ActionTopic
from actions.tracks import ActionTrack, ActionTracks
from tests.actions.conftest import make_tracker, responses


def run(action, dispatcher, tracker):
    return asyncio.run(action.run(dispatcher, tracker, {}))


def slot(events, name):
    return next((e["value"] for e in events if e.get("event") == "slot" and e.get("name") == name), None)


def test_what_is_stem_cites_its_source(dispatcher):
    run(ActionTopic(), dispatcher, make_tracker("wat is stem", "ask_what_is_stem"))
    msg = dispatcher.messages[0]
    assert msg["response"] == "utter_topic"
    assert "wetenschap" in msg["answer"].lower() and msg["cite"]


def test_figure_girls_bso_then_follow_up_kso(dispatcher):
    tracker = make_tracker("hoeveel meisjes in het bso?", "ask_figure",
                           [{"entity": "gender", "value": "meisjes"}, {"entity": "onderwijsvorm", "value": "bso"}])
    events = run(ActionFigure(), dispatcher, tracker)
    assert dispatcher.messages[0]["response"] == "utter_figure"
    assert "4%" in dispatcher.messages[0]["statement"]
    assert dispatcher.messages[0]["cite"] == "STEM-monitor (2011-2012)"
    context = slot(events, "figure_context")
    dispatcher.messages.clear()
    follow = make_tracker("en in het kso?", "follow_up", [{"entity": "onderwijsvorm", "value": "kso"}],
                          slots={"figure_context": context, "last_topic": "figures"})
    run(ActionFollowUp(), dispatcher, follow)
    assert "61,08%" in dispatcher.messages[0]["statement"]


def test_figure_without_entities_uses_the_entity_ruler(dispatcher):
    run(ActionFigure(), dispatcher, make_tracker("hoeveel meisjes zitten er in het tso", "ask_figure"))
    assert "16%" in dispatcher.messages[0]["statement"]


def test_figure_for_a_year_the_sources_do_not_have_says_so_before_the_older_figure(dispatcher):
    run(ActionFigure(), dispatcher, make_tracker("hoeveel meisjes zaten er in 2020 in het tso", "ask_figure",
                                                 [{"entity": "gender", "value": "meisjes"},
                                                  {"entity": "onderwijsvorm", "value": "tso"}]))
    assert responses(dispatcher)[:2] == ["utter_figure_other_year", "utter_figure"]
    assert dispatcher.messages[0]["years"] == "2020"
    assert "16%" in dispatcher.messages[1]["statement"] and "2011" in dispatcher.messages[1]["cite"]


def test_follow_up_naming_another_year_is_told_about_that_year(dispatcher):
    events = run(ActionFigure(), dispatcher, make_tracker("hoeveel meisjes in het tso", "ask_figure",
                                                          [{"entity": "gender", "value": "meisjes"},
                                                           {"entity": "onderwijsvorm", "value": "tso"}]))
    assert responses(dispatcher)[0] == "utter_figure"
    dispatcher.messages.clear()
    run(ActionFollowUp(), dispatcher, make_tracker("en in 2023?", "follow_up",
                                                   slots={"figure_context": slot(events, "figure_context"),
                                                          "last_topic": "figures"}))
    assert responses(dispatcher)[:2] == ["utter_figure_other_year", "utter_figure"]
    assert dispatcher.messages[0]["years"] == "2023"


def test_figure_for_a_year_the_sources_have_gets_no_note(dispatcher):
    run(ActionFigure(), dispatcher, make_tracker("hoeveel meisjes zaten er in 2011 in het tso", "ask_figure",
                                                 [{"entity": "gender", "value": "meisjes"},
                                                  {"entity": "onderwijsvorm", "value": "tso"}]))
    assert responses(dispatcher)[0] == "utter_figure"


def test_figure_asked_for_now_says_these_are_the_newest_the_sources_have(dispatcher):
    run(ActionFigure(), dispatcher, make_tracker("hoeveel meisjes zitten er nu in het tso", "ask_figure"))
    assert responses(dispatcher)[:2] == ["utter_figure_newest", "utter_figure"]


def test_wages_asked_about_a_track_are_not_answered_with_the_track(dispatcher):
    run(ActionTrack(), dispatcher, make_tracker("hoeveel verdient een ingenieur?", "ask_track",
                                                [{"entity": "track", "value": "ingenieur"}]))
    assert responses(dispatcher) == ["utter_no_pay_info"]
    assert dispatcher.messages[0]["vdab"] == "https://www.vdab.be/"


def test_an_age_sent_as_a_number_is_read_like_a_typed_one(dispatcher):
    from actions.common import entities

    assert entities(make_tracker("", "greet", [{"entity": "age", "value": 30}]), "age") == ["30"]
    run(ActionHandoff(), dispatcher, make_tracker("waar kan ik terecht", "ask_handoff",
                                                  [{"entity": "age", "value": 1}]))
    assert responses(dispatcher)  # answered, no crash


def test_figure_that_does_not_exist_is_not_invented(dispatcher):
    run(ActionFigure(), dispatcher, make_tracker("hoeveel jongens in het kso in de eerste graad", "ask_figure",
                                                 [{"entity": "graad", "value": "eerste graad"},
                                                  {"entity": "onderwijsvorm", "value": "kso"}]))
    assert responses(dispatcher)[0] in ("utter_figure_none", "utter_figure_none_at_all")


def test_initiative_aspects(dispatcher):
    run(ActionAbout(), dispatcher, make_tracker("wat zijn de stappen van stempact", "ask_initiative",
                                                [{"entity": "initiative", "value": "stempact"}]))
    msg = dispatcher.messages[0]
    assert msg["response"] == "utter_initiative_aspect" and "nulmeting" in msg["body"].lower()
    dispatcher.messages.clear()
    run(ActionAbout(), dispatcher, make_tracker("wie is de contactpersoon van het stem charter", "ask_initiative",
                                                [{"entity": "initiative", "value": "stem charter"}]))
    assert "info@stemcharter.be" in dispatcher.messages[0]["contact"]


def test_unknown_initiative_is_not_guessed(dispatcher):
    events = run(ActionAbout(), dispatcher, make_tracker("wat is STEM-X?", "ask_initiative",
                                                         [{"entity": "initiative", "value": "STEM-X"}]))
    assert responses(dispatcher)[0] in ("utter_unknown_thing", "utter_unknown_thing_nohits")
    assert events == []


def test_is_track_stem(dispatcher):
    run(ActionTrack(), dispatcher, make_tracker("is wewi stem?", "ask_track", [{"entity": "track", "value": "wewi"}]))
    assert responses(dispatcher) == ["utter_track_stem"]
    dispatcher.messages.clear()
    from actions.common import kb

    non_stem = kb().tracks(stem=False)[0]
    run(ActionTrack(), dispatcher, make_tracker(f"is {non_stem.name} stem", "ask_track",
                                                [{"entity": "track", "value": non_stem.name}]))
    assert responses(dispatcher) == ["utter_track_not_stem"]


def test_tracks_per_onderwijsvorm_and_interest(dispatcher):
    run(ActionTracks(), dispatcher, make_tracker("welke stem richtingen zijn er in het tso", "ask_tracks",
                                                 [{"entity": "onderwijsvorm", "value": "tso"}]))
    assert "Elektromechanica" in dispatcher.messages[0]["items"]
    assert "onderwijskiezer" in dispatcher.messages[0]["onderwijskiezer"]


def test_hero_by_theme_then_another_then_studies(dispatcher):
    events = run(ActionHero(), dispatcher, make_tracker("iemand die met drones werkt", "ask_hero",
                                                        [{"entity": "theme", "value": "drones"}]))
    assert dispatcher.messages[0]["response"] == "utter_hero"
    assert "drone" in dispatcher.messages[0]["title"].lower()
    shown = slot(events, "shown")
    dispatcher.messages.clear()
    events2 = run(ActionAnother(), dispatcher, make_tracker("nog eentje", "ask_another",
                                                            slots={"shown": shown, "last_topic": "heroes"}))
    assert slot(events2, "last_entry") not in shown
    dispatcher.messages.clear()
    run(ActionHeroStudies(), dispatcher, make_tracker("welke studies?", "ask_hero_studies",
                                                      slots={"last_entry": shown[0]}))
    assert dispatcher.messages[0]["response"] == "utter_hero_studies"


def test_handoffs(dispatcher):
    run(ActionHandoff(), dispatcher, make_tracker("ik wil met iemand praten", "request_human"))
    assert "CLB" in dispatcher.messages[0]["name"]
    dispatcher.messages.clear()
    run(ActionHandoff(), dispatcher, make_tracker("ik ben 40 en wil me omscholen", "ask_handoff",
                                                  [{"entity": "destination", "value": "vdab"}]))
    assert "VDAB" in dispatcher.messages[0]["name"]


def test_safety_gives_helplines(dispatcher):
    run(ActionSafety(), dispatcher, make_tracker("ik wil niet meer leven", "express_distress"))
    msg = dispatcher.messages[0]
    assert msg["response"] == "utter_safety_suicide"
    assert msg["zelfmoordlijn_phone"] == "1813" and msg["awel_phone"] == "102"
    dispatcher.messages.clear()
    run(ActionSafety(), dispatcher, make_tracker("ik word gepest", "express_distress"))
    assert dispatcher.messages[0]["response"] == "utter_safety"
    # "laat maar, ik zei maar iets" right after: the helplines once more, not "oké, geen probleem"
    from actions.safety import ActionSafetyStillHere

    dispatcher.messages.clear()
    run(ActionSafetyStillHere(), dispatcher, make_tracker("laat maar ik zei maar iets", "stop"))
    assert dispatcher.messages[0]["response"] == "utter_safety_still_here"
    assert dispatcher.messages[0]["awel_phone"] == "102" and dispatcher.messages[0]["zelfmoordlijn_phone"] == "1813"


def test_distress_about_someone_else_gets_the_helplines_for_the_worried(dispatcher):
    """A friend, parent or teacher worried about someone gets the same numbers, worded for them; a pupil who is the
    one being hurt ("mijn broer slaat mij") keeps the answer written to them."""
    cases = [("mijn vriendin zegt dat ze er een eind aan wil maken", "utter_safety_other_suicide"),
             ("een leerling van mij wordt elke dag gepest", "utter_safety_other"),
             ("mijn broer slaat mij", "utter_safety")]
    for said, response in cases:
        dispatcher.messages.clear()
        run(ActionSafety(), dispatcher, make_tracker(said, "express_distress"))
        message = dispatcher.messages[0]
        assert message["response"] == response
        assert message["zelfmoordlijn_phone"] == "1813" and message["awel_phone"] == "102"


def test_safety_works_when_the_database_is_down(dispatcher):
    import actions.common as common
    from bot.kb.api import KnowledgeBase

    common.set_kb(KnowledgeBase(url="postgresql+psycopg2://x@127.0.0.1:1/none", refresh_seconds=0))
    run(ActionSafety(), dispatcher, make_tracker("ik word gepest", "express_distress"))
    assert dispatcher.messages[0]["awel_phone"] == "102"


def test_knowledge_down_gives_friendly_message(dispatcher):
    import actions.common as common
    from bot.kb.api import KnowledgeBase

    common.set_kb(KnowledgeBase(url="postgresql+psycopg2://x@127.0.0.1:1/none", refresh_seconds=0))
    assert run(ActionTopic(), dispatcher, make_tracker("wat is stem", "ask_what_is_stem")) == []
    assert responses(dispatcher) == ["utter_kb_unavailable"]


def test_fallback_offers_search_hits(dispatcher):
    run(ActionSearchFallback(), dispatcher, make_tracker("bouwplaats vanuit de lucht bekijken", "nlu_fallback"))
    assert dispatcher.messages[0]["response"] == "utter_did_you_mean"
    assert dispatcher.messages[0]["buttons"][0]["payload"].startswith("/ask_initiative")
    dispatcher.messages.clear()
    run(ActionSearchFallback(), dispatcher, make_tracker("qwxz blorp", "nlu_fallback"))
    assert responses(dispatcher) == ["utter_no_idea"]


def test_form_validation_and_advice(dispatcher):
    form = ValidateStudyChoiceForm()
    tracker = make_tracker("6de leerjaar", "inform")
    assert asyncio.run(form.validate_grade("6de leerjaar", dispatcher, tracker, {})) == {"grade": "lager onderwijs"}
    nonsense = make_tracker("blabla", "inform")
    assert asyncio.run(form.validate_grade("blabla", dispatcher, nonsense, {})) == {"grade": None}
    assert responses(dispatcher) == ["utter_invalid_grade"]
    found = asyncio.run(form.validate_interests("ik game graag en hou van computers", dispatcher,
                                                make_tracker("ik game graag en hou van computers", "inform"), {}))
    assert "computers" in found["interests"]
    dispatcher.messages.clear()
    events = run(ActionStudyAdvice(), dispatcher, make_tracker("", "inform", slots={
        "role": "leerling", "grade": "lager onderwijs", "interests": ["computers"]}))
    assert responses(dispatcher)[:2] == ["utter_study_advice_intro", "utter_study_advice_tracks"]
    assert "utter_hero" in responses(dispatcher) and responses(dispatcher)[-1] == "utter_study_advice_next"
    assert any(e == SlotSet("last_topic", "heroes") for e in events)


def test_follow_up_to_another_grade_drops_the_onderwijsvorm(dispatcher):
    context = {"dims": {"gender": "meisjes", "onderwijsvorm": "tso"}, "text": "hoeveel meisjes in het tso"}
    follow = make_tracker("en in de tweede graad?", "follow_up", [{"entity": "graad", "value": "2"}],
                          slots={"figure_context": context, "last_topic": "figures"})
    events = run(ActionFollowUp(), dispatcher, follow)
    assert dispatcher.messages[0]["response"] == "utter_figure"
    assert "24%" in dispatcher.messages[0]["statement"]
    assert slot(events, "figure_context")["dims"] == {"gender": "meisjes", "graad": "2"}


def test_follow_up_with_a_bare_ordinal_changes_the_graad(dispatcher):
    context = {"dims": {"gender": "meisjes", "graad": "2"}, "text": "hoeveel meisjes zitten in stem in de tweede graad"}
    follow = make_tracker("en in de derde?", "follow_up", slots={"figure_context": context, "last_topic": "figures"})
    events = run(ActionFollowUp(), dispatcher, follow)
    said = " ".join(m.get("items", "") + m.get("statement", "") for m in dispatcher.messages)
    assert "24%" not in said and "16%" in said
    assert slot(events, "figure_context")["dims"] == {"gender": "meisjes", "graad": "3"}
    # and back: "en" or "de" are no ordinals
    dispatcher.messages.clear()
    context = {"dims": {"gender": "meisjes", "graad": "3", "onderwijsvorm": "tso"}, "text": "meisjes 3de graad tso"}
    back = make_tracker("en in de tweede?", "follow_up", slots={"figure_context": context, "last_topic": "figures"})
    run(ActionFollowUp(), dispatcher, back)
    assert "24%" in dispatcher.messages[0]["statement"]


def test_girls_without_more_gives_an_overview_of_the_shares(dispatcher):
    run(ActionFigure(), dispatcher, make_tracker("hoeveel meisjes kiezen stem", "ask_figure",
                                                 [{"entity": "gender", "value": "meisjes"}]))
    said = " ".join(m.get("items", "") + m.get("statement", "") for m in dispatcher.messages)
    for share in ("24%", "48%", "4%", "16%"):
        assert share in said


def test_tracks_for_an_interest_include_the_studies_of_matching_heroes(dispatcher):
    run(ActionTracks(), dispatcher, make_tracker("ik wil iets met auto's doen", "ask_tracks",
                                                 [{"entity": "interest", "value": "autos"}]))
    items = dispatcher.messages[0]["items"]
    assert "Elektromechanica" in items and "Latijn" not in items


def test_initiative_follow_up_without_a_name_uses_the_last_one(dispatcher):
    slots = {"last_entry": "das-geniaal", "last_topic": "initiatives"}
    run(ActionAbout(), dispatcher, make_tracker("wie zit daarachter?", "ask_initiative", slots=slots))
    assert responses(dispatcher) == ["utter_initiative_who"]
    dispatcher.messages.clear()
    run(ActionAbout(), dispatcher, make_tracker("wat is STEM-X?", "ask_initiative", slots=slots))
    assert responses(dispatcher)[0].startswith("utter_unknown_thing")


def test_form_start_does_not_scold_for_cleared_slots(dispatcher):
    form = ValidateStudyChoiceForm()
    tracker = make_tracker("help me kiezen", "start_study_choice")
    assert asyncio.run(form.validate_interests(None, dispatcher, tracker, {})) == {"interests": None}
    assert asyncio.run(form.validate_grade(None, dispatcher, tracker, {})) == {"grade": None}
    assert dispatcher.messages == []
    opening = make_tracker("ik zit in het 6de leerjaar en weet niet wat kiezen", "start_study_choice")
    assert asyncio.run(form.validate_grade(None, dispatcher, opening, {})) == {"grade": "lager onderwijs"}


def test_a_part_only_one_initiative_has_names_it(dispatcher):
    run(ActionAbout(), dispatcher, make_tracker("wa is ne stem ambassadeur", "ask_initiative"))
    assert responses(dispatcher) == ["utter_initiative_aspect"]
    assert dispatcher.messages[0]["name"] == "STEM-charter"


def test_figure_question_leaning_on_the_previous_one(dispatcher):
    context = {"dims": {"onderwijsvorm": "kso"}, "text": "hoeveel procent van de leerlingen in het kso kiest stem"}
    tracker = make_tracker("en hoeveel meisjes daar?", "ask_figure", [{"entity": "gender", "value": "meisjes"}],
                           slots={"figure_context": context, "last_topic": "figures"})
    run(ActionFigure(), dispatcher, tracker)
    assert "61,08%" in dispatcher.messages[0]["statement"]


def test_what_can_you_do_with_a_track_shows_that_track_and_its_jobs(dispatcher):
    run(ActionTopic(), dispatcher, make_tracker("welke jobs zijn er met elektromechanica", "ask_jobs",
                                                [{"entity": "track", "value": "elektromechanica"}]))
    assert responses(dispatcher) == ["utter_track_jobs", "utter_track_about"]
    assert "Elektromechanica" in dispatcher.messages[0]["track"]


def test_job_prospects_with_a_track_give_the_prospects_then_its_jobs(dispatcher):
    run(ActionTopic(), dispatcher, make_tracker("heeft hij met elektrotechnieken later werkzekerheid?",
                                                "ask_job_prospects",
                                                [{"entity": "track", "value": "elektrotechnieken"}]))
    assert responses(dispatcher) == ["utter_topic", "utter_track_jobs", "utter_track_about"]


def test_jobs_for_an_interest_add_the_heroes_work_of_that_interest(dispatcher):
    run(ActionTopic(), dispatcher, make_tracker("kzou iets met autos willen doen, wat voor jobs zijn er", "ask_jobs",
                                                [{"entity": "interest", "value": "autos"}]))
    assert responses(dispatcher)[:2] == ["utter_topic", "utter_interest_jobs"]
    assert "auto" in dispatcher.messages[1]["items"].lower()


def test_a_wage_question_is_not_answered_with_a_made_up_figure(dispatcher):
    for intent in ("ask_job_prospects", "ask_jobs"):
        dispatcher.messages.clear()
        run(ActionTopic(), dispatcher, make_tracker("wat verdien je als ingenieur", intent,
                                                    [{"entity": "track", "value": "ingenieur"}]))
        assert responses(dispatcher) == ["utter_no_pay_info"]
        assert dispatcher.messages[0]["vdab"].startswith("https://")


def test_which_heroes_are_there_shows_one_and_offers_the_others(dispatcher):
    run(ActionHero(), dispatcher, make_tracker("welke stemhelden zijn er", "ask_hero"))
    assert responses(dispatcher) == ["utter_hero", "utter_hero_themes"]
    buttons = dispatcher.messages[1]["buttons"]
    assert len(buttons) >= 5 and all(b["payload"].startswith('/ask_hero{"theme": ') for b in buttons)
    assert dispatcher.messages[0]["title"] not in [b["title"] for b in buttons]


def _on_web(tracker):
    tracker.events.append({"event": "user", "text": tracker.latest_message["text"], "input_channel": "socketio"})
    return tracker


def test_web_chat_gets_a_hero_card_other_channels_the_text(dispatcher):
    run(ActionHero(), dispatcher, _on_web(make_tracker("iemand met drones", "ask_hero",
                                                       [{"entity": "theme", "value": "drones-werven"}])))
    card = dispatcher.messages[0]["custom"]
    assert card["type"] == "hero_card" and card["video_url"].startswith("http") and card["source"]
    assert [b["payload"] for b in card["buttons"]] == ["/ask_another", "/ask_hero_studies"]
    dispatcher.messages.clear()
    run(ActionHero(), dispatcher, make_tracker("iemand met drones", "ask_hero",
                                               [{"entity": "theme", "value": "drones-werven"}]))
    assert responses(dispatcher) == ["utter_hero"] and not dispatcher.messages[0].get("custom")


def test_web_chat_gets_figures_as_a_chart_after_the_text(dispatcher):
    run(ActionFigure(), dispatcher, _on_web(make_tracker(
        "hoeveel meisjes in het bso?", "ask_figure",
        [{"entity": "gender", "value": "meisjes"}, {"entity": "onderwijsvorm", "value": "bso"}])))
    assert dispatcher.messages[0]["response"] == "utter_figure"
    chart = dispatcher.messages[1]["custom"]
    assert chart["type"] == "figures"
    assert [(i["display"], i["source"], i["year"]) for i in chart["items"]] == [("4%", "STEM-monitor", "2011-2012")]


def test_girls_questions_get_reasons_for_why_and_a_clear_statement_otherwise(dispatcher):
    run(ActionTopic(), dispatcher, make_tracker("waarom kiezen zo weinig meisjes voor stem", "ask_stem_myth_girls"))
    assert "vooroordelen" in dispatcher.messages[0]["answer"]
    dispatcher.messages.clear()
    # "is het raar als ik als meisje ...?": the answer opens with a statement, not a bare "Zeker!" (= "yes, weird")
    run(ActionTopic(), dispatcher, make_tracker("is het raar als ik als meisje mecanicien wil worden",
                                                "ask_stem_myth_girls"))
    assert dispatcher.messages[0]["answer"].startswith("STEM is zeker ook iets voor meisjes")


def test_a_follow_up_naming_another_study_gives_that_studys_figures(dispatcher):
    context = {"dims": {"niveau": "secundair"}, "text": "hoeveel procent verlaat het middelbaar met een stem diploma"}
    tracker = make_tracker("en hoeveel moest dat zijn volgens het actieplan?", "ask_figure",
                           slots={"figure_context": context, "last_topic": "figures"})
    run(ActionFigure(), dispatcher, tracker)
    assert "een derde" in dispatcher.messages[0]["statement"] and "44,61%" not in dispatcher.messages[0]["statement"]


def test_an_age_or_year_given_for_the_role_question_tells_who_is_speaking(dispatcher):
    form = ValidateStudyChoiceForm()
    pupil = make_tracker("ik ben 16", "inform", [{"entity": "age", "value": "16"}])
    assert asyncio.run(form.validate_role("16", dispatcher, pupil, {})) == {"role": "leerling", "grade": "derde graad"}
    parent = make_tracker("mijn zoon is 13", "inform", [{"entity": "age", "value": "13"}])
    assert asyncio.run(form.validate_role("13", dispatcher, parent, {})) == {"role": "ouder", "grade": "eerste graad"}
    assert dispatcher.messages == []
    adult = make_tracker("ik ben 45", "inform", [{"entity": "age", "value": "45"}])
    assert asyncio.run(form.validate_role("45", dispatcher, adult, {})) == {"role": None}
    assert responses(dispatcher) == ["utter_role_unknown"]


def test_a_full_figure_question_after_another_figure_is_not_answered_with_the_old_dimensions(dispatcher):
    """'En hoeveel van alle diploma's is STEM?' after the women's share in higher education asks for the share of
    STEM diplomas, not the women's share again."""
    events = run(ActionFigure(), dispatcher, make_tracker(
        "hoeveel vrouwen studeren er een stem-richting aan de universiteit?", "ask_figure",
        [{"entity": "gender", "value": "vrouwen"}, {"entity": "niveau", "value": "hoger"}]))
    assert "1/3" in dispatcher.messages[0]["statement"]
    context = {"figure_context": slot(events, "figure_context"), "last_topic": "figures"}
    dispatcher.messages.clear()
    run(ActionFigure(), dispatcher, make_tracker("en hoeveel van alle diploma's is stem?", "ask_figure", slots=context))
    said = " ".join(m.get("statement", "") + m.get("items", "") for m in dispatcher.messages)
    assert "1 op 4" in said and "1/3" not in said
    # a real follow-up still keeps the carried dimensions
    dispatcher.messages.clear()
    run(ActionFollowUp(), dispatcher, make_tracker("en in het hoger onderwijs?", "follow_up",
                                                   [{"entity": "niveau", "value": "hoger"}], slots=context))
    assert "1/3" in dispatcher.messages[0]["statement"]


def test_a_question_without_a_number_that_a_topic_explains_gets_the_topic(dispatcher):
    run(ActionFigure(), dispatcher, make_tracker("slagen stem-studenten beter dan andere studenten?", "ask_figure"))
    assert responses(dispatcher) == ["utter_topic"]
    assert "studierendement" in dispatcher.messages[0]["answer"]


def test_a_hero_asked_as_a_woman_says_what_the_sources_know_then_shows_one(dispatcher):
    run(ActionHero(), dispatcher, make_tracker("toon mij een vrouw die ingenieur is", "ask_hero",
                                               [{"entity": "gender", "value": "vrouw"}]))
    assert responses(dispatcher)[:2] == ["utter_hero_women", "utter_hero"]
    assert "#STEMhelden" in dispatcher.messages[0]["cite"]
    dispatcher.messages.clear()
    run(ActionHero(), dispatcher, make_tracker("toon iemand die met drones werkt", "ask_hero",
                                               [{"entity": "interest", "value": "drones"}]))
    assert "utter_hero_women" not in responses(dispatcher)


def test_a_question_about_wages_the_model_was_unsure_of_says_the_sources_have_none(dispatcher):
    run(ActionSearchFallback(), dispatcher, make_tracker("verdiende daar goe mee", "nlu_fallback"))
    assert responses(dispatcher) == ["utter_no_pay_info"]


def test_figures_of_the_same_study_and_measure_are_given_together(dispatcher):
    run(ActionFigure(), dispatcher, make_tracker("hoeveel video's zijn er ongeveer?", "ask_figure"))
    said = " ".join(m.get("statement", "") + m.get("items", "") for m in dispatcher.messages)
    assert "13 video's" in said and "11 extra video's" in said


def test_another_hero_with_a_theme_shows_that_theme(dispatcher):
    events = run(ActionAnother(), dispatcher, make_tracker(
        "een ander filmpje aub, over drones", "ask_another", [{"entity": "theme", "value": "drones"}],
        slots={"shown": ["robotbreinen"], "last_topic": "heroes"}))
    assert responses(dispatcher)[0] == "utter_hero"
    assert "drone" in dispatcher.messages[0]["title"].lower()
    assert slot(events, "last_entry") == "drones-werven"


def test_a_share_asked_as_a_tracks_question_gets_the_figure(dispatcher):
    run(ActionTracks(), dispatcher, make_tracker("welk deel van de aso-leerlingen zit in een stem-richting?",
                                                 "ask_tracks", [{"entity": "onderwijsvorm", "value": "aso"}]))
    assert responses(dispatcher)[0] == "utter_figure"
    assert "53%" in dispatcher.messages[0]["statement"]
    dispatcher.messages.clear()
    run(ActionTracks(), dispatcher, make_tracker("welke stem richtingen zijn er in het tso", "ask_tracks",
                                                 [{"entity": "onderwijsvorm", "value": "tso"}]))
    assert responses(dispatcher)[0] != "utter_figure"


def test_boys_or_girls_in_an_onderwijsvorm_gets_the_girls_share(dispatcher):
    run(ActionFigure(), dispatcher, make_tracker("zitten er in het kso meer meisjes of jongens in stem",
                                                 "ask_figure", [{"entity": "onderwijsvorm", "value": "kso"},
                                                                {"entity": "gender", "value": "meisjes"},
                                                                {"entity": "gender", "value": "jongens"}]))
    said = " ".join(m.get("statement", "") + m.get("items", "") for m in dispatcher.messages)
    assert "61,08%" in said


def test_all_courses_of_higher_education_in_a_row_is_onderwijskiezer(dispatcher):
    run(ActionHandoff(), dispatcher, make_tracker("waar vind ik alle opleidingen van hogescholen en unief op een rij",
                                                  "ask_handoff"))
    assert dispatcher.messages[0]["name"] == "Onderwijskiezer"


def test_a_share_read_as_a_question_about_one_track_gets_the_figure(dispatcher):
    run(ActionTrack(), dispatcher, make_tracker("wat is het aandeel stem in het technisch?", "ask_track",
                                                [{"entity": "onderwijsvorm", "value": "technisch"}]))
    said = " ".join(m.get("statement", "") + m.get("items", "") for m in dispatcher.messages)
    assert "TSO" in said and "%" in said


def test_a_teacher_who_says_what_she_teaches_is_a_teacher(dispatcher):
    from actions.conversation import ActionSetRole

    events = run(ActionSetRole(), dispatcher, make_tracker("ik geef les biologie in het vierde jaar", "inform_role"))
    assert responses(dispatcher) == ["utter_role_leerkracht"]
    assert slot(events, "role") == "leerkracht"


def test_the_form_keeps_everything_an_answer_says(dispatcher):
    form = ValidateStudyChoiceForm()
    said = "ik ben leerling, zit in 6de leerjaar"
    assert asyncio.run(form.validate_role("leerling", dispatcher, make_tracker(said, "inform_role"), {})) == {
        "role": "leerling", "grade": "lager onderwijs"}
    # interests given when the year was asked: kept, and the year is asked again without an error message
    lego = "ik bouw graag dingen met lego en in minecraft"
    kept = asyncio.run(form.validate_grade(lego, dispatcher, make_tracker(lego, "inform"), {}))
    assert kept["grade"] is None and "bouwen" in kept["interests"]
    assert responses(dispatcher) == []


def test_one_element_of_stempact_named_gets_that_element(dispatcher):
    stempact = {"last_entry": "stempact", "last_topic": "initiatives"}
    run(ActionAbout(), dispatcher, make_tracker("wat wordt er bedoeld met het element samenwerking?", "ask_initiative",
                                                [{"entity": "aspect", "value": "element"}], slots=stempact))
    assert responses(dispatcher) == ["utter_initiative_aspect"]
    assert "samenwerking" in dispatcher.messages[0]["title"] and "ouders" in dispatcher.messages[0]["body"]


def test_a_language_the_user_speaks_is_not_an_interest(dispatcher):
    text = "ah pardon, ik kan ook nederlands. welke stem-richtingen zijn er in het aso?"
    start = text.index("nederlands")
    run(ActionTracks(), dispatcher, make_tracker(text, "ask_tracks", [
        {"entity": "interest", "value": "nederlands", "start": start, "end": start + 10},
        {"entity": "onderwijsvorm", "value": "aso"}]))
    assert "Wetenschappen-wiskunde" in dispatcher.messages[0]["items"]


def test_films_are_videos_when_counting_them(dispatcher):
    run(ActionFigure(), dispatcher, make_tracker("hoeveel filmpjes zijn er?", "ask_figure"))
    said = " ".join(m.get("statement", "") + m.get("items", "") for m in dispatcher.messages)
    assert "13 video's" in said and "STEM-monitor" not in " ".join(m.get("cite", "") for m in dispatcher.messages)


def test_the_year_of_the_figures_just_shown_is_their_source(dispatcher):
    from actions.handoff import ActionLink

    shown = {"last_entry": "stem-monitor-aso-graad3-stem", "last_topic": "figures"}
    run(ActionLink(), dispatcher, make_tracker("van wanneer zijn die cijfers eig?", "ask_link", slots=shown))
    assert responses(dispatcher) == ["utter_source"]
    assert "2011-2012" in dispatcher.messages[0]["cite"]


def test_out_of_scope_right_after_an_initiative_asks_about_that_initiative(dispatcher):
    from actions.conversation import ActionOutOfScope

    academies = {"last_entry": "stem-academies", "last_topic": "initiatives"}
    run(ActionOutOfScope(), dispatcher, make_tracker("hoe schrijf ik me in?", "out_of_scope", slots=academies))
    assert responses(dispatcher)[0] in ("utter_initiative_join", "utter_initiative_no_aspect")
    assert dispatcher.messages[0]["name"] == "STEM-academies"
    dispatcher.messages.clear()
    run(ActionOutOfScope(), dispatcher, make_tracker("wat voor weer wordt het morgen", "out_of_scope", slots=academies))
    assert responses(dispatcher) == ["utter_out_of_scope"]


def test_out_of_scope_still_answers_when_the_knowledge_base_is_down(dispatcher, monkeypatch):
    import actions.about
    from actions.conversation import ActionOutOfScope
    from bot.kb.api import KnowledgeUnavailable

    def down(tracker):
        raise KnowledgeUnavailable("database down")

    monkeypatch.setattr(actions.about, "initiative_in_context", down)
    run(ActionOutOfScope(), dispatcher, make_tracker("hoe schrijf ik me in?", "out_of_scope",
                                                     slots={"last_entry": "stem-academies"}))
    assert responses(dispatcher) == ["utter_out_of_scope"]


def test_questions_about_the_video_just_shown_are_about_its_campaign(dispatcher):
    """A hero card is a #STEMhelden video: "wie heeft die gemaakt?" right after one asks who makes the videos."""
    slots = {"last_entry": "robotbreinen", "last_topic": "heroes"}
    run(ActionAbout(), dispatcher, make_tracker("wie heeft die gemaakt?", "ask_initiative", slots=slots))
    assert responses(dispatcher) == ["utter_initiative_who"]
    assert dispatcher.messages[0]["name"] == "#STEMhelden"
    dispatcher.messages.clear()
    run(ActionAbout(), dispatcher, make_tracker("voor welke leeftijd zijn die filmpjes bedoeld?", "ask_initiative",
                                                slots=slots))
    assert responses(dispatcher) == ["utter_initiative_audience"]
    dispatcher.messages.clear()
    # a track shown last is no campaign: nothing to refer back to
    run(ActionAbout(), dispatcher, make_tracker("wie heeft die gemaakt?", "ask_initiative",
                                                slots={"last_entry": "informatica", "last_topic": "tracks"}))
    assert responses(dispatcher)[0].startswith("utter_unknown_thing")


def test_a_figure_follow_up_after_the_girls_question_keeps_to_girls(dispatcher):
    """"Zijn er veel meisjes in STEM?" is answered with the topic; "en in het tso?" then asks for the girls' share."""
    events = run(ActionTopic(), dispatcher, make_tracker("zijn er veel meisjes in stem of is dat voor jongens",
                                                         "ask_stem_myth_girls"))
    context = slot(events, "figure_context")
    assert context["dims"] == {"gender": "meisjes"}
    dispatcher.messages.clear()
    run(ActionFollowUp(), dispatcher, make_tracker("en in het kso?", "follow_up",
                                                   [{"entity": "onderwijsvorm", "value": "kso"}],
                                                   slots={"figure_context": context, "last_topic": "topics"}))
    assert responses(dispatcher) == ["utter_figure"]
    assert "meisjes" in dispatcher.messages[0]["statement"] and "KSO" in dispatcher.messages[0]["statement"]


def test_a_question_about_a_track_is_not_answered_with_yes_it_is_stem(dispatcher):
    run(ActionTrack(), dispatcher, make_tracker("wat leer je in wewi", "ask_track",
                                                [{"entity": "track", "value": "wetenschappen-wiskunde"}]))
    assert responses(dispatcher)[0] == "utter_track_about"
    dispatcher.messages.clear()
    run(ActionTrack(), dispatcher, make_tracker("is wewi een stem richting", "ask_track",
                                                [{"entity": "track", "value": "wetenschappen-wiskunde"}]))
    assert responses(dispatcher)[0] == "utter_track_stem"


def test_the_initiatives_the_question_is_about_come_first(dispatcher):
    run(ActionInitiativeList(), dispatcher, make_tracker("is er zoiets als een stem kamp of club na school?",
                                                         "ask_initiatives_list"))
    message = dispatcher.messages[0]
    assert message["items"].startswith("• STEM-academies")
    assert message["buttons"][0]["title"] == "STEM-academies"
    assert message["items"].count("\n") >= 10  # still the whole overview


def test_a_name_inside_a_hyphenated_compound_is_found(dispatcher):
    """"stemhelden-filmpjes" is one token for spaCy; the link asked for is still that of #STEMhelden."""
    run(ActionLink(), dispatcher, make_tracker("Waar kan ik die stemhelden-filmpjes bekijken?", "ask_link"))
    assert responses(dispatcher) == ["utter_link"]
    assert dispatcher.messages[0]["url"] == kb().get("stemhelden").link


def test_a_guessed_hand_off_is_never_a_helpline(dispatcher):
    """A teacher asking for a good school is not sent to the children's helpline by a word the search matched."""
    for said in ("kunt ge mij een concrete school noemen die het goed doet?", "bij wie kan ik terecht om te praten"):
        dispatcher.messages.clear()
        run(ActionHandoff(), dispatcher, make_tracker(said, "ask_handoff"))
        assert dispatcher.messages[0]["name"] not in ("Awel", "Zelfmoordlijn")


def test_the_seven_key_elements_are_seven(dispatcher):
    run(ActionAbout(), dispatcher, make_tracker("wat zijn de sleutelelementen van stempact", "ask_initiative",
                                                [{"entity": "initiative", "value": "stempact"}]))
    message = dispatcher.messages[0]
    assert message["response"] == "utter_initiative_aspect"
    assert "zeven" in message["title"] and message["body"].count("•") == 7
