"""SafetyGuard: a Rasa NLU component that makes distress win over every other intent.

It runs after the intent classifiers (and the FallbackClassifier) and, when a message matches a
pattern of knowledge/safety.yml, sets the intent to `express_distress` with confidence 1 (the
safety action works out the kind of distress from the text itself). The patterns are read when the
model is loaded, not at training time, so editing them needs a restart but no retraining.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.config import settings
from bot.nlp.safety import SafetyMatcher
from bot.nlu.override import override_intent

log = logging.getLogger(__name__)
INTENT_NAME = "express_distress"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafetyGuard(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"rules_file": None}

    def __init__(self, config: Dict[Text, Any]) -> None:
        path = config.get("rules_file") or settings().knowledge_dir / "safety.yml"
        try:
            self.matcher: Optional[SafetyMatcher] = SafetyMatcher.from_file(path)
        except (OSError, ValueError) as exc:  # a broken file must not take the bot down
            log.error("SafetyGuard: cannot read %s (%s); relying on the NLU model only", path, exc)
            self.matcher = None

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SafetyGuard":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            kind = self.matcher.match(message.get(TEXT)) if self.matcher else None
            if not kind:
                continue
            override_intent(message, INTENT_NAME)
        return messages

    def process_training_data(self, training_data):
        return training_data
