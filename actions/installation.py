"""Setting up in practice: the steps, documents to provide, the CPS card, appointments, orders, help for newcomers."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import answer_question, screened

TOPIC = "installation"
OVERVIEW = "installation.overview"


class ActionInstallation(Action):
    """The installation answer whose aliases best match the question; the whole path when none does."""

    def name(self) -> Text:
        return "action_installation"

    @screened
    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        return answer_question(dispatcher, tracker, domain, OVERVIEW) or []
