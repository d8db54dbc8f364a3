"""What every action shares: the knowledge base handle, the clock, and the composer of French answers.

Answers are composed of named parts whose wording lives in domain.yml (`responses`, keys `part_*` and
`utter_*`). A part may have a variation per channel (`channel: ivr`), chosen like Rasa chooses response
variations: the one for the current channel, else the one without a channel.
"""
from __future__ import annotations

import os
import re
import string
from functools import wraps
from datetime import date, datetime
from dataclasses import replace
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.language import looks_foreign
from bot.nlu_keys import TRIMMED_FROM
from bot.privacy import has_marks
from knowledge import french
from knowledge.asking import (about_one_patient, asks_for_another_case, continues_previous, corrects_previous,
                              deadline_asked, figure_asked, figures_held, negated_at, opens_like_a_follow_up,
                              patient_age_said, profession_said, returns_to_earlier)
from knowledge.english import in_french, outside_the_domain
from knowledge.hours import MARTINIQUE
from knowledge.text import as_written, normalize_words
from knowledge.when import date_plus_days, delay_in_days, parse_date_said
from knowledge.queries import AnswerInfo, ContactInfo, FormInfo, KnowledgeBase, Source, TeleserviceInfo
from knowledge.ranker import (ANSWER, PROBABLE, REPHRASE, Asked, Candidate, Decision, entities_of,
                              intent_ranking)

_kb: Optional[KnowledgeBase] = None

HANDOFF = "handoff"
TELESERVICES = "teleservices"  # the topic of the téléservice table, which any topic may answer from
# The topic of the last answer given: what a short follow-up ("et pour la prolongation ?") is about.
TOPIC_SLOT = "topic"
LAST_CONTACT_SLOT = "contact_id"  # the service the last answer gave: what a question on hours asks about next
# The asker's profession, when the conversation knows it: said ("je suis infirmière"), chosen in the phone's voice
# menu, or given by the channel (amelipro messaging knows who writes). It tailors what depends on the profession.
PROFESSION_SLOT = "profession"
IVR = "ivr"
OVERVIEW_UNITS = 3  # a question of so few informative words asks for a topic's overview, not a detail
CLOSEST_AT = 0.1  # a fact the ranker gives at least this probability is offered when it does not answer
# A sentence of an answer leads the reply when it holds this share of the question, and this much more than the
# answer's opening sentence.
LEAD_MIN_OVERLAP = 0.3
LEAD_MIN_GAIN = 0.15
RIGHTS_SERVICE = "adri"  # the téléservice where a professional reads a patient's rights
INSTALLATION_CONTACT = "rps"  # the CGSS Martinique's service for installation questions
FACTS = "facts"  # the mark listing the facts a reply cites, in order
# Parts that say the assistant does not have what was asked (or will not give it): a reply holding one is marked
# `declined` with the part's name, so that a channel or the evaluation tells an honest "I don't know" from an answer.
DECLINED = "declined"
DECLINING_PARTS = frozenset({
    "part_no_answer", "part_closest_answer", "part_no_schedule", "part_rephrase", "part_empty_message",
    "part_unknown_service", "part_status_holiday", "part_form_unknown", "part_acronym_unknown", "part_commune_unknown",
    "part_bill_unknown", "part_bill_no_amount", "part_code_no_value", "part_profession_unknown", "part_oos_medical",
    "part_oos_personal", "part_oos_region", "part_oos_chitchat", "part_patient_file", "part_no_answer_closest",
    "part_aid_other_profession", "part_bill_partial", "part_night_applies", "part_night_if_called",
    "part_night_sunday", "part_figure_missing_amount", "part_figure_missing_percent",
    "part_figure_missing_duration", "part_figure_missing_age", "part_figure_missing_hour", "part_probable_answer",
    "part_concerns_others"})
# The kinds of figure whose absence from a reply's facts is said first (« la majoration de nuit, combien ? » answered
# by its hours; « le taux de dépassement de l'OPTAM ? » by what the option is): a count or a date is too often
# written in words to tell.
FIGURES_SAID_MISSING = ("amount", "percent", "duration", "age", "hour")
# Lines that say something about the message itself before the reply: they stay first.
NOTICE_PARTS = frozenset({"part_patient_data_masked", "part_french_only", "part_trimmed", "part_value_replaced",
                          "part_probable_answer"})
# Lines that frame a reply rather than answer: never its lead.
FRAMING_PARTS = NOTICE_PARTS | {"part_source", "part_aid_heading"}
# The lines of a contact's card (`Reply.contact`): how to reach someone, not what the documents say on the question.
CONTACT_PARTS = frozenset({
    "part_contact_name_role", "part_contact_name", "part_contact_phone_note", "part_contact_phone",
    "part_contact_email", "part_contact_address", "part_contact_url", "part_contact_delay", "part_contact_appointment"})
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
    """The values of an entity in the latest message, but for one it says is not so (« c'est à Rivière-Pilote, pas
    Fort-de-France »: Rivière-Pilote only)."""
    text = latest_text(tracker)
    return [str(e.get("value")) for e in (tracker.latest_message or {}).get("entities") or []
            if e.get("entity") == name and e.get("value") and not negated_at(text, int(e.get("start") or 0))]


EARLIER_MESSAGES = 6  # how far back a profession said in passing (« je suis kiné, … ») is still the asker's


def user_texts(tracker: Tracker, messages: int = EARLIER_MESSAGES) -> List[Text]:
    """The asker's latest messages, newest first (the latest included)."""
    texts = [e.get("text") or "" for e in reversed(tracker.events) if e.get("event") == "user"]
    return texts[:messages]


def professions_named(tracker: Tracker) -> List[Text]:
    """Where to look for the asker's profession, in order: the professions the message names, its words, the
    profession the conversation already knows, then the asker's earlier messages, newest first (a profession said
    in passing in any turn stays known)."""
    known = tracker.get_slot(PROFESSION_SLOT)
    earlier = user_texts(tracker)[1:]
    return entity_values(tracker, "profession") + [latest_text(tracker)] + ([str(known)] if known else []) + earlier


def has_words(text: Text) -> bool:
    """False for an empty message or one made only of punctuation, spaces and symbols."""
    return any(ch.isalnum() for ch in text or "")


class Reply:
    """Builds one answer from domain parts, then sends it as a single message (with buttons on the web)."""

    def __init__(self, domain: Dict[Text, Any], tracker: Tracker):
        self._responses: Dict[Text, List[Dict[Text, Any]]] = domain.get("responses") or {}
        self.channel = tracker.get_latest_input_channel()
        self._lines: List[Text] = []
        self._parts: List[Text] = []  # the part each line was made from
        self._buttons: List[Dict[Text, Text]] = []
        self._custom: Dict[Text, Any] = {}
        self._question = latest_text(tracker)
        if has_marks(self._question):  # the channel masked patient data in the message
            self.add("part_patient_data_masked")
        if looks_foreign(self._question):
            self.add("part_french_only")
        trimmed_from = (tracker.latest_message or {}).get(TRIMMED_FROM)
        if trimmed_from:
            self.add("part_trimmed", kept=len(self._question), length=trimmed_from)

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
            self._parts.append(part)
        for button in self._variation(part).get("buttons") or []:
            self.button(button["title"], button["payload"])
        if part in DECLINING_PARTS:
            self._custom.setdefault(DECLINED, part)
        return self

    def lead_with_line_answering(self, question: Text) -> "Reply":
        """A computed reply whose answer to the question sits in a later line (« je touche combien au premier
        anniversaire ? » → the CAIM's two payments) says that line first: moved there, not repeated."""
        lines = [i for i, part in enumerate(self._parts) if part not in FRAMING_PARTS]
        answering = index_answering(question, [self._lines[i] for i in lines]) if len(lines) > 1 else None
        if answering is not None:
            best = lines[answering]
            top = next(i for i, part in enumerate(self._parts) if part not in NOTICE_PARTS)
            self._lines.insert(top, self._lines.pop(best))
            self._parts.insert(top, self._parts.pop(best))
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

    def figure_missing(self) -> Optional[Text]:
        """The kind of figure the question asks for (an amount, a duration…) that the facts given do not hold, when
        the reply gives facts and has not already said what it lacks."""
        kind = figure_asked(self._question)
        if kind not in FIGURES_SAID_MISSING or DECLINED in self._custom or not self._custom.get(FACTS):
            return None
        given = " ".join(line for line, part in zip(self._lines, self._parts)
                         if part not in FRAMING_PARTS and part not in CONTACT_PARTS)
        return None if kind in figures_held(given) else kind

    def say_first(self, part: Text, **values: Any) -> "Reply":
        """A line put before the reply's own lines (after the notices about the message itself)."""
        self.add(part, **values)
        if self._parts and self._parts[-1] == part:
            at = sum(1 for p in self._parts[:-1] if p in NOTICE_PARTS)
            self._lines.insert(at, self._lines.pop())
            self._parts.insert(at, self._parts.pop())
        return self

    def send(self, dispatcher: CollectingDispatcher) -> None:
        missing = self.figure_missing()
        if missing is not None:  # the facts given are the closest the documents say, not the figure asked
            self.say_first(f"part_figure_missing_{missing}")
        text = "\n".join(self._lines)
        kwargs: Dict[Text, Any] = {"text": text}
        if self._buttons:
            kwargs["buttons"] = self._buttons
        if self._custom:
            kwargs["json_message"] = dict(self._custom)
        dispatcher.utter_message(**kwargs)


_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý«])")


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


def asked_in(tracker: Tracker) -> Asked:
    """What the ranker reads of a turn: the message, its parse (intent ranking, entities), the previous topic and
    the asker's profession."""
    parse = tracker.latest_message or {}
    return Asked(latest_text(tracker), intent_ranking(parse), entities_of(parse), tracker.get_slot(TOPIC_SLOT),
                 asker_profession(tracker))


def first_profession(texts: Iterable[Text], read: Callable[[str], Optional[Tuple[str, bool]]] = profession_said
                     ) -> Optional[Tuple[Text, bool]]:
    """The first profession `read` finds in texts, as written there (« infirmière », not its form without accents),
    and whether it is a doctor's."""
    for written in texts:
        said = read(written)
        if said is not None:
            return as_written(written, said[0]) or said[0], said[1]
    return None


def asker_profession(tracker: Tracker) -> Optional[Text]:
    """The profession the conversation speaks for: named in the message (« et pour un médecin c'est pareil ? »),
    known to it, or said in an earlier message."""
    found = first_profession(professions_named(tracker))
    return found[0] if found else None


ANSWERED_BY_SLOT = "answered_by"  # the action the fallback or a follow-up handed the previous message to
DELEGATING = ("action_fallback", "action_follow_up")


def previous_answer_action(tracker: Tracker) -> Optional[Text]:
    """The action that answered the previous question: the last one run, or the one the fallback or a follow-up
    handed it to (a follow-up answered from the knowledge base: the action before it). The actions run for the
    latest message (an action that handed it over to another) are not the previous answer."""
    for event in reversed(events_before_latest_message(tracker)):
        name = event.get("name") if event.get("event") == "action" else None
        if name in DELEGATING and tracker.get_slot(ANSWERED_BY_SLOT):
            return tracker.get_slot(ANSWERED_BY_SLOT)
        if name and name not in ("action_listen", "action_session_start") + DELEGATING:
            return name
    return None


def events_before_latest_message(tracker: Tracker) -> List[Dict[Text, Any]]:
    """The conversation's events up to the asker's latest message (excluded)."""
    events = list(tracker.events)
    latest = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    return events[:latest]


def handed_over_this_turn(tracker: Tracker) -> bool:
    """Whether an action other than listening already ran for the latest message (a form, an action that handed it
    over to another)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") != "action_listen":
            return True
    return False


def previous_question(tracker: Tracker) -> Optional[Text]:
    """The asker's message before the latest one, when the latest reads as its continuation or corrects it (« ah non
    attendez, le site le plus proche pour moi c'est Acajou »); the one before that when the latest goes back to it
    after an interruption (« et pour revenir au FAMI, il faut faire quoi à la fin ? »)."""
    said = user_texts(tracker, CHAIN_READ + 1)
    text = latest_text(tracker)
    if len(said) >= 3 and returns_to_earlier(text):
        return said[2] or None
    if len(said) < 2 or not (continues_previous(text) or corrects_previous(text)):
        return None
    if asks_for_another_case(text):
        return question_continued(said[1:]) or None
    if len(said) >= 3 and leans_on_the_question_before(said[1]):  # « fami 2023 on saisit quand », « et ou ca »
        question = question_continued(said[1:])
        return f"{question} {said[1]}" if question != said[1] else said[1]
    return said[1] or None


LEANING_WORDS = 5  # a follow-up this short says nothing of its subject: the question it continued does


def leans_on_the_question_before(text: Text) -> bool:
    """Whether an earlier follow-up said so little of its subject (« et ou ca ? », « et pour un médecin généraliste
    c'est pareil ? ») that reading the next message with it needs the question it continued too; one that names its
    subject (« et le COSCOM ? ») stands for it."""
    says_little = len(text.split()) <= LEANING_WORDS or asks_for_another_case(text)
    return opens_like_a_follow_up(text) and says_little and not kb().ranker().names_a_fact(text)


CHAIN_READ = 4  # earlier messages read back to the question a chain of follow-ups continues


def question_continued(earlier: List[Text]) -> Text:
    """The question a chain of follow-ups continues (newest first: « et en feuille papier ? », « et si c'est en
    retard ? », « en FSE sécurisée vous me payez en combien de temps ? » → the last): what « et en dégradé ? » asks
    again for another case."""
    for text in earlier:
        if not opens_like_a_follow_up(text):
            return text
    return earlier[0]


def decision_for(tracker: Tracker) -> Decision:
    """The ranker's candidates for the latest message, read with the previous question when it continues it, and
    what to do with them. A message in English is read in the French its glossary gives, without the NLU's intents
    (trained on French, they say nothing of it)."""
    asked = asked_in(tracker)
    if looks_foreign(asked.text):
        asked = replace(asked, text=in_french(asked.text), intents=())
    previous = previous_question(tracker)
    answered = facts_given_since(tracker, previous)
    return kb().ranker().decide_in_conversation(asked, with_the_patients_age(tracker, asked.text, previous), answered,
                                                chain_read(tracker, previous))


def chain_read(tracker: Tracker, previous: Optional[Text]) -> Optional[Text]:
    """The messages that say what a follow-up is about: the previous one, and when that one is itself a follow-up
    (« et s'il est pas en état ? »), the question the chain continues (« la feuille de soins, qui la signe ? »)."""
    said = user_texts(tracker, CHAIN_READ + 1)
    if previous is None or len(said) < 3 or returns_to_earlier(said[0]) or not opens_like_a_follow_up(said[1]):
        return previous
    root = question_continued(said[1:])
    return previous if root in previous else f"{root} {previous}"


def with_the_patients_age(tracker: Tracker, text: Text, previous: Optional[Text]) -> Optional[Text]:
    """The question a follow-up continues, with the patient's age said earlier in the conversation when neither
    says it (« un patient de 85 ans en ALD… », « et je peux la faire tous les mois ? », « et son ALD, c'est moi qui
    devrai la renouveler ? »: the renewal at 80 and over): what was said stays known."""
    if previous is None or patient_age_said(text) or patient_age_said(previous):
        return previous
    age = next((found for found in map(patient_age_said, user_texts(tracker, CHAIN_READ + 1)[1:]) if found), None)
    return f"{previous} (patient de {age})" if age else previous


def facts_given_since(tracker: Tracker, question: Optional[Text]) -> Tuple[Text, ...]:
    """The facts the replies cited since an earlier question of the asker (the previous reply's when it is not one of
    the latest messages)."""
    said = user_texts(tracker, CHAIN_READ + 1)
    return facts_given_before(tracker, said.index(question, 1) if question in said[1:] else 1)


def facts_given_before(tracker: Tracker, replies: int = 1) -> Tuple[Text, ...]:
    """The facts the replies to the asker's previous messages cited (the latest reply's only by default), in
    order."""
    facts: List[Text] = []
    seen = 0
    for event in events_before_latest_message(tracker)[::-1]:
        if event.get("event") == "user":
            seen += 1
            if seen >= replies:
                break
        if event.get("event") == "bot":
            facts[:0] = ((event.get("data") or {}).get("custom") or {}).get(FACTS) or []
    return tuple(dict.fromkeys(facts))


_ARTICLE = re.compile(r"^(?:la|le|les|l) ")


def place_with_hours(candidate: Candidate, tracker: Tracker) -> Optional[Text]:
    """The contact with opening hours that an answer gives (the pick-up site of La Trinité after « je suis à la
    Trinité, où récupérer mes commandes ? »): what « le lundi c'est possible ? » asks about next. The one named in
    the asker's recent messages first; None when the answer gives no such contact."""
    answer = kb().answer(candidate.key) if candidate.kind == "answer" else None
    scheduled = [c.id for c in (answer.contacts if answer else ()) if kb().schedule(c.id)]
    if candidate.kind == "contact" and kb().schedule(candidate.key):
        scheduled = [candidate.key]
    if len(scheduled) < 2:  # nothing to choose between: no reading of the asker's messages
        return scheduled[0] if scheduled else None
    said = " ".join(user_texts(tracker, 3))
    named = {c.id for c in kb().find_contacts(said)}
    commune = kb().find_commune(said)
    if commune is not None:  # « je suis à la Trinité »: the site there
        place = _ARTICLE.sub("", normalize_words(kb().commune(commune.insee).name))
        named |= {c for c in scheduled if place in normalize_words(kb().contact(c).name)}
    return next((c for c in scheduled if c in named), scheduled[0])


def topic_events(answer: Optional[AnswerInfo]) -> List[Dict[Text, Any]]:
    """Remembers the topic of the answer given, so that a follow-up is understood in its context."""
    return [SlotSet(TOPIC_SLOT, answer.topic)] if answer is not None else []


def _plain(sentence: Text) -> Text:
    sentence = sentence.strip().rstrip(" ;:,")
    return sentence[0].upper() + sentence[1:] + ("" if sentence.endswith((".", "?", "!")) else ".")


def lead_sentence(answer: AnswerInfo, question: Text) -> Optional[Text]:
    """The sentence of an answer that answers the question, when it is not the one the answer starts with: a point,
    or a later sentence of the text, holding clearly more of the question than the opening sentence does."""
    sentences = [s for s in _SENTENCE_END.split(answer.text) if s.strip() and not s.strip().endswith(":")] + \
        list(answer.points)  # a sentence that introduces a list says nothing alone
    if len(sentences) < 2:
        return None
    best = index_answering(question, sentences)
    return None if best is None else _plain(sentences[best])


def index_answering(question: Text, texts: Sequence[Text]) -> Optional[int]:
    """The index of the text that answers the question, when it is not the first: it holds at least
    LEAD_MIN_OVERLAP of the question and LEAD_MIN_GAIN more than the first text does."""
    overlaps = [kb().overlap(question, t) for t in texts]
    best = max(range(len(texts)), key=lambda i: (overlaps[i], -i), default=0)
    if best == 0 or overlaps[best] < LEAD_MIN_OVERLAP or overlaps[best] < overlaps[0] + LEAD_MIN_GAIN:
        return None
    return best


def add_candidate(reply: Reply, candidate: Candidate, question: Text) -> Tuple[List[Source], List[Dict[Text, Any]]]:
    """The fact a candidate stands for, the sentence answering the question first. Returns sources and events."""
    if candidate.kind == "teleservice":
        service = next(s for s in kb().teleservices() if s.id == candidate.key)
        return describe_teleservice(reply, service), [SlotSet(TOPIC_SLOT, TELESERVICES)]
    if candidate.kind == "contact":
        contact = kb().contact(candidate.key)
        reply.contact(contact)
        return [contact.source], [SlotSet(TOPIC_SLOT, candidate.topic)]
    if candidate.kind == "code":
        from actions.cotations import add_code  # actions.cotations reads this module's helpers at import

        return add_code(reply, kb().code(candidate.key)), [SlotSet(TOPIC_SLOT, candidate.topic)]
    answer = kb().answer(candidate.key)
    deadline = deadline_computed(question, answer)
    if deadline is not None:  # « lot télétransmis le 3 mars, jusqu'à quand ? »: the date, then the rule
        reply.add("part_deadline_computed", deadline=french.fmt_day_month(deadline[0]), days=deadline[1],
                  start=french.fmt_day_month(deadline[2]))
    lead = lead_sentence(answer, question)
    if lead and deadline is None:
        reply.add("part_answer_lead", lead=lead)
    return add_answer(reply, answer), topic_events(answer)


def deadline_computed(question: Text, answer: AnswerInfo) -> Optional[Tuple[date, int, date]]:
    """The deadline a question asks for from a date it gives, when the answer's rule gives a delay in days: (the
    deadline, the delay, the date given). None otherwise."""
    if not deadline_asked(question):
        return None
    start = parse_date_said(question, now().year)
    days = delay_in_days(" ".join([answer.text, *answer.points]))
    return (date_plus_days(start, days), days, start) if start is not None and days else None


def names_a_fact(candidate: Optional[Candidate]) -> bool:
    """Whether the message holds one of the candidate's aliases (or follow-up phrases): it named that fact."""
    signals = dict(candidate.signals) if candidate is not None else {}
    return signals.get("alias", 0.0) > 0 or signals.get("follow", 0.0) > 0


NAMED_DETAIL_UNITS = 2  # a short question whose words, this many or more, are all in a fact's title asks for it


def titles_a_detail(decision: Decision, text: Text) -> bool:
    """Whether a short question confidently answered says nothing its answer's title does not (« c quoi les critères
    pour une invalidité » → « Invalidité : les trois critères »): a detail, not the topic's overview."""
    signals = dict(decision.best.signals) if decision.best is not None else {}
    return decision.verdict == ANSWER and signals.get("named", 0.0) >= 0.99 and \
        len(kb().informative_units(text)) >= NAMED_DETAIL_UNITS


def is_overview_question(text: Text) -> bool:
    """A question too short to ask for a detail ("des infos sur les ALD", "la FAMI c'est quoi"), no figure asked."""
    return len(kb().informative_units(text)) <= OVERVIEW_UNITS and figure_asked(text) is None


def answer_about_a_patient(dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
    """A question on one patient's own file: the assistant sees no patient file; where the professional sees it
    (the rights with ADRi in amelipro) and who can look (the platform, amelipro messaging)."""
    reply = Reply(domain, tracker).add("part_patient_file")
    sources: List[Source] = []
    rights = [s for s in kb().teleservices() if s.id == RIGHTS_SERVICE]
    if rights:
        reply.add("part_patient_file_rights", service=f"{rights[0].name} ({rights[0].acronym})")
        sources.append(rights[0].source)
    reply.source(sources + add_general_contact_lines(reply)).send(dispatcher)
    return []


RunMethod = Callable[[Any, CollectingDispatcher, Tracker, Dict[Text, Any]], List[Dict[Text, Any]]]


def screened(run: RunMethod) -> RunMethod:
    """A topic action's run, the message screened first: a question about one patient's own file, or plainly outside
    what the assistant does, is answered as such whatever topic the NLU gave it (« quel temps demain à
    Fort-de-France ? » is no zoning question, « le ferry du samedi ? » no question about the platform's hours)."""
    @wraps(run)
    def screened_run(action: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                     domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        text = latest_text(tracker)
        if about_one_patient(text):
            return answer_about_a_patient(dispatcher, tracker, domain)
        if outside_the_domain(text):
            Reply(domain, tracker).add("part_outside_domain").mark(DECLINED, True).send(dispatcher)
            return []
        return run(action, dispatcher, tracker, domain)

    return screened_run


def answer_question(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any],
                    overview: Optional[Text] = None, understood: bool = True,
                    decision: Optional[Decision] = None) -> Optional[List[Dict[Text, Any]]]:
    """The one place that answers a question from the facts: a topic's overview for a question too vague to ask a
    detail and naming no fact; the ranker's best candidate when it is confident (a close second offered beside it),
    or probable (said first to be the closest the documents say);
    else « pas dans mes documents » with the closest fact offered and where to ask. `understood`: the NLU routed the message to a topic (else a question
    nobody understood is left to the caller, who asks to rephrase: None is returned and nothing sent)."""
    text = latest_text(tracker)
    if about_one_patient(text):
        return answer_about_a_patient(dispatcher, tracker, domain)
    decision = decision or decision_for(tracker)
    reply = Reply(domain, tracker)
    vague = overview is not None and is_overview_question(text)
    leaning = decision.verdict == ANSWER and previous_question(tracker) is not None  # « faut amener quoi ? »
    # "des infos sur les ALD": the topic's overview
    if vague and not names_a_fact(decision.best) and not titles_a_detail(decision, text) and not leaning:
        answer = kb().answer(overview)
        reply.source(add_answer(reply, answer)).send(dispatcher)
        return topic_events(answer)
    # the weather, a poem, a flight: said so, and what the assistant does (« météo Fort-de-France demain » is not
    # about the Ordre's opening days), unless the message names a fact
    if outside_the_domain(text) and not names_a_fact(decision.best):
        reply.add("part_outside_domain").mark(DECLINED, True).send(dispatcher)
        return []
    if decision.best is not None and decision.verdict in (ANSWER, PROBABLE) and \
            kb().ranker().for_others(decision.best.key, asker_profession(tracker)):
        return answer_for_other_professions(dispatcher, tracker, reply, decision.best)
    if decision.verdict in (ANSWER, PROBABLE) or vague:  # confident, or a short question naming a fact of the topic
        if decision.verdict == PROBABLE and not vague:  # probably what was asked: given, said to be the closest
            reply.add("part_probable_answer")
        sources, events = add_candidate(reply.mark(SEARCHED, True), decision.best, text)
        sources += add_rule_for_others(reply, decision)
        others = [c for c in decision.others if c.score >= CLOSEST_AT and c != decision.for_others]
        if others and not reply.spoken:
            reply.add("part_search_other")
            for other in others:
                reply.button(other.title, other.title)
        reply.source(sources).send(dispatcher)
        place = place_with_hours(decision.best, tracker)
        if place != tracker.get_slot(LAST_CONTACT_SLOT):  # the hours asked next are this answer's place's
            events.append(SlotSet(LAST_CONTACT_SLOT, place))
        return events
    if decision.verdict == REPHRASE and not understood:
        return None
    general = {c.id for c in kb().general_contacts()}  # given below in any case
    closest = [c for c in (decision.best,) + decision.others
               if c is not None and c.score >= CLOSEST_AT and c.key not in general]
    if closest:
        reply.add("part_no_answer_closest", titles=" ; ".join(f"« {c.title} »" for c in closest))
        for candidate in closest:
            reply.button(candidate.title, candidate.title)
    else:
        reply.add("part_no_answer")
    reply.source(add_general_contact_lines(reply)).send(dispatcher)
    return [SlotSet(TOPIC_SLOT, closest[0].topic)] if closest else []  # a follow-up is read in the closest's topic


def add_rule_for_others(reply: Reply, decision: Decision) -> List[Source]:
    """Beside a rule the documents write for some professions, given to an asker whose profession is not known, the
    rule they write on the same point for others (the auxiliaires médicaux' lot beside the prescribers' pieces kept
    at the practice), said whom each concerns (not on the phone: one rule is what a caller can take in)."""
    answer = kb().answer(decision.for_others.key) if decision.for_others is not None else None
    given = kb().answer(decision.best.key) if answer is not None else None
    if answer is None or given is None or reply.spoken:
        return []
    reply.add("part_rule_for_others", audience=given.concerns, other_audience=answer.concerns)
    return add_answer(reply, answer)


def answer_for_other_professions(dispatcher: CollectingDispatcher, tracker: Tracker, reply: Reply,
                                 candidate: Candidate) -> List[Dict[Text, Any]]:
    """A rule the documents write for other professions than the asker's (« et pour un médecin généraliste c'est
    pareil ? » after the auxiliaires médicaux' lots): said whom it concerns and that the documents say nothing for
    the asker's, the rule shown as theirs, and whom to ask."""
    answer = kb().answer(candidate.key)
    if answer is None:
        return []
    reply.add("part_concerns_others", audience=answer.concerns, profession=asker_profession(tracker))
    sources = [] if reply.spoken else add_answer(reply, answer)
    reply.mark(FACTS, [answer.id]).source(sources + add_general_contact_lines(reply)).send(dispatcher)
    return topic_events(answer)


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


def other_profession(tracker: Tracker) -> Optional[Text]:
    """The asker's profession when the conversation knows it and it is not a doctor's (the contracts are doctors'):
    named in the message, known to the conversation, or said in one of the latest messages."""
    known = tracker.get_slot(PROFESSION_SLOT)
    found = first_profession(entity_values(tracker, "profession") + ([str(known)] if known else []) +
                             user_texts(tracker, messages=4))
    return found[0] if found and not found[1] else None


def add_other_profession(reply: Reply, profession: Text) -> List[Source]:
    """The aids of the documents are doctors' contracts: said so, and whom to ask for the asker's own profession."""
    reply.add("part_aid_other_profession", profession=profession)
    contact = kb().contact(INSTALLATION_CONTACT)
    if contact is None:
        return []
    reply.contact(contact)
    return [contact.source]
