"""Entry point for the action server: our set-up first, then rasa_sdk's own command line.

`stembot run` starts `python -m bot.action_server --actions actions --port …`; the arguments are rasa_sdk's.
Before rasa_sdk builds its app:
- TensorFlow and JAX are kept out of the process. spaCy's thinc imports them whenever they are installed, only to
  offer them as backends; the actions never use them, yet they cost about 370 MB of memory and much of the
  start-up time (bench/LEVERS.md). Marked as not importable, thinc catches the ImportError and runs on numpy.
- log records are redacted (bot/privacy/logs.py);
- the endpoint extensions are registered (bot/action_endpoint.py: request shape check, Dutch 4xx, health
  details, warm-up).
"""

from __future__ import annotations

import sys
from typing import List, Optional

# Heavy optional backends of thinc that the action server never uses.
UNUSED_BACKENDS = ("tensorflow", "jax")


def block_unused_backends() -> List[str]:
    """Make `import tensorflow` / `import jax` fail fast in this process; returns the names blocked now."""
    blocked = []
    for name in UNUSED_BACKENDS:
        if name not in sys.modules:
            sys.modules[name] = None  # type: ignore[assignment]  # import raises ImportError
            blocked.append(name)
    return blocked


def main(argv: Optional[List[str]] = None) -> None:
    block_unused_backends()
    from bot.action_endpoint import register
    from bot.privacy.logs import install_record_redaction

    install_record_redaction()
    register()
    from rasa_sdk.__main__ import main as sdk_main

    sys.argv = ["rasa_sdk", *(sys.argv[1:] if argv is None else argv)]
    sdk_main()


if __name__ == "__main__":
    main()
