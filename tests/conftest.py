"""Shared fixtures: the real knowledge content, loaded databases (SQLite always, PostgreSQL when up)."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.config import ROOT, settings
from bot.kb import store
from bot.kb.api import KnowledgeBase
from bot.kb.content import read_content
from bot.kb.db import engine
from bot.nlp import pipeline

PG_URL = os.environ.get("STEMBOT_TEST_PG_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")


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
    try:
        admin = create_engine(PG_URL, future=True, connect_args={"connect_timeout": 3})
        schema = f"stembot_test_{uuid.uuid4().hex[:8]}"
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL at {PG_URL} is required in CI but not reachable: {exc}")
        pytest.skip(f"PostgreSQL not reachable at {PG_URL} (runs in CI): {str(exc).splitlines()[0]}")
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
