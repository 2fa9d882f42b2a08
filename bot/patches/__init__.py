"""Small, tested fixes to Rasa's dependencies, applied in the Rasa server process before it starts.

`python -m bot.rasa_server` (what `stembot run` starts) calls `apply_all()` and then Rasa's own command line.
Each patch is one module here with an `apply()` that is idempotent and says in its docstring what it fixes,
why, and when it can be removed. Add a module and list it in PATCHES.
"""

from __future__ import annotations

import importlib
import os
from typing import List

PATCHES: List[str] = [
    "sanic_ws",  # web: Sanic 21.12 websockets on Python 3.11 (asyncio.wait with coroutines)
    "socketio_channel",  # web: Rasa's socket.io channel: awaited room join, custom JSON, origin check
    "log_redaction",  # privacy: no message text or personal data in Rasa's logs
    "action_timeout",  # faults: STEMBOT_ACTION_TIMEOUT for calls to the action server
    "action_failure",  # faults: a friendly reply when a custom action fails
    "sql_pre_ping",  # faults: survive a database restart
    "endpoint_session",  # bench: one pooled HTTP session to the action server
    "action_result_validation",  # bench: cached jsonschema validator for action answers
    "event_type_lookup",  # bench: cached Event.resolve_by_type
    "privacy_tip",  # privacy: a tip when a message holds personal data (Rasa has no end-of-turn hook)
    "rule_lookup",  # bench: RulePolicy tests only the rules that can match the newest state
]


def apply_all() -> List[str]:
    """Apply every patch but those named in STEMBOT_PATCHES_OFF (comma-separated, for lever trials in bench/);
    returns the names of those that changed something."""
    off = {n.strip() for n in os.environ.get("STEMBOT_PATCHES_OFF", "").split(",") if n.strip()}
    unknown = off - set(PATCHES)
    if unknown:
        raise SystemExit(f"stembot: STEMBOT_PATCHES_OFF noemt onbekende patches: {', '.join(sorted(unknown))}. "
                         f"Bestaande patches: {', '.join(PATCHES)}.")
    applied = []
    for name in (n for n in PATCHES if n not in off):
        module = importlib.import_module(f"{__name__}.{name}")
        if module.apply():
            applied.append(name)
    return applied
