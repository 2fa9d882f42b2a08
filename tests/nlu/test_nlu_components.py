"""stembot's own Rasa NLU components: the masked-text featurizer feeding Rasa's logistic regression."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.masked_text_featurizer import MaskedTextFeaturizer, mask_token, masked_text

EXAMPLES = [
    ("wat is stempact", "ask_initiative"),
    ("vertel me over de stem-monitor", "ask_initiative"),
    ("wat doet stempact eigenlijk", "ask_initiative"),
    ("welke richting past bij mij", "ask_study_choice"),
    ("ik weet niet wat ik moet kiezen", "ask_study_choice"),
    ("wat moet ik studeren na het middelbaar", "ask_study_choice"),
]


def _message(nlp, text: str, intent: str = None) -> Message:
    message = Message(data={TEXT: text, **({INTENT: intent} if intent else {})})
    message.set(SPACY_DOCS[TEXT], nlp(text.lower()))
    return message


def _context(name: str) -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), name)


def _sentence_features(message: Message) -> np.ndarray:
    _, sentence = message.get_sparse_features(TEXT)
    return sentence.features.toarray()[0]


def test_masked_text_replaces_knowledge_mentions_and_informal_spelling(nlp):
    words = masked_text(_message(nlp, "wa is da stempact?")).split()
    assert (words[0], words[2], words[-1]) == ("wat", "dat", mask_token("initiative"))
    assert "stempact" not in words
    assert masked_text(_message(nlp, "wa is da stempact?"), mask_entities=False).endswith("stempact")


def test_featurizer_marks_the_entity_type_and_round_trips(tmp_path, nlp):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("masked")
    config = {**MaskedTextFeaturizer.get_default_config()}
    featurizer = MaskedTextFeaturizer.create(config, storage, resource, _context("masked"))
    data = TrainingData([_message(nlp, t, i) for t, i in EXAMPLES])
    featurizer.train(data)
    featurizer.process_training_data(data)

    word_vocabulary = featurizer.vectorizers[0].vocabulary_
    column = word_vocabulary[mask_token("initiative")]
    unseen = _message(nlp, "vertel iets over het stem-charter")  # an initiative the training texts do not name
    featurizer.process([unseen])
    features = _sentence_features(unseen)
    assert features[column] > 0
    plain = _message(nlp, "welke richting kies ik")
    featurizer.process([plain])
    assert _sentence_features(plain)[column] == 0

    loaded = MaskedTextFeaturizer.load(config, storage, resource, _context("masked"))
    again = _message(nlp, "vertel iets over het stem-charter")
    loaded.process([again])
    np.testing.assert_allclose(_sentence_features(again), features)


def test_featurizer_rejects_an_unknown_analyzer():
    with pytest.raises(InvalidConfigException):
        MaskedTextFeaturizer.validate_config({"vectorizers": [{"analyzer": "char", "min_ngram": 1, "max_ngram": 2}]})


def test_classifier_learns_from_the_masked_mention_after_a_round_trip(tmp_path, nlp):
    storage = LocalModelStorage(tmp_path)
    featurizer = MaskedTextFeaturizer.create(MaskedTextFeaturizer.get_default_config(), storage,
                                             Resource("masked"), _context("masked"))
    data = TrainingData([_message(nlp, t, i) for t, i in EXAMPLES])
    featurizer.train(data)
    featurizer.process_training_data(data)
    config = LogisticRegressionClassifier.get_default_config()
    resource = Resource("lr")
    clf = LogisticRegressionClassifier.create(config, storage, resource, _context("lr"))
    clf.train(data)

    loaded = LogisticRegressionClassifier.load(config, storage, resource, _context("lr"))
    message = _message(nlp, "stem-charter dan")  # only the masked mention links it to ask_initiative
    featurizer.process([message])
    loaded.process([message])
    assert message.get(INTENT)["name"] == "ask_initiative"


def _with_intent(nlp, text: str, intent: str) -> Message:
    message = _message(nlp, text)
    message.set(INTENT, {"name": intent, "confidence": 0.9})
    return message


def test_knowledge_interests_fill_in_where_the_intent_is_about_interests(nlp):
    from bot.nlu.knowledge_crf import DEFAULT_KNOWLEDGE_ENTITIES, ruler_additions

    text = "mijn kleinzoon zit altijd achter de computer en programmeert graag"
    added = ruler_additions(_with_intent(nlp, text, "ask_help_child_choose"), [], DEFAULT_KNOWLEDGE_ENTITIES)
    assert [(text[e["start"]:e["end"]], e["entity"]) for e in added] == [("computer", "interest"),
                                                                         ("programmeert", "interest")]
    # where the intent is not about someone's interests, a knowledge word is the topic, not an entity
    assert ruler_additions(_with_intent(nlp, "is er werk in de techniek", "ask_job_prospects"), [],
                           DEFAULT_KNOWLEDGE_ENTITIES) == []
    # what the CRF found stays; a mention overlapping it is not added twice
    crf = [{"entity": "interest", "start": 36, "end": 44, "value": "computer"}]
    again = ruler_additions(_with_intent(nlp, text, "inform"), crf, DEFAULT_KNOWLEDGE_ENTITIES)
    assert [text[e["start"]:e["end"]] for e in again] == ["programmeert"]
    # an interest named as a dislike is not one
    text = "ik ben goed in wiskunde maar ni in talen"
    added = ruler_additions(_with_intent(nlp, text, "ask_tracks"), [], DEFAULT_KNOWLEDGE_ENTITIES)
    assert [text[e["start"]:e["end"]] for e in added] == ["goed in wiskunde"]


def test_markup_around_a_question_is_stripped_for_the_nlu():
    from bot.nlu.markup_stripper import MarkupStripper, strip_markup

    assert strip_markup("<script>alert(1)</script> wat is stem") == "wat is stem"
    assert strip_markup("<b>hoeveel</b> meisjes in het tso? {{7*7}}") == "hoeveel meisjes in het tso?"
    assert strip_markup("${jndi:ldap://x/a} welke richting past bij mij") == "welke richting past bij mij"
    # nothing but markup stays as it is (the model learned those strings as out_of_scope); plain text is untouched
    for text in ("<script>alert(1)</script>", "{{7*7}}", "ik hou van 3 < 5 en 7 > 2", "wat is stem?"):
        assert strip_markup(text) == text
    messages = [Message(data={TEXT: "<img src=x onerror=alert(1)> wat is stempact"}),
                Message(data={TEXT: '/inform{"interest": "lab"}'})]
    MarkupStripper().process(messages)
    assert [m.get(TEXT) for m in messages] == ["wat is stempact", '/inform{"interest": "lab"}']


def test_a_role_the_crf_missed_is_added_once(nlp):
    """'euh leerling dus' answers who you are: the ruler's role fills in. A message names one role, so a second
    mention ("ouder van twee tieners") is not added to the one the CRF found."""
    from bot.nlu.knowledge_crf import ruler_additions

    by_type = {"role": ["inform_role"]}
    added = ruler_additions(_with_intent(nlp, "euh leerling dus", "inform_role"), [], by_type, ["role"])
    assert [(e["value"], e["entity"]) for e in added] == [("leerling", "role")]
    text = "ik ben ouder van twee tieners"
    crf = [{"entity": "role", "start": 7, "end": 12, "value": "ouder"}]
    assert ruler_additions(_with_intent(nlp, text, "inform_role"), crf, by_type, ["role"]) == []
    assert ruler_additions(_with_intent(nlp, "euh leerling dus", "ask_tracks"), [], by_type, ["role"]) == []
