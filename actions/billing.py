"""Billing: SESAM-Vitale and degraded mode, B2 and paper, supporting documents, cards, amelipro delegation,
tiers payant, paper claims sent in lots by auxiliaires médicaux."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import answer_question, screened



class ActionBilling(Action):
    """The billing answer whose aliases best match; when none does, says so and gives where to ask."""

    def name(self) -> Text:
        return "action_billing"

    @screened
    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        return answer_question(dispatcher, tracker, domain) or []
