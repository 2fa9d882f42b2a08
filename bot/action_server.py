"""Entry point for the action server: our extensions (bot/action_endpoint.py), then rasa_sdk's command line.

`stembot run` starts `python -m bot.action_server --actions actions --port …`; the arguments are rasa_sdk's.
"""

from __future__ import annotations

import sys
from typing import List, Optional

from bot.action_endpoint import register


def main(argv: Optional[List[str]] = None) -> None:
    register()
    from rasa_sdk.__main__ import main as sdk_main

    sys.argv = ["rasa_sdk", *(sys.argv[1:] if argv is None else argv)]
    sdk_main()


if __name__ == "__main__":
    main()
