"""Dutch-aware text search over all knowledge entries.

Documents and queries go through the same spaCy pipeline (lemmas) and `bot.nlp.normalize` (accents,
informal spellings), stop words are dropped, and unknown query words are matched to the closest
indexed word so that typos still find something. Ranking is BM25 with the title and synonyms
weighted above the body. The corpus is a few hundred entries, so the index lives in memory and is
rebuilt when the content version changes.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Tuple

from spacy.lang.nl.stop_words import STOP_WORDS
from spacy.language import Language

from bot.nlp.normalize import fold, standardise
from bot.nlp.pipeline import lemmatise

STOP = {fold(w) for w in STOP_WORDS} | {"stem", "wat", "welke", "hoeveel", "is", "zijn", "vertel", "eens", "iets"}
FIELD_WEIGHTS = {"title": 2.5, "body": 1.0}
K1, B = 1.2, 0.6


@dataclass
class Hit:
    id: str
    kind: str
    title: str
    score: float
    snippet: str


def fields_of(kind: str, entry, labels: Dict[str, Dict[str, List[str]]]) -> Dict[str, str]:
    """The raw text of an entry, split into a title field and a body field."""

    def join(*parts: Iterable[str]) -> str:
        return " ".join(p for group in parts for p in group if p)

    if kind == "topics":
        return {"title": join([entry.title], entry.synonyms), "body": entry.answer}
    if kind == "initiatives":
        sections = [s for sec in entry.sections
                    for s in (sec.title, sec.text or "", *sec.items, sec.best_practice or "")]
        body = join([entry.summary, entry.how_to_join or "", entry.audience.description or "", entry.kind or ""],
                    entry.run_by, sections)
        return {"title": join([entry.name], entry.synonyms), "body": body}
    if kind == "heroes":
        return {"title": join([entry.title, entry.theme, entry.sector or ""], entry.synonyms),
                "body": join([entry.job], entry.interests)}
    if kind == "figures":
        dims = entry.dimensions.dict()
        dim_words = [w for key, val in dims.items() if val for w in labels.get(key, {}).get(val, [val])]
        return {"title": join([entry.label, entry.study or ""], dim_words),
                "body": join([entry.statement, entry.display])}
    if kind == "tracks":
        return {"title": join([entry.name], entry.synonyms),
                "body": join([entry.summary, entry.onderwijsvorm or "", entry.level, entry.domain or ""],
                             entry.interests)}
    if kind == "destinations":
        return {"title": join([entry.name], entry.synonyms), "body": join([entry.what, entry.when])}
    raise ValueError(kind)


def terms(nlp: Language, text: str) -> List[str]:
    """Index terms of a text: lemmas of standardised words, hyphenated words also split, no stop words."""
    out: List[str] = []
    for lemma in lemmatise(nlp, standardise(text)):
        parts = [lemma] + ([p for p in re.split(r"[-']", lemma) if p] if ("-" in lemma or "'" in lemma) else [])
        out.extend(p for p in parts if p not in STOP and (len(p) > 1 or p.isdigit()))
    return out


def index_text(nlp: Language, fields: Dict[str, str]) -> str:
    return json.dumps({name: " ".join(terms(nlp, text)) for name, text in fields.items()}, ensure_ascii=False)


class SearchIndex:
    def __init__(self, docs: List[Tuple[str, str, str, str, Dict[str, str]]]):
        """docs: (id, kind, title, raw body text, {field: space-separated terms})."""
        self.docs = docs
        self.tf: List[Dict[str, Counter]] = []
        self.lengths: Dict[str, List[int]] = {f: [] for f in FIELD_WEIGHTS}
        df: Counter = Counter()
        for _id, _kind, _title, _raw, fields in docs:
            per_field = {}
            seen = set()
            for name in FIELD_WEIGHTS:
                tokens = fields.get(name, "").split()
                per_field[name] = Counter(tokens)
                self.lengths[name].append(len(tokens))
                seen.update(tokens)
            self.tf.append(per_field)
            df.update(seen)
        n = max(len(docs), 1)
        self.idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        self.avg = {f: (sum(v) / len(v) if v else 1.0) or 1.0 for f, v in self.lengths.items()}
        self.vocab = list(self.idf)

    def _expand(self, query_terms: List[str]) -> List[Tuple[str, float]]:
        out = []
        for term in dict.fromkeys(query_terms):
            if term in self.idf:
                out.append((term, 1.0))
                continue
            if len(term) >= 4:
                prefixed = [v for v in self.vocab if len(term) >= 5 and v.startswith(term) and len(v) - len(term) <= 4]
                close = difflib.get_close_matches(term, self.vocab, n=2, cutoff=0.8)
                for cand in dict.fromkeys(close + prefixed[:2]):
                    out.append((cand, 0.75))
        return out

    def search(self, query_terms: List[str], limit: int = 5,
               kinds: Optional[Iterable[str]] = None) -> List[Tuple[int, float]]:
        expanded = self._expand(query_terms)
        if not expanded:
            return []
        kinds = set(kinds) if kinds else None
        scored = []
        for i, per_field in enumerate(self.tf):
            if kinds and self.docs[i][1] not in kinds:
                continue
            score = 0.0
            for term, weight in expanded:
                for name, fw in FIELD_WEIGHTS.items():
                    tf = per_field[name].get(term, 0)
                    if tf:
                        norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * self.lengths[name][i] / self.avg[name]))
                        score += weight * fw * self.idf[term] * norm
            if score > 0:
                scored.append((i, score))
        scored.sort(key=lambda x: -x[1])
        return scored[:limit]


def snippet(raw: str, query_words: List[str], length: int = 220) -> str:
    """The sentence of `raw` that shares most words with the query, shortened to `length`."""
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", raw) if s.strip()]
    if not sentences:
        return ""
    wanted = {w[:5] for w in query_words if len(w) > 2}
    best = max(sentences, key=lambda s: sum(1 for w in re.findall(r"\w+", fold(s)) if w[:5] in wanted))
    return best if len(best) <= length else best[: length - 1].rsplit(" ", 1)[0] + "…"
