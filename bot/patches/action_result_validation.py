"""Validate the action server's answers with a validator built once, instead of re-checking the schema every call.

Rasa 3.6's `RemoteAction._validate_action_result` calls `jsonschema.validate()`, which checks Rasa's large events
schema against the JSON Schema meta-schema and builds a new validator every time a custom action runs. Profiling a
stembot turn showed this to be about half of the Rasa server's CPU time for messages answered by a custom action
(bench/LEVERS.md). The schema is Rasa's own constant, so it is checked once; answers are validated exactly as
before (the same best-matching ValidationError, with Rasa's hint appended). Remove when Rasa caches the validator.
"""

from __future__ import annotations

import functools
from typing import Any, Dict

_MARK = "_stembot_cached_validator"


@functools.lru_cache(maxsize=1)
def validator():
    """Rasa's action response schema, checked once, as a ready validator."""
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def validate_action_result(self, result: Dict[str, Any]) -> bool:
    """Same contract as Rasa's: True when valid, else the ValidationError that jsonschema.validate() would raise."""
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    error = best_match(validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        f". Failed to validate Action server response from API, "
        f"make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


def apply() -> bool:
    from rasa.core.actions.action import RemoteAction

    if getattr(RemoteAction._validate_action_result, _MARK, False):
        return False
    setattr(validate_action_result, _MARK, True)
    RemoteAction._validate_action_result = validate_action_result
    return True
