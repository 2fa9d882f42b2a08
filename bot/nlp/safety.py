"""Matching messages against the distress/bullying patterns of knowledge/safety.yml."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, List, Optional, Tuple

import yaml

from bot.kb.schema import SafetyRule
from bot.nlp.normalize import fold, standardise

# Order of precedence when several kinds match: the most urgent answer wins.
PRECEDENCE = ("suicide", "abuse", "bullying", "distress")


class SafetyMatcher:
    def __init__(self, rules: Iterable[SafetyRule]):
        self.rules: List[Tuple[str, re.Pattern]] = [
            (rule.kind, re.compile(p, re.IGNORECASE)) for rule in rules for p in rule.patterns
        ]

    @classmethod
    def from_file(cls, path: Path) -> "SafetyMatcher":
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        return cls(SafetyRule.parse_obj(r) for r in data.get("safety", []))

    def match(self, text: Optional[str]) -> Optional[str]:
        """The most urgent kind of distress the text signals, or None."""
        if not text:
            return None
        variants = {fold(text), standardise(text)}
        kinds = {kind for kind, rx in self.rules for v in variants if rx.search(v)}
        for kind in PRECEDENCE:
            if kind in kinds:
                return kind
        return next(iter(kinds), None)
