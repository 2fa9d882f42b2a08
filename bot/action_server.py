"""Entry point for the action server: rasa_sdk's own command line, without TensorFlow and JAX in the process.

spaCy's thinc imports TensorFlow and JAX whenever they are installed (thinc.compat), only to offer them as
backends. The actions use spaCy for tokens and lemmas and never touch them, yet they cost about 370 MB of resident
memory and a large part of the start-up time of the action server (measured in bench/LEVERS.md). Marking them as not
importable before anything imports spaCy keeps them out; thinc catches the ImportError and runs on numpy.
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
    from rasa_sdk.__main__ import main as sdk_main

    sys.argv = ["rasa_sdk", *(sys.argv[1:] if argv is None else argv)]
    sdk_main()


if __name__ == "__main__":
    main()
