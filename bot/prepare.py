"""Bringing derived artefacts up to date with knowledge/ and data/: spaCy pipeline, generated NLU
file and the knowledge database. Each step runs only when its input changed."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterable, Optional

import yaml

from bot.config import Settings, settings
from bot.kb import nlu_export, store
from bot.kb.content import Content, read_content
from bot.kb.db import engine
from bot.kb.entities import entity_values
from bot.nlp import lemmas, pipeline

log = logging.getLogger(__name__)
STAMP = "stembot_inputs.txt"


def _nlu_texts(root: Path) -> Iterable[str]:
    for path in sorted((root / "data" / "nlu").glob("*.yml")):
        if path.name == nlu_export.RELATIVE_PATH.name:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("nlu", []) or []:
            yield str(item.get("examples", ""))


def _content_texts(content: Content) -> Iterable[str]:
    for _kind, entry in content.entries():
        yield entry.json(ensure_ascii=False)
    for values in content.vocabulary.values():
        for v in values:
            yield " ".join(v.synonyms)


def _pipeline_inputs(content: Content, root: Path) -> str:
    import hashlib

    import spacy

    digest = hashlib.sha256(content.version.encode())
    for text in _nlu_texts(root):
        digest.update(text.encode())
    for module in (pipeline, lemmas):  # the code that builds the pipeline is one of its inputs
        digest.update(Path(module.__file__).read_bytes())
    base = pipeline.FULL_MODEL if spacy.util.is_package(pipeline.FULL_MODEL) else "blank"
    return f"{digest.hexdigest()[:16]} spacy={spacy.__version__} base={base}"


def build_pipeline(content: Content, cfg: Settings, force: bool = False) -> bool:
    stamp = cfg.spacy_dir / STAMP
    wanted = _pipeline_inputs(content, cfg.root)
    if not force and stamp.exists() and stamp.read_text() == wanted:
        return False
    vocab = pipeline.vocabulary_from_texts([*_content_texts(content), *_nlu_texts(cfg.root)])
    pipeline.build(cfg.spacy_dir, entity_values(content), vocab)
    stamp.write_text(wanted)
    pipeline.load.cache_clear()
    return True


def db_version(url: str) -> Optional[str]:
    from sqlalchemy import select
    from sqlalchemy.exc import SQLAlchemyError

    from bot.kb import models

    try:
        with engine(url).connect() as conn:
            return conn.execute(select(models.Meta.value).where(models.Meta.key == "version")).scalar()
    except SQLAlchemyError:
        return None


def load_kb(content: Content, cfg: Settings, force: bool = False) -> bool:
    if not force and db_version(cfg.db_url) == content.version:
        return False
    store.load(content, engine(cfg.db_url), pipeline.load(str(cfg.spacy_dir)))
    return True


def prepare(cfg: Optional[Settings] = None) -> Content:
    """Validate knowledge/, then refresh the spaCy pipeline, the generated NLU file and the database."""
    cfg = cfg or settings()
    content = read_content(cfg.knowledge_dir)
    if build_pipeline(content, cfg):
        log.info("spaCy-pipeline opnieuw gebouwd in %s", cfg.spacy_dir)
    if nlu_export.write(entity_values(content), cfg.root):
        log.info("%s bijgewerkt", nlu_export.RELATIVE_PATH)
    if load_kb(content, cfg):
        log.info("kennisbank geladen (versie %s)", content.version)
    return content
