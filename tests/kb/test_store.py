"""Loader and queries on SQLite and PostgreSQL; a failed load keeps the previous content."""

import pytest

from bot.kb import models, store
from bot.kb.api import KnowledgeBase, KnowledgeUnavailable
from bot.kb.db import engine


def test_load_and_query_by_dimension(loaded_kb):
    figs = loaded_kb.figures(measure="aandeel_meisjes", onderwijsvorm="bso")
    assert [f.value for f in figs] == [4.0]
    assert loaded_kb.cite(figs[0]) == "STEM-monitor (2011-2012)"
    third_grade = loaded_kb.figures(graad="3", measure="aandeel_stem")
    assert {f.dimensions.onderwijsvorm for f in third_grade} >= {"aso", "tso", "bso", "kso"}


def test_query_tracks_and_heroes_by_tag(loaded_kb):
    tso = loaded_kb.tracks(onderwijsvorm="tso", stem=True)
    assert "elektromechanica" in {t.id for t in tso}
    assert all(t.level == "secundair" for t in tso)
    assert all(not t.stem for t in loaded_kb.tracks(stem=False))
    assert loaded_kb.heroes(interest="computers") or loaded_kb.heroes(interest="programmeren")


def test_resolve_synonyms_and_typos(loaded_kb):
    assert loaded_kb.resolve("track", "WeWi") == "wetenschappen-wiskunde"
    assert loaded_kb.resolve("initiative", "das geniaal") == "das-geniaal"
    assert loaded_kb.resolve("initiative", "Da’s Geniaal") == "das-geniaal"
    assert loaded_kb.resolve("initiative", "stempackt") == "stempact"
    assert loaded_kb.resolve("onderwijsvorm", "het BSO") == "bso"
    assert loaded_kb.resolve("initiative", "STEM-X") is None


def test_search_finds_the_bso_girls_figure(loaded_kb):
    hits = loaded_kb.search("meisjes bso", limit=3)
    figure_hits = [h for h in hits if h.kind == "figures"]
    assert figure_hits and loaded_kb.get(figure_hits[0].id).value == 4.0


def test_failed_load_keeps_previous_content(loaded_kb, db_url, content, nlp, monkeypatch):
    before = loaded_kb.version()

    class Boom(Exception):
        pass

    real_insert = store.insert

    def failing_insert(table):
        if table is models.FigureRow:  # fail in the middle: entries and sources are already written
            raise Boom("disk full")
        return real_insert(table)

    monkeypatch.setattr(store, "insert", failing_insert)
    changed = content.__class__(**{**content.__dict__, "version": "new-version"})
    with pytest.raises(Boom):
        store.load(changed, engine(db_url), nlp)
    monkeypatch.setattr(store, "insert", real_insert)
    fresh = KnowledgeBase(url=db_url, refresh_seconds=0)
    assert fresh.version() == before
    assert fresh.figures(measure="aandeel_meisjes", onderwijsvorm="bso")
    assert len(fresh.all("initiatives")) == len(content.initiatives)


def test_reload_is_seen_without_restart(loaded_kb, db_url, content, nlp):
    assert loaded_kb.get("stempact") is not None
    smaller = content.__class__(**{**content.__dict__, "version": "v2"})
    smaller.initiatives = {k: v for k, v in content.initiatives.items() if k != "brightlab"}
    store.load(smaller, engine(db_url), nlp)
    assert loaded_kb.version() == "v2"
    assert loaded_kb.get("brightlab") is None


def test_unreachable_database_is_reported(tmp_path):
    kb = KnowledgeBase(url="postgresql+psycopg2://nobody@127.0.0.1:1/none", refresh_seconds=0)
    with pytest.raises(KnowledgeUnavailable):
        kb.get("stempact")
    empty = KnowledgeBase(url=f"sqlite:///{tmp_path / 'empty.db'}", refresh_seconds=0)
    models.Base.metadata.create_all(engine(empty.url))
    with pytest.raises(KnowledgeUnavailable):
        empty.search("stem")
