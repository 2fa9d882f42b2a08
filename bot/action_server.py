"""Entry point for the action server: log redaction first, then rasa_sdk's own command line.

`stembot run` starts `python -m bot.action_server --actions actions --port …`; the arguments are rasa_sdk's.
"""

from __future__ import annotations

import sys

from bot.privacy.logs import install_record_redaction


def main(argv=None) -> None:
    install_record_redaction()
    from rasa_sdk.__main__ import main as sdk_main

    sys.argv = ["rasa_sdk", *(sys.argv[1:] if argv is None else argv)]
    sdk_main()


if __name__ == "__main__":
    main()
