"""Rasa's LogisticRegressionClassifier with its regularisation exposed in config.yml.

Rasa 3.6 hard-codes C=1.0 and class_weight="balanced". Our features are many sparse n-gram counts
over few examples per intent, where the right amount of regularisation is a property of the data,
so C (and class_weight) are read from the component's config; everything else (features, ranking,
persistence with skops) is Rasa's own code.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.exceptions import InvalidConfigException

CLASS_WEIGHTS = ("balanced", None)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TunableLogisticRegressionClassifier(LogisticRegressionClassifier):
    """Logistic regression over the sentence features, with configurable C and class_weight."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0, "class_weight": "balanced"}

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage,
                 resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.validate_config(self.config)
        self.clf.set_params(C=float(self.config["C"]), class_weight=self._class_weight(self.config))

    @staticmethod
    def _class_weight(config: Dict[Text, Any]) -> Optional[str]:
        value = config.get("class_weight")
        return None if value in (None, "none", "None") else value

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        if "C" in config and not float(config["C"]) > 0:
            raise InvalidConfigException(f"{cls.__name__}: C must be > 0, got {config['C']!r}.")
        if cls._class_weight(config) not in CLASS_WEIGHTS:
            raise InvalidConfigException(
                f"{cls.__name__}: class_weight must be 'balanced' or none, got {config.get('class_weight')!r}.")
