"""ScriptGuard: a message written wholly in a script other than Latin is another language.

The intent model learns words, and a script it never saw (Thai, Amharic, Greek…) has no words it knows, so such
a message got a weak guess (mostly `affirm`) and then the fallback. Whatever it says, the bot's answer is the
same: it speaks Dutch, with the Onderwijskiezer link (`other_language`). A message the model was unsure about
(`nlu_fallback`) that the language guesser (bot/nlp/language.py) reads as another language ("hola que tal")
gets the same answer, and so does a message where the model put `other_language` a close second (at least
`min_runner_up`, "what is stem about?": ask_what_is_stem 0.46, other_language 0.43) and the guesser reads it as
another language. Runs after the FallbackClassifier and before SafetyGuard, so distress patterns still win.
"""

from __future__ import annotations

import unicodedata
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlp.language import guess
from bot.nlu.override import override_intent

INTENT_NAME = "other_language"
FALLBACK_INTENT = "nlu_fallback"


def non_latin_share(text: str) -> float:
    """Share of the letters in `text` that are not Latin (0.0 when it has no letters: emoji, digits)."""
    letters = [ch for ch in text or "" if ch.isalpha()]
    if not letters:
        return 0.0
    foreign = sum(1 for ch in letters if not unicodedata.name(ch, "").startswith("LATIN"))
    return foreign / len(letters)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class ScriptGuard(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # "что такое STEM?" is still Russian: a few Latin letters (a name, an acronym) do not make it Dutch
        return {"min_share": 0.6, "min_runner_up": 0.3}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.min_share = float(config.get("min_share", 0.6))
        self.min_runner_up = float(config.get("min_runner_up", 0.3))

    def _close_call(self, message: Message) -> bool:
        """The model gave `other_language` at least `min_runner_up`, though another intent came first."""
        return any(r.get("name") == INTENT_NAME and (r.get("confidence") or 0.0) >= self.min_runner_up
                   for r in message.get(INTENT_RANKING_KEY) or [])

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "ScriptGuard":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):
                continue
            unsure = (message.get(INTENT) or {}).get("name") == FALLBACK_INTENT or self._close_call(message)
            if non_latin_share(text) < self.min_share and not (unsure and guess(text) not in (None, "nl")):
                continue
            override_intent(message, INTENT_NAME)
        return messages

    def process_training_data(self, training_data):
        return training_data
