"""The Rasa server's check of custom actions' answers (bot/action_calls.py): installed by the channels' module, the
same verdicts as jsonschema.validate on Rasa's schema, Rasa's own error for an invalid answer."""
from __future__ import annotations

import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

import bot.inbound  # noqa: F401  (installs the check, as in the Rasa server)
from bot import action_calls

VALID = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "profession", "value": "infirmier", "timestamp": None}],
     "responses": [{"text": "La plateforme est ouverte.", "custom": {"facts": ["contact.platform"]}}]},
    {"events": [{"event": "action", "name": "action_listen"}, {"event": "followup", "name": "action_contact"}]},
    {},
]
INVALID = [
    {"events": {"event": "slot"}},  # not a list
    {"events": [{"name": "profession"}]},  # an event without its type
    {"events": [{"event": "no_such_event"}]},
    {"events": [], "responses": ["text, not an object"]},
    {"events": [{"event": "slot", "name": "profession", "timestamp": "yesterday"}]},
]


def test_the_channels_module_installs_it():
    assert RemoteAction._validate_action_result is action_calls._validate_action_result


@pytest.mark.parametrize("answer", VALID + INVALID)
def test_the_verdict_is_jsonschemas_on_rasas_schema(answer):
    action = RemoteAction("action_contact", EndpointConfig("http://127.0.0.1:9/webhook"))
    try:
        validate(answer, RemoteAction.action_response_format_spec())
        expected_valid = True
    except ValidationError:
        expected_valid = False
    assert expected_valid == (answer in VALID)
    if expected_valid:
        assert action._validate_action_result(answer) is True
    else:
        with pytest.raises(ValidationError, match="Failed to validate Action server response"):
            action._validate_action_result(answer)


def test_the_schema_is_checked_once():
    assert action_calls.validator() is action_calls.validator()
