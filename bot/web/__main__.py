"""`python -m bot.web [--host H] [--port P]`: serve the chat page (started by `stembot run`)."""

from __future__ import annotations

import argparse
import logging

from aiohttp import web

from bot.config import settings
from bot.web.app import create_app


def main(argv=None) -> None:
    cfg = settings()
    parser = argparse.ArgumentParser(prog="python -m bot.web", description="stembot web chat page")
    parser.add_argument("--host", default=cfg.host)
    parser.add_argument("--port", type=int, default=cfg.web_port)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s - %(message)s")
    app = create_app(cfg)
    print(f"stembot web: chat op http://{args.host}:{args.port}/", flush=True)
    web.run_app(app, host=args.host, port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
