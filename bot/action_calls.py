"""The Rasa server's check of each custom action's answer, made cheap.

Rasa 3.6 validates every answer of the action server with `jsonschema.validate`, which first checks the schema
itself against JSON Schema's meta-schema, then builds a validator — on every call. `make profile` found this to be
the largest single cost of our turns (about 35 of the Rasa server's 83 ms of CPU per turn, more than the NLU and the
policies together; reports/profile.md). Here the same schema is checked once and its validator kept: every answer is
still validated against it, and an invalid one still goes to Rasa's own method, which raises its usual error.

`install()` is called by bot/inbound.py, which every channel of the Rasa server imports.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Text

from jsonschema import validators
from rasa.core.actions.action import RemoteAction

_rasa_validation = RemoteAction._validate_action_result


@lru_cache(maxsize=1)
def validator() -> Any:
    """The validator of Rasa's action-answer schema, the schema checked once."""
    schema = RemoteAction.action_response_format_spec()
    kind = validators.validator_for(schema)
    kind.check_schema(schema)
    return kind(schema)


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    if validator().is_valid(result):
        return True
    return _rasa_validation(self, result)  # raises jsonschema's ValidationError with Rasa's message


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
