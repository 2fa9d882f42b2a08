"""The `stembot` command: thin wrappers over bot.kb, bot.nlp, bot.prepare and bot.run."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import List, Optional

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def _kb_check(args) -> int:
    from bot.config import settings
    from bot.kb.content import ContentError, read_content

    directory = Path(args.dir or settings().knowledge_dir)
    try:
        content = read_content(directory)
    except ContentError as exc:
        print(f"Kennisbank in {directory} is NIET in orde ({len(exc.problems)} probleem/problemen):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {directory}/{problem}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(getattr(content, k))} {k}" for k in
                       ("initiatives", "heroes", "figures", "tracks", "topics", "destinations", "sources"))
    print(f"Kennisbank in {directory} is in orde: {counts} (versie {content.version}).")
    return 0


def _kb_load(args) -> int:
    from dataclasses import replace

    from bot.config import settings
    from bot.kb.content import ContentError, read_content
    from bot.kb.db import redacted
    from bot.prepare import build_pipeline, load_kb

    cfg = settings()
    if args.dir:
        cfg = replace(cfg, knowledge_dir=Path(args.dir))
    if args.db:
        cfg = replace(cfg, db_url=args.db)
    try:
        content = read_content(cfg.knowledge_dir)
    except ContentError:
        _kb_check(argparse.Namespace(dir=str(cfg.knowledge_dir)))
        print("Niets geladen: de vorige inhoud van de kennisbank blijft behouden.", file=sys.stderr)
        return 1
    build_pipeline(content, cfg)
    try:
        load_kb(content, cfg, force=True)
    except Exception as exc:  # the database refused: say where and keep the old content
        print(f"Laden in {redacted(cfg.db_url)} mislukt: {str(exc).splitlines()[0]}. "
              "De vorige inhoud blijft behouden.", file=sys.stderr)
        return 1
    print(f"Kennisbank geladen in {redacted(cfg.db_url)} (versie {content.version}).")
    return 0


def _kb_search(args) -> int:
    from bot.kb.api import KnowledgeBase, KnowledgeUnavailable

    kb = KnowledgeBase(url=args.db)
    try:
        hits = kb.search(args.query, limit=args.limit)
    except KnowledgeUnavailable as exc:
        print(f"Kan de kennisbank niet lezen: {exc}. Voer 'stembot kb load' uit.", file=sys.stderr)
        return 1
    if not hits:
        print("Geen resultaten.")
        return 0
    for n, hit in enumerate(hits, 1):
        entry = kb.get(hit.id)
        print(f"{n}. [{hit.kind}] {hit.title}  (score {hit.score})")
        if hit.kind == "figures":
            print(f"   {entry.display} — {entry.statement}")
        elif hit.snippet:
            print(f"   {hit.snippet}")
        print(f"   bron: {kb.cite(entry)} · {entry.source}")
    return 0


def _nlp_build(args) -> int:
    from bot.config import settings
    from bot.kb.content import read_content
    from bot.prepare import build_pipeline

    cfg = settings()
    build_pipeline(read_content(cfg.knowledge_dir), cfg, force=True)
    print(f"spaCy-pipeline geschreven naar {cfg.spacy_dir}")
    return 0


def _nlu_generate(args) -> int:
    from bot.config import settings
    from bot.kb import nlu_export
    from bot.kb.content import read_content
    from bot.kb.entities import entity_values

    cfg = settings()
    values = entity_values(read_content(cfg.knowledge_dir))
    if args.check:
        if nlu_export.is_current(values, cfg.root):
            print(f"{nlu_export.RELATIVE_PATH} is up-to-date.")
            return 0
        print(f"{nlu_export.RELATIVE_PATH} is verouderd: voer 'stembot nlu generate' uit.", file=sys.stderr)
        return 1
    changed = nlu_export.write(values, cfg.root)
    print(f"{nlu_export.RELATIVE_PATH} {'bijgewerkt' if changed else 'was al up-to-date'}.")
    return 0


def _prepare(args) -> int:
    from bot.kb.content import ContentError
    from bot.prepare import prepare

    try:
        prepare()
    except ContentError:
        return _kb_check(argparse.Namespace(dir=None))
    return 0


def _run(args) -> int:
    from bot.run import run

    return run()


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="stembot", description="stembot: de STEM-studiekeuzebot.")
    sub = p.add_subparsers(dest="command", required=True)

    kb = sub.add_parser("kb", help="kennisbank: controleren, laden, zoeken").add_subparsers(dest="kb", required=True)
    c = kb.add_parser("check", help="controleer de kennisbestanden")
    c.add_argument("dir", nargs="?")
    c.set_defaults(func=_kb_check)
    ld = kb.add_parser("load", help="laad de kennisbestanden in de databank (alles of niets)")
    ld.add_argument("dir", nargs="?")
    ld.add_argument("--db", help="databank-URL (standaard STEMBOT_DB_URL of var/knowledge.db)")
    ld.set_defaults(func=_kb_load)
    s = kb.add_parser("search", help="zoek in de kennisbank")
    s.add_argument("query")
    s.add_argument("--limit", type=int, default=5)
    s.add_argument("--db")
    s.set_defaults(func=_kb_search)

    nlp = sub.add_parser("nlp", help="Nederlandse spaCy-pipeline").add_subparsers(dest="nlp", required=True)
    nlp.add_parser("build", help="bouw de pipeline (nl_core_news_sm als die er is)").set_defaults(func=_nlp_build)

    nlu = sub.add_parser("nlu", help="NLU-trainingsdata").add_subparsers(dest="nlu", required=True)
    g = nlu.add_parser("generate", help="schrijf data/nlu/generated_entities.yml uit de kennisbank")
    g.add_argument("--check", action="store_true", help="controleer enkel of het bestand up-to-date is")
    g.set_defaults(func=_nlu_generate)

    sub.add_parser("prepare", help="pipeline, NLU-bestand en databank bijwerken").set_defaults(func=_prepare)
    sub.add_parser("run", help="start actieserver, Rasa en de webpagina").set_defaults(func=_run)

    from bot.privacy.cli import add_parser as add_privacy_parser  # `stembot privacy purge|forget`

    add_privacy_parser(sub)
    return p


def main(argv: Optional[List[str]] = None) -> int:
    logging.basicConfig(level=os.environ.get("STEMBOT_LOG_LEVEL", "INFO"), format="%(levelname)s %(message)s")
    for noisy in ("tensorflow", "absl", "h5py", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    args = parser().parse_args(argv)
    if argv is None and args.command in ("kb", "nlp", "nlu", "prepare"):
        # as its own process: spaCy's thinc would import TensorFlow and JAX for nothing (tens of seconds, ~370 MB)
        from bot.action_server import block_unused_backends

        block_unused_backends()
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
