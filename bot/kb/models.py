"""SQLAlchemy tables of the knowledge base.

Every entry is stored whole as JSON (the validated schema object) plus the columns the queries
filter on: figures by audience dimension, tracks and heroes by tag, entities by surface form.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Meta(Base):
    __tablename__ = "kb_meta"
    key = Column(String(64), primary_key=True)
    value = Column(Text, nullable=False)


class SourceRow(Base):
    __tablename__ = "kb_sources"
    id = Column(String(200), primary_key=True)
    title = Column(Text, nullable=False)
    publisher = Column(Text)
    year = Column(String(16))
    url = Column(Text)
    kind = Column(String(16), nullable=False)


class EntryRow(Base):
    __tablename__ = "kb_entries"
    id = Column(String(120), primary_key=True)
    kind = Column(String(32), nullable=False, index=True)
    title = Column(Text, nullable=False)
    source = Column(Text, nullable=False)
    year = Column(String(16))
    position = Column(Integer, nullable=False)
    data = Column(Text, nullable=False)  # the validated entry as JSON
    search_text = Column(Text, nullable=False)  # folded lemmas, for text search


class TagRow(Base):
    __tablename__ = "kb_tags"
    id = Column(Integer, primary_key=True, autoincrement=True)
    entry_id = Column(String(120), ForeignKey("kb_entries.id", ondelete="CASCADE"), nullable=False)
    key = Column(String(32), nullable=False)
    value = Column(String(120), nullable=False)
    __table_args__ = (Index("ix_kb_tags_key_value", "key", "value"),)


class FigureRow(Base):
    __tablename__ = "kb_figures"
    id = Column(String(120), ForeignKey("kb_entries.id", ondelete="CASCADE"), primary_key=True)
    measure = Column(String(64), nullable=False, index=True)
    value = Column(Float, nullable=False)
    unit = Column(String(16), nullable=False)
    study = Column(Text)
    onderwijsvorm = Column(String(16), index=True)
    graad = Column(String(8))
    niveau = Column(String(16))
    gender = Column(String(16))
    stroom = Column(String(16))
    doelgroep = Column(String(32))


class SynonymRow(Base):
    __tablename__ = "kb_synonyms"
    id = Column(Integer, primary_key=True, autoincrement=True)
    etype = Column(String(32), nullable=False)
    surface = Column(String(200), nullable=False)
    value = Column(String(120), nullable=False)
    __table_args__ = (Index("ix_kb_synonyms_etype_surface", "etype", "surface"),)


TABLES_IN_DELETE_ORDER = [TagRow, FigureRow, SynonymRow, EntryRow, SourceRow, Meta]
