"""Numérique en santé: Mon espace santé, INS, DMP, MSSanté, ordonnance numérique, secure exchanges."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import answer_question, screened

TOPIC = "numerique"


class ActionNumerique(Action):
    def name(self) -> Text:
        return "action_numerique"

    @screened
    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        return answer_question(dispatcher, tracker, domain) or []
