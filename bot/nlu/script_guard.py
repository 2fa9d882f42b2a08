"""ScriptGuard: a message written wholly in a script other than Latin is another language.

The intent model learns words, and a script it never saw (Thai, Amharic, Greek…) has no words it knows, so such
a message got a weak guess (mostly `affirm`) and then the fallback. Whatever it says, the bot's answer is the
same: it speaks Dutch, with the Onderwijskiezer link (`other_language`). A message the model was unsure about
(`nlu_fallback`) that the language guesser (bot/nlp/language.py) reads as another language ("hola que tal")
gets the same answer, and so does a message where the model put `other_language` a close second (at least
`min_runner_up`, "what is stem about?": ask_what_is_stem 0.46, other_language 0.43) and the guesser reads it as
another language. The other way round, a message the model called `other_language` that is clearly Dutch and names
no other language ("sorry ik kan ook nederlands, wat is stem?" after an English opener) gets the model's best other
intent when that one holds at least `min_renormalised` of the rest of the ranking, else `nlu_fallback` (the
knowledge-base search). Runs after the FallbackClassifier and before SafetyGuard, so distress patterns still win.
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

from bot.nlp.language import clearly_dutch, guess, names_another_language
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
        return {"min_share": 0.6, "min_runner_up": 0.3, "min_renormalised": 0.35}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.min_share = float(config.get("min_share", 0.6))
        self.min_runner_up = float(config.get("min_runner_up", 0.3))
        self.min_renormalised = float(config.get("min_renormalised", 0.35))

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
            said = (message.get(INTENT) or {}).get("name")
            if said == INTENT_NAME and clearly_dutch(text) and not names_another_language(text):
                self._demote(message)
                continue
            unsure = said == FALLBACK_INTENT or self._close_call(message)
            if non_latin_share(text) < self.min_share and not (unsure and guess(text) not in (None, "nl")):
                continue
            override_intent(message, INTENT_NAME)
        return messages

    def _demote(self, message: Message) -> None:
        """The model's best intent other than `other_language`, judged by its share of the rest of the ranking."""
        rest = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") not in (INTENT_NAME, FALLBACK_INTENT)]
        total = sum(r.get("confidence") or 0.0 for r in rest)
        if rest and total > 0 and (rest[0].get("confidence") or 0.0) / total >= self.min_renormalised:
            top = {"name": rest[0]["name"], "confidence": (rest[0].get("confidence") or 0.0) / total}
        else:
            top = {"name": FALLBACK_INTENT, "confidence": 1.0}
        message.set(INTENT, top, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [top, *[r for r in rest if r["name"] != top["name"]]], add_to_output=True)

    def process_training_data(self, training_data):
        return training_data
