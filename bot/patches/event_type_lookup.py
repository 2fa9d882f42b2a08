"""Look up event classes by type name once, instead of walking every Event subclass on every event.

Rasa 3.6's `Event.resolve_by_type` rebuilds the list of all Event subclasses (recursively, with an
`inspect.isabstract` check each) for each event it deserialises: every event of a tracker, on every turn. In a profile
of stembot's Rasa server this was ~7 % of its CPU time per message (bench/LEVERS.md). Found classes are remembered
per type name; an unknown name still goes through Rasa's own lookup (and its error). A class defined later with the
type name of an already resolved one would not be picked up: Rasa's own event types never do that. Remove when Rasa
caches the lookup itself.
"""

from __future__ import annotations

from typing import Dict, Optional, Text, Type

_MARK = "_stembot_cached_lookup"
_found: Dict[Text, type] = {}


def apply() -> bool:
    from rasa.shared.core.events import Event

    if getattr(Event.resolve_by_type, _MARK, False):
        return False
    original = Event.resolve_by_type

    def resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
        cls = _found.get(type_name)
        if cls is not None:
            return cls
        cls = original(type_name, default)
        if cls is not None and cls is not default:
            _found[type_name] = cls
        return cls

    setattr(resolve_by_type, _MARK, True)
    resolve_by_type.__doc__ = original.__doc__
    Event.resolve_by_type = staticmethod(resolve_by_type)
    return True
