"""Text normalisation shared by knowledge search, entity matching and the NLU helpers.

Folding accents and case, and mapping informal Flemish spellings ("wa", "da", "ni", "unief") to
standard Dutch, happens here and nowhere else so that every component sees words the same way.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Dict, List

import yaml

_WORD = re.compile(r"[#\w]+(?:['’-][\w]+)*", re.UNICODE)
_REPEAT = re.compile(r"(\w)\1{2,}")


@lru_cache(maxsize=1)
def informal_map() -> Dict[str, str]:
    path = Path(__file__).with_name("informal_nl.yml")
    return {str(k): str(v) for k, v in yaml.safe_load(path.read_text(encoding="utf-8")).items()}


def fold(text: str) -> str:
    """Lower case, accents removed, typographic quotes and dashes made plain, spaces collapsed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    text = _REPEAT.sub(r"\1\1", text.lower())  # "hallooo" -> "halloo"
    return " ".join(text.split())


def words(text: str) -> List[str]:
    """Folded word tokens; '#' kept inside a token so '#STEMhelden' stays one word."""
    return [w.strip("#") for w in _WORD.findall(fold(text)) if w.strip("#")]


def standardise(text: str) -> str:
    """Folded text with informal spellings replaced by standard Dutch."""
    mapping = informal_map()
    out = []
    for w in words(text):
        out.append(mapping.get(w, w))
    return " ".join(out)
