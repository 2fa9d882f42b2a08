"""Follow-ups the NLU model may give the wrong intent, unclear questions, and who gets which hand-off."""

import asyncio

import actions.common as common
from actions.about import ActionAbout
from actions.fallback import ActionSearchFallback
from actions.handoff import ActionHandoff
from actions.heroes import ActionHeroStudies
from actions.tracks import ActionTracks
from tests.actions.conftest import make_tracker, responses

STEMPACT = {"last_entry": "stempact", "last_topic": "initiatives"}


def run(action, dispatcher, tracker):
    return asyncio.run(action.run(dispatcher, tracker, {}))


def slot(events, name):
    return next((e["value"] for e in events if e.get("event") == "slot" and e.get("name") == name), None)


def test_a_part_of_the_last_initiative_wins_over_a_wrong_intent(dispatcher):
    for action, text, intent in [
        (ActionHeroStudies(), "welke elementen heeft dat", "ask_hero_studies"),
        (ActionHandoff(), "hoe schrijven we ons in als school", "ask_handoff"),
        (ActionTracks(), "en welke stappen zijn er", "ask_tracks"),
        (ActionSearchFallback(), "is da gratis?", "nlu_fallback"),
    ]:
        dispatcher.messages.clear()
        events = run(action, dispatcher, make_tracker(text, intent, slots=STEMPACT))
        said = responses(dispatcher)
        assert said[0].startswith("utter_initiative"), (text, said)
        assert slot(events, "last_entry") == "stempact", text


def test_without_an_initiative_in_context_the_action_does_its_own_job(dispatcher):
    run(ActionHandoff(), dispatcher, make_tracker("hoe schrijf ik mij in voor een studiekeuzetest", "ask_handoff"))
    assert responses(dispatcher) == ["utter_handoff"]
    dispatcher.messages.clear()
    # a new name is not a follow-up, even with an aspect in it
    run(ActionHandoff(), dispatcher, make_tracker("kan ik bij het CLB terecht", "ask_handoff", slots=STEMPACT))
    assert dispatcher.messages[0]["name"].startswith("CLB")


def test_an_initiative_name_without_its_apostrophe_is_known(dispatcher):
    run(ActionAbout(), dispatcher, make_tracker("wat is da geniaal", "ask_initiative"))
    assert responses(dispatcher)[0] == "utter_about_initiative"
    assert dispatcher.messages[0]["name"] == "Da's Geniaal"


def test_an_adult_asking_where_to_go_gets_the_vdab(dispatcher):
    tracker = make_tracker("ik ben 42 en wil iets in de IT gaan doen, kan dat nog?", "ask_handoff",
                           entities=[{"entity": "age", "value": "42", "start": 7, "end": 9}])
    run(ActionHandoff(), dispatcher, tracker)
    assert dispatcher.messages[0]["name"] == "VDAB"
    dispatcher.messages.clear()
    tracker = make_tracker("ik ben 16, waar vind ik alle richtingen", "ask_handoff",
                           entities=[{"entity": "age", "value": "16", "start": 7, "end": 9}])
    run(ActionHandoff(), dispatcher, tracker)
    assert dispatcher.messages[0]["name"] != "VDAB"


def test_guesses_never_offer_a_distress_line(dispatcher):
    run(ActionSearchFallback(), dispatcher, make_tracker("is dat gratis en anoniem", "nlu_fallback"))
    titles = [b["title"] for m in dispatcher.messages for b in m.get("buttons", [])]
    assert not any("Awel" in t or "Zelfmoordlijn" in t for t in titles), titles


def test_a_parent_naming_an_interest_gets_tracks_for_it(dispatcher):
    from actions.topics import ActionParentHelp

    tracker = make_tracker("mijn dochter is 11, ze houdt van proefjes. welke richting past bij haar?",
                           "ask_help_child_choose", entities=[{"entity": "interest", "value": "proefjes"}])
    events = run(ActionParentHelp(), dispatcher, tracker)
    assert responses(dispatcher) == ["utter_tracks"]
    assert slot(events, "role") == "ouder"
    dispatcher.messages.clear()
    run(ActionParentHelp(), dispatcher, make_tracker("hoe help ik mijn kind kiezen", "ask_help_child_choose"))
    assert responses(dispatcher) == ["utter_parent_help"]


def test_a_follow_up_after_an_initiative_stays_with_initiatives(dispatcher):
    from actions.figures import ActionFollowUp

    run(ActionFollowUp(), dispatcher, make_tracker("en voor wie is dat?", "follow_up", slots=STEMPACT))
    assert responses(dispatcher) == ["utter_initiative_audience"]
    dispatcher.messages.clear()
    run(ActionFollowUp(), dispatcher, make_tracker("en amper slim?", "follow_up", slots=STEMPACT))
    assert dispatcher.messages[0]["name"] == "Amper Slim"


def test_what_you_can_become_with_the_track_just_shown(dispatcher):
    slots = {"last_entry": "elektromechanica", "last_topic": "tracks"}
    run(ActionHeroStudies(), dispatcher, make_tracker("wat kan je daarmee worden", "ask_hero_studies", slots=slots))
    assert responses(dispatcher) == ["utter_track_jobs"]
    heroes = [h for h in common.kb().all("heroes") if "elektromechanica" in h.studies]
    assert heroes and all(h.title in dispatcher.messages[0]["items"] for h in heroes[:4])


def test_a_hero_for_an_interest_no_hero_has_is_not_pretended(dispatcher):
    from actions.heroes import ActionHero

    tracker = make_tracker("bestaat er een stemheld die met dieren werkt", "ask_hero",
                           entities=[{"entity": "interest", "value": "dieren"}])
    run(ActionHero(), dispatcher, tracker)
    said = responses(dispatcher)
    assert said[0] == "utter_hero_no_match" and said[1] == "utter_hero", said


def test_an_unclear_question_that_names_one_thing_shows_it(dispatcher):
    run(ActionSearchFallback(), dispatcher, make_tracker("wat is een stemheld", "nlu_fallback"))
    assert responses(dispatcher)[0] == "utter_about_initiative"
    assert dispatcher.messages[0]["name"] == "#STEMhelden"


def test_who_runs_an_organisation_that_runs_itself_gets_its_description(dispatcher):
    run(ActionAbout(), dispatcher, make_tracker("wie is de voorzitter van het stem platform", "ask_initiative"))
    assert responses(dispatcher)[0] == "utter_about_initiative"
    assert "Voorzitter" in dispatcher.messages[0]["summary"]


def test_a_question_about_onderwijsvormen_without_a_number_is_explained(dispatcher):
    from actions.figures import ActionFigure, ActionFollowUp

    for action, text, intent in [(ActionFollowUp(), "wat is het verschil tussen aso en tso", "follow_up"),
                                 (ActionFigure(), "wa is het verschil tss tso en bso", "ask_figure")]:
        dispatcher.messages.clear()
        events = run(action, dispatcher, make_tracker(text, intent, entities=[
            {"entity": "onderwijsvorm", "value": "tso"}]))
        assert responses(dispatcher) == ["utter_topic"], text
        assert slot(events, "last_entry") == "moderne-structuur-secundair"
    dispatcher.messages.clear()
    run(ActionFigure(), dispatcher, make_tracker("hoeveel procent verschil tussen aso en tso", "ask_figure",
                                                 entities=[{"entity": "onderwijsvorm", "value": "tso"}]))
    assert responses(dispatcher)[0].startswith("utter_figure")


def test_who_may_take_part_asks_for_the_audience(dispatcher):
    slots = {"last_entry": "das-geniaal", "last_topic": "initiatives"}
    run(ActionAbout(), dispatcher, make_tracker("wie mag daaraan meedoen", "ask_initiative", slots=slots))
    assert responses(dispatcher) == ["utter_initiative_audience"]
    dispatcher.messages.clear()
    run(ActionAbout(), dispatcher, make_tracker("hoe kan ik daaraan meedoen", "ask_initiative", slots=slots))
    assert responses(dispatcher) == ["utter_initiative_join"]


def test_follow_ups_about_contact_cost_winners_and_dates_of_the_last_initiative(dispatcher):
    charter = {"last_entry": "stem-charter", "last_topic": "initiatives"}
    run(ActionAbout(), dispatcher, make_tracker("hoe contacteer ik hen", "ask_initiative", slots=charter))
    assert responses(dispatcher) == ["utter_initiative_contact"]
    assert "info@stemcharter.be" in dispatcher.messages[0]["contact"]
    # no source gives a price, a winner or an end date: say so, never the organiser or a guess
    for text, last in [("kost dat iets", STEMPACT), ("wie heeft die al gewonnen", {
            "last_entry": "stempact-award", "last_topic": "initiatives"}),
            ("tot wanneer liep da", {"last_entry": "stem-monitor", "last_topic": "initiatives"})]:
        dispatcher.messages.clear()
        events = run(ActionSearchFallback(), dispatcher, make_tracker(text, "nlu_fallback", slots=last))
        assert responses(dispatcher) == ["utter_initiative_no_aspect"], text
        assert slot(events, "last_entry") == last["last_entry"], text


def test_a_question_naming_two_things_answers_both(dispatcher):
    run(ActionAbout(), dispatcher, make_tracker("wat is het verschil tussen stempact en stem charter", "ask_initiative",
                                                [{"entity": "initiative", "value": "stempact"},
                                                 {"entity": "initiative", "value": "stem charter"}]))
    names = [m["name"] for m in dispatcher.messages if m["response"] == "utter_about_initiative"]
    assert names == ["Voka STEMpact", "STEM-charter"]
    dispatcher.messages.clear()
    from actions.tracks import ActionTrack

    run(ActionTrack(), dispatcher, make_tracker("wat is het verschil tussen wewi en lawi", "ask_track",
                                                [{"entity": "track", "value": "wewi"},
                                                 {"entity": "track", "value": "lawi"}]))
    assert [m["name"] for m in dispatcher.messages] == ["Wetenschappen-wiskunde", "Latijn-wiskunde"]


def test_where_to_find_a_named_initiative_answers_about_it(dispatcher):
    tracker = make_tracker("wat zijn stem academies en waar vind ik er een in de buurt", "ask_handoff",
                           [{"entity": "initiative", "value": "stem academies"}])
    events = run(ActionHandoff(), dispatcher, tracker)
    assert responses(dispatcher)[0] == "utter_about_initiative"
    assert dispatcher.messages[0]["name"] == "STEM-academies"
    assert slot(events, "last_entry") == "stem-academies"


def test_an_interest_the_user_says_they_lack_is_not_used(dispatcher):
    text = "ik hou niet van chemie, wel van computers"
    run(ActionTracks(), dispatcher, make_tracker(text, "ask_tracks", [
        {"entity": "interest", "value": "chemie", "start": 16, "end": 22},
        {"entity": "interest", "value": "computers", "start": 32, "end": 41}]))
    items = dispatcher.messages[0]["items"]
    assert "Informatica" in items and "Chemie (" not in items
    dispatcher.messages.clear()
    from actions.topics import ActionParentHelp

    run(ActionParentHelp(), dispatcher, make_tracker(
        "mijn dochter is creatief maar niet zo sterk in wiskunde, welke richting past?", "ask_help_child_choose"))
    assert "wiskunde" not in dispatcher.messages[0].get("intro", "").lower()
    from actions.study_choice import ValidateStudyChoiceForm

    said = "biologie, maar ik ben geen fan van wiskunde"
    found = asyncio.run(ValidateStudyChoiceForm().validate_interests(
        ["biologie", "wiskunde"], dispatcher, make_tracker(said, "inform"), {}))
    assert "wiskunde" not in found["interests"] and found["interests"]


def test_a_number_question_right_after_a_figure_stays_with_the_figures(dispatcher):
    context = {"dims": {"niveau": "secundair"}, "text": "hoeveel procent verlaat het middelbaar met een stem diploma"}
    tracker = make_tracker("en hoeveel moest dat zijn volgens het actieplan?", "ask_initiative",
                           slots={"figure_context": context, "last_topic": "figures",
                                  "last_entry": "stem-monitor-secundair-uitstroom-stem-diploma"})
    run(ActionAbout(), dispatcher, tracker)
    assert responses(dispatcher) == ["utter_figure"] and "een derde" in dispatcher.messages[0]["statement"]


def test_a_period_in_the_name_answers_when(dispatcher):
    slots = {"last_entry": "stem-actieplan", "last_topic": "initiatives"}
    run(ActionAbout(), dispatcher, make_tracker("tot wanneer liep da", "ask_initiative", slots=slots))
    assert responses(dispatcher) == ["utter_initiative_period"]
    assert (dispatcher.messages[0]["start"], dispatcher.messages[0]["end"]) == ("2012", "2020")


def test_where_the_numbers_come_from_names_the_source_of_the_last_answer(dispatcher):
    slots = {"last_entry": "stem-monitor-bso-graad3-meisjes", "last_topic": "figures"}
    run(ActionSearchFallback(), dispatcher, make_tracker("waar komen die cijfers vandaan?", "nlu_fallback",
                                                         slots=slots))
    assert responses(dispatcher) == ["utter_source"]
    assert dispatcher.messages[0]["cite"] == "STEM-monitor (2011-2012)"
    dispatcher.messages.clear()
    run(ActionSearchFallback(), dispatcher, make_tracker("waar komen die cijfers vandaan?", "nlu_fallback"))
    assert responses(dispatcher) == ["utter_sources_of_figures"]
    assert "STEM-monitor (2011-2012)" in dispatcher.messages[0]["items"]
    dispatcher.messages.clear()
    from actions.handoff import ActionLink

    run(ActionLink(), dispatcher, make_tracker("wat is de bron daarvan", "ask_link", slots={
        "last_entry": "stem-charter", "last_topic": "initiatives"}))
    assert responses(dispatcher) == ["utter_source"] and "STEM-charter" in dispatcher.messages[0]["cite"]


def test_who_is_behind_an_initiative_no_source_names_says_so(dispatcher):
    slots = {"last_entry": "brightlab", "last_topic": "initiatives"}
    run(ActionAbout(), dispatcher, make_tracker("wie zit erachter", "ask_initiative", slots=slots))
    assert responses(dispatcher) == ["utter_initiative_no_aspect"]
    dispatcher.messages.clear()
    # the STEM-platform's description says who is in it: that stays the answer
    run(ActionAbout(), dispatcher, make_tracker("wie zit er in het stem platform", "ask_initiative",
                                                [{"entity": "initiative", "value": "stem platform"}]))
    assert responses(dispatcher)[0] == "utter_about_initiative"


def test_a_path_from_an_onderwijsvorm_to_a_higher_study_explains_what_decides_and_hands_off(dispatcher):
    from actions.tracks import ActionTrack

    said = "mijn zoon zit in het bso en wil ingenieur worden, kan dat?"
    run(ActionTrack(), dispatcher, make_tracker(said, "ask_track", [{"entity": "onderwijsvorm", "value": "bso"},
                                                                    {"entity": "track", "value": "ingenieur"}]))
    assert responses(dispatcher) == ["utter_track_about", "utter_track_pathway"]
    assert dispatcher.messages[1]["vorm"] == "BSO" and dispatcher.messages[1]["clb"].startswith("https://")


def test_tracks_for_an_adult_hand_off_to_the_vdab(dispatcher):
    tracker = make_tracker("ik ben 28 en wil ingenieur worden", "inform",
                           [{"entity": "age", "value": "28"}, {"entity": "track", "value": "ingenieur"}])
    run(ActionTracks(), dispatcher, tracker)
    assert responses(dispatcher) == ["utter_handoff"] and dispatcher.messages[0]["name"] == "VDAB"


def test_tracks_after_a_named_school_year_are_those_of_the_next_level(dispatcher):
    tracker = make_tracker("welke richtingen zijn er na het zesde leerjaar voor een kind dat graag experimenteert",
                           "ask_tracks", [{"entity": "grade", "value": "zesde leerjaar"}])
    run(ActionTracks(), dispatcher, tracker)
    items = dispatcher.messages[0]["items"]
    assert "secundair onderwijs" in items and "hoger onderwijs)" not in items


def test_from_an_onderwijsvorm_to_higher_education_explains_the_finaliteit(dispatcher):
    tracker = make_tracker("kan ik na bso nog naar de hogeschool", "ask_handoff",
                           [{"entity": "onderwijsvorm", "value": "bso"}, {"entity": "niveau", "value": "hogeschool"}])
    run(ActionHandoff(), dispatcher, tracker)
    assert responses(dispatcher) == ["utter_track_pathway"]
    assert dispatcher.messages[0]["track"] == "het hoger onderwijs"
    dispatcher.messages.clear()
    run(ActionSearchFallback(), dispatcher, make_tracker("mag ik na het bso nog naar de unief", "nlu_fallback", [
        {"entity": "onderwijsvorm", "value": "bso"}, {"entity": "niveau", "value": "unief"}]))
    assert responses(dispatcher) == ["utter_track_pathway"]
    dispatcher.messages.clear()
    run(ActionTracks(), dispatcher, make_tracker("kan je na het tso naar de unief", "ask_tracks", [
        {"entity": "onderwijsvorm", "value": "tso"}, {"entity": "niveau", "value": "unief"}]))
    assert responses(dispatcher) == ["utter_track_pathway"]


def test_who_signed_the_charter_gets_the_ambassadors(dispatcher):
    slots = {"last_entry": "stem-charter", "last_topic": "initiatives"}
    run(ActionAbout(), dispatcher, make_tracker("wie heeft dat ondertekend?", "ask_initiative", slots=slots))
    assert responses(dispatcher) == ["utter_initiative_aspect"]
    assert "ambassadeur" in dispatcher.messages[0]["title"].lower()


def test_a_topic_the_message_names_beats_the_intents_default(dispatcher):
    from actions.topics import ActionTopic

    run(ActionTopic(), dispatcher, make_tracker("wa zijn da eigenlijk knelpuntberoepen", "ask_job_prospects"))
    assert dispatcher.messages[0]["answer"].startswith("Een knelpuntberoep")
    dispatcher.messages.clear()
    run(ActionTopic(), dispatcher, make_tracker("zijn de jobkansen goed", "ask_job_prospects"))
    assert not dispatcher.messages[0]["answer"].startswith("Een knelpuntberoep")


def test_what_to_study_after_an_onderwijsvorm_lists_higher_studies_not_the_pathway(dispatcher):
    said = "ik zit in 4 tso elektriciteit, wat kan ik verder studeren?"
    run(ActionTracks(), dispatcher, make_tracker(said, "ask_tracks", [
        {"entity": "onderwijsvorm", "value": "tso"}, {"entity": "interest", "value": "elektriciteit"}]))
    assert responses(dispatcher) == ["utter_tracks"]
    assert "hoger onderwijs" in dispatcher.messages[0]["items"] and "secundair" not in dispatcher.messages[0]["items"]
