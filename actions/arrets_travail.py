"""Sick leave: prescribing it online (AAT) or on the form, prolongation, temps partiel thérapeutique, invalidité,
retraite pour inaptitude, prevention of job loss, visite de pré-reprise, the social service."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import answer_forms, answer_question, entity_values, kb, latest_text, screened
from knowledge.records import form_digits
from knowledge.references import form_numbers

TOPIC = "arrets_travail"
OVERVIEW = "arrets_travail.aat_prescription"


def named_forms(tracker: Tracker) -> List[Text]:
    """The form numbers a question names (as digits): the `form` entities, then numbers written as forms."""
    known = [form_digits(f.number) for f in kb().forms()]
    from_entities = [form_digits(v) for v in entity_values(tracker, "form")]
    return list(dict.fromkeys([d for d in from_entities if d] + form_numbers(latest_text(tracker), known)))


class ActionSickLeave(Action):
    """A form number in the question → that form; otherwise the best-matching answer of the topic."""

    TOPIC = TOPIC
    OVERVIEW = OVERVIEW

    def name(self) -> Text:
        return "action_sick_leave"

    @screened
    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        events = answer_forms(dispatcher, tracker, domain, named_forms(tracker))
        if events is not None:
            return events
        return answer_question(dispatcher, tracker, domain, self.OVERVIEW) or []
