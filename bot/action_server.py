"""Entry point for the action server: log redaction and our extensions first, then rasa_sdk's command line.

`stembot run` starts `python -m bot.action_server --actions actions --port …`; the arguments are rasa_sdk's.
Log records are redacted (bot/privacy/logs.py) and the endpoint extensions (bot/action_endpoint.py: request
shape check, Dutch 4xx, health details, warm-up) are registered before rasa_sdk builds its app.
"""

from __future__ import annotations

import sys
from typing import List, Optional

from bot.action_endpoint import register
from bot.privacy.logs import install_record_redaction


def main(argv: Optional[List[str]] = None) -> None:
    install_record_redaction()
    register()
    from rasa_sdk.__main__ import main as sdk_main

    sys.argv = ["rasa_sdk", *(sys.argv[1:] if argv is None else argv)]
    sdk_main()


if __name__ == "__main__":
    main()
