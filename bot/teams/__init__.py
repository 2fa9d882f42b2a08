"""Microsoft Teams through the Bot Framework: the input channel (`channel`), token checks (`auth`), replies (`output`).

Rasa 3.6's own `botframework` channel is the model; ours keeps its name and URL (/webhooks/botframework/webhook)
but reads its secrets from the environment, stays off without them, makes no network call at start-up, checks
incoming tokens as the Bot Framework documentation asks, and sends replies without blocking Rasa's event loop.
See docs/teams.md.
"""
