"""The project's Dutch spaCy pipeline: lemmas, entity ruler, loadable by Rasa's SpacyNLP by path."""

from bot.config import settings
from bot.nlp import lemmas, pipeline
from bot.nlp.normalize import fold, standardise


def test_pipeline_lemmatises_dutch(nlp):
    lemmas = {t.text: t.lemma_ for t in nlp("richtingen scholen meisjes leerlingen ingenieurs")}
    assert lemmas["richtingen"] == "richting"
    assert lemmas["scholen"] == "school"
    assert lemmas["meisjes"] == "meisje"
    assert lemmas["leerlingen"] == "leerling"


def test_entity_ruler_is_fed_from_knowledge(nlp):
    doc = nlp("is wewi een stem richting in het tso of wil je stempact")
    found = {(e.label_, e.ent_id_) for e in doc.ents}
    assert ("track", "wetenschappen-wiskunde") in found
    assert ("onderwijsvorm", "tso") in found
    assert ("initiative", "stempact") in found


def test_rasa_spacynlp_loads_the_built_directory():
    from rasa.nlu.utils.spacy_utils import SpacyNLP

    model = SpacyNLP.load_model(str(settings().spacy_dir))
    assert model.model.lang == "nl"
    SpacyNLP.ensure_proper_language_model(model.model)


def test_build_writes_a_loadable_directory(tmp_path, content):
    from bot.kb.entities import entity_values

    nlp = pipeline.build(tmp_path / "p", entity_values(content), {"scholen"})
    assert (tmp_path / "p" / "config.cfg").exists()
    assert nlp.meta["stembot_base"] in ("nl_core_news_sm", "blank:nl+lookups")


def test_normalisation():
    assert fold("Industriële  Wetenschappen") == "industriele wetenschappen"
    assert standardise("wa is da stem, kzit in't middelbaar") .startswith("wat is dat stem ik zit")


def test_present_tense_verbs_get_their_infinitive_only_when_it_is_a_known_word():
    assert lemmas.infinitive("bouwt", {"bouwen"}, set()) == "bouwen"
    assert lemmas.infinitive("gamet", set(), {"gamen"}) == "gamen"  # our vocabulary knows "gamen"
    assert lemmas.infinitive("maakt", {"maken"}, set()) == "maken"
    assert lemmas.infinitive("gamet", set(), set()) is None  # never invents a word
    assert lemmas.infinitive("met", {"men"}, set()) is None  # too short to be a verb form we would guess


def test_entity_ruler_matches_inflections_through_the_lemmas(nlp):
    doc = nlp("mijn zoon programmeert en gamet de hele dag en knutselt aan robotten, en hij sleutelt graag")
    found = {(e.text, e.label_) for e in doc.ents}
    assert {("programmeert", "interest"), ("gamet", "interest"), ("knutselt", "interest"),
            ("robotten", "interest"), ("sleutelt", "interest")} <= found


def test_the_language_of_the_conversation_is_not_a_school_subject(nlp):
    labels = {e.text: e.label_ for e in nlp("oké, in het nederlands dan: welke richtingen zijn er met computers").ents}
    assert labels.get("in het nederlands") == "voertaal"
    assert "nederlands" not in labels and labels.get("computers") == "interest"
    assert {e.label_ for e in nlp("ik ben goed in nederlands en frans").ents} == {"interest"}
