"""The conversation around the topics: misunderstandings, hand-off to a person, out-of-scope requests."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import HANDOFF, Reply, has_words, kb, latest_text, now
from actions.contacts import add_general_contacts

FALLBACK_INTENT = "nlu_fallback"
MAX_MISUNDERSTANDINGS = 2
SUGGESTIONS = (
    ("Les étapes pour m'installer", "/ask_installation"),
    ("Les aides pour mon installation", "/ask_installation_aid"),
    ("Qui contacter pour mon besoin ?", "/ask_contact"),
    ("La plateforme est-elle ouverte ?", "/ask_opening_hours"),
    ("Quand appeler pour attendre moins ?", "/ask_best_time"),
)


def misunderstandings_in_a_row(tracker: Tracker) -> int:
    """How many of the latest user messages, counted back from the last, were not understood."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        text = event.get("text") or ""
        if intent == FALLBACK_INTENT or not has_words(text):
            count += 1
        else:
            break
    return count


def hand_off(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any], reason: Text,
             intro: Text) -> None:
    """Gives the human contacts and marks the answer so that a channel can route the conversation to an agent."""
    reply = Reply(domain, tracker).add(intro)
    sources = add_general_contacts(reply, now())
    reply.mark(HANDOFF, True).mark("handoff_reason", reason)
    reply.source(sources).send(dispatcher)


class ActionFallback(Action):
    """First misunderstanding: ask to rephrase and suggest topics. Second in a row: hand off to a person."""

    def name(self) -> Text:
        return "action_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        if misunderstandings_in_a_row(tracker) >= MAX_MISUNDERSTANDINGS:
            hand_off(dispatcher, tracker, domain, "misunderstood_twice", "part_handoff_misunderstood")
            return []
        reply = Reply(domain, tracker)
        reply.add("part_rephrase" if has_words(latest_text(tracker)) else "part_empty_message")
        for title, payload in SUGGESTIONS:
            reply.button(title, payload)
        reply.send(dispatcher)
        return []


class ActionHandoff(Action):
    """The professional asks for a person."""

    def name(self) -> Text:
        return "action_handoff"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        hand_off(dispatcher, tracker, domain, "user_request", "part_handoff_requested")
        return []


class ActionOutOfScope(Action):
    """Politely declines what the assistant does not do, and says where to go instead."""

    PARTS = {
        "out_of_scope_medical": "part_oos_medical",
        "out_of_scope_personal": "part_oos_personal",
        "out_of_scope_region": "part_oos_region",
        "chitchat": "part_oos_chitchat",
    }

    def name(self) -> Text:
        return "action_out_of_scope"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        reply = Reply(domain, tracker).add(self.PARTS.get(intent, "part_oos_chitchat"))
        medical = kb().contact("ersm") if intent == "out_of_scope_medical" else None
        if medical:
            reply.contact(medical).source([medical.source])
        else:
            reply.add("part_what_i_do")
        reply.send(dispatcher)
        return []
