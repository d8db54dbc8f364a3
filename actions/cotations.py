"""Cotations: what a code means and is worth, and the total of a consultation with its majorations, computed."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (PROFESSION_SLOT, Reply, answer_question, decision_for, entity_values, kb, latest_text,
                            screened, user_texts)
from bot.language import looks_foreign
from knowledge import french
from knowledge.cotations import (AGE, CCAM, NOT_WITH, ROLE, TARGET, TWO_ACTS, Bill, ContextError, Counted, Visit,
                                 acts_counted, compute, parse_visit, recognise, with_earlier)
from knowledge.asking import figure_asked, is_general_practitioner, profession_said
from knowledge.english import in_french
from knowledge.numbers import numbers_in_digits
from knowledge.hours import parse_hhmm
from knowledge.queries import CodeInfo, RuleInfo, Source
from knowledge.ranker import ANSWER, Decision
from knowledge.text import normalize_words

_CCAM_LIKE = re.compile(r"\b[A-Z]{4}\d{3}\b")
# A general practitioner's consultation (« une consult », « je cote cb ? ») is the G: C + MMG in document 002.
GENERAL_PRACTICE_CODE = "G"
_CONSULTATION = re.compile(r"\b(?:consult|consults|consultation|consultations|cs|je cote|on cote|je facture)\b")
# Abbreviations professionals write beside a code that are not codes: who they are (« MG secteur 1 », « je suis son
# MT »), where or how they work. Never answered « je ne connais pas le code ».
NOT_CODES = frozenset({"MG", "MT", "PH", "CCA", "MSP", "CPTS", "ALD", "SAS", "SAMU", "IDE", "IDEL", "SF", "AM"})
# A question on whether or when a code may be billed ("l'APC peut-elle être cotée si…", "puis-je coter la VL ?"):
# the code's rules answer it, not a bill.
_RULE_ASKED = re.compile(r"\b(?:puis je|peut on|peut elle|peut il|peuvent|ai je le droit|a t on le droit|je peux|"
                         r"on peut|est il possible|possible de|autorise|cumul\w*|condition\w*|quand|faut il|"
                         r"il faut que|qui peut|qui doit)\b")
ROLE_WORDS = {"treating": "au médecin traitant", "correspondent": "au médecin correspondant (pas au médecin traitant)"}
ADDED_WHY = {"MEG": "enfant de moins de 6 ans", "MCG": "vous êtes médecin correspondant"}


def euros(value: Optional[float]) -> Text:
    return f"{french.fmt_amount(value)} €" if value is not None else "montant non donné"


# How a general practitioner's sector reads: in secteur 2 with dépassements (not at the OPTAM), the consultation is
# the C — the CS for a doctor qualified in general medicine —, else the G (the GS for that qualified doctor).
_SECTOR_2 = re.compile(r"\bsecteur (?:2|deux|ii)\b")
_NOT_OPTAM = re.compile(r"\b(?:non|sans|pas|hors) (?:adherent )?(?:a l |de l )?optam\b")
_OVERRUNS = re.compile(r"\b(?:depassements?|honoraires libres)\b")
_QUALIFIED_GP = re.compile(r"\b(?:qualifiee?|specialiste) en (?:medecine generale|mg)\b")
SECTOR_CONSULTATIONS = {(False, False): "G", (False, True): "GS", (True, False): "C", (True, True): "CS"}


def gp_consultation(text: Text) -> Text:
    """The consultation code of the general practitioner a text describes: by sector (secteur 2 with dépassements,
    not at the OPTAM) and qualification (specialist in general medicine)."""
    words = normalize_words(text)
    at_optam = "optam" in words.split() and not _NOT_OPTAM.search(words)
    overruns = bool(_SECTOR_2.search(words)) and not at_optam and \
        bool(_OVERRUNS.search(words) or _NOT_OPTAM.search(words))
    return SECTOR_CONSULTATIONS[(overruns, bool(_QUALIFIED_GP.search(words)))]


def codes_written(text: Text, known: List[str]) -> List[str]:
    """The codes a text names, by their letters or in words; a general practitioner's « consultation » is the G
    (the document's C + MMG) — or the code of the sector and qualification the text says —, not the bare C, unless
    the C itself is written."""
    letters = recognise(text, known)
    words = kb().codes_named_in(text)
    if GENERAL_PRACTICE_CODE in known and "C" not in letters and is_general_practitioner(text):
        consultation = gp_consultation(text)
        words = [consultation if c in ("C", GENERAL_PRACTICE_CODE) else c for c in words]
        if not letters and not words and _CONSULTATION.search(normalize_words(text)):
            words = [consultation]  # « une consult pr un adulte, je suis MG », « MG, je cote cb ? »
    return [code for code in dict.fromkeys(letters + words) if code in known]


# How a consultation is coded is asked (« comment dois-je coter ? », « je cote quoi ? »), at the cabinet: not a home
# visit, whose code depends on more than the documents let the assistant infer.
_COTATION_ASKED = re.compile(r"\b(?:(?:je|j|on|il|elle|ils|elles) cote(?:nt)?|coter|cotation|je facture quoi|comment facturer)\b")
_HOME_VISIT = re.compile(r"\b(?:domicile|chez (?:lui|elle|eux)|a la maison|visite|visites|ehpad)\b")
EARLIER_MESSAGES = 4  # how far back the conversation is read for who asks and for the patient's age


def consultation_implied(tracker: Tracker) -> bool:
    """Whether the message asks how to code a consultation at the cabinet and the conversation says a general
    practitioner asks (« je suis médecin traitant généraliste… » two messages before « comment dois-je coter ? »):
    the G, with what the conversation said of the patient."""
    text = normalize_words(latest_text(tracker))
    if not _COTATION_ASKED.search(text) or _HOME_VISIT.search(text):
        return False
    return is_general_practitioner(said_in_conversation(tracker))


def said_in_conversation(tracker: Tracker) -> Text:
    """The asker's recent messages and the profession they gave: who asks (a GP, their sector)."""
    return " ".join(user_texts(tracker, EARLIER_MESSAGES) + [tracker.get_slot(PROFESSION_SLOT) or ""])


def names_someone(value: Text) -> bool:
    """Whether a word read as a code names a profession or a role instead (« MG », « MT », « IDEL »)."""
    return value.upper() in NOT_CODES or profession_said(value) is not None


def codes_in(tracker: Tracker) -> (List[str], List[str]):
    """The known codes of the message (letters in context, words such as "visite longue", NLU entities) in order,
    and the code-like words the knowledge base does not know."""
    text = latest_text(tracker)
    english = looks_foreign(text)
    if english:
        text = in_french(text)  # "how much is a GP consultation?": its words, not "MUCH" and "GP", say the code
    known = [c.code for c in kb().codes()]
    found: List[str] = []
    unknown: List[str] = []
    for code in codes_written(text, known):
        if code not in found:
            found.append(code)
    for value in entity_values(tracker, "code"):
        named = recognise(value.upper(), known) or kb().codes_named_in(value)
        if named:
            found.extend(c for c in named if c not in found)
        elif value.upper() not in unknown and len(value) > 1 and not names_someone(value) and not english:
            unknown.append(value.upper())
    unknown.extend(c for c in _CCAM_LIKE.findall(text) if c not in known and c not in unknown)
    return found, unknown


def context_given(visit: Visit) -> bool:
    """Whether the message says something of the visit: the patient's age, the doctor's role, an hour, a Sunday."""
    return visit.age is not None or bool(visit.role) or visit.act_time is not None or visit.sunday_or_holiday


def cotation_said_before(tracker: Tracker, messages: int = 3) -> Tuple[List[str], Text]:
    """The codes of the asker's latest earlier message that named some, and that message: what a follow-up giving
    only the context ("et pour un enfant de 2 ans ?", "et la nuit à 23 h ?") is about."""
    known = [c.code for c in kb().codes()]
    said = user_texts(tracker, messages + 1)[1:]
    for text in said:
        found = codes_written(text, known)
        if found:
            return found, text
    return [], ""


def codes_said_before(tracker: Tracker, messages: int = 3) -> List[str]:
    return cotation_said_before(tracker, messages)[0]


def visit_since(tracker: Tracker, visit: Visit, code_message: Text) -> Visit:
    """A follow-up's visit completed by the messages since the one that named the code, newest first: « et pour un
    enfant de 2 ans ? » then « et si je le vois comme correspondant ? » — still 2 years old."""
    for text in user_texts(tracker, 4)[1:]:
        try:
            visit = with_earlier(visit, parse_visit(text, visit.codes))
        except ContextError:
            pass  # an earlier message whose context could not be read adds nothing
        if text == code_message:
            break
    return visit


# A total asked (« quel est le montant total ? », « ça fait combien au total ? »): the consultation a majoration completes
# is part of it.
_TOTAL_ASKED = re.compile(r"\b(?:total|au total|en tout|ca fait combien|combien ca fait|ca donne combien)\b")


# A patient seen within 48 hours at the treating doctor's request: the majoration of whoever asks for the amount.
_WITHIN_48_HOURS = re.compile(r"\b(?:sous|dans les|dans|en moins de|d ici|avant)\s+48\s*(?:h|heures?)\b")
URGENT_REFERRAL = {"treating": "MUT", "correspondent": "MCU"}


_MAJORATION_ASKED = re.compile(r"\bmajorations?\b")


def urgent_referral_majoration(text: Text, visit: Visit) -> Optional[Text]:
    """The majoration a patient referred to be seen within 48 hours implies: the treating doctor's MUT, the
    correspondent's MCU — in a bill (« MT, j'adresse mon patient à un confrère pour être vu sous 48 h, ma G ça fait
    combien ? ») or as the majoration asked (« un MT m'adresse son patient, je le vois dans les 48 h, je rajoute
    quelle majoration ? »). None when the role is not said, or neither a bill nor a majoration is asked."""
    words = numbers_in_digits(normalize_words(text))
    if visit.role not in URGENT_REFERRAL or not _WITHIN_48_HOURS.search(words):
        return None
    billed = bool(visit.codes) and figure_asked(text) == "amount" or bool(_TOTAL_ASKED.search(words))
    asked = not visit.codes and bool(_MAJORATION_ASKED.search(words))
    return URGENT_REFERRAL[visit.role] if billed or asked else None


def consultation_completed(found: List[Text], codes: Dict[Text, CodeInfo], text: Text) -> Optional[Text]:
    """The consultation to add when the message names only majorations and asks for a total (« le centre 15 m'a
    demandé de voir mon patient en urgence, quel total ? »): the general practitioner's G when the majoration
    completes it, else the first consultation it completes. None when nothing is to be added."""
    if not found or not _TOTAL_ASKED.search(normalize_words(text)) or \
            any(codes[c].kind != "majoration" for c in found):
        return None
    completed = codes[found[0]].applies_to
    base = GENERAL_PRACTICE_CODE if GENERAL_PRACTICE_CODE in completed else next(iter(completed), None)
    return base if base in codes else None


def rule_asked(text: Text) -> bool:
    """Whether the question asks if or when a code may be billed, rather than what a visit totals."""
    return bool(_RULE_ASKED.search(normalize_words(text)))


def amount_asked(text: Text) -> bool:
    """Whether a message asks for an amount or a total (« combien max sur l'année ? », « ça fait combien ? »)."""
    return figure_asked(text) in ("amount", "count") or bool(_TOTAL_ASKED.search(normalize_words(text)))


def add_counted(reply: Reply, counted: Counted, code: CodeInfo) -> None:
    """The total of several acts of one code, within its yearly cap (said when it cuts the count)."""
    reply.add("part_bill_counted", count=counted.billed, code=counted.code, value=euros(code.value),
              total=french.fmt_amount(counted.total))
    if counted.cap is not None and counted.asked > counted.cap:
        reply.add("part_bill_counted_cap", cap=counted.cap, code=counted.code, asked=counted.asked)


def alone_a_majoration(found: List[Text], codes: Dict[Text, CodeInfo]) -> bool:
    """Whether the message names one majoration and nothing it completes: its card answers (its amount, who codes
    it), not a bill of nothing."""
    return len(found) == 1 and codes[found[0]].kind == "majoration"


def rule_answered(decision: Decision) -> bool:
    """Whether the ranker answers a rule question on a code with a fact on that rule (rather than the code's card)."""
    return decision.verdict == ANSWER and decision.best is not None and decision.best.kind == "answer"


def _rule(kind: Text) -> Optional[RuleInfo]:
    found = [r for r in kb().code_rules() if r.kind == kind]
    return found[0] if found else None


def add_code(reply: Reply, code: CodeInfo) -> List[Source]:
    reply.add("part_code", code=code.code, nomenclature=code.nomenclature, label=code.label, spoken=code.spoken)
    if code.value is not None:
        reply.add("part_code_value", value=euros(code.value))
    elif code.kind != "ccam":
        reply.add("part_code_no_value")
    if code.sectors:
        reply.add("part_code_sectors", sectors=code.sectors)
    if code.conditions:
        reply.add("part_code_conditions", conditions=code.conditions)
    sources = [code.source]
    for rule in kb().code_rules():
        if rule.code == code.code and rule.kind in ("cap", "not_with", "role") or code.code in rule.others:
            reply.add("part_code_rule", text=rule.text)
            sources.append(rule.source)
    return sources


def add_refusal(reply: Reply, refusal, codes: Dict[str, CodeInfo]) -> None:
    code = codes.get(refusal.code)
    if refusal.reason == TWO_ACTS:
        reply.add("part_bill_two_acts", code=refusal.code, other=refusal.other)
    elif refusal.reason == AGE:
        reply.add("part_bill_age", code=refusal.code, age=french.fmt_amount(code.age_below))
    elif refusal.reason == ROLE:
        reply.add("part_bill_role", code=refusal.code, who=ROLE_WORDS.get(code.role, ""))
    elif refusal.reason == TARGET:
        reply.add("part_bill_target", code=refusal.code, other=refusal.other)
    elif refusal.reason in (NOT_WITH, CCAM):
        reply.add("part_bill_rule", code=refusal.code, rule=refusal.rule_text)


def add_night(reply: Reply, status: Optional[Text], visit: Visit) -> None:
    """Whether the night majoration applies, with the hours of the act and of the call said back."""
    night = _rule("night")
    if status is None or night is None:
        return
    hours = dict(act_from=french.fmt_time(parse_hhmm(night.act_from)), act_to=french.fmt_time(parse_hhmm(night.act_to)),
                 call_from=french.fmt_time(parse_hhmm(night.call_from)),
                 call_to=french.fmt_time(parse_hhmm(night.call_to)),
                 act=french.fmt_time(visit.act_time) if visit.act_time else "",
                 call=french.fmt_time(visit.call_time) if visit.call_time else "")
    reply.add(f"part_night_{status}", **hours)


def add_bill(reply: Reply, bill: Bill, codes: Dict[str, CodeInfo], visit: Visit) -> List[Source]:
    sources: List[Source] = []
    has_act = any(codes[line.code].kind == "act" for line in bill.lines)
    if bill.lines and not has_act:
        if len(bill.lines) > 1:
            reply.add("part_bill_compatible", codes=french.join([line.code for line in bill.lines]))
        sources.extend(codes[line.code].source for line in bill.lines)
    elif bill.lines:
        formula = " + ".join(f"{line.code} ({euros(line.value)})" for line in bill.lines)
        if bill.total is not None:
            reply.add("part_bill_total", formula=formula, total=french.fmt_amount(bill.total))
        elif not bill.partial_total:
            reply.add("part_bill_no_amount", missing=french.join(list(bill.missing_values)))
        else:
            missing = french.join(list(bill.missing_values))
            reply.add("part_bill_partial", formula=formula, partial=french.fmt_amount(bill.partial_total),
                      missing=missing)
        for line in bill.lines:
            sources.append(codes[line.code].source)
            if line.added:
                reply.add("part_bill_added", code=line.code, why=ADDED_WHY.get(line.code, codes[line.code].label))
        for code in bill.age_to_confirm:
            reply.add("part_bill_age_to_confirm", code=code, age=french.fmt_amount(codes[code].age_below))
    for refusal in bill.refused:
        add_refusal(reply, refusal, codes)
    add_night(reply, bill.night, visit)
    sources.extend(rule.source for rule in bill.rules_used)
    return sources


class ActionCotation(Action):
    def name(self) -> Text:
        return "action_cotation"

    @screened
    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        found, unknown = codes_in(tracker)
        reply = Reply(domain, tracker)
        try:
            visit = parse_visit(latest_text(tracker), found)
            if not found and not unknown and context_given(visit):  # "et pour un enfant de 2 ans ?" after "la G ?"
                found, earlier = cotation_said_before(tracker)
                visit = visit_since(tracker, parse_visit(latest_text(tracker), found), earlier)
            if not found and not unknown and consultation_implied(tracker):  # a GP: « comment dois-je coter ? »
                found = [gp_consultation(said_in_conversation(tracker))]
                visit = visit_since(tracker, parse_visit(latest_text(tracker), found), "")
        except ContextError as error:
            reply.add("part_context_error", message=str(error)).send(dispatcher)
            return []
        urgent = urgent_referral_majoration(latest_text(tracker), visit)
        implied = urgent if urgent is not None and urgent not in found else None
        if implied is not None:
            found = list(found) + [implied]
            visit = replace(visit, codes=tuple(found))
        if not found and not unknown and visit.act_time is None and not visit.sunday_or_holiday:
            return answer_question(dispatcher, tracker, domain) or []  # NGAP or CCAM, cumulation, tariffs
        codes = {c.code: c for c in kb().codes()}
        sources: List[Source] = []
        if unknown:
            reply.add("part_bill_unknown", codes=french.join([f"« {c} »" for c in unknown]))
        base = consultation_completed(found, codes, latest_text(tracker))
        if base is not None:
            found = [base] + found
            visit = replace(visit, codes=tuple(found))
        has_context = context_given(visit)
        counted = acts_counted(latest_text(tracker), codes[found[0]]) if len(found) == 1 else None
        if counted is not None and counted.asked > 1 and amount_asked(latest_text(tracker)):
            add_counted(reply, counted, codes[counted.code])  # « 6 VL dans l'année, combien max ? »
            reply.source(add_code(reply, codes[counted.code])).send(dispatcher)
            return []
        if len(found) == 1 and rule_asked(latest_text(tracker)):
            decision = decision_for(tracker)
            if rule_answered(decision):  # « l'APC peut-elle être cotée si… ? »: the fact on that rule
                return answer_question(dispatcher, tracker, domain, decision=decision) or []
        if len(found) == 1 and (not has_context or rule_asked(latest_text(tracker)) or alone_a_majoration(found, codes)):
            sources.extend(add_code(reply, codes[found[0]]))
        elif found or has_context:
            bill = compute(codes, kb().code_rules(), visit)
            sources.extend(add_bill(reply, bill, codes, visit))
            if base is not None:  # the total rests on it: said right after
                reply.add("part_bill_base_assumed", code=base, label=codes[base].label, majoration=found[1])
            if implied is not None:
                reply.add("part_bill_urgent_assumed", code=implied, label=codes[implied].label)
        tariffs = _rule("tariffs")
        if tariffs and any(codes[c].value is not None for c in found):
            reply.add("part_tariffs", text=tariffs.text)
            sources.append(tariffs.source)
        if not found and not unknown and not sources:
            reply.add("part_cotation_ask")
        reply.source(sources).send(dispatcher)
        return []
