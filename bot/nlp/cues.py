"""Cue words (bot/nlp/cues.yml) that tell how a question leans: back on the last answer, or towards a number."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, List, Set, Tuple

import yaml

from bot.nlp.normalize import standardise


@lru_cache(maxsize=1)
def _data() -> Dict[str, list]:
    return yaml.safe_load(Path(__file__).with_name("cues.yml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def cues() -> Dict[str, FrozenSet[str]]:
    return {name: frozenset(str(w) for w in words) for name, words in _data().items()}


@lru_cache(maxsize=1)
def _negations() -> List[re.Pattern]:
    return [re.compile(p) for p in _data()["negated_interest"]]


def negated_spans(text: str) -> List[Tuple[int, int]]:
    """Character spans of the message where the user says what they are not into ("niet sterk in wiskunde")."""
    lowered = (text or "").lower()
    return [m.span() for pattern in _negations() for m in pattern.finditer(lowered)]


def tokens(text: str) -> list:
    return standardise(text).split()


def refers_back(text: str) -> bool:
    return bool(cues()["referring"] & set(tokens(text)))


def leans_on_previous(text: str) -> bool:
    said = tokens(text)
    return bool(said) and (said[0] in cues()["follow_up_openers"] or bool(cues()["follow_up_words"] & set(said)))


def asks_for_a_number(text: str) -> bool:
    return "%" in text or bool(cues()["number"] & set(tokens(text)))


YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


def asked_years(text: str) -> FrozenSet[int]:
    """The calendar years a question names ("in 2020", "2019-2020")."""
    return frozenset(int(y) for y in YEAR.findall(text or ""))


def words_and_pairs(text: str) -> Set[str]:
    """The message's tokens and its two-word phrases, for cue lists that hold both ("dit jaar", "van wanneer")."""
    said = tokens(text)
    return set(said) | {" ".join(said[i:i + 2]) for i in range(len(said) - 1)}


def asks_about_now(text: str) -> bool:
    """'Hoeveel meisjes kiezen er nu STEM?', 'de laatste cijfers', 'dit jaar'."""
    return bool(cues()["now"] & words_and_pairs(text))


def about_someone_else(text: str) -> bool:
    """'Mijn vriendin zegt dat ze niet meer wil leven': the writer worries about another person, and is not the one
    in danger themselves ("mijn broer slaat mij"; "van mij" as in "een leerling van mij" does not count)."""
    said = tokens(text)
    padded = f" {' '.join(said)} "
    if not any(f" {phrase} " in padded for phrase in cues()["someone_else"]):
        return False
    return not any(w in cues()["about_me"] or (w == "mij" and (i == 0 or said[i - 1] != "van"))
                   for i, w in enumerate(said))


def asks_about_pay(text: str) -> bool:
    return bool(cues()["pay"] & set(tokens(text)))


def asks_why(text: str) -> bool:
    said = tokens(text)
    return bool(cues()["why"] & set(said)) or "hoe komt" in " ".join(said)


def asks_for_source(text: str) -> bool:
    """'Waar komen die cijfers vandaan?', and the year of what was shown: 'van wanneer zijn die cijfers?'."""
    return bool(cues()["source"] & words_and_pairs(text))


def asks_if_possible(text: str) -> bool:
    said = tokens(text)
    joined = f" {' '.join(said)} "
    return bool(said) and (said[0] in cues()["possibility_openers"]
                           or any(f" {p} " in joined for p in cues()["possibility_phrases"]))
