"""A bare Sanic websocket echo server: `python tests/web/sanic_echo.py patched|unpatched PORT`."""

import sys

from sanic import Sanic, response

if sys.argv[1] == "patched":
    from bot.patches import sanic_ws

    assert sanic_ws.apply() is True

app = Sanic("echo")


@app.get("/")
async def health(request):
    return response.text("ok")


@app.websocket("/echo")
async def echo(request, ws):
    while True:
        await ws.send("echo: " + await ws.recv())


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(sys.argv[2]), access_log=False, motd=False)
