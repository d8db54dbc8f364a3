"""Téléservices of amelipro, one by one (what each does, who uses it, how), found from the acronym or from the need;
amelipro itself (logging in, delegation, help)."""
from __future__ import annotations

import difflib
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (TELESERVICES, TOPIC_SLOT, Reply, add_general_contact_lines, answer_question,
                            decision_for, describe_teleservice, entity_values, kb, latest_text, screened)
from knowledge import french
from knowledge.queries import TeleserviceInfo
from knowledge.ranker import ANSWER, Decision
from knowledge.text import normalize_words

TOPIC = TELESERVICES
MAX_ACRONYM = 12  # longer "acronyms" are not echoed back: they may be anything the user typed
CLOSE_ACRONYMS = 3


def unknown_acronym(tracker: Tracker, found: List[TeleserviceInfo]) -> Optional[Text]:
    """An acronym the NLU read that names no téléservice (and none the message names otherwise)."""
    if found:
        return None
    for value in entity_values(tracker, "acronym"):
        if len(value) <= MAX_ACRONYM and value.replace(" ", "").isalnum():
            return value
    return None


def close_acronyms(written: Text) -> List[TeleserviceInfo]:
    """The known téléservices whose acronym is closest to a mistyped one ("DTM" → DMT)."""
    services = [s for s in kb().teleservices() if s.acronym]
    by_key = {normalize_words(s.acronym): s for s in services}
    close = difflib.get_close_matches(normalize_words(written), list(by_key), n=CLOSE_ACRONYMS, cutoff=0.3)
    return [by_key[k] for k in close]


def answered_by_another_fact(decision: Decision, named: TeleserviceInfo, text: Text) -> bool:
    """Whether the question asks something else than what the téléservice it names is for: the documents answer it
    confidently with another fact, or it asks for a figure the téléservice's description does not hold (« les
    paiements en tiers payant, consultables combien de temps ? » asks for the 18 months; « le PSE, quel % d'accord
    immédiat ? » for the 85 %)."""
    if decision.verdict == ANSWER and (decision.best.kind, decision.best.key) != ("teleservice", named.id):
        return True
    return kb().ranker().lacks_figure_asked("teleservice", named.id, text)


class ActionTeleservice(Action):
    """The téléservice named (acronym, name or need); an unknown acronym said so with the closest known ones;
    otherwise the best answer on amelipro itself."""

    def name(self) -> Text:
        return "action_teleservice"

    @screened
    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        found = kb().find_teleservices(" ".join([latest_text(tracker)] + entity_values(tracker, "acronym")))
        unknown = unknown_acronym(tracker, found)
        reply = Reply(domain, tracker)
        if unknown:
            close = close_acronyms(unknown)
            reply.add("part_acronym_unknown", acronym=unknown.upper())
            if close:
                reply.add("part_acronym_close", services=french.join(
                    [f"{s.acronym} ({s.name})" for s in close], "ou"))
            for service in close:
                reply.button(service.acronym, service.acronym)
            sources = add_general_contact_lines(reply)
            reply.source([s.source for s in close] + sources).send(dispatcher)
            return []
        decision = decision_for(tracker)
        if not found or answered_by_another_fact(decision, found[0], latest_text(tracker)):
            return answer_question(dispatcher, tracker, domain, decision=decision) or []
        sources = describe_teleservice(reply, found[0])
        for other in found[1:]:
            reply.button(other.name, other.name)
        if found[0].answer_id:
            fuller = kb().answer(found[0].answer_id)
            if fuller is not None:
                reply.button(fuller.title, fuller.title)
        reply.source(sources).send(dispatcher)
        return [SlotSet(TOPIC_SLOT, TOPIC)]
