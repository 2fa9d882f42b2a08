"""Configuration read from the environment, in one place.

Every tunable of the project (ports, database URL, paths) is read here so that the Makefile,
the CLI, the action server and the tests agree on defaults.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"stembot: {name}={raw!r} is geen getal; zet een poortnummer zoals {default}.")


@dataclass(frozen=True)
class Settings:
    root: Path
    var_dir: Path
    knowledge_dir: Path
    db_url: str
    spacy_dir: Path
    rasa_port: int
    actions_port: int
    web_port: int
    host: str

    @property
    def action_endpoint(self) -> str:
        return f"http://127.0.0.1:{self.actions_port}/webhook"


def settings() -> Settings:
    root = Path(os.environ.get("STEMBOT_ROOT", ROOT))
    var_dir = Path(os.environ.get("STEMBOT_VAR_DIR", root / "var"))
    db_url = os.environ.get("STEMBOT_DB_URL") or f"sqlite:///{var_dir / 'knowledge.db'}"
    return Settings(
        root=root,
        var_dir=var_dir,
        knowledge_dir=Path(os.environ.get("STEMBOT_KNOWLEDGE_DIR", root / "knowledge")),
        db_url=db_url,
        spacy_dir=Path(os.environ.get("STEMBOT_SPACY_DIR", var_dir / "spacy" / "nl_stembot")),
        rasa_port=_int("STEMBOT_RASA_PORT", 5005),
        actions_port=_int("STEMBOT_ACTIONS_PORT", 5055),
        web_port=_int("STEMBOT_WEB_PORT", 8080),
        host=os.environ.get("STEMBOT_HOST", "127.0.0.1"),
    )


# --- Conversation storage and privacy (bot/privacy) ------------------------------------------------------------
DEFAULT_RETENTION_DAYS = 30


@dataclass(frozen=True)
class StoreSettings:
    """Where conversations are kept and for how long (see README, "Privacy")."""

    tracker_db_url: str
    lock_store_url: str  # empty: in-memory locks (one Rasa process)
    retention_days: int


def store_settings() -> StoreSettings:
    var_dir = settings().var_dir
    raw_days = os.environ.get("STEMBOT_RETENTION_DAYS", "").strip()
    try:
        days = int(raw_days) if raw_days else DEFAULT_RETENTION_DAYS
    except ValueError:
        days = 0
    if days < 1:
        raise SystemExit(f"stembot: STEMBOT_RETENTION_DAYS={raw_days!r} is geen geldig aantal dagen; "
                         f"zet een getal vanaf 1, bv. {DEFAULT_RETENTION_DAYS}.")
    return StoreSettings(
        tracker_db_url=os.environ.get("STEMBOT_TRACKER_DB_URL", "").strip() or f"sqlite:///{var_dir / 'tracker.db'}",
        lock_store_url=os.environ.get("STEMBOT_LOCK_STORE_URL", "").strip(),
        retention_days=days,
    )
