"""Entry point for the Rasa server: our patches first, then Rasa's own command line (`rasa run …`)."""

from __future__ import annotations

import sys

from bot.patches import apply_all


def main(argv=None) -> None:
    apply_all()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *(sys.argv[1:] if argv is None else argv)]
    rasa_main()


if __name__ == "__main__":
    main()
