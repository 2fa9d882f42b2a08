"""Small, tested fixes to Rasa's dependencies, applied in the Rasa server process before it starts.

`python -m bot.rasa_server` (what `stembot run` starts) calls `apply_all()` and then Rasa's own command line.
Each patch is one module here with an `apply()` that is idempotent and says in its docstring what it fixes,
why, and when it can be removed. Add a module and list it in PATCHES.
"""

from __future__ import annotations

import importlib
from typing import List

PATCHES: List[str] = ["endpoint_session", "action_result_validation", "event_type_lookup"]


def apply_all() -> List[str]:
    """Apply every patch; returns the names of those that changed something."""
    applied = []
    for name in PATCHES:
        module = importlib.import_module(f"{__name__}.{name}")
        if module.apply():
            applied.append(name)
    return applied
