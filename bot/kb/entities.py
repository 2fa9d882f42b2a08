"""Entity values and their surface forms, derived from the knowledge content.

One derivation serves three consumers: the generated NLU synonym/lookup file, the spaCy entity
ruler, and `resolve()` which maps what a user typed to a canonical knowledge id.
"""

from __future__ import annotations

import difflib
from typing import Dict, List, Optional

from bot.kb.content import Content
from bot.nlp.normalize import fold

# entity type -> {canonical value: [surface forms]}
EntityValues = Dict[str, Dict[str, List[str]]]

# "voertaal" (the language of the conversation) is only there so that the ruler does not read "nederlands" in
# "in het nederlands" as the school subject; no action asks for it.
VOCABULARY_TYPES = ("onderwijsvorm", "graad", "niveau", "gender", "role", "interest", "aspect", "voertaal")


def _unique(forms: List[str]) -> List[str]:
    seen, out = set(), []
    for form in forms:
        form = " ".join(str(form).split())
        key = form.lower()
        if form and key not in seen:
            seen.add(key)
            out.append(form)
    return out


def entity_values(content: Content) -> EntityValues:
    values: EntityValues = {
        "initiative": {i.id: _unique([i.name, *i.synonyms]) for i in content.initiatives.values()},
        "track": {t.id: _unique([t.name, *t.synonyms]) for t in content.tracks.values()},
        "theme": {h.id: _unique([h.theme, *h.synonyms]) for h in content.heroes.values()},
        "destination": {d.id: _unique([d.name, *d.synonyms]) for d in content.destinations.values()},
    }
    for etype in VOCABULARY_TYPES:
        values[etype] = {
            v.value: _unique([*([v.label] if v.label and len(v.label) < 40 else []), *v.synonyms, v.value])
            for v in content.vocabulary.get(etype, [])
        }
    return values


class Resolver:
    """Maps a user's words for an entity to its canonical value, tolerant of case, accents and typos."""

    def __init__(self, values: EntityValues):
        self._exact: Dict[str, Dict[str, str]] = {}
        for etype, by_value in values.items():
            table = self._exact.setdefault(etype, {})
            for value, forms in by_value.items():
                table.setdefault(fold(value), value)
                for form in forms:
                    table.setdefault(fold(form), value)
                    table.setdefault(fold(form).replace("-", " "), value)
                    table.setdefault(fold(form).replace("-", "").replace(" ", ""), value)

    def resolve(self, etype: str, text: Optional[str]) -> Optional[str]:
        if not text:
            return None
        table = self._exact.get(etype, {})
        key = fold(str(text)).strip(" ?!.,#'\"")
        for variant in (key, key.replace("-", " "), key.replace("-", "").replace(" ", "")):
            if variant in table:
                return table[variant]
        for article in ("het ", "de ", "een ", "in het ", "in de "):
            if key.startswith(article) and key[len(article):] in table:
                return table[key[len(article):]]
        if len(key) >= 4:
            close = difflib.get_close_matches(key, list(table), n=1, cutoff=0.84)
            if close:
                return table[close[0]]
        return None

    def known(self, etype: str) -> Dict[str, str]:
        return dict(self._exact.get(etype, {}))
