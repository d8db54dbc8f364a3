"""What every action shares: the knowledge base handle, the clock, and the composer of French answers.

Answers are composed of named parts whose wording lives in domain.yml (`responses`, keys `part_*` and
`utter_*`). A part may have a variation per channel (`channel: ivr`), chosen like Rasa chooses response
variations: the one for the current channel, else the one without a channel.
"""
from __future__ import annotations

import os
import re
import string
from datetime import datetime
from typing import Any, Dict, Iterable, List, Optional, Sequence, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.language import looks_foreign
from bot.nlu_keys import TRIMMED_FROM
from bot.privacy import has_marks
from knowledge.hours import MARTINIQUE
from knowledge.text import normalize_words
from knowledge.queries import (AnswerInfo, ContactInfo, FormInfo, Hit, KnowledgeBase, ScoredAnswer, Source,
                               TeleserviceInfo)

_kb: Optional[KnowledgeBase] = None

HANDOFF = "handoff"
TELESERVICES = "teleservices"  # the topic of the téléservice table, which any topic may answer from
# The topic of the last answer given: what a short follow-up ("et pour la prolongation ?") is about.
TOPIC_SLOT = "topic"
# The asker's profession, when the conversation knows it: said ("je suis infirmière"), chosen in the phone's voice
# menu, or given by the channel (amelipro messaging knows who writes). It tailors what depends on the profession.
PROFESSION_SLOT = "profession"
MIN_CROSS_TOPIC_ALIAS = 8  # letters of an alias precise enough to answer from another topic ("secteur 2")
IVR = "ivr"
# Words of a question asking for a figure or a date: an overview answer does not give it.
FIGURE_ASKED = frozenset({"combien", "delai", "delais", "duree", "montant", "tarif", "prix", "jusqu", "quand"})
# The search answers only when its best fact is clearly the one asked for: a score high enough, enough of the
# question's informative words found in it, and ahead of the next fact. Calibrated on tests/eval/questions.yml with
# `make calibrate` so that wrong answers stay rare (a wrong answer is worse than "I don't know").
SEARCH_MIN_SCORE = 20.0
SEARCH_MIN_COVERAGE = 0.25
SEARCH_MIN_MARGIN = 0.1  # the best fact's lead over the second, as a share of its score
# A short question all of whose words the fact holds is clear with a lower score ("délai carte cps").
SEARCH_FULL_COVERAGE = 0.8
SEARCH_MIN_SCORE_FULL = 14.0
SEARCH_CLOSE = 0.75  # a second fact scoring at least this share of the best is offered as "Vous cherchiez peut-être"
FACTS = "facts"  # the mark listing the facts a reply cites, in order
# Parts that say the assistant does not have what was asked (or will not give it): a reply holding one is marked
# `declined` with the part's name, so that a channel or the evaluation tells an honest "I don't know" from an answer.
DECLINED = "declined"
DECLINING_PARTS = frozenset({
    "part_no_answer", "part_closest_answer", "part_no_schedule", "part_rephrase", "part_empty_message",
    "part_unknown_service", "part_status_holiday", "part_form_unknown", "part_acronym_unknown", "part_commune_unknown",
    "part_bill_unknown", "part_profession_unknown", "part_oos_medical", "part_oos_personal", "part_oos_region",
    "part_oos_chitchat"})
SEARCHED = "searched"  # the mark on a reply the search found: the message was understood


def kb() -> KnowledgeBase:
    """The process-wide knowledge base, opened on first use (never at import time)."""
    global _kb
    if _kb is None:
        _kb = KnowledgeBase()
    return _kb


def set_kb(instance: Optional[KnowledgeBase]) -> None:
    """Lets tests point the actions at another database."""
    global _kb
    _kb = instance


def now() -> datetime:
    """The current moment in Martinique. ASSISTANT_NOW (ISO 8601) fixes it, for demos and conversation tests."""
    fixed = os.environ.get("ASSISTANT_NOW")
    if fixed:
        moment = datetime.fromisoformat(fixed)
        return moment.replace(tzinfo=MARTINIQUE) if moment.tzinfo is None else moment.astimezone(MARTINIQUE)
    return datetime.now(MARTINIQUE)


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def latest_text(tracker: Tracker) -> Text:
    return (tracker.latest_message or {}).get("text") or ""


def entity_values(tracker: Tracker, name: Text) -> List[Text]:
    return [str(e.get("value")) for e in (tracker.latest_message or {}).get("entities") or []
            if e.get("entity") == name and e.get("value")]


def professions_named(tracker: Tracker) -> List[Text]:
    """Where to look for the asker's profession, in order: the professions the message names, its words, then the
    profession the conversation already knows."""
    known = tracker.get_slot(PROFESSION_SLOT)
    return entity_values(tracker, "profession") + [latest_text(tracker)] + ([str(known)] if known else [])


def has_words(text: Text) -> bool:
    """False for an empty message or one made only of punctuation, spaces and symbols."""
    return any(ch.isalnum() for ch in text or "")


class Reply:
    """Builds one answer from domain parts, then sends it as a single message (with buttons on the web)."""

    def __init__(self, domain: Dict[Text, Any], tracker: Tracker):
        self._responses: Dict[Text, List[Dict[Text, Any]]] = domain.get("responses") or {}
        self.channel = tracker.get_latest_input_channel()
        self._lines: List[Text] = []
        self._buttons: List[Dict[Text, Text]] = []
        self._custom: Dict[Text, Any] = {}
        if has_marks(latest_text(tracker)):  # the channel masked patient data in the message
            self.add("part_patient_data_masked")
        if looks_foreign(latest_text(tracker)):
            self.add("part_french_only")
        trimmed_from = (tracker.latest_message or {}).get(TRIMMED_FROM)
        if trimmed_from:
            self.add("part_trimmed", kept=len(latest_text(tracker)), length=trimmed_from)

    def _variation(self, part: Text) -> Dict[Text, Any]:
        variations = self._responses.get(part)
        if not variations:
            raise KeyError(f"response '{part}' is missing from domain.yml")
        for wanted in (self.channel, None):
            for variation in variations:
                if variation.get("channel") == wanted:
                    return variation
        return variations[0]

    @property
    def spoken(self) -> bool:
        """On the phone an answer is one or two sentences: the caller cannot read a list of contacts."""
        return self.channel == IVR

    def text(self, part: Text, **values: Any) -> Text:
        template = self._variation(part).get("text") or ""
        return string.Formatter().vformat(template, (), _Blank(values)).strip()

    def add(self, part: Text, **values: Any) -> "Reply":
        rendered = self.text(part, **values)
        if rendered:
            self._lines.append(rendered[0].upper() + rendered[1:])
        for button in self._variation(part).get("buttons") or []:
            self.button(button["title"], button["payload"])
        if part in DECLINING_PARTS:
            self._custom.setdefault(DECLINED, part)
        return self

    def button(self, title: Text, payload: Text) -> "Reply":
        if all(b["payload"] != payload for b in self._buttons):
            self._buttons.append({"title": title, "payload": payload})
        return self

    def mark(self, key: Text, value: Any) -> "Reply":
        self._custom[key] = value
        return self

    def source(self, sources: Iterable[Source]) -> "Reply":
        """The closing source line: each distinct document once, in the order met; the facts cited are marked."""
        seen = {}
        sources = list(sources)
        for src in sources:
            seen.setdefault(src.document_id, src)
        facts = [src.fact_id for src in sources if src.fact_id]
        if facts:
            self.mark(FACTS, list(dict.fromkeys(self._custom.get(FACTS, []) + facts)))
        for src in seen.values():
            self.add("part_source", title=src.title, issuer=src.issuer, date=src.date_label)
        return self

    def contact(self, contact: ContactInfo, with_role: bool = True) -> "Reply":
        """The contact's name and each way to reach it that the knowledge base gives."""
        self.add("part_contact_name_role" if with_role else "part_contact_name", name=contact.name,
                 role=contact.role)
        if contact.phone:
            self.add("part_contact_phone_note" if contact.phone_note else "part_contact_phone",
                     phone=contact.phone, note=contact.phone_note)
        if contact.email:
            self.add("part_contact_email", email=contact.email)
        if contact.address:
            self.add("part_contact_address", address=contact.address)
        if contact.url:
            self.add("part_contact_url", url=contact.url)
        if contact.response_delay:
            self.add("part_contact_delay", delay=contact.response_delay)
        if contact.appointment_only:
            self.add("part_contact_appointment")
        return self

    def send(self, dispatcher: CollectingDispatcher) -> None:
        text = "\n".join(self._lines)
        kwargs: Dict[Text, Any] = {"text": text}
        if self._buttons:
            kwargs["buttons"] = self._buttons
        if self._custom:
            kwargs["json_message"] = dict(self._custom)
        dispatcher.utter_message(**kwargs)


_SPACES = re.compile(r"\s+")


def short(text: Text, limit: int = 60) -> Text:
    """A user's words, shortened for quoting back in an answer."""
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _newer(first: Source, second: Source) -> bool:
    """True when the first source is dated after the second (an undated document is the oldest)."""
    return (first.date or "") > (second.date or "")


def add_answer(reply: Reply, answer: AnswerInfo, with_title: bool = True) -> List[Source]:
    """A sourced answer: its text (spoken form on the phone), its points, next step and contacts.

    When another document states the same rule differently (`conflicts_with`), the most recent one is given, with
    its date, and the older one is summed up as what that document said. Returns the sources to cite.
    """
    other = kb().answer(answer.conflicts_with) if answer.conflicts_with else None
    if other is not None and _newer(other.source, answer.source):
        answer, other = other, answer
    if with_title:
        reply.add("part_answer_title", title=answer.title)
    reply.add("part_answer_text", text=answer.text, spoken=answer.spoken)
    for point in answer.points:
        reply.add("part_answer_point", point=point)
    sources = [answer.source]
    if answer.described_for:  # another caisse's own scheme: never presented as available in Martinique
        reply.add("part_described_for", issuer=answer.source.issuer, place=answer.described_for)
        if not answer.contacts and not reply.spoken:
            sources.extend(add_general_contact_lines(reply))
    if other is not None:
        reply.add("part_answer_conflict", date=answer.source.date_label, other_title=other.source.title,
                  other_issuer=other.source.issuer, other_date=other.source.date_label, other_text=other.text,
                  other_spoken=other.spoken)
        sources.append(other.source)
    if answer.next_step:
        reply.add("part_answer_next_step", next_step=answer.next_step)
    for contact in answer.contacts if not reply.spoken else ():
        reply.contact(contact)
        sources.append(contact.source)
    return sources


def find_in_context(tracker: Tracker, topics: Sequence[Text], default_id: Optional[Text] = None) -> List[AnswerInfo]:
    """The answers a question asks for, best first: by the aliases of the topics, or, when it is a short follow-up
    of the previous answer ("et pour la prolongation ?"), by what its words mean after that answer's topic."""
    text = latest_text(tracker)
    found: List[ScoredAnswer] = kb().scored_answers(text, topics=topics, limit=3)
    context = tracker.get_slot(TOPIC_SLOT)
    follow = kb().follow_ups(text, context) if context else []
    if follow and (not found or follow[0].score >= found[0].score):  # as precise: the conversation's topic wins
        found = follow + [f for f in found if f.answer.id not in {g.answer.id for g in follow}]
    if not found and not default_id:
        # The question was classified under this topic but its words name another topic's answer precisely.
        found = kb().scored_answers(text, limit=3, min_alias_length=MIN_CROSS_TOPIC_ALIAS)
    answers = [f.answer for f in found[:3]]
    if len(answers) > 1 and answers[0].id == default_id:  # a generic word is in many questions: prefer the precise one
        answers = answers[1:] + answers[:1]
    return answers


def topic_events(answer: Optional[AnswerInfo]) -> List[Dict[Text, Any]]:
    """Remembers the topic of the answer given, so that a follow-up is understood in its context."""
    return [SlotSet(TOPIC_SLOT, answer.topic)] if answer is not None else []


def answer_from_topic(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any],
                      topics: Sequence[Text], default_id: Optional[Text] = None,
                      found: Optional[List[AnswerInfo]] = None) -> List[Dict[Text, Any]]:
    """The answer of the topics whose aliases best match the question (or that a follow-up asks for), the others as
    buttons; when none matches, the default answer, or "not in my documents" with the general contacts.
    `found` is what `find_in_context` already returned, when the caller needed it first.
    Returns the events that remember the answer's topic."""
    found = find_in_context(tracker, topics, default_id) if found is None else found
    reply = Reply(domain, tracker)
    services = [] if found else kb().find_teleservices(latest_text(tracker), limit=1)
    if services:  # a téléservice named by its need, in a question classified under the topic it serves
        reply.source(describe_teleservice(reply, services[0])).send(dispatcher)
        return [SlotSet(TOPIC_SLOT, TELESERVICES)]
    # The fact asked for may have no alias here, or only a generic one ("ins" in every INS question): the search of
    # the whole knowledge base (this topic first) wins when it is confident, about any fact if no alias matched,
    # else about another fact of these topics.
    hits = kb().search(latest_text(tracker), topics=topics, limit=2)
    if not found or hits and hits[0].topic in topics and hits[0].key != found[0].id:
        searched = answer_by_search(dispatcher, tracker, domain, hits=hits)  # sends only when confident
        if searched is not None:
            return searched
    answer = found[0] if found else kb().answer(default_id) if default_id else None
    if not found and answer is not None and FIGURE_ASKED & set(normalize_words(latest_text(tracker)).split()):
        reply.add("part_closest_answer")  # a figure the documents do not give: say so before the overview
    if answer is None:
        reply.add("part_no_answer")
        sources = list(add_general_contact_lines(reply))
        reply.source(sources).send(dispatcher)
        return []
    sources = add_answer(reply, answer)
    for other in found[1:]:
        reply.button(other.title, other.title)
    reply.source(sources).send(dispatcher)
    return topic_events(answer)


def search_confident(hits: Sequence[Hit], min_score: float = SEARCH_MIN_SCORE,
                     min_coverage: float = SEARCH_MIN_COVERAGE, min_margin: float = SEARCH_MIN_MARGIN,
                     min_score_full: float = SEARCH_MIN_SCORE_FULL) -> bool:
    """Whether the best of the hits (best first, at least the first two asked for) may be given as the answer."""
    if not hits:
        return False
    best = hits[0]
    lead = (best.score - hits[1].score) / best.score if len(hits) > 1 else 1.0
    enough = best.score >= min_score and best.coverage >= min_coverage or \
        best.score >= min_score_full and best.coverage >= SEARCH_FULL_COVERAGE
    return enough and lead >= min_margin


def answer_by_search(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any],
                     hits: Optional[Sequence[Hit]] = None) -> Optional[List[Dict[Text, Any]]]:
    """The fact of the whole knowledge base that best matches the question, when the search is confident, with a
    close second one offered as a button. None (nothing sent) when no fact is clearly the one asked for.
    `hits` is the search's result when the caller already has it."""
    hits = kb().search(latest_text(tracker), limit=2) if hits is None else hits
    if not search_confident(hits):
        return None
    best = hits[0]
    reply = Reply(domain, tracker).mark(SEARCHED, True)
    if best.kind == "teleservice":
        service = next(s for s in kb().teleservices() if s.id == best.key)
        sources, events = describe_teleservice(reply, service), [SlotSet(TOPIC_SLOT, TELESERVICES)]
    elif best.kind == "contact":
        contact = kb().contact(best.key)
        reply.contact(contact)
        sources, events = [contact.source], [SlotSet(TOPIC_SLOT, best.topic)]
    else:
        answer = kb().answer(best.key)
        sources, events = add_answer(reply, answer), topic_events(answer)
    close = [h for h in hits[1:] if h.score >= SEARCH_CLOSE * best.score and h.title != best.title]
    if close and not reply.spoken:
        reply.add("part_search_other")
        for other in close:
            reply.button(other.title, other.title)
    reply.source(sources).send(dispatcher)
    return events


def describe_teleservice(reply: Reply, service: TeleserviceInfo) -> List[Source]:
    """The service's name, purpose, users and access as the documents give them; then its contacts (not on the
    phone). Returns the sources to cite."""
    named = f"{service.name} ({service.acronym})" if service.acronym else service.name
    reply.add("part_teleservice", name=named, purpose=service.purpose, spoken=service.spoken)
    if service.users:
        reply.add("part_teleservice_users", users=service.users)
    if service.access:
        reply.add("part_teleservice_access", access=service.access)
    contacts = service.contacts if not reply.spoken else ()
    for contact in contacts:
        reply.contact(contact)
    return [service.source] + [c.source for c in contacts]


def send_answer(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any], answer_id: Text,
                reply: Optional[Reply] = None, sources: Sequence[Source] = ()) -> List[Dict[Text, Any]]:
    """One answer of the knowledge base, after what `reply` already holds (a computed verdict, say; on the phone the
    verdict alone is said: the caller cannot take in a verdict and its whole explanation)."""
    reply = reply or Reply(domain, tracker)
    answer = kb().answer(answer_id)
    explain = answer is not None and not (sources and reply.spoken)
    all_sources = list(sources) + (add_answer(reply, answer, with_title=not sources) if explain else [])
    reply.source(all_sources).send(dispatcher)
    return topic_events(answer)


def answer_forms(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any],
                 named: Sequence[Text]) -> Optional[List[Dict[Text, Any]]]:
    """A question naming cerfa forms: one known form → its answer; several → each with its use; a number no document
    gives → said so, with the forms known. None when the question names no form."""
    if not named:
        return None
    known = kb().forms()
    by_number = {written: kb().form(written) for written in named}
    forms: List[FormInfo] = list(dict.fromkeys(f for f in by_number.values() if f is not None))
    if len(forms) == 1 and len(named) == 1:
        return send_answer(dispatcher, tracker, domain, forms[0].answer_id)
    reply = Reply(domain, tracker)
    unknown = [written for written, form in by_number.items() if form is None]
    if unknown:
        reply.add("part_form_unknown", number=", ".join(unknown))
    for form in forms or known:
        reply.add("part_form_line", number=form.number, name=form.name, purpose=form.purpose, spoken=form.spoken)
    reply.source([f.source for f in forms or known]).send(dispatcher)
    return topic_events(kb().answer(forms[0].answer_id)) if forms else []


def add_general_contact_lines(reply: Reply) -> List[Source]:
    """The platform and amelipro messaging, without hours: where to ask what the documents do not say."""
    sources = []
    for contact in kb().general_contacts():
        reply.contact(contact)
        sources.append(contact.source)
    return sources
