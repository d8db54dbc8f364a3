"""Contacts of the CGSS Martinique: who serves which need, opening hours, best time to call, the voice menu."""
from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (DECLINED, LAST_CONTACT_SLOT, TOPIC_SLOT, Reply, answer_question, asked_in, decision_for,
                            entity_values, kb, latest_text, now, previous_question, professions_named, screened, short,
                            user_texts)
from knowledge import french
from knowledge.asking import (asks_something, contact_asked, contact_field_asked, continues_previous, deadline_asked,
                              refers_back, weekly_total_asked)
from knowledge.hours import OFF_PEAK, Status, open_during, slot_at, status_at, week_spans, weekly_minutes
from knowledge.queries import ContactInfo, MenuChoice, Schedule
from knowledge.ranker import ANSWER, PROBABLE, Decision
from knowledge.text import normalize_words
from knowledge.when import DayRef, parse_day, parse_period, parse_time

TOPIC = "contacts"  # the topic of the contacts' facts
PLATFORM = "plateforme_ps"
MESSAGING = "messagerie_amelipro"
TRANSFER = "transfer"  # the mark asking the phone channel to put the caller through to this number
HANGUP = "hangup"  # the mark asking the phone channel to end the call after the reply
MENU_RANK_WORDS = {1: {"1", "premier", "premiere"}, 2: {"2", "deux", "deuxieme", "second", "seconde"},
                   3: {"3", "trois", "troisieme"}}  # a voice-menu choice said by its rank
NEED_BUTTONS = (
    ("Conventionnement, installation", "rps"),
    ("Paiements, rejets de factures", "pole_mdp"),
    ("amelipro, télétransmission", "cis"),
    ("Service médical", "ersm"),
)


def fmt_moment(moment: datetime) -> Text:
    return f"{french.fmt_date(moment.date())}, {french.fmt_time(moment.time())}"


def add_week_hours(reply: Reply, schedule: Schedule) -> None:
    reply.add("part_hours_week", week=french.fmt_week(week_spans(schedule.slots)))


def add_status(reply: Reply, status: Status, label: Text) -> None:
    """One sentence on one moment: open (until when, off-peak or not), closed (next opening), or unknown."""
    next_opening = fmt_moment(status.next_opening) if status.next_opening else ""
    if not status.known:
        reply.add("part_status_holiday", day=french.fmt_date(status.moment.date()), holiday=status.holiday,
                  next=next_opening)
    elif status.is_open:
        reply.add("part_status_open_off_peak" if status.off_peak else "part_status_open", when=label,
                  closes=french.fmt_time(status.closes_at))
    else:
        reply.add("part_status_closed_next" if next_opening else "part_status_closed", when=label,
                  next=next_opening)


def add_messaging_alternative(reply: Reply, sources: List[Any]) -> None:
    """Amelipro messaging as the written alternative to the phone, when the knowledge base has it."""
    messaging = kb().contact(MESSAGING)
    if messaging:
        reply.add("part_messaging_alternative", delay=messaging.response_delay)
        sources.append(messaging.source)


def add_general_contacts(reply: Reply, moment: datetime) -> List[Any]:
    """The platform with its hours and whether it is open now, then amelipro messaging. Returns the sources."""
    sources = []
    schedule = kb().schedule(PLATFORM)
    for contact in kb().general_contacts():
        reply.contact(contact)
        sources.append(contact.source)
        if contact.id == PLATFORM and schedule:
            add_week_hours(reply, schedule)
            add_status(reply, status_at(schedule.slots, moment), f"En ce moment ({fmt_moment(moment)})")
            sources.extend(schedule.sources)
    return sources


def add_transfer_or_callback(reply: Reply, moment: datetime) -> List[Any]:
    """On the phone, a hand-off: put through to the platform while it is open (`transfer` marked with its number),
    else told when to call back, off-peak hours first, and the call ends (`hangup`). Returns the sources."""
    platform, schedule = kb().contact(PLATFORM), kb().schedule(PLATFORM)
    status = status_at(schedule.slots, moment)
    if status.known and status.is_open:
        reply.add("part_handoff_transfer").mark(TRANSFER, platform.phone)
    else:
        reply.add("part_handoff_call_back", week=french.fmt_week(week_spans(schedule.slots)),
                  off_peak=french.fmt_week(week_spans(schedule.slots, OFF_PEAK))).mark(HANGUP, True)
    return [platform.source] + list(schedule.sources)


def add_call_menu(reply: Reply) -> List[Any]:
    """The platform's voice menu as the phone assistant asks it: each choice with its key, chosen by key or by
    voice (the keys choose the reply's buttons, in order). Returns the sources."""
    choices = kb().menu(PLATFORM)
    reply.add("part_call_menu")
    for choice in choices:
        reply.add("part_call_menu_choice", key=choice.position, label=choice.label)
        reply.button(choice.label, '/inform_profession{"menu_choice": "%d"}' % choice.position)
    return [c.source for c in choices]


def _named_contacts(tracker: Tracker) -> Tuple[List[ContactInfo], bool]:
    """Contacts named by the message: a specific service its words name ("mail pôle médecins dentistes pharmacies",
    "tél plateforme service médical"), else the `service` entities, else the general contacts its words name.

    The flag tells whether a `service` entity was given that the knowledge base does not know.
    """
    found = kb().find_contacts(latest_text(tracker))
    if found and not found[0].is_general:
        return found, False  # the most specific alias of the words wins over an entity read as "la plateforme"
    services = services_named(tracker)
    for value in services:
        named = kb().find_contacts(value)
        if named:
            return named, False
    unknown = bool(services) and (not found or found[0].is_general)
    return ([] if unknown else found), unknown


def services_named(tracker: Tracker) -> List[Text]:
    """The `service` entities that name something: a stop word (« ces » of « ces changements ») is no service, known
    or unknown."""
    return [value for value in entity_values(tracker, "service") if kb().says_something(value)]


def contact_payload(contact_id: Text) -> Text:
    """A button payload asking for this contact (its id is one of its aliases)."""
    return '/ask_contact{"service": "%s"}' % contact_id.replace("_", " ")


NAMED_AT = 0.5  # the share of a contact's name a message holds when it names that contact


def contact_given(contact_id: Optional[Text]) -> List[Dict[Text, Any]]:
    """The events of a reply giving a contact (or the general ones): the contact whose hours are asked next, and the
    contacts' topic, in which a follow-up is read (« et pour les rejets de factures ? » after the pôle's card)."""
    return [SlotSet(LAST_CONTACT_SLOT, contact_id), SlotSet(TOPIC_SLOT, TOPIC)]


def contact_asked_in(tracker: Tracker) -> bool:
    """Whether the message asks whom to reach or how, or continues a question that did (« et pour les rejets ? »
    after « qui appeler pour un paiement ? »)."""
    previous = previous_question(tracker)
    return contact_asked(latest_text(tracker)) or previous is not None and contact_asked(previous)


def asks_who_in_the_previous_subject(tracker: Tracker) -> bool:
    """Whether a message naming no contact asks who does something in what the previous answer was about (« et c qui
    qui l'adresse au psy ? » after MonParcoursPsy, « elle est envoyée à qui ? » after the déclaration de grossesse):
    a question on that subject, not on how to reach the CGSS."""
    text = latest_text(tracker)
    topic = tracker.get_slot(TOPIC_SLOT)
    return topic is not None and topic != TOPIC and refers_back(text) and continues_previous(text) and \
        not _REACHING.search(normalize_words(text)) and not _named_contacts(tracker)[0]


# Words asking how to reach someone (« je contacte qui ? », « quel numéro ? »), not who does something.
_REACHING = re.compile(r"\b(?:contact\w*|joindre|appeler|appelle|telephone|tel|numero|mail|courriel|ecrire|"
                       r"adresse (?:mail|postale|electronique))\b")


def a_contact_ranks_first(tracker: Tracker) -> bool:
    """Whether the fact the message most probably asks for is a contact's card (« le service conventionnement »),
    whatever words it uses."""
    candidates = kb().ranker().rank(asked_in(tracker))
    return bool(candidates) and candidates[0].kind == "contact"


def names_the_contact(contact: ContactInfo, text: Text) -> bool:
    """Whether the message names the contact itself (« l'adresse mail du Conseil de l'Ordre des médecins ? »), not
    only a subject it deals with: then the contact is the answer, whatever fact the documents hold on the subject."""
    return kb().overlap(contact.name, text) >= NAMED_AT


def field_missing(contact: ContactInfo, text: Text) -> Optional[Text]:
    """The way to reach the contact that the message asks for and the documents do not give (« email », « phone »,
    « address »), or None."""
    field = contact_field_asked(text)
    return field if field and not getattr(contact, field) else None


# What a fact's text holds when it gives a way to reach someone: a number of four digits or more (« le 3608 »), an
# email address.
_WAY_IN_TEXT = {"phone": re.compile(r"\d(?:[ .]?\d){3,}"), "email": re.compile(r"\S+@\S+\.\w+")}


def fact_gives_the_way(decision: Decision, field: Text) -> bool:
    """Whether the ranker's answer or probable reading is a fact, not a contact card, whose text gives the way to
    reach asked for that the contact named lacks (« vous avez un numéro d'assistance pour amelipro ? »: the CIS have
    no telephone in the documents, but the FAMI document gives the amelipro line, the 3608)."""
    best = decision.best
    if decision.verdict not in (ANSWER, PROBABLE) or best is None or best.kind != "answer" or field not in _WAY_IN_TEXT:
        return False
    answer = kb().answer(best.key)
    text = " ".join([answer.text, *answer.points]) if answer else ""
    return bool(_WAY_IN_TEXT[field].search(text))


class ActionContact(Action):
    def name(self) -> Text:
        return "action_contact"

    @screened
    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        reply = Reply(domain, tracker)
        found, unknown = _named_contacts(tracker)
        dedicated = email_for_the_profession(tracker, found)
        if dedicated is not None:  # « c'est quelle adresse mail pour moi ? » from a dentist: the pôle's address
            found, unknown = [dedicated] + [c for c in found if c.id != dedicated.id], None
        found = with_an_address_first(tracker, found)
        answered = None if found and names_the_contact(found[0], latest_text(tracker)) else \
            self._a_question_behind(dispatcher, tracker, domain)
        if answered is not None:
            return answered  # « et c qui qui l'adresse au psy ? », « amelipro me prévient-il quand je suis payé ? »
        if unknown:
            service = short(services_named(tracker)[0])
            return self._general(dispatcher, reply.add("part_unknown_service", service=service))
        if not found:
            return self._general(dispatcher, reply.add("part_general_intro"))
        contact = found[0]
        if contact.audience_menu_choice and self._other_audience(dispatcher, reply, tracker, contact):
            return contact_given(PLATFORM)
        missing = field_missing(contact, latest_text(tracker))
        decision = decision_for(tracker) if missing else None
        if decision is not None and fact_gives_the_way(decision, missing):  # « un numéro d'assistance amelipro ? »
            return answer_question(dispatcher, tracker, domain, decision=decision) or []
        if missing:  # « l'adresse mail de l'Ordre ? »: not in the documents, said so before what they give
            reply.add(f"part_contact_no_{missing}", name=contact.name).mark(DECLINED, True)
        reply.contact(contact)
        sources = [contact.source]
        schedule = kb().schedule(contact.id)
        if schedule:
            add_week_hours(reply, schedule)
            sources.extend(schedule.sources)
        for other in found[1:]:
            reply.button(other.name, contact_payload(other.id))
        reply.source(sources).send(dispatcher)
        return contact_given(contact.id)

    @staticmethod
    def _other_audience(dispatcher: CollectingDispatcher, reply: Reply, tracker: Tracker,
                        contact: ContactInfo) -> bool:
        """A service for some professions only, asked by another profession: the platform, with the right choice."""
        choices = kb().menu(PLATFORM)
        chosen, who = profession_choice(tracker, choices)
        if chosen is None or chosen.position == contact.audience_menu_choice:
            return False
        audience = next(c.label for c in choices if c.position == contact.audience_menu_choice)
        reply.add("part_contact_other_audience", name=contact.name, audience=audience)
        platform = kb().contact(PLATFORM)
        reply.contact(platform)
        add_menu_choice(reply, chosen, who)
        sources = [contact.source, platform.source, chosen.source]
        add_messaging_alternative(reply, sources)
        reply.source(sources).send(dispatcher)
        return True

    @staticmethod
    def _a_question_behind(dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: Dict[Text, Any]) -> Optional[List[Dict]]:
        """A message read as « whom to contact » that asks something the documents answer confidently with another
        fact than a contact (a service it names, « amelipro », being only where that fact lives): that answer. A
        message that asks something without asking whom to reach or how (« à quoi sert le téléservice Ma
        convention ? », its « téléservice » read as the CIS; « comment identifier l'enveloppe avant de l'envoyer ? »)
        is a question, answered from the facts or said not in the documents. None otherwise (nothing sent)."""
        decision = decision_for(tracker)
        if decision.verdict == ANSWER and decision.best.kind != "contact":
            return answer_question(dispatcher, tracker, domain, decision=decision)
        if asks_something(latest_text(tracker)) and not contact_asked_in(tracker) and not a_contact_ranks_first(tracker):
            return answer_question(dispatcher, tracker, domain, decision=decision) or []
        if asks_who_in_the_previous_subject(tracker):
            return answer_question(dispatcher, tracker, domain, decision=decision) or []
        return None

    @staticmethod
    def _general(dispatcher: CollectingDispatcher, reply: Reply) -> List[Dict]:
        """No specific service: the general contacts, then an invitation to say the need."""
        sources = add_general_contacts(reply, now())
        reply.add("part_contact_ask_need")
        for title, contact_id in NEED_BUTTONS:
            reply.button(title, contact_payload(contact_id))
        reply.source(sources).send(dispatcher)
        return contact_given(None)


def _hours_contact(tracker: Tracker) -> ContactInfo:
    """The place asked about: named in the message, else the one of the previous answer, else the platform."""
    found, _ = _named_contacts(tracker)
    if found:
        return found[0]
    last = tracker.get_slot(LAST_CONTACT_SLOT)
    contact = kb().contact(last) if last else None
    return contact or kb().contact(PLATFORM)


def deadline_of_another_topic(tracker: Tracker) -> bool:
    """A deadline asked in a conversation about something else than the contacts, naming no place (« ya une heure
    limite le dernier jour ? » after the FAMI campaign): that topic's deadline, not the platform's hours."""
    topic = tracker.get_slot(TOPIC_SLOT)
    elsewhere = topic not in (None, TOPIC) and not tracker.get_slot(LAST_CONTACT_SLOT)
    return elsewhere and deadline_asked(latest_text(tracker)) and not _named_contacts(tracker)[0]


# A message about the caisse's own opening: « vous fermez à quelle heure ? », « le standard ouvre quand ? ».
_ADDRESSES_THE_CAISSE = re.compile(r"\b(?:vous|vos|votre|plateforme|standard|caisse|cgss|agence|accueil|service|"
                                   r"bureau|bureaux|guichet|permanence|site|sites|locaux)\b")


def another_subject_answered(tracker: Tracker) -> Optional[Decision]:
    """The ranker's decision when a message read as « when is it open » addresses no place or service of the caisse
    and the knowledge base answers it confidently with a fact of another subject (« la formation en ligne, elle reste
    ouverte jusqu'à quand ? »)."""
    if _named_contacts(tracker)[0] or _ADDRESSES_THE_CAISSE.search(normalize_words(latest_text(tracker))):
        return None
    decision = decision_for(tracker)
    answers = decision.verdict == ANSWER and decision.best is not None
    return decision if answers and decision.best.kind != "contact" and decision.best.topic != TOPIC else None


_THAT_DAY = re.compile(r"\b(?:ce jour la|ce jour ci|le meme jour|ces jours la|ce jour precis)\b")


def day_meant(tracker: Tracker, moment: datetime) -> Optional[DayRef]:
    """The day a message asks about: the one it names, or for « ce jour-là », the one named in the asker's latest
    earlier message that named one (« et le mercredi ? » then « et les heures creuses ce jour-là ? »)."""
    text = latest_text(tracker)
    if _THAT_DAY.search(normalize_words(text)):  # not « ce jour », today
        for earlier in user_texts(tracker)[1:]:
            day = parse_day(earlier, moment)
            if day is not None:
                return day
    return parse_day(text, moment)


class ActionOpeningHours(Action):
    def name(self) -> Text:
        return "action_opening_hours"

    @screened
    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        if deadline_of_another_topic(tracker):
            return answer_question(dispatcher, tracker, domain) or []
        decision = another_subject_answered(tracker)
        if decision is not None:  # « la formation en ligne, elle reste ouverte jusqu'à quand ? »
            return answer_question(dispatcher, tracker, domain, decision=decision) or []
        reply = Reply(domain, tracker)
        contact = _hours_contact(tracker)
        schedule = kb().schedule(contact.id)
        if schedule is None:
            reply.add("part_no_schedule", name=contact.name)
            reply.contact(contact, with_role=False)
            reply.source([contact.source]).send(dispatcher)
            return contact_given(contact.id)
        text = latest_text(tracker)
        moment = now()
        day = day_meant(tracker, moment)
        at = parse_time(text)
        period = None if at else parse_period(text)
        reply.add("part_hours_heading", name=contact.name)
        if weekly_total_asked(text):  # « combien d'heures par semaine ? »: the spans added up
            reply.add("part_hours_weekly_total", total=french.fmt_duration_minutes(weekly_minutes(schedule.slots)))
        else:
            self._answer_moment(reply, schedule, moment, day, at, period)
        add_week_hours(reply, schedule)
        if contact.phone and not reply.spoken:  # the hours of a line come with its number
            reply.add("part_contact_phone_note" if contact.phone_note else "part_contact_phone", phone=contact.phone,
                      note=contact.phone_note)
        sources = list(schedule.sources)
        if contact.id == PLATFORM:
            add_messaging_alternative(reply, sources)
        reply.source(sources).send(dispatcher)
        return contact_given(contact.id)

    @staticmethod
    def _answer_moment(reply: Reply, schedule: Schedule, moment: datetime, day: Optional[DayRef],
                       at: Optional[time], period) -> None:
        slots = schedule.slots
        if day is None and at is None and period is None:
            add_status(reply, status_at(slots, moment), f"En ce moment ({fmt_moment(moment)})")
            return
        if day is None:
            day = DayRef(moment.weekday(), moment.date())
        if day.on is not None:
            # A dated day ("aujourd'hui", "demain"): holidays count.
            if at is not None:
                when = datetime.combine(day.on, at, tzinfo=moment.tzinfo)
                add_status(reply, status_at(slots, when), fmt_moment(when))
                return
            status = status_at(slots, datetime.combine(day.on, time(12, 0), tzinfo=moment.tzinfo))
            if not status.known:
                add_status(reply, status, french.fmt_date(day.on))
                return
        day_name = french.WEEKDAY_NAMES[day.weekday]
        if at is not None:
            slot = slot_at(slots, day.weekday, at)
            if slot:
                reply.add("part_weekday_open_at", day=day_name, at=french.fmt_time(at),
                          closes=french.fmt_time(slot.closes))
            else:
                reply.add("part_weekday_closed_at", day=day_name, at=french.fmt_time(at))
            return
        if period is not None:
            name, (start, end) = period
            spans = open_during(slots, day.weekday, start, end)
            if spans:
                reply.add("part_period_open", day=day_name, period=name.replace("apres midi", "après-midi"),
                          spans=french.fmt_day(spans))
            else:
                reply.add("part_period_closed", day=day_name, period=name.replace("apres midi", "après-midi"))
        spans = [(s.opens, s.closes) for s in slots if s.weekday == day.weekday and s.kind == "open"]
        if spans:
            reply.add("part_day_hours", day=day_name, spans=french.fmt_day(spans))
        else:
            reply.add("part_day_closed", day=day_name)


class ActionBestTime(Action):
    def name(self) -> Text:
        return "action_best_time"

    @screened
    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        if deadline_of_another_topic(tracker):  # « ya une heure limite le dernier jour ? » after the FAMI campaign
            return answer_question(dispatcher, tracker, domain) or []
        reply = Reply(domain, tracker)
        schedule = kb().schedule(PLATFORM)
        moment = now()
        day = day_meant(tracker, moment)
        off_peak = week_spans(schedule.slots, OFF_PEAK)
        reply.add("part_best_time_intro", phone=schedule.contact.phone)
        if day is not None and day.weekday in off_peak:
            reply.add("part_best_time_day", day=french.WEEKDAY_NAMES[day.weekday],
                      spans=french.fmt_day(off_peak[day.weekday]))
        elif day is not None:
            reply.add("part_day_closed", day=french.WEEKDAY_NAMES[day.weekday])
            reply.add("part_best_time_week", week=french.fmt_week(off_peak))
        else:
            reply.add("part_best_time_week", week=french.fmt_week(off_peak))
        add_week_hours(reply, schedule)
        sources = list(schedule.sources)
        add_messaging_alternative(reply, sources)
        reply.source(sources).send(dispatcher)
        return contact_given(PLATFORM)


def email_asked(tracker: Tracker) -> bool:
    """Whether the message asks for an e-mail address."""
    return contact_field_asked(latest_text(tracker)) == "email"


def with_an_address_first(tracker: Tracker, found: List[ContactInfo]) -> List[ContactInfo]:
    """The services named, those with an e-mail address first when the message asks for one (« mail pour demander
    rdv conventionnement »: the RPS's address, not the Agora desk that has none)."""
    if not email_asked(tracker):
        return found
    return [c for c in found if c.email] + [c for c in found if not c.email]


def email_for_the_profession(tracker: Tracker, found: List[ContactInfo]) -> Optional[ContactInfo]:
    """The contact with an e-mail address that serves the asker's profession only, when the message asks for an
    address and names no such service (or only the general ones): the pôle of doctors, dentists and pharmacies."""
    if not email_asked(tracker):
        return None
    if any(not c.is_general and c.id != MESSAGING for c in found):
        return None
    chosen, _ = profession_choice(tracker, kb().menu(PLATFORM))
    if chosen is None:
        return None
    return next((c for c in kb().contacts() if c.audience_menu_choice == chosen.position and c.email), None)


def profession_choice(tracker: Tracker, choices: List[MenuChoice]) -> Tuple[Optional[MenuChoice], Text]:
    """The platform's voice-menu choice for the asker's profession (named in the message, else known from the
    conversation), and the words naming it ("" when only the message's words did)."""
    text = latest_text(tracker)
    places = professions_named(tracker)
    for value in places:
        chosen = kb().menu_choice_for(PLATFORM, value)
        if chosen:
            return chosen, ("" if value == text else value)
    named = [value for value in places if value != text]
    if named:
        # The menu's last choice covers every profession the first ones do not name.
        return next((c for c in choices if c.is_default), None), named[0]
    return None, ""


def menu_choice_said(tracker: Tracker) -> Optional[MenuChoice]:
    """The voice-menu choice a caller picked: by key (the button's `menu_choice`), by its rank in a short answer or
    one naming the choice ("le deuxième choix"), or by a profession's words ("infirmière")."""
    choices = kb().menu(PLATFORM)
    keyed = entity_values(tracker, "menu_choice")
    chosen = next((c for c in choices if keyed and str(c.position) == keyed[0]), None)
    words = normalize_words(latest_text(tracker)).split()
    if chosen is None and (len(words) <= 3 or "choix" in words):
        chosen = next((c for c in choices if MENU_RANK_WORDS.get(c.position, set()) & set(words)), None)
    return chosen or kb().menu_choice_for(PLATFORM, latest_text(tracker))


def add_menu_choice(reply: Reply, chosen: MenuChoice, who: Text) -> None:
    rank = "1er" if chosen.position == 1 else f"{chosen.position}e"
    reply.add("part_menu_choice_for" if who else "part_menu_choice", profession=short(who, 40), label=chosen.label,
              rank=rank)


class ActionPhoneMenu(Action):
    def name(self) -> Text:
        return "action_phone_menu"

    @screened
    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        reply = Reply(domain, tracker)
        platform = kb().contact(PLATFORM)
        choices = kb().menu(PLATFORM)
        chosen, who = profession_choice(tracker, choices)
        reply.add("part_menu", phone=platform.phone, count=len(choices),
                  choices=french.join([f"« {c.label} »" for c in choices]))
        if chosen is not None:
            add_menu_choice(reply, chosen, who)
        else:
            reply.add("part_menu_ask_profession")
        reply.source([platform.source] + [c.source for c in choices]).send(dispatcher)
        return contact_given(PLATFORM)
