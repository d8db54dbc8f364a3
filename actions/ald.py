"""Affections de longue durée: the kinds of ALD, simplified or argued admission (and whether a given ALD number is
simplified), renewal and prolongation, the protocole de soins sent online (PSE), what the ALD covers."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (Reply, answer_question, decision_for, entity_values, kb,
                            latest_text, screened, send_answer)
from knowledge.ranker import ANSWER
from knowledge.references import ald_numbers

TOPIC = "ald"
OVERVIEW = "ald.ald_kinds"
SIMPLIFIED = "ald.ald_admission_simplifiee"


class ActionAld(Action):
    """An ALD number in the question → whether its admission is simplified; otherwise the best-matching answer."""

    def name(self) -> Text:
        return "action_ald"

    @screened
    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        written = " ".join(entity_values(tracker, "ald") + [latest_text(tracker)])
        numbers = ald_numbers(written)
        if not numbers:
            return answer_question(dispatcher, tracker, domain, OVERVIEW) or []
        exceptions = {a.number: a for a in kb().ald_admissions()}
        # An ALD named for another question than its admission ("l'ALD 23 est-elle renouvelée automatiquement ?").
        decision = decision_for(tracker)
        admission = {a.answer_id for a in exceptions.values()} | {SIMPLIFIED}
        about_it = decision.best is not None and dict(decision.best.signals).get("entity", 0.0) > 0  # names that ALD
        if decision.verdict == ANSWER and about_it and decision.best.key not in admission:
            return answer_question(dispatcher, tracker, domain, decision=decision) or []
        reply = Reply(domain, tracker)
        sources = []
        for number in numbers:
            ald = exceptions.get(number)
            if ald is None:
                reply.add("part_ald_simplified", number=number)
            else:
                reply.add("part_ald_partly_argued" if ald.partly else "part_ald_argued", number=number, name=ald.name)
                sources.append(ald.source)
        argued = [exceptions[n] for n in numbers if n in exceptions]
        explained = argued[0].answer_id if len(argued) == len(numbers) else SIMPLIFIED
        return send_answer(dispatcher, tracker, domain, explained, reply, sources)
