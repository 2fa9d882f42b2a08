"""Configuration read from the environment, in one place.

Every tunable of the project (ports, database URL, paths) is read here so that the Makefile,
the CLI, the action server and the tests agree on defaults.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


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


# --- web chat page (bot/web/) and who may talk to Rasa from a browser ---------------------------------------------
DEFAULT_WEB_COLOR = "#0b5394"


@dataclass(frozen=True)
class WebSettings:
    """What the chat page shows and where the browser finds the bot; origins the browser may come from."""

    public_bot_url: str  # the Rasa server as the browser reaches it; "" = the page's own host, Rasa's port
    cors_origins: tuple  # origins allowed to call Rasa from a browser (CORS and the socket.io origin check)
    embed_origins: tuple  # sites that may show the chat page in an iframe (CSP frame-ancestors)
    title: str
    color: str
    greeting: str  # the opening message shown before the bot's own greeting; "" = none


def _words(name: str, default: str) -> tuple:
    return tuple(os.environ.get(name, "").split() or default.split())


def web_settings(cfg: Settings | None = None) -> WebSettings:
    cfg = cfg or settings()
    url = os.environ.get("STEMBOT_PUBLIC_BOT_URL", "").strip().rstrip("/")
    if url and not url.startswith(("http://", "https://")):
        raise SystemExit(f"stembot: STEMBOT_PUBLIC_BOT_URL={url!r} moet met http:// of https:// beginnen.")
    color = os.environ.get("STEMBOT_WEB_COLOR", "").strip() or DEFAULT_WEB_COLOR
    if not _HEX_COLOR.fullmatch(color):
        raise SystemExit(f"stembot: STEMBOT_WEB_COLOR={color!r} is geen kleur; gebruik de vorm #0b5394.")
    return WebSettings(
        public_bot_url=url,
        cors_origins=_words("STEMBOT_CORS_ORIGINS", f"http://localhost:{cfg.web_port} http://127.0.0.1:{cfg.web_port}"),
        embed_origins=_words("STEMBOT_EMBED_ORIGINS", "*"),
        title=os.environ.get("STEMBOT_WEB_TITLE", "").strip() or "stembot",
        color=color,
        greeting=os.environ.get("STEMBOT_WEB_GREETING", "").strip(),
    )
