"""Configuration read from the environment, in one place.

Every tunable of the project (ports, database URL, paths) is read here so that the Makefile,
the CLI, the action server and the tests agree on defaults.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Tuple

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


# --- Microsoft Teams channel and Rasa HTTP API security (docs/teams.md, README "Beveiliging") -------------------
MICROSOFT_OPENID_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
MICROSOFT_TOKEN_URL = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"


@dataclass(frozen=True)
class TeamsSettings:
    """The Bot Framework registration; the channel is off (webhook answers 503) while app id/password are unset."""

    app_id: str = ""
    app_password: str = field(default="", repr=False)
    tenant_id: str = "botframework.com"
    token_url: str = ""
    openid_url: str = MICROSOFT_OPENID_URL

    @property
    def enabled(self) -> bool:
        return bool(self.app_id and self.app_password)


def teams_settings() -> TeamsSettings:
    env = os.environ
    app_id = env.get("STEMBOT_TEAMS_APP_ID", "").strip()
    password = env.get("STEMBOT_TEAMS_APP_PASSWORD", "").strip()
    if bool(app_id) != bool(password):
        missing = "STEMBOT_TEAMS_APP_PASSWORD" if app_id else "STEMBOT_TEAMS_APP_ID"
        raise SystemExit(f"stembot: Teams is maar half ingesteld: {missing} ontbreekt. Zet beide (zie docs/teams.md) "
                         "of geen van beide om Teams uit te zetten.")
    tenant = env.get("STEMBOT_TEAMS_TENANT_ID", "").strip() or "botframework.com"
    return TeamsSettings(
        app_id=app_id,
        app_password=password,
        tenant_id=tenant,
        token_url=env.get("STEMBOT_TEAMS_TOKEN_URL", "").strip() or MICROSOFT_TOKEN_URL.format(tenant=tenant),
        openid_url=env.get("STEMBOT_TEAMS_OPENID_URL", "").strip() or MICROSOFT_OPENID_URL,
    )


@dataclass(frozen=True)
class ApiSettings:
    """Rasa's HTTP API (off unless STEMBOT_ENABLE_API=1, then only with a token or JWT secret) and CORS."""

    enabled: bool = False
    token: str = field(default="", repr=False)
    jwt_secret: str = field(default="", repr=False)
    jwt_method: str = "HS256"
    cors_origins: Tuple[str, ...] = ()


MIN_TOKEN_LENGTH = 16
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$")


def cors_origins(cfg: Settings) -> tuple:
    """Origins whose pages may call Rasa from a browser (HTTP CORS and the socket.io origin check)."""
    raw_cors = os.environ.get("STEMBOT_CORS_ORIGINS")
    if raw_cors is None:
        raw_cors = f"http://localhost:{cfg.web_port} http://127.0.0.1:{cfg.web_port}"
    origins = tuple(o[:-1] if o.endswith("/") and o.count("/") == 3 else o for o in raw_cors.split())
    for origin in origins:
        if origin != "*" and not _ORIGIN.match(origin):
            raise SystemExit(f"stembot: STEMBOT_CORS_ORIGINS bevat {origin!r}, dat is geen origin. Schrijf "
                             "schema://host[:poort] zonder pad, bv. 'https://www.school.be https://school.be'.")
    return origins


def api_settings(cfg: Settings) -> ApiSettings:
    env = os.environ
    origins = cors_origins(cfg)
    api = ApiSettings(
        enabled=env.get("STEMBOT_ENABLE_API", "").strip().lower() in ("1", "true", "yes", "ja"),
        token=env.get("STEMBOT_API_TOKEN", "").strip(),
        jwt_secret=env.get("STEMBOT_API_JWT_SECRET", "").strip(),
        jwt_method=env.get("STEMBOT_API_JWT_METHOD", "").strip() or "HS256",
        cors_origins=origins,
    )
    if api.enabled and not (api.token or api.jwt_secret):
        raise SystemExit("stembot: STEMBOT_ENABLE_API=1 maar STEMBOT_API_TOKEN (of STEMBOT_API_JWT_SECRET) ontbreekt; "
                         "zonder token kan iedereen de gesprekken lezen. Maak een token met: python3 -c 'import "
                         "secrets; print(secrets.token_urlsafe(32))'")
    for name, value in (("STEMBOT_API_TOKEN", api.token), ("STEMBOT_API_JWT_SECRET", api.jwt_secret)):
        if value and len(value) < MIN_TOKEN_LENGTH:
            raise SystemExit(f"stembot: {name} is te kort ({len(value)} tekens, minstens {MIN_TOKEN_LENGTH}). Maak er "
                             "een met: python3 -c 'import secrets; print(secrets.token_urlsafe(32))'")
    return api


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
        cors_origins=cors_origins(cfg),
        embed_origins=_words("STEMBOT_EMBED_ORIGINS", "*"),
        title=os.environ.get("STEMBOT_WEB_TITLE", "").strip() or "stembot",
        color=color,
        greeting=os.environ.get("STEMBOT_WEB_GREETING", "").strip(),
    )
