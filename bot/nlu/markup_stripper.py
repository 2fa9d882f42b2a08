"""MarkupStripper: HTML tags and template or script injections are noise around a question, not part of it.

"<script>alert(1)</script> wat is stem" asks what STEM is, but the tag's characters weigh on the intent model and
the message came out as out_of_scope. Runs first in the pipeline, before SpacyNLP, so every later component (the
featurizers, the classifier, the entity extractor and both guards) reads the message without the markup. A message
that is nothing but markup keeps its text: the model learned such strings as out_of_scope. The tracker keeps what the
user typed; only the NLU reads the cleaned text.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

MARKUP = re.compile(
    r"<\s*(script|style)\b.*?<\s*/\s*\1\s*>"  # a script or style element with its content
    r"|</?[a-zA-Z!][^<>]{0,300}>"  # any other tag (a letter, "/" or "!" right after "<")
    r"|\{\{.*?\}\}|\{%.*?%\}|\$\{.*?\}"  # template and expression injections
    r"|javascript:\S*",
    re.IGNORECASE | re.DOTALL,
)
WORD = re.compile(r"[^\W\d_]{2,}")


def strip_markup(text: str) -> str:
    """`text` without markup, or unchanged when nothing but markup (or no word) would be left."""
    cleaned = " ".join(MARKUP.sub(" ", text or "").split())
    return cleaned if cleaned != text and WORD.search(cleaned) else text


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class MarkupStripper(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "MarkupStripper":
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        # training examples keep their text: stripping would shift the offsets of their annotated entities, and
        # the markup examples among them are out_of_scope strings that stay what they are at inference too
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text and not text.startswith("/"):
                cleaned = strip_markup(text)
                if cleaned != text:
                    message.set(TEXT, cleaned)
        return messages
