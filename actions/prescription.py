"""Prescriptions: generics and the « non substituable » mention with its three codes, the patient who refuses the
generic, biosimilars, nursing care prescriptions, the prescription téléservices of amelipro."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import Reply, answer_question, entity_values, kb, latest_text, screened, topic_events
from knowledge.references import codes_in

TOPIC = "prescription"


class ActionPrescription(Action):
    """A mention code in the question (MTE, EFG, CIF) → what it justifies and the other two; otherwise the
    best-matching answer."""

    def name(self) -> Text:
        return "action_prescription"

    @screened
    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        mentions = kb().mentions()
        written = " ".join(entity_values(tracker, "mention") + [latest_text(tracker)])
        codes = codes_in(written, [m.code for m in mentions])
        if not codes:
            return answer_question(dispatcher, tracker, domain) or []
        reply = Reply(domain, tracker)
        asked = [m for m in mentions if m.code in codes]
        for mention in asked:
            reply.add("part_mention", code=mention.code, mention=mention.mention, situation=mention.situation)
        others = [m for m in mentions if m.code not in codes]
        reply.add("part_mention_rule", count=len(mentions),
                  others=" ; ".join(f"{m.code} : {m.situation}" for m in others))
        reply.source([m.source for m in asked + others]).send(dispatcher)
        return topic_events(kb().answer(asked[0].answer_id))
