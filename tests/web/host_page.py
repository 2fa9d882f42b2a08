"""A school's web page with the one-line embed snippet: `python tests/web/host_page.py CHAT_URL PORT`.

A real server on another origin (localhost vs 127.0.0.1, another port), so that the browser treats it as a
separate site exactly as it would a school site.
"""

import sys
from html import escape

from aiohttp import web

CHAT_URL = sys.argv[1]
PAGE = f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Onze school</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>Welkom op onze school</h1><p>Tekst van de school.</p>
<script src="{escape(CHAT_URL)}/embed.js" data-title="STEM-vragen?" data-color="#7a1f5c" async></script>
</body></html>"""


async def page(request):
    return web.Response(text=PAGE, content_type="text/html")


if __name__ == "__main__":
    app = web.Application()
    app.router.add_get("/", page)
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[2]), print=None, shutdown_timeout=1)
