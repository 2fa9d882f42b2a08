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


def _positive_float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value <= 0:
        raise SystemExit(f"stembot: {name}={raw!r} is geen positief getal; zet bv. {name}={default:g}.")
    return value


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
    # --- faults and input limits (see README "Configuration") ---
    endpoints: Path = ROOT / "endpoints.yml"
    action_timeout: float = 10.0
    max_message_chars: int = 1000

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
        endpoints=Path(os.environ.get("STEMBOT_ENDPOINTS") or root / "endpoints.yml"),
        action_timeout=_positive_float("STEMBOT_ACTION_TIMEOUT", 10.0),
        max_message_chars=int(_positive_float("STEMBOT_MAX_MESSAGE_CHARS", 1000)),
    )
