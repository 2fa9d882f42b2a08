"""Writing validated content into the database, all-or-nothing.

The whole load runs in one transaction: either every table holds the new content or, on any
error, the previous content stays exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Optional

from spacy.language import Language
from sqlalchemy import delete, insert
from sqlalchemy.engine import Engine

from bot.kb import models, search
from bot.kb.content import Content
from bot.kb.entities import entity_values
from bot.nlp.normalize import fold

TAGGED = {
    "tracks": lambda t: [("level", t.level), ("onderwijsvorm", t.onderwijsvorm), ("stem", str(t.stem).lower()),
                         ("finaliteit", t.finaliteit), *[("interest", i) for i in t.interests]],
    "heroes": lambda h: [("sector", h.sector), *[("interest", i) for i in h.interests],
                         *[("track", s) for s in h.studies]],
    "initiatives": lambda i: [("role", r) for r in i.audience.roles],
    "destinations": lambda d: [("role", r) for r in d.audience] + [("safety", str(d.safety).lower())],
}


def title_of(entry) -> str:
    for attr in ("name", "title", "label"):
        if getattr(entry, attr, None):
            return getattr(entry, attr)
    return entry.id


def create_schema(engine: Engine) -> None:
    models.Base.metadata.create_all(engine)


def load(content: Content, engine: Engine, nlp: Language, loaded_by: Optional[str] = None) -> int:
    """Replace the database content with `content` in a single transaction; return the entry count."""
    create_schema(engine)
    values = entity_values(content)
    entries, tags, figures, synonyms = [], [], [], []
    for position, (kind, entry) in enumerate(content.entries()):
        fields = search.fields_of(kind, entry, values)
        entries.append(dict(id=entry.id, kind=kind, title=title_of(entry), source=entry.source, year=entry.year,
                            position=position, data=entry.json(ensure_ascii=False),
                            search_text=search.index_text(nlp, fields)))
        for key, value in TAGGED.get(kind, lambda e: [])(entry):
            if value:
                tags.append(dict(entry_id=entry.id, key=key, value=value))
        if kind == "figures":
            figures.append(dict(id=entry.id, measure=entry.measure, value=entry.value, unit=entry.unit,
                                study=entry.study, **entry.dimensions.dict()))
    for etype, by_value in values.items():
        for value, forms in by_value.items():
            for form in {fold(f) for f in forms} | {fold(value)}:
                synonyms.append(dict(etype=etype, surface=form[:200], value=value))
    sources = [s.dict() for s in content.sources.values()]
    meta = [dict(key="version", value=content.version),
            dict(key="loaded_at", value=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")),
            dict(key="loaded_by", value=loaded_by or "stembot kb load"),
            dict(key="vocabulary", value=json.dumps({k: [v.dict() for v in vs] for k, vs in content.vocabulary.items()},
                                                   ensure_ascii=False)),
            dict(key="safety", value=json.dumps([r.dict() for r in content.safety.values()], ensure_ascii=False))]
    with engine.begin() as conn:
        for table in models.TABLES_IN_DELETE_ORDER:
            conn.execute(delete(table))
        conn.execute(insert(models.SourceRow), sources)
        conn.execute(insert(models.EntryRow), entries)
        if tags:
            conn.execute(insert(models.TagRow), tags)
        if figures:
            conn.execute(insert(models.FigureRow), figures)
        conn.execute(insert(models.SynonymRow), synonyms)
        conn.execute(insert(models.Meta), meta)
    return len(entries)
