"""The NLU training data (data/nlu/) stays honest: the end-to-end conversations are not in it, and no
example is labelled with two different intents."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Dict, Iterator, Set, Tuple

import yaml

from bot.config import ROOT
from bot.nlp.normalize import words

ANNOTATION = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def _key(text: str) -> str:
    """The words of a message without entity annotations, punctuation, case or accents."""
    return " ".join(words(ANNOTATION.sub(r"\1", text))) or text.strip()


def _training_examples() -> Iterator[Tuple[str, str, str]]:
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" in item:
                for line in item["examples"].splitlines():
                    if line.strip().startswith("- "):
                        yield path.name, item["intent"], line.strip()[2:]


def _conversation_messages() -> Set[str]:
    messages = set()
    for path in sorted((ROOT / "tests" / "conversations").glob("*.yml")):
        for story in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("stories", []):
            messages.update(_key(step["user"]) for step in story["steps"] if "user" in step)
    return messages


def test_training_data_does_not_contain_the_end_to_end_messages():
    conversations = _conversation_messages()
    copied = [f"{name}: {text}" for name, _, text in _training_examples() if _key(text) in conversations]
    assert not copied, "user messages of tests/conversations/ found in data/nlu/:\n" + "\n".join(copied)


def test_no_example_has_two_intents():
    intents: Dict[str, Set[str]] = defaultdict(set)
    for _, intent, text in _training_examples():
        intents[_key(text)].add(intent)
    clashes = {text: sorted(names) for text, names in intents.items() if len(names) > 1}
    assert not clashes, clashes


def test_the_checks_see_the_data():
    # guards the two tests above against passing on an empty read
    assert sum(1 for _ in _training_examples()) > 1000
    assert len(_conversation_messages()) > 100
