"""Make the timeout of a call to the action server configurable (STEMBOT_ACTION_TIMEOUT, default 10 s).

Rasa 3.6 calls the action server with `timeout=DEFAULT_REQUEST_TIMEOUT` (5 minutes, hard-coded in
rasa.core.constants and imported by name into rasa.core.actions.action). A hung action server would keep a
user waiting for five minutes and hold the conversation's lock all that time. RemoteAction.run reads the
module-level name at call time, so rebinding it in rasa.core.actions.action changes only the action call
(other HTTP endpoints keep Rasa's default). Remove when Rasa makes the action timeout configurable.
"""

from __future__ import annotations

from bot.config import settings


def apply() -> bool:
    import rasa.core.actions.action as action

    timeout = settings().action_timeout
    if action.DEFAULT_REQUEST_TIMEOUT == timeout:
        return False
    action.DEFAULT_REQUEST_TIMEOUT = timeout
    return True
