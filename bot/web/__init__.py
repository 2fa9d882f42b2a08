"""The web chat: an aiohttp app that serves the Dutch chat page, its assets and the embed snippet.

It holds no conversation logic: the page talks to Rasa's socket.io channel directly (see static/chat.js).
"""
