"""SentenceEncoderFeaturizer: multilingual sentence embeddings as dense sentence features."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.sentence_encoder import SentenceEncoderFeaturizer, embed


def _featurizer(**config) -> SentenceEncoderFeaturizer:
    full = {**SentenceEncoderFeaturizer.get_default_config(), **config}
    return SentenceEncoderFeaturizer.create(full, None, Resource("use"),
                                            ExecutionContext(GraphSchema({}), "use"))


def _dense(message: Message) -> np.ndarray:
    sequence, sentence = message.get_dense_features(TEXT)
    assert sequence is None  # sentence features only: the CRF keeps its own token features
    return sentence.features[0]


def test_paraphrases_are_closer_than_other_topics():
    goodbye, paraphrase, other = embed(["doei, tot later", "tot een volgende keer",
                                        "hoeveel meisjes zitten in het bso"])
    assert float(goodbye @ paraphrase) > float(goodbye @ other) + 0.1


def test_vectors_are_normalised_and_an_empty_text_is_zero():
    vectors = embed(["wat is stem", "", "   "])
    assert vectors.shape == (3, 512)
    assert abs(float(np.linalg.norm(vectors[0])) - 1.0) < 1e-3
    assert not vectors[1].any() and not vectors[2].any()


def test_features_are_scaled_by_the_weight_and_messages_without_text_are_skipped():
    message, empty = Message(data={TEXT: "wat is stem"}), Message(data={})
    _featurizer(weight=3.0).process([message, empty])
    assert abs(float(np.linalg.norm(_dense(message))) - 3.0) < 1e-2
    assert empty.features == []


@pytest.mark.parametrize("weight", [0, -1, "veel", None, True])
def test_a_bad_weight_is_refused_with_its_name(weight):
    with pytest.raises(InvalidConfigException, match="weight"):
        SentenceEncoderFeaturizer.validate_config({"weight": weight})


def test_the_classifier_generalises_from_the_embedding_alone(tmp_path):
    """The classifier sees only the embedding: paraphrases it never saw get the intent of their meaning."""
    examples = [("doei", "goodbye"), ("salukes, tot later", "goodbye"), ("ik ben weg, daag", "goodbye"),
                ("hoeveel meisjes kiezen stem", "ask_figure"), ("cijfers over jongens in het aso", "ask_figure"),
                ("percentage leerlingen in de wetenschappen", "ask_figure")]
    data = TrainingData([Message(data={TEXT: t, INTENT: i}) for t, i in examples])
    featurizer = _featurizer()
    featurizer.process_training_data(data)
    storage, resource = LocalModelStorage(tmp_path), Resource("lr")
    context = ExecutionContext(GraphSchema({}), "lr")
    config = LogisticRegressionClassifier.get_default_config()
    LogisticRegressionClassifier.create(config, storage, resource, context).train(data)
    loaded = LogisticRegressionClassifier.load(config, storage, resource, context)
    unseen = [("tot een volgende keer", "goodbye"), ("welk aandeel vrouwen studeert techniek", "ask_figure")]
    for text, intent in unseen:
        message = Message(data={TEXT: text})
        featurizer.process([message])
        loaded.process([message])
        assert message.get(INTENT)["name"] == intent, text


def test_a_loaded_featurizer_gives_the_same_features_as_a_created_one():
    config = SentenceEncoderFeaturizer.get_default_config()
    context = ExecutionContext(GraphSchema({}), "use")
    loaded = SentenceEncoderFeaturizer.load(config, None, Resource("use"), context)
    text = "welke richting past bij mij"
    first, second = Message(data={TEXT: text}), Message(data={TEXT: text})
    loaded.process([first])
    _featurizer().process([second])
    np.testing.assert_allclose(_dense(first), _dense(second), rtol=1e-5)
