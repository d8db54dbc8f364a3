"""Access to care, coordination and prevention: délégués, service médical offers, coordinated practice, PRADO,
MonParcoursPsy, prevention programmes. A scheme another caisse describes for its own territory is said to be so."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import answer_question, screened

TOPIC = "prevention"


class ActionPrevention(Action):
    def name(self) -> Text:
        return "action_prevention"

    @screened
    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        return answer_question(dispatcher, tracker, domain) or []
