"""SentenceEncoderFeaturizer and its encoders: multilingual sentence embeddings as dense sentence features."""

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

from bot.nlu.encoders import ENCODERS
from bot.nlu.sentence_encoder import SentenceEncoderFeaturizer

TRAINING = [("doei", "goodbye"), ("salukes, tot later", "goodbye"), ("ik ben weg, daag", "goodbye"),
            ("hoeveel meisjes kiezen stem", "ask_figure"), ("cijfers over jongens in het aso", "ask_figure"),
            ("percentage leerlingen in de wetenschappen", "ask_figure")]


def _context(name: str = "encoders") -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), name)


def _featurizer(tmp_path, **config) -> SentenceEncoderFeaturizer:
    full = {**SentenceEncoderFeaturizer.get_default_config(), **config}
    return SentenceEncoderFeaturizer.create(full, LocalModelStorage(tmp_path), Resource("encoders"), _context())


def _training_data() -> TrainingData:
    return TrainingData([Message(data={TEXT: t, INTENT: i}) for t, i in TRAINING])


def _dense(message: Message) -> np.ndarray:
    sequence, sentence = message.get_dense_features(TEXT)
    assert sequence is None  # sentence features only: the CRF keeps its own token features
    return sentence.features[0]


@pytest.mark.parametrize("name", sorted(ENCODERS))
def test_paraphrases_are_closer_than_other_topics(name):
    goodbye, paraphrase, other = ENCODERS[name].embed(["doei, tot later", "tot een volgende keer",
                                                       "hoeveel meisjes zitten in het bso"])
    assert float(goodbye @ paraphrase) > float(goodbye @ other) + 0.02


@pytest.mark.parametrize("name", sorted(ENCODERS))
def test_vectors_are_normalised_and_an_empty_text_is_zero(name):
    vectors = ENCODERS[name].embed(["wat is stem", "", "   "])
    assert vectors.shape == (3, ENCODERS[name].dimensions)
    assert abs(float(np.linalg.norm(vectors[0])) - 1.0) < 1e-3
    assert not vectors[1].any() and not vectors[2].any()


def test_each_encoder_gets_its_weight_side_by_side_and_messages_without_text_are_skipped(tmp_path):
    message, empty = Message(data={TEXT: "wat is stem"}), Message(data={})
    featurizer = _featurizer(tmp_path, encoders=[{"name": "use", "weight": 3.0}, {"name": "e5", "weight": 5.0}])
    featurizer.process([message, empty])
    features = _dense(message)
    use, e5 = features[:ENCODERS["use"].dimensions], features[ENCODERS["use"].dimensions:]
    assert len(e5) == ENCODERS["e5"].dimensions
    assert abs(float(np.linalg.norm(use)) - 3.0) < 1e-2
    assert abs(float(np.linalg.norm(e5)) - 5.0) < 1e-2
    assert empty.features == []


def test_training_centres_each_encoder_on_the_mean_of_the_examples(tmp_path):
    featurizer = _featurizer(tmp_path, encoders=[{"name": "e5", "weight": 1.0}])
    featurizer.train(_training_data())
    texts = [t for t, _ in TRAINING]
    raw = ENCODERS["e5"].embed(texts)
    np.testing.assert_allclose(featurizer.means["e5"], raw.mean(axis=0), atol=1e-5)
    rows = featurizer.vectors(texts)
    # centred rows spread out: unrelated training sentences are far less alike than the raw embeddings say
    assert float(np.mean(rows @ rows.T)) < float(np.mean(raw @ raw.T)) - 0.3
    np.testing.assert_allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-3)


def test_a_loaded_featurizer_keeps_the_means_and_gives_the_features_of_the_trained_one(tmp_path):
    featurizer = _featurizer(tmp_path)
    featurizer.train(_training_data())
    loaded = SentenceEncoderFeaturizer.load(featurizer._config, LocalModelStorage(tmp_path), Resource("encoders"),
                                            _context())
    assert set(loaded.means) == {"use", "e5"}
    text = "welke richting past bij mij"
    first, second = Message(data={TEXT: text}), Message(data={TEXT: text})
    loaded.process([first])
    featurizer.process([second])
    np.testing.assert_allclose(_dense(first), _dense(second), rtol=1e-4, atol=1e-5)


def test_training_examples_get_the_same_features_as_messages_at_run_time(tmp_path):
    """The vectors handed from training to featurising the examples are the ones a live message gets."""
    featurizer = _featurizer(tmp_path)
    data = _training_data()
    featurizer.train(data)
    featurizer.process_training_data(data)
    live = Message(data={TEXT: TRAINING[1][0]})
    featurizer.process([live])
    np.testing.assert_allclose(_dense(data.training_examples[1]), _dense(live), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("encoders, field", [
    ([{"name": "use", "weight": 0}], "entry 1 \\(use\\): 'weight'"),
    ([{"name": "use", "weight": 1}, {"name": "e5", "weight": -1}], "entry 2 \\(e5\\): 'weight'"),
    ([{"name": "use", "weight": "veel"}], "'weight'"), ([{"name": "e5"}], "'weight'"),
    ([{"name": "use", "weight": True}], "'weight'"), ([{"name": "bert", "weight": 1.0}], "'bert'"),
    ([{"name": "use", "weight": 1}, {"name": "use", "weight": 2}], "listed twice"),
    (["use"], "entry 1"), ([], "encoders"), ({"use": 6.0}, "encoders"), (6.0, "encoders"),
])
def test_a_bad_encoder_setting_is_refused_with_its_entry_and_field(encoders, field):
    with pytest.raises(InvalidConfigException, match=field):
        SentenceEncoderFeaturizer.validate_config({"encoders": encoders})


def test_an_encoder_left_out_of_the_config_is_not_used(tmp_path):
    """Rasa merges a component's config into its defaults; the list of encoders must replace the default one."""
    from rasa.utils.common import override_defaults

    config = override_defaults(SentenceEncoderFeaturizer.get_default_config(),
                               {"encoders": [{"name": "use", "weight": 2.0}]})
    featurizer = SentenceEncoderFeaturizer.create(config, LocalModelStorage(tmp_path), Resource("encoders"),
                                                  _context())
    assert featurizer.weights == {"use": 2.0}
    message = Message(data={TEXT: "wat is stem"})
    featurizer.process([message])
    assert len(_dense(message)) == ENCODERS["use"].dimensions


def test_the_classifier_generalises_from_the_embeddings_alone(tmp_path):
    """The classifier sees only the embeddings: paraphrases it never saw get the intent of their meaning."""
    data = _training_data()
    (tmp_path / "featurizer").mkdir()
    (tmp_path / "lr").mkdir()
    featurizer = _featurizer(tmp_path / "featurizer")
    featurizer.train(data)
    featurizer.process_training_data(data)
    storage, resource = LocalModelStorage(tmp_path / "lr"), Resource("lr")
    config = LogisticRegressionClassifier.get_default_config()
    LogisticRegressionClassifier.create(config, storage, resource, _context("lr")).train(data)
    loaded = LogisticRegressionClassifier.load(config, storage, resource, _context("lr"))
    unseen = [("tot een volgende keer", "goodbye"), ("welk aandeel vrouwen studeert techniek", "ask_figure")]
    for text, intent in unseen:
        message = Message(data={TEXT: text})
        featurizer.process([message])
        loaded.process([message])
        assert message.get(INTENT)["name"] == intent, text
