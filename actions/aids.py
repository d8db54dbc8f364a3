"""Doctors' contracts and options (CAIM, COTRAM, COSCOM, CSTM, OPTAM, assistant médical), and the aids computed for
the asker's own case: the form that gathers commune, days of activity and coordinated practice, and its result.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import (PROFESSION_SLOT, Reply, add_answer, add_candidate, add_other_profession, answer_question,
                            decision_for, entity_values, first_profession, handed_over_this_turn, kb, latest_text,
                            other_profession, previous_answer_action, screened, user_texts)
from actions.zoning import (COMMUNE_SLOT, CommuneLookup, add_commune_zone, add_unknown_commune,
                            commune_known, commune_said_earlier, zones_asked)
from knowledge import french
from knowledge.asking import asker_profession_said, aids_asked, continues_previous, profession_said, spelled_out
from knowledge.aids import (NOT_ELIGIBLE, RULES, Assessment, Situation, activity_aid, assess, caim_amount, caim_tiers,
                            split_payments)
from knowledge.numbers import (ParseError, counted_over_month_or_year, numbers_in_digits, parse_age, parse_days_per_week,
                               parse_trainee_months, trainee_monthly_asked, trainee_share)
from knowledge.queries import CommuneInfo, ContractInfo, Source
from knowledge.ranker import ANSWER, Candidate, Decision
from knowledge.text import normalize_words

DAYS_SLOT = "aid_days"
COORDINATED_SLOT = "aid_coordinated"
FORM = "aid_form"
REQUESTED_SLOT = "requested_slot"
FORM_SLOTS = (COMMUNE_SLOT, DAYS_SLOT, COORDINATED_SLOT)
ANSWER_INTENTS = ("inform", "nlu_fallback", "ask_installation_aid")
SUMMARY = "aids.summary"
AIDS_TOPIC = "aids"
DELEGATES = "dam"
ASSISTANT_MEDICAL = "assistant_medical"
CAIM = "caim"
MAX_CONTRACTS = 2
COORDINATED_WORDS = ("en groupe", "cabinet de groupe", "maison de sante", "msp", "cpts", "ctps", "equipe de soins",
                     "esp", "coordonne", "coordonnee", "exercice coordonne", "regroupe", "associes",
                     "avec des confreres")
# An amount of yearly fees: with its unit (« 80 000 € », « 80000 e »), or large enough to be one without it
# (« c'est 120 000 pas 80 000 »).
FEES = re.compile(r"(?<![\d.,])(\d{1,3}(?:[ .]\d{3})+|\d{4,7})(?!\d)(?:\s*(€|euros?\b|eur\b|e\b))?", re.IGNORECASE)
FEES_WITHOUT_UNIT = 10_000
FEES_IN_WORDS = re.compile(r"\b(\d{5,7})\b")  # said in words, « euros » or not: yearly fees are this large
_DENIED = re.compile(r"\bpas\s*(?:de\s*)?$", re.IGNORECASE)  # « … pas 80 000 »: the value being corrected
ALONE_WORDS = ("seul", "seule", "tout seul", "toute seule", "isole", "isolee", "pas en groupe", "pas coordonne")


def commune_of(value: Any) -> Optional[CommuneInfo]:
    """The commune a slot value designates: an INSEE code (validated) or a spelling."""
    if not value:
        return None
    text = str(value)
    commune = kb().commune(text) if text.isdigit() else None
    if commune is None:
        match = kb().match_commune(text) or kb().find_commune(text)
        commune = kb().commune(match.insee) if match else None
    return commune


def alternatives(text: Text) -> List[Text]:
    """A message cut where it offers alternatives or corrects itself ("3 ou 4 jours", "3, non 4"); "2,5" stays whole."""
    return re.split(r"\s+ou\s+|\bnon\b|;|(?<!\d),|,(?!\d)", text, flags=re.IGNORECASE)


_NOT_DAYS_AFTER = re.compile(r"^\s*(?:semaines?|mois|ans?|heures?|h\b|minutes?|fois|%|€|euros?|janvier|f[ée]vrier|"
                             r"mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre)",
                             re.IGNORECASE)  # « le 3 mars » is a date


def days_entities(tracker: Tracker) -> List[Text]:
    """The latest message's `days` entities that count days of a week: not followed by another unit (« un
    remplacement de trois semaines ») nor counted over a month or a year (« une journée par mois »)."""
    text = latest_text(tracker)
    values = []
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") != "days":
            continue
        end = entity.get("end")
        after = text[end:] if end is not None else ""
        if not _NOT_DAYS_AFTER.match(after) and not counted_over_month_or_year(after):
            values.append(str(entity.get("value") or ""))
    return values


def days_given(tracker: Tracker) -> bool:
    """Whether the latest message gives days of activity (a `days_entities` value that counts some)."""
    return any(counts_days(value) for value in days_entities(tracker))


def counts_days(value: Text) -> bool:
    """Whether the words tagged as days of activity count some (« 3 jours », « mi-temps »), rather than ask how
    many (« combien de jours »)."""
    try:
        return parse_days_per_week(value) is not None
    except ParseError:
        return True  # a count that cannot be days of a week: the form says what it expects


def days_in(tracker: Tracker) -> Any:
    """Days of activity given in the latest message (entity first, else the text), as a number or the raw words."""
    for value in days_entities(tracker):
        try:
            days = parse_days_per_week(value)
        except ParseError:
            return value
        if days is not None:
            return days
    text = latest_text(tracker)
    values = set()
    for part in alternatives(text):
        try:
            days = parse_days_per_week(part)
        except ParseError:
            return text
        if days is not None:
            values.add(days)
    if len(values) > 1:
        return text  # two different figures: validation asks which one
    return values.pop() if values else None


def asks(text: Text) -> bool:
    """Whether a message is a question (« faut-il travailler en groupe ? ») rather than a statement of one's case."""
    words = normalize_words(text)
    return "?" in text or words.startswith(("est ce", "faut il", "il faut", "dois je", "je dois", "doit on"))


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def statements_in(text: Text) -> Text:
    """The sentences of a message that state rather than ask: « je compte m'installer seule à Gros-Morne. Puis-je
    signer un CAIM ? » states that the practice is not coordinated; « faut-il travailler en groupe ? » states
    nothing."""
    return " ".join(s for s in _SENTENCE_END.split(text) if s.strip() and not asks(s))


def coordinated_in(text: Text) -> Optional[bool]:
    words = f" {normalize_words(text)} "
    if any(f" {w} " in words for w in ALONE_WORDS):
        return False
    if any(f" {w} " in words for w in COORDINATED_WORDS):
        return True
    return None


def _intent(tracker: Tracker) -> Text:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") or ""


class ValidateAidForm(FormValidationAction):
    """Asks one thing at a time; takes everything a message gives at once; refuses what cannot be right."""

    def name(self) -> Text:
        return "validate_aid_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> List[Text]:
        if other_profession(tracker):
            return []  # the contracts are doctors': nothing to ask, the result says so
        return list(FORM_SLOTS)  # everything a message gives is taken; next_requested_slot decides what is asked

    async def next_requested_slot(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> Optional[Dict[Text, Any]]:
        """Compute first, ask once: the commune (or a kind of zone) is all the result needs — days and coordination
        are taken when given, else the result gives every amount and states the condition. The commune is asked
        once: whatever the answer to that question, the result follows (for the commune, or for each kind of zone),
        except when the answer named several communes and the choice between them was just offered. Days of activity
        given without a commune (« caim 3j par semaine combien à la signature ? ») are enough: the amounts in a
        fragile zone, where most communes are, and the commune asked after them."""
        if other_profession(tracker) or self._place_known(tracker) or self._commune_asked_and_answered(tracker) \
                or names_only_place_free_contracts(tracker) \
                or tracker.get_slot(DAYS_SLOT) is not None:  # days given: the amounts in a fragile zone, then the commune
            return SlotSet(REQUESTED_SLOT, None)
        return SlotSet(REQUESTED_SLOT, COMMUNE_SLOT)

    @staticmethod
    def _place_known(tracker: Tracker) -> bool:
        return commune_of(tracker.get_slot(COMMUNE_SLOT)) is not None or zone_said(latest_text(tracker)) is not None

    @staticmethod
    def _commune_asked_and_answered(tracker: Tracker) -> bool:
        answered = tracker.get_slot(REQUESTED_SLOT) == COMMUNE_SLOT and tracker.latest_action_name == "action_listen"
        return answered and not CommuneLookup(tracker).ambiguous

    def _requested(self, tracker: Tracker, slot: Text) -> bool:
        return tracker.get_slot(REQUESTED_SLOT) == slot and _intent(tracker) in ANSWER_INTENTS + ("affirm", "deny")

    async def extract_commune(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: DomainDict) -> Dict[Text, Any]:
        lookup = CommuneLookup(tracker)
        if lookup.ambiguous:
            return {COMMUNE_SLOT: " ou ".join(m.spelling for m in lookup.matches)}
        if lookup.matches:
            return {COMMUNE_SLOT: lookup.matches[0].insee}
        if lookup.unknown:
            return {COMMUNE_SLOT: lookup.unknown}
        earlier = commune_said_earlier(tracker)
        if earlier is not None and not tracker.get_slot(COMMUNE_SLOT):
            return {COMMUNE_SLOT: earlier.insee}  # "je m'installe à Sainte-Marie", then "quelles aides ?"
        if self._requested(tracker, COMMUNE_SLOT) and _intent(tracker) in ANSWER_INTENTS:
            text = latest_text(tracker).strip()
            if text and days_in(tracker) is None:
                return {COMMUNE_SLOT: text}
        return {}

    def validate_commune(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                         domain: DomainDict) -> Dict[Text, Any]:
        reply = Reply(domain, tracker)
        text = str(value or "")
        if " ou " in text:
            reply.add("part_commune_which", communes=text).send(dispatcher)
            return {COMMUNE_SLOT: None}
        commune = commune_of(text)
        if commune is None:
            add_unknown_commune(reply, text)
            reply.send(dispatcher)
            return {COMMUNE_SLOT: None}
        return {COMMUNE_SLOT: commune.insee}

    async def extract_aid_days(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Dict[Text, Any]:
        days = days_in(tracker)
        if days is not None:
            return {DAYS_SLOT: days}
        if self._requested(tracker, DAYS_SLOT) and _intent(tracker) in ("inform", "nlu_fallback"):
            return {DAYS_SLOT: latest_text(tracker)}  # not a number of days: validation says what is expected
        return {}

    def validate_aid_days(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> Dict[Text, Any]:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            try:
                return {DAYS_SLOT: parse_days_per_week(str(value))}
            except ParseError as error:
                Reply(domain, tracker).add("part_form_correction", message=str(error)).send(dispatcher)
                return {DAYS_SLOT: None}
        text = str(value or "")
        try:
            values = {parse_days_per_week(part) for part in alternatives(text)}
            values.discard(None)
        except ParseError as error:
            Reply(domain, tracker).add("part_form_correction", message=str(error)).send(dispatcher)
            return {DAYS_SLOT: None}
        if len(values) == 1:
            return {DAYS_SLOT: values.pop()}
        reply = Reply(domain, tracker)
        if values:
            reply.add("part_days_which", values=french.join([french.fmt_days(v) for v in sorted(values)], "ou"))
        else:
            reply.add("part_days_not_understood")
        reply.send(dispatcher)
        return {DAYS_SLOT: None}

    async def extract_aid_coordinated(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> Dict[Text, Any]:
        said = coordinated_in(latest_text(tracker))
        if said is not None:
            return {COORDINATED_SLOT: said}
        if self._requested(tracker, COORDINATED_SLOT):
            intent = _intent(tracker)
            if intent in ("affirm", "deny"):
                return {COORDINATED_SLOT: intent == "affirm"}
            if intent in ("inform", "nlu_fallback"):
                return {COORDINATED_SLOT: latest_text(tracker)}
        return {}

    def validate_aid_coordinated(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> Dict[Text, Any]:
        if isinstance(value, bool):
            return {COORDINATED_SLOT: value}
        Reply(domain, tracker).add("part_coordinated_not_understood").send(dispatcher)
        return {COORDINATED_SLOT: None}


def _amount(value: Optional[float]) -> Text:
    return french.fmt_amount(value or 0)


def add_conditions(reply: Reply, contract: ContractInfo, codes: Any = None) -> None:
    """The contract's conditions (all, or only those whose code is in `codes`), one line each; spoken: one line."""
    chosen = [c for c in contract.conditions if codes is None or c.code in codes]
    if not chosen:
        return
    reply.add("part_conditions_intro", count=len(chosen))
    for condition in chosen:
        reply.add("part_condition", text=condition.text)


def caim_tiers_text(contract: ContractInfo) -> Text:
    """The CAIM for every activity level: "50 000 € pour 4 jours ou plus ; 43 750 € pour 3 jours et demi…"."""
    tiers = caim_tiers(contract)
    return " ; ".join(f"{_amount(a)} € pour {french.fmt_days(d)}" + (" ou plus" if d == tiers[0][0] else "")
                      for d, a in tiers)


def add_caim_amount(reply: Reply, amount: int, tier_days: float, payments: Any) -> None:
    reply.add("part_aid_caim_amount", amount=_amount(amount), days=french.fmt_days(tier_days),
              first=_amount(payments[0]), balance=_amount(payments[1]))


def add_yearly_figures(reply: Reply, contract: ContractInfo) -> None:
    """What the COSCOM, COTRAM or CSTM pays, from the contract's figures."""
    params = contract.parameters
    if contract.id == "coscom":
        reply.add("part_aid_coscom", amount=_amount(params.get("per_year")),
                  hospital=_amount(params.get("hospital_per_year")), trainee=_amount(params.get("trainee_per_month")),
                  max=_amount(params.get("summary_max")))
    elif contract.id == "cotram":
        reply.add("part_aid_cotram", rate=_amount(params.get("rate")), cap=_amount(params.get("cap_per_year")))
    elif contract.id == "cstm":
        reply.add("part_aid_cstm", rate=_amount(params.get("rate")), cap=_amount(params.get("cap_per_year")),
                  min_days=_amount(params.get("min_days_per_year")))


def add_assessment(reply: Reply, contract: ContractInfo, result: Assessment, option_asked: bool = False) -> None:
    """One contract's verdict for the case: why not, or its amount, its option and what remains to check.
    `option_asked`: the message asks about the proximity-hospital option, said on every channel then."""
    if result.verdict == NOT_ELIGIBLE:
        failed = next((c.text for c in contract.conditions if c.code == result.failed), result.failed)
        reply.add("part_aid_not_eligible", contract=contract.name, condition=failed)
        return
    if contract.id == CAIM:
        if result.amount is not None:
            add_caim_amount(reply, result.amount, result.tier_days, result.payments)
        else:
            reply.add("part_aid_caim_tiers", tiers=caim_tiers_text(contract))
        if result.hospital_extra and result.amount is not None:
            total = result.amount + result.hospital_extra * len(result.payments)
            reply.add("part_aid_caim_hospital_asked" if option_asked else "part_aid_caim_hospital_total",
                      extra=_amount(result.hospital_extra), total=_amount(total))
        elif result.hospital_extra:
            reply.add("part_aid_caim_hospital", extra=_amount(result.hospital_extra))
    else:
        add_yearly_figures(reply, contract)
    to_check = [c.text for c in contract.conditions if c.code in result.to_check and c.code != "zone_fragile"]
    if to_check:
        reply.add("part_aid_to_check", conditions=" ; ".join(to_check))


def situation_sources(contracts: List[ContractInfo], place: Source) -> List[Source]:
    sources = [place]
    for contract in contracts:
        sources.append(contract.source)
        sources.extend(contract.parameter_sources)
    return sources


ALREADY_AIDED = re.compile(r"\bdeja (?:eu|touche|percu|beneficie d|obtenu|recu|signe) (?:une|l|un|le|d une)? ?"
                           r"(?:aide|prime|caim)")


def first_said(texts: List[Text], parse: Callable[[Text], Any]) -> Any:
    """The first value a parser reads in messages (newest first); a message it refuses is passed over."""
    for text in texts:
        try:
            value = parse(text)
        except ParseError:
            continue
        if value is not None:
            return value
    return None


def age_in_conversation(tracker: Tracker) -> Optional[int]:
    """An age ("62 ans") given in one of the latest user messages."""
    return first_said(user_texts(tracker), parse_age)


def already_aided_in_conversation(tracker: Tracker) -> Optional[bool]:
    """True when the asker said an installation aid was already received ("j'ai déjà touché une aide")."""
    said = any(ALREADY_AIDED.search(normalize_words(text)) for text in user_texts(tracker))
    return True if said else None


@dataclass(frozen=True)
class Place:
    """Where the asker practises, as precisely as they said it: a commune, or only a kind of zone."""
    zone_id: str
    fragile: bool
    heading: Text  # "au Lorrain", "en zone A"
    source: Source


FRAGILE_WORDS = ("zone fragile", "zones fragiles", "zone sous dotee", "zones sous dotees", "zone deficitaire")


def zone_said(text: Text) -> Optional[Place]:
    """A kind of zone the message names instead of a commune ("en zone A", "en zone fragile")."""
    zones = {z.id: z for z in kb().zones()}
    asked = [zones[z] for z in zones_asked(text) if z in zones]
    if len(asked) == 1:
        return Place(asked[0].id, asked[0].fragile, f"en {asked[0].label}", asked[0].source)
    words = f" {normalize_words(text)} "
    fragile = [z for z in zones.values() if z.fragile]
    if fragile and any(f" {w} " in words for w in FRAGILE_WORDS):
        labels = french.join([z.label for z in fragile], "ou")
        return Place(fragile[0].id, True, f"en zone fragile ({labels})", fragile[0].source)
    return None


def place_of(commune: Optional[CommuneInfo], tracker: Tracker) -> Optional[Place]:
    """The commune when known, else a kind of zone said in one of the latest messages."""
    if commune is not None:
        return Place(commune.zone.id, commune.zone.fragile, french.at_place(commune.name), commune.source)
    for text in user_texts(tracker, messages=3):
        place = zone_said(text)
        if place is not None:
            return place
    return None


@dataclass
class Case:
    """The asker's case as the conversation knows it, and the corrections the latest message made to it."""
    commune: Optional[CommuneInfo]
    days: Optional[float]
    coordinated: Optional[bool]
    events: List[Dict]
    replaced: List[Tuple[Text, Text]]  # (what was said before, what replaces it): "au Marin", "au Robert"


def _days_value(value: Any) -> Optional[float]:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def case_known(tracker: Tracker) -> Case:
    """The case as the conversation knows it: the form's slots, else the commune and the days of activity said in
    earlier messages."""
    days = _days_value(tracker.get_slot(DAYS_SLOT))
    return Case(commune_known(tracker), days if days is not None else days_said_earlier(tracker),
                tracker.get_slot(COORDINATED_SLOT), [], [])


def days_said_earlier(tracker: Tracker, messages: int = 4) -> Optional[float]:
    """Days of activity per week said in one of the asker's earlier messages, newest first (« si je fais 3j et demi
    par semaine »), when no form took them."""
    return first_said(user_texts(tracker, messages + 1)[1:], parse_days_per_week)


def update_case(case: Case, tracker: Tracker) -> Optional[Text]:
    """A message after the result changes the case ("et avec 4 jours ?", "et à Ducos ?", "oui en MSP"): the new
    values replace the old ones. Returns the spelling of a commune that does not exist, if the message gave one;
    raises ParseError for days that cannot be."""
    lookup = CommuneLookup(tracker)
    commune = lookup.commune()
    if commune is None and lookup.unknown:
        return lookup.unknown
    if commune is not None and (case.commune is None or commune.insee != case.commune.insee):
        if case.commune is not None:
            case.replaced.append((french.at_place(case.commune.name), french.at_place(commune.name)))
        case.commune = commune
        case.events.append(SlotSet(COMMUNE_SLOT, commune.insee))
    said = days_in(tracker)
    if isinstance(said, str):
        parse_days_per_week(said)  # days that cannot be ("8 jours") raise what is expected; other words say none
    new_days = _days_value(said)
    if new_days is not None:
        new_days = parse_days_per_week(str(new_days))
    if new_days is not None and new_days != case.days:
        if case.days is not None:
            case.replaced.append((f"avec {french.fmt_days(case.days)} par semaine",
                                  f"avec {french.fmt_days(new_days)} par semaine"))
        case.days = new_days
        case.events.append(SlotSet(DAYS_SLOT, new_days))
    coordinated = coordinated_in(statements_in(latest_text(tracker)))
    if coordinated is not None and coordinated != case.coordinated:
        case.coordinated = coordinated
        case.events.append(SlotSet(COORDINATED_SLOT, coordinated))
    return None


def every_fragile_zone() -> Optional[Place]:
    """The kind of zone where most aids apply, for a result given without a commune."""
    fragile = [z for z in kb().zones() if z.fragile]
    if not fragile:
        return None
    labels = french.join([z.label for z in fragile], "ou")
    return Place(fragile[0].id, True, f"en zone fragile ({labels})", fragile[0].source)


AIDS_ANSWERS = ("action_aid_result", "action_contract", "action_zoning")  # after them, a commune or days: the aid


def names_only_place_free_contracts(tracker: Tracker) -> bool:
    """Whether the message names contracts and none of them depends on where one practises (the aid for an assistant
    médical, the OPTAM): a question about them needs no commune, the knowledge base answers it."""
    named = kb().find_contracts(latest_text(tracker))
    return bool(named) and not any(contract.zones for contract in named)


def about_the_aids(tracker: Tracker) -> bool:
    """Whether a message the aid flow received is about the aids computed by place: not when it names only contracts
    that do not depend on the place. A commune or days given outside the form are about them when the message asks
    for them or gives days of activity, or the previous answer or the aid case's values were about them. « je suis
    infirmière à Sainte-Luce » opening a conversation, or a commune after the platform's hours, is no aid question."""
    if names_only_place_free_contracts(tracker):
        return False
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    if intent != "inform" or tracker.active_loop_name == FORM or handed_over_this_turn(tracker):
        return True
    case_begun = tracker.get_slot(DAYS_SLOT) is not None or tracker.get_slot(COORDINATED_SLOT) is not None
    return case_begun or aids_asked(latest_text(tracker)) or days_given(tracker) or \
        previous_answer_action(tracker) in AIDS_ANSWERS


class ActionAidResult(Action):
    """The aids the asker may claim for the commune, days and coordination gathered by the form (or just given):
    computed with what is known, the rest stated as conditions or as every amount, never asked twice."""

    def name(self) -> Text:
        return "action_aid_result"

    @screened
    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        if not about_the_aids(tracker):  # read as what it is: a situation, a question, a follow-up
            from actions.core import ActionFallback  # actions.core imports this module

            # run here, not as a follow-up action: after one, Rasa predicts its default fallback, which reverts the
            # message (and the slots this turn set)
            return ActionFallback().run(dispatcher, tracker, domain)
        reply = Reply(domain, tracker)
        profession = other_profession(tracker)
        if profession:
            reply.source(add_other_profession(reply, profession)).send(dispatcher)
            return []
        case = case_known(tracker)
        if tracker.active_loop_name != FORM:  # a correction after the result: "et avec 4 jours ?", "et à Ducos ?"
            try:
                unknown = update_case(case, tracker)
            except ParseError as error:
                reply.add("part_form_correction", message=str(error)).send(dispatcher)
                return case.events
            if unknown:
                add_unknown_commune(reply, unknown)
                reply.send(dispatcher)
                return case.events
        for old, new in case.replaced:
            reply.add("part_value_replaced", old=old, new=new)
        place = place_of(case.commune, tracker)
        if place is None:
            place = every_fragile_zone()
            reply.add("part_aid_without_commune")
        if place is None:
            reply.add("part_aid_need_commune").send(dispatcher)
            return case.events
        add_aid_result(reply, case, place, tracker)
        if aspect_asked(latest_text(tracker)) or hospital_option_asked(latest_text(tracker)):
            reply.lead_with_line_answering(latest_text(tracker))
        reply.send(dispatcher)
        return case.events


def add_aid_result(reply: Reply, case: Case, place: Place, tracker: Tracker) -> None:
    """The result for the case: the place and its zone, each contract assessed, the next step, the sources."""
    situation = Situation(place.zone_id, place.fragile, days_per_week=case.days, coordinated=case.coordinated,
                          age=age_in_conversation(tracker), already_aided=already_aided_in_conversation(tracker))
    contracts = kb().contracts()
    by_id = {c.id: c for c in contracts}
    reply.add("part_aid_heading", place=place.heading,
              days=f", {french.fmt_days(case.days)} par semaine" if case.days else "")
    if case.commune is not None:
        add_commune_zone(reply, case.commune)
    else:
        reply.add("part_zone_fragile" if place.fragile else "part_zone_vigilance")
    reply.add("part_zoning_order_date")
    option_asked = hospital_option_asked(latest_text(tracker))
    results = assess(contracts, situation)
    for result in results:
        if result.verdict == NOT_ELIGIBLE and result.failed in ("zone_fragile", "zone_vigilance"):
            continue  # a contract for another kind of zone: the zone's sentence already says so
        add_assessment(reply, by_id[result.contract_id], result, option_asked)
    if place.fragile and case.days is None and any(r.contract_id == CAIM and r.verdict != NOT_ELIGIBLE
                                                   for r in results):  # the days would give the CAIM's amount
        reply.add("part_aid_days_would_give")
    sources = situation_sources(contracts[:4], place.source)
    delegates = kb().contact(DELEGATES)
    if delegates and not reply.spoken:
        reply.add("part_aid_next_step")
        reply.contact(delegates, with_role=False)
        sources.append(delegates.source)
    reply.source(sources)


def contracts_of_the_result(case: Case, tracker: Tracker) -> List[ContractInfo]:
    """The contracts the aid result found possible for the asker's case, in the knowledge base's order: what « le
    contrat » is right after it (the CSTM at Ducos, the CAIM at Le Marin)."""
    place = place_of(case.commune, tracker)
    if place is None:
        return []
    situation = Situation(place.zone_id, place.fragile, days_per_week=case.days, coordinated=case.coordinated)
    possible = {r.contract_id for r in assess(kb().contracts(), situation) if r.verdict != NOT_ELIGIBLE}
    return [c for c in kb().contracts() if c.id in possible]


def contract_in_play(case: Case, tracker: Tracker, after_result: bool) -> List[ContractInfo]:
    """What « le contrat » is: right after an aid result, the first contract possible for the case; else the contracts
    named before — unless none of them is possible in the asker's commune (« et ça monte jusqu'à combien ? » after
    « à Ducos, le CAIM ? » answered by the CSTM: the CSTM)."""
    possible = contracts_of_the_result(case, tracker)
    if after_result:
        return possible[:1]
    said = contracts_said_before(tracker)
    if said and possible and case.commune is not None and not {c.id for c in said} & {p.id for p in possible}:
        return possible[:1]
    return said


def contracts_said_before(tracker: Tracker, messages: int = 4) -> List[ContractInfo]:
    """The contracts named in the asker's latest earlier message that named some: what « ce contrat » is."""
    for text in user_texts(tracker, messages + 1)[1:]:
        named = kb().find_contracts(text)
        if named:
            return named[:MAX_CONTRACTS]
    return []


def fact_on_the_contracts(decision: Decision, named: List[ContractInfo]) -> Optional[Candidate]:
    """The aids' fact the ranker answers with confidently, when it is about the contract named (or about several, or
    none is named): a detail of the contract has its own fact; else the contract's description answers."""
    best = decision.best
    if decision.verdict != ANSWER or best is None or best.kind != "answer" or best.topic != AIDS_TOPIC:
        return None
    subject = kb().answer(best.key).subject
    ids = [c.id for c in named]
    return best if not named or subject in ids or subject is None and len(named) != 1 else None


SURE = 0.9  # the ranker's confidence from which its fact outranks what the contracts named would say


def values_to_compute(tracker: Tracker) -> bool:
    """Whether the message gives a value the aids are computed from: days of activity, yearly fees, coordinated
    practice or not, an age, a trainee, the hospital option."""
    text = latest_text(tracker)
    return days_given(tracker) or fees_in(text) is not None or coordinated_in(text) is not None or \
        parse_age(text) is not None or parse_trainee_months(text) is not None or hospital_option_asked(text)


def aid_in_play(tracker: Tracker) -> bool:
    """Whether the conversation is already on an aid: the previous answer was a contract or an aid computed, or the
    aid's case holds values (« et à la signature je touche combien ? », « il dure combien de temps ce contrat ? »)."""
    return previous_answer_action(tracker) in AIDS_ANSWERS or tracker.get_slot(DAYS_SLOT) is not None or \
        tracker.get_slot(COORDINATED_SLOT) is not None


def fact_beyond_the_contracts(decision: Decision, named: List[ContractInfo], tracker: Tracker) -> Optional[Candidate]:
    """The fact the ranker is sure the message asks for, when it is about none of the contracts named and the message
    gives nothing to compute: « je voudrais consulter quelques jours par an au Prêcheur, combien de jours minimum ? »
    (the CSTM's minimum, though no contract is named and a commune is), « le CAIM est-il majoré en zone très
    déficitaire ? » (the zoning's answer, not the CAIM's description)."""
    best = decision.best
    if decision.verdict != ANSWER or best is None or decision.confidence < SURE or values_to_compute(tracker) or \
            aid_in_play(tracker):
        return None
    if best.kind == "answer" and best.topic == AIDS_TOPIC:
        subject = kb().answer(best.key).subject
        if subject is None or subject in {c.id for c in named}:
            return None
    return best if best.kind == "answer" else None


def asker_of_another_profession(tracker: Tracker) -> Optional[Text]:
    """The asker's own profession when they said it is not a doctor's (« je suis infirmière », « kiné à
    Sainte-Marie »), in their latest messages, newest first; a colleague's (« mon associée, qui est infirmière »)
    is not theirs."""
    found = first_profession(user_texts(tracker, 4), asker_profession_said)
    return found[0] if found and not found[1] else None


class ActionContract(Action):
    """What a contract or option is: purpose, conditions, figures, duration; the summary when none is named."""

    def name(self) -> Text:
        return "action_contract"

    @screened
    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        reply = Reply(domain, tracker)
        text = latest_text(tracker)
        named: List[ContractInfo] = []
        for value in entity_values(tracker, "contract") + [text]:
            for contract in kb().find_contracts(value):
                if all(c.id != contract.id for c in named):
                    named.append(contract)
        profession = asker_of_another_profession(tracker) if named else None
        if profession:  # « je suis infirmière, je peux signer un CAIM ? »: the contracts are doctors', never hers
            reply.source(add_other_profession(reply, profession)).send(dispatcher)
            return []
        decision = decision_for(tracker)
        if fact_beyond_the_contracts(decision, named, tracker) is not None:  # « combien de jours au Prêcheur ? »
            return answer_question(dispatcher, tracker, domain, decision=decision) or []
        # « au Lamentin, j'ai droit au CAIM ? », « j'ai 63 ans, au Vauclin » (no contract named): the case assessed
        if (not named or any(c.id in RULES for c in named)) and fees_in(text) is None \
                and not computed_beyond_the_case(named, tracker) and CommuneLookup(tracker).commune():
            return ActionAidResult().run(dispatcher, tracker, domain)
        if not named and continues_previous(text):  # « il dure cb de temps ce contrat », « et à la signature ? »
            after_result = previous_answer_action(tracker) == ActionAidResult().name()
            if after_result and aspect_asked(text) not in ("duration", "conditions"):
                return ActionAidResult().run(dispatcher, tracker, domain)  # the case computed: its figures
            case = case_known(tracker)
            named = contract_in_play(case, tracker, after_result)
            whole_case = case.commune is not None and case.days is not None
            if named and whole_case and aspect_asked(text) in (None, "figures") and fees_in(text) is None:
                return ActionAidResult().run(dispatcher, tracker, domain)  # « et je touche cb au 1er anniversaire ? »
        computed = any(amount_computable(contract, tracker) for contract in named)  # this case's amount first
        fact = None if computed else fact_on_the_contracts(decision, named)
        sources: List[Source] = []
        events: List[Dict] = []
        if fact is not None:  # « le COTRAM renouvelé, au total combien d'années ? »: its duration's own fact
            sources, events = add_candidate(reply, fact, text)
        elif not named:
            sources.extend(add_answer(reply, kb().answer(SUMMARY)))
        else:
            for contract in named[:MAX_CONTRACTS]:
                sources.extend(self._describe(reply, contract, tracker))
        reply.source(sources).send(dispatcher)
        return events

    @staticmethod
    def _describe(reply: Reply, contract: ContractInfo, tracker: Tracker) -> List[Source]:
        """The contract: first what the question asks (the amount computed for the days or fees it gives, the
        duration, the conditions), then the rest of the description."""
        if contract.id == ASSISTANT_MEDICAL:
            current = [a for a in kb().answers_about(ASSISTANT_MEDICAL)]
            reply.add("part_contract_heading", name=contract.name, full_name=contract.full_name,
                      purpose=contract.purpose, spoken=contract.spoken)
            return [contract.source] + (add_answer(reply, current[0], with_title=False) if current else [])
        text = latest_text(tracker)
        computed = add_computed_amount(reply, contract, tracker)
        asked = aspect_asked(text)
        parts = {"figures": lambda: None if computed else add_contract_figures(reply, contract),
                 "duration": lambda: reply.add("part_contract_duration", duration=contract.duration),
                 "conditions": lambda: add_conditions(reply, contract)}
        order = [asked] if asked in parts else []
        for name in order:
            parts[name]()
        reply.add("part_contract_heading", name=contract.name, full_name=contract.full_name, purpose=contract.purpose,
                  spoken=contract.spoken)
        for name in ("conditions", "figures", "duration"):
            if name not in order:
                parts[name]()
        if contract.decree:
            reply.add("part_contract_decree", decree=contract.decree)
        return [contract.source] + list(contract.parameter_sources)


# What a question on a contract asks for first: its figures, its duration or its conditions.
ASPECT_WORDS = (
    ("duration", ("combien de temps", "duree", "dure", "pendant combien", "renouvelable", "renouvelle", "combien d annees",
                  "combien d ans")),
    ("conditions", ("condition", "conditions", "eligible", "qui peut", "ai je droit", "j ai droit", "a droit",
                    "criteres", "faut il", "pour l avoir", "pour l obtenir", "pour en beneficier", "pour y avoir droit",
                    "combien de jours")),
    ("figures", ("combien", "montant", "somme", "euros", "plafond", "maximum", "max", "verse", "touche", "percoit",
                 "total", "rapporte")),
)


def hospital_option_asked(text: Text) -> bool:
    """Whether a message asks about the optional commitment to practise in a proximity hospital."""
    return "hopital de proximite" in normalize_words(text)


def aspect_asked(text: Text) -> Optional[Text]:
    """The aspect of a contract a question asks for first, if any."""
    words = f" {spelled_out(normalize_words(text))} "
    for aspect, phrases in ASPECT_WORDS:
        if any(f" {phrase} " in words for phrase in phrases):
            return aspect
    return None


def add_contract_figures(reply: Reply, contract: ContractInfo) -> None:
    """What the contract pays, from its figures."""
    params = contract.parameters
    if contract.id == CAIM:
        reply.add("part_contract_caim_amounts", tiers=caim_tiers_text(contract),
                  first=_amount(params.get("first_payment")), extra=_amount(params.get("hospital_per_payment")),
                  max=_amount(params.get("summary_max")))
    else:
        add_yearly_figures(reply, contract)


def _euros(figure: Text) -> float:
    return float(figure.replace(" ", "").replace(".", ""))


def fees_in(text: Text) -> Optional[float]:
    """Yearly fees given in euros ("150 000 €", "40000 euros d'honoraires"), for COTRAM and CSTM; in a correction
    (« c'est 120 000 pas 80 000 », « pas 80 000 mais 120 000 ») the value kept, not the one denied."""
    plain = text.replace("\u202f", " ").replace("\u00a0", " ")
    said = [(bool(_DENIED.search(plain[:m.start()])), _euros(m.group(1))) for m in FEES.finditer(plain)
            if m.group(2) or _euros(m.group(1)) >= FEES_WITHOUT_UNIT]
    kept = [value for denied, value in said if not denied] or [value for _, value in said]
    if kept:
        return kept[0]
    spoken = FEES_IN_WORDS.search(numbers_in_digits(normalize_words(text)))  # « cent cinquante mille euros »
    return float(spoken.group(1)) if spoken else None


def computed_beyond_the_case(named: List[ContractInfo], tracker: Tracker) -> bool:
    """Whether a contract named has its amount computed from a value the aid result for a commune does not read (a
    trainee's months for the COSCOM: « j'accueille un interne toute l'année à Sainte-Marie, le COSCOM me rapporte
    combien ? »)."""
    return any(contract.id == "coscom" and amount_computable(contract, tracker) for contract in named)


def amount_computable(contract: ContractInfo, tracker: Tracker) -> bool:
    """Whether the conversation gives what this contract's amount is computed from (`add_computed_amount`): days per
    week for the CAIM, a trainee's months for the COSCOM, yearly fees for the COTRAM and the CSTM."""
    if contract.id == CAIM:
        return isinstance(days_in(tracker), (int, float))
    if contract.id == "coscom":
        return any(parse_trainee_months(t) for t in user_texts(tracker, 4)) or \
            trainee_monthly_asked(latest_text(tracker))
    return contract.id in ("cotram", "cstm") and bool(fees_in(latest_text(tracker)))


def trainee_time(reply: Reply, share: float) -> Text:
    """« à mi-temps » or « à temps plein », for a trainee hosted that share of full time."""
    return reply.text("part_trainee_half_time" if share < 1 else "part_trainee_full_time")


def add_computed_amount(reply: Reply, contract: ContractInfo, tracker: Tracker) -> bool:
    """The amount of this contract for what the message gives (days per week for the CAIM, yearly fees for the
    COTRAM and the CSTM), first in the reply with what it rests on. False when the message gives nothing to compute."""
    params = contract.parameters
    if contract.id == CAIM:
        days = days_in(tracker)
        tier = caim_amount(contract, float(days)) if isinstance(days, (int, float)) else None
        if tier:
            payments = split_payments(tier[1], params.get("first_payment", 100))
            add_caim_amount(reply, tier[1], tier[0], payments)
            extra = params.get("hospital_per_payment")
            if extra and hospital_option_asked(latest_text(tracker)):  # « 4j/sem + hôpital de proximité ? »
                reply.add("part_aid_caim_hospital_asked", extra=_amount(extra),
                          total=_amount(tier[1] + extra * len(payments)))
        return bool(tier)
    hosted = next((t for t in user_texts(tracker, 4) if parse_trainee_months(t)), None) \
        if contract.id == "coscom" else None  # the latest message that says how long a trainee is hosted
    if contract.id == "coscom" and hosted is None and trainee_monthly_asked(latest_text(tracker)) and \
            params.get("trainee_per_month"):  # « un stagiaire à mi-temps, combien par mois ? »
        share = trainee_share(latest_text(tracker))
        reply.add("part_aid_coscom_trainee_monthly", rate=_amount(params["trainee_per_month"]),
                  time=trainee_time(reply, share), amount=_amount(params["trainee_per_month"] * share))
        return True
    if hosted and params.get("trainee_per_month") and params.get("per_year"):
        months, share = parse_trainee_months(hosted), trainee_share(hosted)
        hosting = params["trainee_per_month"] * months * share
        reply.add("part_aid_coscom_trainee_computed", months=months, rate=_amount(params["trainee_per_month"]),
                  time=trainee_time(reply, share), amount=_amount(hosting), base=_amount(params["per_year"]),
                  total=_amount(hosting + params["per_year"]))
        return True
    fees = fees_in(latest_text(tracker))
    if contract.id in ("cotram", "cstm") and fees and params.get("rate") and params.get("cap_per_year"):
        earlier = first_said(user_texts(tracker, 4)[1:], fees_in)
        if earlier and earlier != fees:  # « ah non pardon, c'est deux cent cinquante mille »: said back
            reply.add("part_value_replaced", new=reply.text("part_with_fees", fees=_amount(fees)),
                      old=reply.text("part_with_fees", fees=_amount(earlier)))
        aid = activity_aid(params["rate"], params["cap_per_year"], fees)
        reply.add("part_aid_activity_computed", contract=contract.name, fees=_amount(fees), rate=_amount(params["rate"]),
                  cap=_amount(params["cap_per_year"]), amount=_amount(aid))
        return True
    return False


ASKED = "asked"  # the mark on a reply that asks the form's question: which slot it asks
PLATFORM = "plateforme_ps"


def commune_asked_in_this_form(tracker: Tracker) -> int:
    """How many times the running aid form has already asked for the commune."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") == FORM:
            break  # the form's activation: what came before was another form
        custom = ((event.get("data") or {}).get("custom") or {}) if event.get("event") == "bot" else {}
        count += custom.get(ASKED) == COMMUNE_SLOT
    return count


class ActionAskCommune(Action):
    """The form's one question, never asked twice the same way: the second time, the communes of each zone are
    given with the zones to choose from (a zone is enough to compute the aid)."""

    def name(self) -> Text:
        return "action_ask_commune"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        reply = Reply(domain, tracker).mark(ASKED, COMMUNE_SLOT)
        asked = commune_asked_in_this_form(tracker)
        if not asked:
            reply.add("part_ask_commune").send(dispatcher)
            return []
        if asked > 1:  # the zones were offered already: a person, and the zones still to click
            platform = kb().contact(PLATFORM)
            reply.add("part_ask_commune_person")
            if platform is not None:
                reply.contact(platform)
        reply.add("part_ask_commune_again")
        sources = []
        for zone in kb().zones():
            communes = kb().communes(zone.id)
            reply.add("part_zone_communes", zone=zone.label, count=len(communes),
                      communes=french.join([c.name for c in communes]))
            reply.button(zone.label, f"en {zone.label}")
            sources.append(zone.source)
        reply.source(sources).send(dispatcher)
        return []
