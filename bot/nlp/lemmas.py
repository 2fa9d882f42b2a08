"""Dutch plural and verb-form heuristics that extend spaCy's lookup lemmatizer at build time.

spacy-lookups-data's Dutch table misses many plurals ("scholen", "meisjes", "computers") and the
present tense of newer verbs ("gamet", "bouwt"). For words found in our own content and training data
we derive a singular or infinitive candidate and accept it only when the table already knows it as a
lemma, or, for an infinitive, when it is a word of our own vocabulary, so the heuristic never invents
words.
"""

from __future__ import annotations

from typing import Dict, Iterable, Optional, Set

VOWELS = set("aeiou")


def _candidates(word: str) -> Iterable[str]:
    if word.endswith("'s"):
        yield word[:-2]
    if word.endswith("s") and len(word) > 3:
        yield word[:-1]
    if word.endswith("en") and len(word) > 4:
        stem = word[:-2]
        if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in VOWELS:
            yield stem[:-1]  # wetenschappen -> wetenschap
        if len(stem) >= 3 and stem[-1] not in VOWELS and stem[-2] in VOWELS and stem[-3] not in VOWELS:
            # an open syllable means a long vowel, written double in the singular: scholen -> school
            doubled = stem[:-1] + stem[-2] + stem[-1]
            yield doubled
            yield doubled[:-1] + {"z": "s", "v": "f"}.get(doubled[-1], doubled[-1])
        if stem.endswith("v"):
            yield stem[:-1] + "f"  # brieven -> brief
        if stem.endswith("z"):
            yield stem[:-1] + "s"  # huizen -> huis
        yield stem


def _infinitives(word: str) -> Iterable[str]:
    """Infinitive candidates of a present-tense form: bouwt -> bouwen, gamet -> gamen, maakt -> maken."""
    stem = word[:-1] if word.endswith("t") else word
    if len(stem) < 3:
        return
    yield stem + "en"
    if stem.endswith("e"):
        yield stem + "n"  # gamet -> gamen
    if len(stem) >= 4 and stem[-2] == stem[-3] and stem[-2] in VOWELS and stem[-1] not in VOWELS:
        yield stem[:-2] + stem[-1] + "en"  # maakt -> maken
    if len(stem) >= 3 and stem[-1] not in VOWELS and stem[-2] in VOWELS and stem[-3] not in VOWELS:
        yield stem + stem[-1] + "en"  # zit -> zitten


def singular(word: str, known_lemmas: Set[str]) -> Optional[str]:
    """The first candidate singular of `word` that is a known lemma, else None."""
    for cand in _candidates(word):
        if cand != word and cand in known_lemmas:
            return cand
    return None


def infinitive(word: str, known_lemmas: Set[str], vocabulary: Set[str]) -> Optional[str]:
    """The infinitive of a present-tense verb form, when the table or our vocabulary knows it, else None."""
    if len(word) < 4:
        return None
    for cand in _infinitives(word):
        if cand != word and (cand in known_lemmas or cand in vocabulary):
            return cand
    return None


def extend_table(table: Dict[str, str], vocabulary: Iterable[str], known_lemmas: Set[str]) -> Dict[str, str]:
    """Entries to add to the lookup table for `vocabulary` words it does not cover."""
    words = set(vocabulary)
    added: Dict[str, str] = {}
    for word in words:
        if word in table or not word.isalpha():
            continue
        lemma = singular(word, known_lemmas) or infinitive(word, known_lemmas, words)
        if lemma:
            added[word] = lemma
    return added
