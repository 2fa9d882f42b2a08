"""The one knowledge API the actions use.

Filtering queries (figures by audience dimension, tracks and heroes by tag, entities by surface
form) run in SQL. Parsed entries, the entity resolver and the search index are cached per content
version; the version is re-read at most once per `refresh_seconds`, so `stembot kb load` reaches a
running bot within a second and without retraining.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional

from sqlalchemy import and_, select
from sqlalchemy.exc import SQLAlchemyError

from bot.config import settings
from bot.kb import models, schema
from bot.kb.db import engine as make_engine
from bot.kb.entities import Resolver
from bot.kb.search import Hit, SearchIndex, snippet, terms
from bot.nlp import pipeline

KIND_MODELS = {
    "topics": schema.Topic,
    "initiatives": schema.Initiative,
    "heroes": schema.Hero,
    "figures": schema.Figure,
    "tracks": schema.Track,
    "destinations": schema.Destination,
}
DIMENSIONS = ("onderwijsvorm", "graad", "niveau", "gender", "stroom", "doelgroep")


class KnowledgeUnavailable(Exception):
    """The knowledge database cannot be read (down, unreachable or never loaded)."""


@dataclass
class _State:
    version: str
    entries: Dict[str, object] = field(default_factory=dict)
    kinds: Dict[str, str] = field(default_factory=dict)
    titles: Dict[str, str] = field(default_factory=dict)
    order: Dict[str, List[str]] = field(default_factory=dict)
    index_fields: Dict[str, Dict[str, str]] = field(default_factory=dict)
    sources: Dict[str, schema.Source] = field(default_factory=dict)
    vocabulary: Dict[str, List[schema.VocabularyValue]] = field(default_factory=dict)
    safety: List[schema.SafetyRule] = field(default_factory=list)
    resolver: Optional[Resolver] = None
    index: Optional[SearchIndex] = None


class KnowledgeBase:
    def __init__(self, url: Optional[str] = None, nlp_path: Optional[str] = None, refresh_seconds: float = 1.0):
        self.url = url or settings().db_url
        self.nlp_path = str(nlp_path or settings().spacy_dir)
        self.refresh_seconds = refresh_seconds
        self._state: Optional[_State] = None
        self._checked = 0.0
        self._lock = threading.Lock()

    # -- plumbing -----------------------------------------------------------------------------
    @property
    def engine(self):
        return make_engine(self.url)

    def _query(self, stmt):
        try:
            with self.engine.connect() as conn:
                return conn.execute(stmt).all()
        except SQLAlchemyError as exc:
            raise KnowledgeUnavailable(str(exc).splitlines()[0]) from exc

    def _current(self) -> _State:
        now = time.monotonic()
        if self._state is not None and now - self._checked < self.refresh_seconds:
            return self._state
        with self._lock:
            rows = self._query(select(models.Meta.value).where(models.Meta.key == "version"))
            if not rows:
                raise KnowledgeUnavailable("de kennisbank is nog niet geladen (stembot kb load)")
            version = rows[0][0]
            if self._state is None or self._state.version != version:
                self._state = self._read_all(version)
            self._checked = now
            return self._state

    def _read_all(self, version: str) -> _State:
        state = _State(version=version)
        entries = models.EntryRow.__table__
        for entry_row in self._query(select(entries).order_by(entries.c.position)):
            entry = KIND_MODELS[entry_row.kind].parse_raw(entry_row.data)
            state.entries[entry_row.id] = entry
            state.kinds[entry_row.id] = entry_row.kind
            state.titles[entry_row.id] = entry_row.title
            state.order.setdefault(entry_row.kind, []).append(entry_row.id)
            state.index_fields[entry_row.id] = json.loads(entry_row.search_text)
        for src in self._query(select(models.SourceRow.__table__)):
            state.sources[src.id] = schema.Source(id=src.id, title=src.title, publisher=src.publisher,
                                                  year=src.year, url=src.url, kind=src.kind)
        meta = dict(self._query(select(models.Meta.key, models.Meta.value)))
        state.vocabulary = {k: [schema.VocabularyValue.parse_obj(v) for v in vs]
                            for k, vs in json.loads(meta.get("vocabulary", "{}")).items()}
        state.safety = [schema.SafetyRule.parse_obj(r) for r in json.loads(meta.get("safety", "[]"))]
        values: Dict[str, Dict[str, List[str]]] = {}
        for etype, surface, value in self._query(select(models.SynonymRow.etype, models.SynonymRow.surface,
                                                        models.SynonymRow.value)):
            values.setdefault(etype, {}).setdefault(value, []).append(surface)
        state.resolver = Resolver(values)
        return state

    @property
    def nlp(self):
        return pipeline.load(self.nlp_path)

    # -- lookups ------------------------------------------------------------------------------
    def version(self) -> str:
        return self._current().version

    def get(self, entry_id: Optional[str]):
        if not entry_id:
            return None
        return self._current().entries.get(entry_id)

    def kind_of(self, entry_id: str) -> Optional[str]:
        return self._current().kinds.get(entry_id)

    def all(self, kind: str) -> list:
        state = self._current()
        return [state.entries[i] for i in state.order.get(kind, [])]

    def resolve(self, etype: str, text: Optional[str]) -> Optional[str]:
        return self._current().resolver.resolve(etype, text)

    def vocabulary(self, etype: str) -> List[schema.VocabularyValue]:
        return list(self._current().vocabulary.get(etype, []))

    def label(self, etype: str, value: Optional[str]) -> Optional[str]:
        for v in self.vocabulary(etype):
            if v.value == value:
                return v.label or v.value
        return value

    def safety_rules(self) -> List[schema.SafetyRule]:
        return list(self._current().safety)

    def source(self, source_id: str) -> Optional[schema.Source]:
        return self._current().sources.get(source_id)

    def cite(self, entry) -> str:
        """How an answer names its source: 'de STEM-monitor (2011-2012)' or the source's title and year."""
        study = getattr(entry, "study", None)
        src = self.source(entry.source)
        name = study or (src.title if src else entry.source)
        year = entry.year or (src.year if src else None)
        return f"{name} ({year})" if year else name

    def source_url(self, entry) -> Optional[str]:
        if entry.source.startswith("http"):
            return entry.source
        src = self.source(entry.source)
        return src.url if src else None

    # -- filtered queries (SQL) ---------------------------------------------------------------
    def figures(self, measure: Optional[str] = None, **dims: Optional[str]) -> List[schema.Figure]:
        """Figures matching every given dimension; a dimension passed as '' must be empty."""
        cond = []
        if measure:
            cond.append(models.FigureRow.measure == measure)
        for key, value in dims.items():
            if key not in DIMENSIONS:
                raise ValueError(f"unknown dimension {key}")
            column = getattr(models.FigureRow, key)
            if value == "":
                cond.append(column.is_(None))
            elif value is not None:
                cond.append(column == str(value))
        stmt = select(models.FigureRow.id).where(and_(*cond)) if cond else select(models.FigureRow.id)
        ids = {row[0] for row in self._query(stmt)}
        return [f for f in self.all("figures") if f.id in ids]

    def _tagged(self, kind: str, **tags: Optional[str]) -> list:
        wanted = {k: v for k, v in tags.items() if v is not None}
        candidates = self.all(kind)
        if not wanted:
            return candidates
        ids: Optional[set] = None
        for key, value in wanted.items():
            stmt = select(models.TagRow.entry_id).where(models.TagRow.key == key, models.TagRow.value == str(value))
            found = {row[0] for row in self._query(stmt)}
            ids = found if ids is None else ids & found
        return [e for e in candidates if e.id in (ids or set())]

    def tracks(self, level: Optional[str] = None, onderwijsvorm: Optional[str] = None,
               interest: Optional[str] = None, stem: Optional[bool] = None) -> List[schema.Track]:
        return self._tagged("tracks", level=level, onderwijsvorm=onderwijsvorm, interest=interest,
                            stem=None if stem is None else str(stem).lower())

    def heroes(self, interest: Optional[str] = None, sector: Optional[str] = None,
               track: Optional[str] = None) -> List[schema.Hero]:
        return self._tagged("heroes", interest=interest, sector=sector, track=track)

    def destinations(self, safety: Optional[bool] = None) -> List[schema.Destination]:
        return self._tagged("destinations", safety=None if safety is None else str(safety).lower())

    # -- text search --------------------------------------------------------------------------
    def search(self, text: str, limit: int = 5, kinds: Optional[Iterable[str]] = None) -> List[Hit]:
        state = self._current()
        if state.index is None:
            with self._lock:
                if state.index is None:
                    docs = [(i, state.kinds[i], state.titles[i], self._raw(state.entries[i]),
                             state.index_fields[i]) for i in state.entries]
                    state.index = SearchIndex(docs)
        query_terms = terms(self.nlp, text)
        hits = []
        for i, score in state.index.search(query_terms, limit=limit, kinds=kinds):
            doc_id, kind, title, raw, _ = state.index.docs[i]
            hits.append(Hit(id=doc_id, kind=kind, title=title, score=round(score, 3),
                            snippet=snippet(raw, query_terms)))
        return hits

    @staticmethod
    def _raw(entry) -> str:
        for attr in ("statement", "summary", "answer", "job", "what"):
            if getattr(entry, attr, None):
                return getattr(entry, attr)
        return ""
