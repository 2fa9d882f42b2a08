"""MaskedTextFeaturizer: TF-IDF n-grams of the message with knowledge mentions replaced by their type.

The intent of "wat doet Technopolis?" and "wat doet de FIRST LEGO League?" is the same; the words of
the mention are not. The spaCy pipeline's entity ruler (fed from knowledge/) already finds these
mentions, so before counting n-grams this featurizer replaces each mention by one token naming its
entity type, maps informal spellings to standard Dutch (bot.nlp.normalize, the same table search
uses) and can use lemmas. The n-grams are TF-IDF weighted (sublinear tf, l2 norm) and only
sentence features are produced: they are meant for the intent classifier, not for the CRF.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text, Type

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.utils.spacy_utils import SpacyNLP
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.nlp.normalize import fold, informal_map, words

log = logging.getLogger(__name__)
VOCABULARY_FILE = "masked_text_vocabulary.json"
ANALYZERS = ("word", "char_wb")


def mask_token(label: str) -> str:
    return f"ent{label.lower().replace('_', '')}"


def masked_text(message: Message, mask_entities: bool = True, standardise: bool = True,
                use_lemma: bool = True) -> str:
    """The message's text as the featurizer sees it (folded, mentions masked, informal words mapped)."""
    doc = message.get(SPACY_DOCS[TEXT])
    mapping = informal_map() if standardise else {}
    if doc is None:  # no spaCy doc (e.g. a message built by hand): words only
        return " ".join(mapping.get(w, w) for w in words(message.get(TEXT) or ""))
    out: List[str] = []
    for token in doc:
        if token.is_space or token.is_punct:
            continue
        if mask_entities and token.ent_type_:
            if token.ent_iob_ == "B":
                out.append(mask_token(token.ent_type_))
            continue
        word = fold(token.text)
        if word in mapping:
            out.append(mapping[word])
        else:
            out.append(fold(token.lemma_) if use_lemma and token.lemma_ else word)
    return " ".join(w for w in out if w)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class MaskedTextFeaturizer(SparseFeaturizer, GraphComponent):
    @classmethod
    def required_components(cls) -> List[Type]:
        return [SpacyNLP]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            **SparseFeaturizer.get_default_config(),
            "mask_entities": True,
            "standardise": True,
            "use_lemma": True,
            # one TF-IDF block per entry: analyzer and n-gram range
            "vectorizers": [
                {"analyzer": "word", "min_ngram": 1, "max_ngram": 2},
                {"analyzer": "char_wb", "min_ngram": 2, "max_ngram": 5},
            ],
            "sublinear_tf": True,
        }

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 execution_context: ExecutionContext,
                 fitted: Optional[List[Dict[str, Any]]] = None) -> None:
        super().__init__(execution_context.node_name, config)
        self._model_storage = model_storage
        self._resource = resource
        self.vectorizers: List[TfidfVectorizer] = [self._vectorizer(spec) for spec in config["vectorizers"]]
        for vectorizer, state in zip(self.vectorizers, fitted or []):
            vectorizer.vocabulary_ = {str(k): int(v) for k, v in state["vocabulary"].items()}
            vectorizer.idf_ = np.asarray(state["idf"], dtype=np.float64)
        self.trained = bool(fitted)

    def _vectorizer(self, spec: Dict[str, Any]) -> TfidfVectorizer:
        word_options = {"token_pattern": r"\S+"} if spec["analyzer"] == "word" else {}
        return TfidfVectorizer(analyzer=spec["analyzer"], ngram_range=(spec["min_ngram"], spec["max_ngram"]),
                               lowercase=False, sublinear_tf=self._config["sublinear_tf"], dtype=np.float32,
                               **word_options)

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        for spec in config.get("vectorizers") or []:
            if spec.get("analyzer") not in ANALYZERS or not 1 <= spec.get("min_ngram", 0) <= spec.get("max_ngram", 0):
                raise InvalidConfigException(f"{cls.__name__}: bad vectorizer {spec!r}; analyzer one of "
                                             f"{ANALYZERS}, 1 <= min_ngram <= max_ngram.")
        if not config.get("vectorizers"):
            raise InvalidConfigException(f"{cls.__name__}: 'vectorizers' must list at least one vectorizer.")

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "MaskedTextFeaturizer":
        return cls(config, model_storage, resource, execution_context)

    def _text(self, message: Message) -> str:
        return masked_text(message, self._config["mask_entities"], self._config["standardise"],
                           self._config["use_lemma"])

    def train(self, training_data: TrainingData) -> Resource:
        texts = [self._text(m) for m in training_data.training_examples if m.get(TEXT)]
        if not texts:
            return self._resource
        for vectorizer in self.vectorizers:
            vectorizer.fit(texts)
        self.trained = True
        self.persist()
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        if not self.trained:
            log.warning("%s has not been trained; no features added", self._identifier)
            return messages
        with_text = [m for m in messages if m.get(TEXT)]
        if not with_text:
            return messages
        texts = [self._text(m) for m in with_text]
        matrix = scipy.sparse.hstack([v.transform(texts) for v in self.vectorizers]).tocsr()
        for row, message in enumerate(with_text):
            self.add_features_to_message(sequence=None, sentence=matrix[row], attribute=TEXT, message=message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def persist(self) -> None:
        import rasa.shared.utils.io

        state = [{"vocabulary": {k: int(i) for k, i in v.vocabulary_.items()}, "idf": v.idf_.tolist()}
                 for v in self.vectorizers]
        with self._model_storage.write_to(self._resource) as path:
            rasa.shared.utils.io.dump_obj_as_json_to_file(path / VOCABULARY_FILE, state)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "MaskedTextFeaturizer":
        import rasa.shared.utils.io

        try:
            with model_storage.read_from(resource) as path:
                state = rasa.shared.utils.io.read_json_file(path / VOCABULARY_FILE)
        except ValueError:
            log.debug("%s: nothing stored for resource %s", cls.__name__, resource.name)
            state = None
        return cls(config, model_storage, resource, execution_context, fitted=state)
