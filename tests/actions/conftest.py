"""Action tests in the style of RasaHQ/financial-demo: a CollectingDispatcher and trackers built from
the latest message, run directly against a real (SQLite) knowledge base."""

from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.common as common


@pytest.fixture(autouse=True)
def use_session_kb(session_kb):
    common.set_kb(session_kb)
    yield
    common.set_kb(None)


def make_tracker(text: str, intent: str, entities: Optional[List[Dict[str, Any]]] = None,
                 slots: Optional[Dict[str, Any]] = None) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or []}
    return Tracker("test-user", slots or {}, latest, [], False, None, {}, "action_listen")


@pytest.fixture()
def dispatcher():
    return CollectingDispatcher()


def responses(dispatcher: CollectingDispatcher) -> List[str]:
    return [m.get("response") for m in dispatcher.messages]
