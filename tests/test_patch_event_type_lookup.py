"""Event classes are resolved by type name from a cache (bot/patches/event_type_lookup.py)."""

from __future__ import annotations

import pytest

from bot.patches import event_type_lookup


def test_events_deserialise_as_before_and_the_subclass_walk_happens_once_per_type(monkeypatch):
    import rasa.shared.utils.common as common
    from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered

    event_type_lookup.apply()
    event_type_lookup._found.clear()
    walks = []
    original = common.all_subclasses
    monkeypatch.setattr(common, "all_subclasses", lambda cls: (walks.append(cls), original(cls))[1])
    data = [{"event": "user", "text": "hallo", "parse_data": {"intent": {"name": "greet"}}},
            {"event": "action", "name": "utter_greet"}, {"event": "slot", "name": "role", "value": "ouder"}]
    for _ in range(10):
        events = [Event.from_parameters(d) for d in data]
        assert [type(e) for e in events] == [UserUttered, ActionExecuted, SlotSet]
    assert walks.count(Event) == 3  # once per type name, not 30 times
    with pytest.raises(ValueError):
        Event.resolve_by_type("geen-event")
    assert Event.resolve_by_type("topic") is None
