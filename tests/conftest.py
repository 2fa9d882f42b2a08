"""Shared fixtures: the real knowledge content, loaded databases (SQLite always, PostgreSQL when up)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.config import ROOT, settings
from bot.kb import store
from bot.kb.api import KnowledgeBase
from bot.kb.content import read_content
from bot.kb.db import engine
from bot.nlp import pipeline
from tests.pg import PG_URL, new_schema


@pytest.fixture(scope="session")
def content():
    return read_content(ROOT / "knowledge")


@pytest.fixture(scope="session")
def nlp():
    return pipeline.load(str(settings().spacy_dir))


@pytest.fixture()
def knowledge_copy(tmp_path) -> Path:
    """A writable copy of knowledge/ for tests that break files."""
    dest = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", dest)
    return dest


def _postgres_url() -> str:
    """A fresh schema in the test database, or skip (fail in CI) when PostgreSQL is not reachable."""
    schema, admin = new_schema("stembot_test")
    return f"{PG_URL}?options=-csearch_path%3D{schema}", schema, admin


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'kb.db'}"
        return
    url, schema, admin = _postgres_url()
    yield url
    engine.cache_clear()
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture()
def loaded_kb(db_url, content, nlp) -> KnowledgeBase:
    store.load(content, engine(db_url), nlp)
    return KnowledgeBase(url=db_url, refresh_seconds=0)


@pytest.fixture(scope="session")
def session_kb(tmp_path_factory, content, nlp) -> KnowledgeBase:
    """One SQLite knowledge base for the many read-only tests (actions, search)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'kb.db'}"
    store.load(content, engine(url), nlp)
    return KnowledgeBase(url=url, refresh_seconds=3600)


@pytest.fixture(scope="session")
def stack():
    """The bot's servers, started once for every end-to-end test that only talks to it (see tests/servers.py)."""
    from tests.servers import Stack

    names = ("actions", "rasa", "web") if (ROOT / "bot" / "web" / "app.py").exists() else ("actions", "rasa")
    with Stack("session", names=names) as running:
        yield running
