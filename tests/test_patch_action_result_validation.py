"""Rasa validates action server answers with a cached validator (bot/patches/action_result_validation.py)."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from jsonschema.validators import validator_for

from bot.patches import action_result_validation as patch

GOOD = {"events": [{"event": "slot", "name": "last_topic", "value": "figures", "timestamp": None}],
        "responses": [{"response": "utter_figure", "statement": "4%"}]}
BAD = {"events": [{"event": "slot", "name": 3}], "responses": "geen lijst"}


def _action():
    from rasa.core.actions.action import RemoteAction
    from rasa.utils.endpoints import EndpointConfig

    return RemoteAction("action_figure", EndpointConfig(url="http://127.0.0.1:9/webhook"))


def test_answers_are_validated_as_before_but_the_schema_is_checked_once(monkeypatch):
    from rasa.core.actions.action import RemoteAction

    patch.apply()
    patch.validator.cache_clear()
    cls = validator_for(RemoteAction.action_response_format_spec())
    checks = []
    original = cls.check_schema.__func__
    monkeypatch.setattr(cls, "check_schema", classmethod(lambda c, s, *a, **k: (checks.append(1),
                                                                                 original(c, s, *a, **k))[1]))
    action = _action()
    for _ in range(20):
        assert action._validate_action_result(GOOD) is True
    assert len(checks) == 1
    with pytest.raises(ValidationError) as err:
        action._validate_action_result(BAD)
    assert "Failed to validate Action server response" in err.value.message


def test_the_same_error_as_jsonschema_validate():
    import jsonschema
    from rasa.core.actions.action import RemoteAction

    patch.apply()
    with pytest.raises(ValidationError) as theirs:
        jsonschema.validate(BAD, RemoteAction.action_response_format_spec())
    with pytest.raises(ValidationError) as ours:
        _action()._validate_action_result(BAD)
    assert ours.value.message.startswith(theirs.value.message) and ours.value.path == theirs.value.path
