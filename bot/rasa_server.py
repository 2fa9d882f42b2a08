"""Entry point for the Rasa server: secrets, patches and a store check first, then Rasa's command line (`rasa run`)."""

from __future__ import annotations

import sys

from bot.patches import apply_all


def main(argv=None) -> None:
    from bot import http_api
    from bot.config import api_settings, settings

    args = list(sys.argv[1:] if argv is None else argv)
    args += http_api.secret_args(args, api_settings(settings()))  # secrets stay out of `ps` (see bot/http_api.py)
    apply_all()
    if args[:1] == ["run"]:  # stores first: one Dutch line instead of a traceback from inside Sanic's start-up
        from bot.privacy.preflight import check_stores

        problem = check_stores()
        if problem:
            raise SystemExit(f"stembot: {problem}")
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *args]
    rasa_main()


if __name__ == "__main__":
    main()
