"""KnowledgeCRFEntityExtractor: Rasa's CRF, plus the knowledge base's own words where the CRF missed them.

Interests are an open list ("ik vind robots cool", "hij zit altijd achter de computer", "iemand die graag
programmeert"), and the CRF learns them from a couple of hundred annotated examples, so it misses words it
saw rarely or in another sentence frame. The spaCy entity ruler (bot/nlp/pipeline.py) knows every interest
form of knowledge/vocabulary.yml, with their inflections through the lemmas. Where the message's intent is
one whose examples annotate every interest mention (`knowledge_entities` maps the entity type to those
intents), a ruler mention that overlaps no CRF entity is added. Elsewhere a knowledge word is not an entity
of the message ("techniek" in "is er werk in de techniek?" is the topic, not a child's interest), so the
CRF alone decides. A mention named as a dislike ("goed in wiskunde maar ni in talen", bot/nlp/cues.yml) is not
added.

Roles work the same way for `inform_role` ("euh leerling dus": the CRF learned "ik ben [leerling]" frames).

Everything comes out under this component's name, so the cross-validation report
(`KnowledgeCRFEntityExtractor_report.json`) measures what the dialogue gets: the CRF and the additions together.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import SPACY_DOCS
from rasa.nlu.extractors.crf_entity_extractor import CRFEntityExtractor
from rasa.shared.nlu.constants import (
    ENTITY_ATTRIBUTE_CONFIDENCE,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    INTENT,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from bot.nlp import cues

DEFAULT_KNOWLEDGE_ENTITIES = {"interest": ["inform", "ask_tracks", "ask_help_child_choose", "ask_jobs"]}


def ruler_additions(message: Message, found: List[Dict[Text, Any]],
                    intents_by_type: Dict[Text, List[Text]], single: Iterable[Text] = ()) -> List[Dict[Text, Any]]:
    """Entity-ruler mentions of the configured types, for the message's intent, that overlap none of `found`. A type
    in `single` is added only when the CRF found none of it ("ik ben [ouder] van twee tieners" names one role)."""
    doc = message.get(SPACY_DOCS[TEXT])
    intent = (message.get(INTENT) or {}).get("name")
    if doc is None or not intent:
        return []
    taken = [(e[ENTITY_ATTRIBUTE_START], e[ENTITY_ATTRIBUTE_END]) for e in found]
    disliked = cues.negated_spans(message.get(TEXT) or "")
    added = []
    for ent in doc.ents:
        if intent not in intents_by_type.get(ent.label_, ()):
            continue
        if ent.label_ in single and any(e[ENTITY_ATTRIBUTE_TYPE] == ent.label_ for e in found + added):
            continue
        start, end = ent.start_char, ent.end_char
        if any(start < b and end > a for a, b in taken) or any(a <= start < b for a, b in disliked):
            continue
        taken.append((start, end))
        added.append({ENTITY_ATTRIBUTE_TYPE: ent.label_, ENTITY_ATTRIBUTE_START: start, ENTITY_ATTRIBUTE_END: end,
                      ENTITY_ATTRIBUTE_VALUE: ent.text, ENTITY_ATTRIBUTE_CONFIDENCE: 1.0})
    return added


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class KnowledgeCRFEntityExtractor(CRFEntityExtractor):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**CRFEntityExtractor.get_default_config(), "knowledge_entities": DEFAULT_KNOWLEDGE_ENTITIES,
                "single_entities": []}

    def extract_entities(self, message: Message) -> List[Dict[Text, Any]]:
        entities = super().extract_entities(message)
        additions = ruler_additions(message, entities, self.component_config.get("knowledge_entities") or {},
                                    self.component_config.get("single_entities") or ())
        return sorted(entities + additions, key=lambda e: e[ENTITY_ATTRIBUTE_START])
