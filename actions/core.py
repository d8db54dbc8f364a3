"""The conversation around the topics: misunderstandings, hand-off to a person, out-of-scope requests."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.aids import (AIDS_ANSWERS, FORM_SLOTS, ActionAidResult, ActionContract, aspect_asked, days_given,
                          fees_in, hospital_option_asked, zone_said)
from actions.arrets_travail import named_forms
from actions.common import (ANSWERED_BY_SLOT, HANDOFF, PROFESSION_SLOT, SEARCHED, Reply, answer_forms,
                            answer_question, decision_for, entity_values, has_words, kb, latest_text, now,
                            names_a_fact, previous_answer_action, previous_question, short)
from actions.cotations import ActionCotation, codes_said_before, consultation_implied, context_given
from actions.fami import ActionFami, indicators_asked_again
from actions.contacts import (ActionBestTime, ActionContact, ActionOpeningHours, ActionPhoneMenu, add_call_menu,
                              add_general_contacts, add_transfer_or_callback, menu_choice_said)
from actions.zoning import COMMUNE_SLOT, ActionZoning, CommuneLookup, aid_payload, commune_known
from bot.privacy import mask
from knowledge import french
from knowledge.asking import (aids_asked, asks_something, asks_what_for_me, continues_previous, corrects_previous,
                              is_doctor, profession_said)
from knowledge.cotations import parse_visit
from knowledge.numbers import parse_trainee_months
from knowledge.queries import CommuneInfo
from knowledge.ranker import ANSWER, intent_ranking
from knowledge.text import normalize_words

FALLBACK_INTENT = "nlu_fallback"
MAX_MISUNDERSTANDINGS = 2
SUGGESTIONS = (
    ("Les étapes pour m'installer", "/ask_installation"),
    ("Les aides pour mon installation", "/ask_installation_aid"),
    ("Qui contacter pour mon besoin ?", "/ask_contact"),
    ("La plateforme est-elle ouverte ?", "/ask_opening_hours"),
    ("Quand appeler pour attendre moins ?", "/ask_best_time"),
)


MISUNDERSTOOD = "misunderstood"  # the mark on a reply that asked to rephrase
SUMMARY_MESSAGES = 3  # user messages in the summary handed to an agent
SUMMARY_LENGTH = 300


def misunderstandings_in_a_row(tracker: Tracker) -> int:
    """How many user messages in a row, the latest included, were not understood: classified as not understood, made
    of no words, or answered by a request to rephrase (a follow-up whose words meant nothing in its context)."""
    count = 0
    rephrase_asked = found = False
    for event in reversed(tracker.events):
        custom = ((event.get("data") or {}).get("custom") or {}) if event.get("event") == "bot" else {}
        rephrase_asked = rephrase_asked or bool(custom.get(MISUNDERSTOOD))
        answered = bool(custom.get("facts")) and not custom.get(MISUNDERSTOOD)  # answered, whatever the intent
        found = found or bool(custom.get(SEARCHED)) or answered
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if count == 0 or not found and (
                intent == FALLBACK_INTENT or not has_words(event.get("text") or "") or rephrase_asked):
            count += 1  # the latest message is the one being answered as not understood
            rephrase_asked = found = False
        else:
            break  # understood: by its intent, or by the search of the knowledge base
    return count


def hand_off(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any], reason: Text,
             intro: Text) -> None:
    """Gives the human contacts (on the phone: puts the caller through, or says when to call back) and marks the
    answer so that a channel can route the conversation to an agent."""
    reply = Reply(domain, tracker).add(intro)
    sources = add_transfer_or_callback(reply, now()) if reply.spoken else add_general_contacts(reply, now())
    reply.mark(HANDOFF, True).mark("handoff_reason", reason).mark("handoff_summary", conversation_summary(tracker))
    reply.source(sources).send(dispatcher)


def conversation_summary(tracker: Tracker, messages: int = SUMMARY_MESSAGES) -> Text:
    """The professional's last messages, patient data masked (again: a channel masked it already), for the agent who
    takes the conversation over."""
    said = [mask(e.get("text") or "") for e in tracker.events if e.get("event") == "user"][-messages:]
    return short(" / ".join(t for t in said if t.strip()), SUMMARY_LENGTH)


def ask_to_rephrase(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
    """First misunderstanding: ask to rephrase and suggest topics. Second in a row: hand off to a person."""
    if misunderstandings_in_a_row(tracker) >= MAX_MISUNDERSTANDINGS:
        hand_off(dispatcher, tracker, domain, "misunderstood_twice", "part_handoff_misunderstood")
        return []
    reply = Reply(domain, tracker)
    reply.add("part_rephrase" if has_words(latest_text(tracker)) else "part_empty_message")
    reply.mark(MISUNDERSTOOD, True)
    for title, payload in SUGGESTIONS:
        reply.button(title, payload)
    reply.send(dispatcher)
    return []


def answered_by(action: Optional[Action], events: List[Dict]) -> List[Dict]:
    """The events of a turn that the fallback or a follow-up answered, with which action answered it (or none):
    what the next message may continue (`previous_answer_action`)."""
    return list(events) + [SlotSet(ANSWERED_BY_SLOT, action.name() if action is not None else None)]


def computation_asked(tracker: Tracker) -> Optional[Action]:
    """The action that computes what the message's own values ask for, whatever intent the NLU gave it (an intent
    is a prior, never a gate): days of activity with a commune or a kind of zone → the aid for that case; a
    contract → its figures, computed for the days or fees given; a code of the nomenclatures → its value."""
    text = latest_text(tracker)
    if days_given(tracker) and (entity_values(tracker, "commune") or zone_said(text) is not None):
        return ActionAidResult()
    if entity_values(tracker, "contract"):
        return ActionContract()
    if any(kb().code(value) is not None for value in entity_values(tracker, "code")) or consultation_implied(tracker) \
            or code_in_capitals(text):
        return ActionCotation()
    if _MENU_ASKED.search(normalize_words(text)) and profession_said(text):
        return ActionPhoneMenu()  # « je suis infirmière, quand j'appelle le 05…, je choisis quoi ? »
    if _LEAST_WAITING.search(normalize_words(text)):
        return ActionBestTime()  # « et ce jour-là c'est quand qu'il y a le moins de monde ? »: the off-peak hours
    return None


_CAPITALS = re.compile(r"\b[A-Z]{2,5}\b")


def code_in_capitals(text: Text) -> bool:
    """Whether a message writes a code of the nomenclatures in capitals (« et pour la VSP ? »): a code, whatever
    intent the NLU gave the message."""
    return any(kb().code(word) is not None for word in _CAPITALS.findall(text))


_LEAST_WAITING = re.compile(r"\b(?:le moins de monde|moins de monde|le moins d attente|moins attendre|attendre moins|"
                            r"heures? creuses?|le moins charge|le plus calme|moins d affluence)\b")
_MENU_ASKED = re.compile(r"\b(?:je choisis|je choisi|choisir|je tape|tape|taper|touche|serveur vocal|menu vocal|"
                         r"quel choix|quelle option)\b")


class ActionFallback(Action):
    """A message no intent handles: answered from the knowledge base's search when a fact covers it, else not
    understood."""

    def name(self) -> Text:
        return "action_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        courtesy = courtesy_only(tracker)
        if courtesy is not None:  # « merci beaucoup, au revoir », split between two intents
            Reply(domain, tracker).add(courtesy).send(dispatcher)
            return []
        return answer_the_message(dispatcher, tracker, domain, understood=False)


COURTESY_INTENTS = {"goodbye": "part_goodbye", "thank": "part_thank"}
COURTESY_RANKS = 3  # a courtesy split between intents: « merci beaucoup, au revoir » → affirm, goodbye, thank


def courtesy_only(tracker: Tracker) -> Optional[Text]:
    """The courtesy (a response's name) to say back to a message that only thanks or takes leave (« ok merci bonne
    journée »: a courtesy intent among its top ones, and courtesy words only), else None."""
    top = [intent for intent, _ in intent_ranking(tracker.latest_message or {})[:COURTESY_RANKS]]
    words = normalize_words(latest_text(tracker)).split()
    if not any(intent in COURTESY_INTENTS for intent in top) or not words or \
            any(word not in COURTESY_WORDS for word in words):
        return None
    return COURTESY_INTENTS["goodbye" if "goodbye" in top else "thank"]


def answer_the_message(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any],
                       understood: bool) -> List[Dict]:
    """Whatever its intent: the computation its values ask for, the previous answer replayed for a new value, the
    asker's situation noted, or the knowledge base's answer. `understood`: a message the NLU did not understand and
    the knowledge base does not answer is asked to be rephrased; an understood one gets « pas dans mes documents »."""
    computed = computation_asked(tracker) or answer_replayed(tracker)
    if computed is not None:
        return answered_by(computed, computed.run(dispatcher, tracker, domain))
    kept = situation_kept(*situation_said(tracker))
    if kept and not asks_something(latest_text(tracker)) and not corrects_the_asker(tracker):
        return answered_by(None, ActionProfession().run(dispatcher, tracker, domain))  # « je suis MG au Lamentin »
    if has_words(latest_text(tracker)):  # who asks and where said with it: the question is no misunderstanding
        answered = answer_question(dispatcher, tracker, domain, understood=understood or bool(kept))
        if answered is not None:
            return kept + answered_by(None, answered)
    return answered_by(None, ask_to_rephrase(dispatcher, tracker, domain))


def corrects_the_asker(tracker: Tracker) -> bool:
    """Whether a message corrects who asked the previous question (« ah non pardon, je suis infirmière, pas kiné »
    after a kiné's question on the lot): that question is answered again for them, not their profession noted."""
    return corrects_previous(latest_text(tracker)) and previous_question(tracker) is not None


def situation_said(tracker: Tracker) -> Tuple[Optional[Text], Optional[CommuneInfo]]:
    """The profession and the commune the latest message names (« pharmacien à Rivière-Pilote »)."""
    named = entity_values(tracker, "profession")
    return (short(" ".join(dict.fromkeys(named)), 40) if named else None), CommuneLookup(tracker).commune()


class ActionYesNo(Action):
    """« oui » or « non » alone: carry on (« quelle est votre question ? », « autre chose ? »). With more in it
    (« ah non pardon il a 4 ans », « oui en maison de santé »): a correction or a question, answered as such."""

    def name(self) -> Text:
        return "action_yes_no"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        if says_more_than_yes_or_no(tracker):
            return ActionFallback().run(dispatcher, tracker, domain)
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        Reply(domain, tracker).add("part_go_on" if intent == "affirm" else "part_anything_else_no").send(dispatcher)
        return []


YES_NO_WORDS = frozenset("""oui non si ok okay ah oh bon bien tres merci beaucoup pardon parfait super d accord
daccord exactement tout a fait pas du c est ca ira cela suffit rien autre chose voila""".split())
COURTESY_WORDS = YES_NO_WORDS | frozenset("""au revoir bonne journee soiree fin enfin a bientot salut cordialement
merci remercie remercions pour votre vos reponse reponses aide""".split())


def says_more_than(tracker: Tracker, words: frozenset) -> bool:
    """Whether a message also gives a value (an entity, a figure) or words the knowledge base knows, beyond these."""
    text = latest_text(tracker)
    rest = " ".join(w for w in normalize_words(text).split() if w not in words)
    return bool((tracker.latest_message or {}).get("entities")) or any(ch.isdigit() for ch in text) or \
        bool(kb().informative_units(rest))


def says_more_than_yes_or_no(tracker: Tracker) -> bool:
    """Whether a « oui »/« non » message also gives a value or words the knowledge base knows."""
    return says_more_than(tracker, YES_NO_WORDS)


STOP_WORDS = YES_NO_WORDS | frozenset("""stop stoppe stoppez arrete arretez arreter j on la le tout annule annuler
annulez laisse laissez tomber oublie oubliez abandonne abandon renonce cette question finalement tant pis plus peine
en fait""".split())


def corrects_rather_than_stops(tracker: Tracker) -> bool:
    """Whether a message read as « stop » corrects the previous question instead (« ah non pardon, finalement il
    s'arrête pas, il continue à travailler »: the patient stops not working): a correction with more in it than the
    words of a stop."""
    return corrects_previous(latest_text(tracker)) and says_more_than(tracker, STOP_WORDS)


class ActionStop(Action):
    """Stops the current question: what the form had gathered is forgotten. A correction read as « stop » is
    answered as the corrected question."""

    def name(self) -> Text:
        return "action_stop"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        if corrects_rather_than_stops(tracker):
            return ActionFallback().run(dispatcher, tracker, domain)
        Reply(domain, tracker).add("part_stopped").send(dispatcher)
        return [SlotSet(slot, None) for slot in FORM_SLOTS] + [SlotSet("requested_slot", None)]


class ActionGoodbye(Action):
    """« au revoir » — unless the message also asks something (« Enfin, est-il possible de revoir ce que j'avais
    déclaré l'an dernier ? »): then it is a question, answered as such."""

    UTTERANCE = "part_goodbye"

    def name(self) -> Text:
        return "action_goodbye"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        if asks_something(latest_text(tracker)) and says_more_than(tracker, COURTESY_WORDS):
            return ActionFallback().run(dispatcher, tracker, domain)
        Reply(domain, tracker).add(self.UTTERANCE).send(dispatcher)
        return []


class ActionThank(ActionGoodbye):
    """« merci » — unless the message also asks something (« merci, et pour un enfant ? »)."""

    UTTERANCE = "part_thank"

    def name(self) -> Text:
        return "action_thank"


class ActionGreet(Action):
    """The greeting; on the phone, the platform's voice menu when the caller's profession is not known yet."""

    def name(self) -> Text:
        return "action_greet"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        reply = Reply(domain, tracker).add("part_greet")
        sources = add_call_menu(reply) if reply.spoken and not tracker.get_slot(PROFESSION_SLOT) else []
        reply.source(sources).send(dispatcher)
        return []


class ActionProfession(Action):
    """The asker says their profession, or picks it in the phone's voice menu (by key or by voice): remembered for
    the answers that depend on it, with the commune said with it (« médecin généraliste au Lamentin »): its zone is
    said back. Not understood twice in a row: a person takes over."""

    def name(self) -> Text:
        return "action_profession"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        if asks_something(latest_text(tracker)):  # « pharmacien à Rivière-Pilote, l'honoraire de dispensation ? »
            return answer_the_message(dispatcher, tracker, domain, understood=True)
        profession, commune = situation_said(tracker)
        chosen = None if profession else menu_choice_said(tracker)
        profession = profession or (chosen.label if chosen else None)
        if commune is not None:
            return self._situation(dispatcher, tracker, domain, profession, commune)
        if profession is None:
            if misunderstandings_in_a_row(tracker) >= MAX_MISUNDERSTANDINGS:
                hand_off(dispatcher, tracker, domain, "misunderstood_twice", "part_handoff_misunderstood")
                return []
            reply = Reply(domain, tracker).add("part_profession_unknown").mark(MISUNDERSTOOD, True)
            reply.source(add_call_menu(reply)).send(dispatcher)
            return []
        Reply(domain, tracker).add("part_profession_noted", profession=profession).send(dispatcher)
        return [SlotSet(PROFESSION_SLOT, profession)]

    @staticmethod
    def _situation(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any],
                   profession: Optional[Text], commune: CommuneInfo) -> List[Dict]:
        reply = Reply(domain, tracker)
        reply.add("part_situation_noted", who=f"{profession}, " if profession else "",
                  place=french.at_place(commune.name), zone=commune.zone.label)
        if not profession or is_doctor(profession) is not False:
            reply.button(f"Quelles aides pour moi {french.at_place(commune.name)} ?", aid_payload(commune))
        reply.add("part_situation_question")
        reply.source([commune.source]).send(dispatcher)
        return situation_kept(profession, commune)


def situation_kept(profession: Optional[Text], commune: Optional[CommuneInfo]) -> List[Dict]:
    """The asker's profession and commune, remembered for the answers that depend on them."""
    events: List[Dict] = [SlotSet(COMMUNE_SLOT, commune.insee)] if commune is not None else []
    return events + ([SlotSet(PROFESSION_SLOT, profession)] if profession else [])


class ActionSessionStart(Action):
    """A new conversation; the profession a channel gives with its first message (amelipro messaging knows who
    writes) is remembered from the start."""

    def name(self) -> Text:
        return "action_session_start"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        events: List[Dict] = [SessionStarted()]
        metadata = tracker.get_slot("session_started_metadata")
        profession = metadata.get("profession") if isinstance(metadata, dict) else None
        if isinstance(profession, str) and has_words(profession):
            events.append(SlotSet(PROFESSION_SLOT, short(profession, 40)))
        return events + [ActionExecuted("action_listen")]


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
    # Read as a medical decision, a message the documents answer confidently is an administrative question (« les
    # examens de biologie sont-ils pris en charge pour elle ? », « sur quel formulaire la rechute ? »): answered.
    # A question about one patient's own file is screened before (answer_question).
    ANSWERABLE = ("out_of_scope_medical",)

    def name(self) -> Text:
        return "action_out_of_scope"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        decision = decision_for(tracker) if intent in self.ANSWERABLE else None
        if decision is not None and decision.verdict == ANSWER:  # the intent is a prior, not a gate
            return answer_question(dispatcher, tracker, domain, decision=decision) or []
        reply = Reply(domain, tracker).add(self.PARTS.get(intent, "part_oos_chitchat"))
        medical = kb().contact("ersm") if intent == "out_of_scope_medical" else None
        if medical:
            reply.contact(medical).source([medical.source])
        else:
            reply.add("part_what_i_do")
        reply.send(dispatcher)
        return []


# These answers read the details of the latest message (a profession, a day, a service, a commune, days of
# activity): a follow-up after one of them that gives such a detail ("et pour un kiné ?", "et jeudi ?", "et avec
# 4 jours ?") is that same question with the new detail.
REPLAYED_AFTER_FOLLOW_UP = {
    action().name(): (action, details) for action, details in (
        (ActionContact, {"service", "profession"}), (ActionOpeningHours, {"service", "weekday", "time"}),
        (ActionBestTime, {"weekday", "time"}), (ActionPhoneMenu, {"profession"}),
        (ActionAidResult, {"commune", "days"}), (ActionZoning, {"commune"}), (ActionFami, {"profession"}))}


CONTRACT_ANSWERS = ("action_aid_result", "action_contract")  # after them, « pour quelle durée ? »: that contract's


def answer_replayed(tracker: Tracker) -> Optional[Action]:
    """The previous answer's action, when the message only gives it a new value (« et pour un enfant de 2 ans ? »
    or « dsl il a 5 ans pas 8 » after a code, « pardon c 3 jours pas 4 » or « non c'est au Gros-Morne » after an
    aid, « et jeudi ? » after the hours): that answer again for the new value, whatever intent the NLU gave."""
    previous = previous_answer_action(tracker) or ""
    if previous == ActionCotation().name() and (codes_said_before(tracker, messages=1) or codes_said_before(tracker)
                                                 and context_given(parse_visit(latest_text(tracker), ()))):
        return ActionCotation()  # « et si je le vois comme correspondant ? » two messages after the code
    given = {e.get("entity") for e in (tracker.latest_message or {}).get("entities") or []}
    if profession_said(latest_text(tracker)):
        given.add("profession")  # « et ma collègue qui est kiné ? » whether the NLU tagged it or not
    if not days_given(tracker):
        given.discard("days")  # « trois semaines » is no number of days of activity
    text = latest_text(tracker)
    if previous == ActionZoning().name() and "days" not in given and not aids_asked(text) \
            and ("commune" in given or CommuneLookup(tracker).commune()):
        return ActionZoning()  # « et Ducos ? » after a commune's zone: that commune's zone
    if previous in AIDS_ANSWERS and (given & {"commune", "days"} or CommuneLookup(tracker).commune()):
        return ActionAidResult()
    # « et comme aide, je peux signer quoi là-bas ? » after the commune's zone; « et avec l'option hôpital de
    # proximité ? » after an aid; « et alors qu'est-ce qu'il y a pour moi ? » after an aid: the aid computed for the
    # commune the conversation knows
    if (aids_asked(text) or previous in CONTRACT_ANSWERS and hospital_option_asked(text) or
            previous in AIDS_ANSWERS and asks_what_for_me(text)) and commune_known(tracker) is not None:
        return ActionAidResult()
    if previous in CONTRACT_ANSWERS and continues_previous(text) and \
            (aspect_asked(text) or fees_in(text) or parse_trainee_months(text)) and not answered_elsewhere(tracker):
        return ActionContract()  # « Combien rapporte-t-il ? », « Pour quelle durée ? » after the COSCOM
    if previous == ActionFami().name() and indicators_asked_again(tracker):
        return ActionFami()  # « et moi j'ai quoi comme indicateurs à remplir ? » after the campaign's dates
    action, details = REPLAYED_AFTER_FOLLOW_UP.get(previous, (None, set()))
    return action() if action is not None and details & given else None


AID_TOPICS = ("aids", "zoning")


def answered_elsewhere(tracker: Tracker) -> bool:
    """Whether the documents confidently answer the message, or the message names by one of its names, a fact of
    another topic than the aids (« combien de temps pour recevoir ma carte CPS ? » right after a contract is about
    the card, not the contract)."""
    decision = decision_for(tracker)
    return decision.best is not None and decision.best.topic not in AID_TOPICS and \
        (decision.verdict == ANSWER or names_a_fact(decision.best))


class ActionFollowUp(Action):
    """A short question that continues the previous answer ("et pour la prolongation ?", "et le S3116 ?"): answered
    in the topic of that answer; when its words mean nothing there, treated as a misunderstanding."""

    def name(self) -> Text:
        return "action_follow_up"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        events = answer_forms(dispatcher, tracker, domain, named_forms(tracker))
        if events is not None:
            return answered_by(None, events)
        replayed = answer_replayed(tracker)
        if replayed is not None:
            return answered_by(replayed, replayed.run(dispatcher, tracker, domain))
        answered = answer_question(dispatcher, tracker, domain, understood=False)
        if answered is not None:
            return answered_by(None, answered)
        return answered_by(None, ask_to_rephrase(dispatcher, tracker, domain))  # its words mean nothing here
