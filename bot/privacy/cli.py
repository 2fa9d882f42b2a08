"""`stembot privacy …`: delete old conversations (retention) or one conversation (right to erasure).

Kept here so that bot/cli.py only registers the sub-command; output is Dutch, for the school's operator.
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from typing import Optional

import sqlalchemy as sa


def _engine(url: str) -> Optional[sa.engine.Engine]:
    """An engine, or None (after saying so) when the SQLite file does not exist yet: nothing stored."""
    from bot.privacy.retention import engine_for, safe_url, sqlite_path

    path = sqlite_path(url)
    if path is not None and not path.exists():
        print(f"Er is nog geen gespreksdatabank op {safe_url(url)}: er is niets te verwijderen.")
        return None
    return engine_for(url)


def _target(args) -> str:
    from bot.config import store_settings

    return args.db or store_settings().tracker_db_url


def _unreachable(url: str, exc: Exception) -> int:
    from bot.privacy.retention import safe_url

    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    print(f"Kan de gespreksdatabank {safe_url(url)} niet gebruiken: {detail}. "
          "Controleer STEMBOT_TRACKER_DB_URL (of --db).", file=sys.stderr)
    return 1


def _purge(args) -> int:
    from bot.config import store_settings
    from bot.privacy.retention import describe_age, parse_age, purge, safe_url

    try:
        age = parse_age(args.older_than) if args.older_than else timedelta(days=store_settings().retention_days)
    except ValueError as exc:
        print(f"stembot privacy purge: {exc}", file=sys.stderr)
        return 2
    url = _target(args)
    try:
        engine = _engine(url)
        if engine is None:
            return 0
        result = purge(engine, age, dry_run=args.dry_run)
    except (sa.exc.SQLAlchemyError, ImportError) as exc:
        return _unreachable(url, exc)
    print(f"Gesprekken ouder dan {describe_age(age)} in {safe_url(url)}: {result.summary()}")
    return 0


def _forget(args) -> int:
    from bot.privacy.retention import forget, safe_url

    url = _target(args)
    try:
        engine = _engine(url)
        if engine is None:
            return 0
        count = forget(engine, args.sender_id, dry_run=args.dry_run)
    except (sa.exc.SQLAlchemyError, ImportError) as exc:
        return _unreachable(url, exc)
    if not count:
        print(f"Geen gesprek met id '{args.sender_id}' gevonden in {safe_url(url)}; er is niets verwijderd.")
        return 0
    verb = "zou verwijderen" if args.dry_run else "verwijderd"
    print(f"Gesprek '{args.sender_id}' {verb}: {count} gebeurtenissen uit {safe_url(url)}.")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `stembot privacy purge|forget` on the main parser's sub-commands."""
    privacy = sub.add_parser("privacy", help="gesprekken verwijderen (bewaartermijn, recht op vergetelheid)")
    cmds = privacy.add_subparsers(dest="privacy", required=True)
    p = cmds.add_parser("purge", help="verwijder gesprekken ouder dan de bewaartermijn")
    p.add_argument("--older-than", metavar="TERMIJN",
                   help="bv. 30d (dagen) of 12h (uren); standaard STEMBOT_RETENTION_DAYS (30 dagen)")
    p.add_argument("--db", help="databank-URL (standaard STEMBOT_TRACKER_DB_URL of var/tracker.db)")
    p.add_argument("--dry-run", action="store_true", help="toon enkel wat verwijderd zou worden")
    p.set_defaults(func=_purge)
    f = cmds.add_parser("forget", help="verwijder één gesprek (vraag tot verwijdering)")
    f.add_argument("sender_id", help="het gespreks-id (sender id)")
    f.add_argument("--db", help="databank-URL (standaard STEMBOT_TRACKER_DB_URL of var/tracker.db)")
    f.add_argument("--dry-run", action="store_true", help="toon enkel wat verwijderd zou worden")
    f.set_defaults(func=_forget)
