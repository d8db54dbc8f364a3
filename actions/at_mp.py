"""Accidents du travail and maladies professionnelles: which form for what (S6909, S3116), the practical cases,
the online certificat médical initial, the recognition of occupational diseases (tables, complementary system)."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.arrets_travail import named_forms
from actions.common import answer_forms, answer_from_topic

TOPIC = "at_mp"
OVERVIEW = "at_mp.formulaires_at_mp"


class ActionAtMp(Action):
    """A form number in the question → that form; otherwise the best-matching answer on AT/MP."""

    def name(self) -> Text:
        return "action_at_mp"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        events = answer_forms(dispatcher, tracker, domain, named_forms(tracker))
        if events is not None:
            return events
        return answer_from_topic(dispatcher, tracker, domain, (TOPIC,), OVERVIEW)
