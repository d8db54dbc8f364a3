"""Setting up in practice: the steps, documents to provide, the CPS card, appointments, orders, help for newcomers."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import Reply, add_answer, kb, latest_text

TOPIC = "installation"
OVERVIEW = "installation.overview"


class ActionInstallation(Action):
    """The installation answer whose aliases best match the question; the whole path when none does."""

    def name(self) -> Text:
        return "action_installation"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        found = kb().find_answers(latest_text(tracker), topics=(TOPIC,), limit=3)
        if len(found) > 1 and found[0].id == OVERVIEW:  # "installation" is in many questions: prefer the precise one
            found = found[1:] + found[:1]
        answer = found[0] if found else kb().answer(OVERVIEW)
        reply = Reply(domain, tracker)
        if answer is None:
            reply.add("part_no_answer")
            reply.send(dispatcher)
            return []
        sources = add_answer(reply, answer)
        for other in found[1:]:
            reply.button(other.title, other.title)
        reply.source(sources).send(dispatcher)
        return []
