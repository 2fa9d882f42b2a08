"""Rasa's HTTP API and CORS flags for `rasa run`.

The HTTP API (`--enable-api`) can read every conversation and replace the model, so it is off unless
STEMBOT_ENABLE_API=1 and then only with a token or JWT secret (bot.config refuses it otherwise). The secrets are
never put on the command line of the Rasa process (anyone on the machine can read that with `ps`): `stembot run`
passes only `--enable-api`, and `python -m bot.rasa_server` adds `--auth-token=…`/`--jwt-secret=…` from the
environment inside the process, just before Rasa parses its arguments.
"""

from __future__ import annotations

from typing import List, Sequence

from bot.config import ApiSettings


def rasa_args(api: ApiSettings) -> List[str]:
    """Public flags for the Rasa command line: allowed CORS origins and, when enabled, the API switch."""
    args = ["--cors", *api.cors_origins]
    if api.enabled:
        args.append("--enable-api")
        if api.jwt_secret:
            args.append(f"--jwt-method={api.jwt_method}")
    return args


def secret_args(argv: Sequence[str], api: ApiSettings) -> List[str]:
    """The token/JWT flags to add inside the Rasa process; `--opt=value` so a token starting with '-' still parses."""
    if "--enable-api" not in argv:
        return []
    out = []
    if api.token:
        out.append(f"--auth-token={api.token}")
    if api.jwt_secret:
        out.append(f"--jwt-secret={api.jwt_secret}")
    given = any(a.split("=")[0] in ("-t", "--auth-token", "--jwt-secret") for a in argv)
    if not out and not given:  # started by hand with --enable-api: never serve the API without authentication
        raise SystemExit("stembot: --enable-api heeft STEMBOT_API_TOKEN (of STEMBOT_API_JWT_SECRET) nodig; "
                         "zonder token kan iedereen de gesprekken lezen.")
    return out
