"""Billing codes in a professional's words, and the total of a bill computed by the rules of the documents.

Recognition: codes of two letters or more ("meg", "MCG?", "g+meg") are taken as whole words in any case; a
one-letter code (G, C, V) only where the context shows it is a code ("une G", "en G", "G+MEG", "coter C"), because
"vitamine C", "c'est" or "8 h" are ordinary French.

Calculation: pure functions over the codes and rules the knowledge base holds (CodeInfo, RuleInfo). Amounts come
from the knowledge base only; a code whose amount no document gives is listed as such, and the total is then
given as partial, never completed by a guess.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import time
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from knowledge.numbers import COUNTED_WORDS, counts_as_digits, numbers_in_digits
from knowledge.queries import CodeInfo, RuleInfo
from knowledge.text import strip_accents

_TOKEN = re.compile(r"[A-Za-z0-9ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜàâäçéèêëîïôöùûü]+")
# Words after which a lone letter is a billing code: "une G", "en C", "coter V", "lettre clé G".
_CODE_CONTEXT = {"une", "un", "en", "coter", "cote", "cotee", "cotation", "code", "codes", "cle", "facturer",
                 "facture", "factures", "tarif", "ou", "et", "plus", "avec", "sans", "puis"}
# Words after which a capital letter is not a code: "vitamine C", "hépatite C", "zone A", "plan B".
_LETTER_NAMES = {"vitamine", "hepatite", "zone", "plan", "groupe", "secteur", "annexe", "type", "classe",
                 "categorie", "article", "lettre", "note", "niveau", "option", "page", "point", "partie", "colonne",
                 "batiment", "bat", "escalier", "porte", "bloc", "residence", "immeuble", "salle"}


# Words after which a lowercase « c » is the SMS « c'est » ("et c mon patient", "c pas possible", "c koi la MCG").
_AFTER_SMS_CEST = {"mon", "ma", "mes", "son", "sa", "ses", "le", "la", "les", "un", "une", "du", "des", "pas",
                   "quoi", "koi", "qui", "quand", "combien", "cb", "comment", "ou", "pour", "possible", "normal",
                   "obligatoire", "vrai", "bon", "ok", "bien", "juste", "tout", "ca", "en", "au", "a", "sur"}


def _plain(word: str) -> str:
    return strip_accents(word).lower()


def recognise(text: str, known: Iterable[str]) -> List[str]:
    """The billing codes named in a message, in order, each once; only codes the knowledge base knows."""
    known_codes = {c.upper() for c in known}
    found: List[str] = []
    tokens = list(_TOKEN.finditer(text or ""))
    for i, token in enumerate(tokens):
        word = token.group()
        code = strip_accents(word).upper()
        if code not in known_codes or code in found:
            continue
        after = text[token.end():token.end() + 1]
        if after in ("'", "’"):
            continue  # c'est, l'acte
        if len(code) == 1 and not _single_letter_is_code(text, tokens, i, known_codes):
            continue
        found.append(code)
    return found


def _is_multi_letter_code(token: Optional[re.Match], known: set) -> bool:
    return token is not None and len(token.group()) > 1 and strip_accents(token.group()).upper() in known


def _single_letter_is_code(text: str, tokens: Sequence[re.Match], i: int, known: set) -> bool:
    token = tokens[i]
    before = _plain(tokens[i - 1].group()) if i > 0 else ""
    if before in _LETTER_NAMES:
        return False
    previous = tokens[i - 1] if i > 0 else None
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    gap_before = text[previous.end():token.start()] if previous else ""
    gap_after = text[token.end():following.start()] if following else text[token.end():]
    if any(j in gap_after for j in ("+", "/")) or "+" in gap_before or "/" in gap_before:
        return True
    # Before another code with only a space or a comma between ("g meg", "g,mcg"), or after one with a comma
    # ("MCG, G"); after one with a space it is the SMS "c" of "le mcg c pour qui".
    if (_is_multi_letter_code(following, known) and gap_after.strip() in ("", ",")) or \
            (_is_multi_letter_code(previous, known) and gap_before.strip() == ","):
        return True
    if token.group() == "c" and following is not None and _plain(following.group()) in _AFTER_SMS_CEST:
        return False
    if before in _CODE_CONTEXT:
        return True
    if token.group().isupper():
        # A capital letter alone is a code unless a number follows ("C 3"), other than an amount ("G 26,50 €").
        rest = text[token.end():]
        return not re.match(r"\s*\d", rest) or bool(re.match(r"\s*\d+([.,]\d+)?\s*(€|euros?)", rest))
    return False


# --- the bill ---------------------------------------------------------------------------------------------------

TWO_ACTS = "two_acts"
AGE = "age"
ROLE = "role"
TARGET = "target"
NOT_WITH = "not_with"
CCAM = "ccam"


@dataclass(frozen=True)
class Visit:
    """The situation of a bill: the codes asked for and what the message says of the patient and the moment."""

    codes: Tuple[str, ...]
    age: Optional[float] = None           # years; months count as fractions
    role: Optional[str] = None            # "treating" (médecin traitant) or "correspondent"
    act_time: Optional[time] = None
    call_time: Optional[time] = None
    sunday_or_holiday: bool = False


@dataclass(frozen=True)
class Line:
    code: str
    label: str
    value: Optional[float]
    added: bool = False                   # added by the rules, not asked for ("G for a 4-year-old" → MEG)


@dataclass(frozen=True)
class Refusal:
    code: str
    reason: str                           # one of the constants above
    other: Optional[str] = None           # the code it conflicts with
    rule_text: Optional[str] = None


@dataclass(frozen=True)
class Bill:
    lines: Tuple[Line, ...]
    refused: Tuple[Refusal, ...]
    unknown: Tuple[str, ...]              # codes the knowledge base does not know
    night: Optional[str]                  # None, "applies", "if_called", "call_outside", "not_night", "sunday"
    rules_used: Tuple[RuleInfo, ...]
    age_to_confirm: Tuple[str, ...] = ()  # kept codes whose age condition the message did not allow to check

    @property
    def total(self) -> Optional[float]:
        """The sum, when every line has an amount; None otherwise (see partial_total and missing_values)."""
        if not self.lines or any(line.value is None for line in self.lines):
            return None
        return round(sum(line.value for line in self.lines), 2)

    @property
    def partial_total(self) -> float:
        return round(sum(line.value or 0 for line in self.lines), 2)

    @property
    def missing_values(self) -> Tuple[str, ...]:
        return tuple(line.code for line in self.lines if line.value is None)


def _in_window(moment: time, start: str, end: str) -> bool:
    """True when the moment is in [start, end), the window possibly running over midnight."""
    begin, finish = time.fromisoformat(start), time.fromisoformat(end)
    if begin <= finish:
        return begin <= moment < finish
    return moment >= begin or moment < finish


def night_status(rule: Optional[RuleInfo], act_time: Optional[time], call_time: Optional[time],
                 sunday_or_holiday: bool = False) -> Optional[str]:
    """Whether the night (or Sunday, public holiday) majoration applies, by the hours of the act and of the call."""
    if sunday_or_holiday:
        return "sunday"
    if rule is None or act_time is None:
        return None
    if not _in_window(act_time, rule.act_from, rule.act_to):
        return "not_night"
    if call_time is None:
        return "if_called"
    return "applies" if _in_window(call_time, rule.call_from, rule.call_to) else "call_outside"


def _rules(rules: Sequence[RuleInfo], kind: str) -> List[RuleInfo]:
    return [r for r in rules if r.kind == kind]


def compute(codes: Dict[str, CodeInfo], rules: Sequence[RuleInfo], visit: Visit) -> Bill:
    """The bill for a visit: lines kept, codes refused with their reason, unknown codes, the night status."""
    unknown = tuple(c for c in visit.codes if c not in codes)
    asked = [codes[c] for c in visit.codes if c in codes]
    kept: List[Line] = []
    refused: List[Refusal] = []
    used: Dict[str, RuleInfo] = {}

    acts = [c for c in asked if c.kind == "act"]
    act = acts[0] if acts else None
    for extra in acts[1:]:
        refused.append(Refusal(extra.code, TWO_ACTS, act.code))

    def refuse_if_incompatible(code: CodeInfo) -> Optional[Refusal]:
        if visit.role and code.role and code.role != visit.role:
            return Refusal(code.code, ROLE)
        if code.age_below is not None and visit.age is not None and visit.age >= code.age_below:
            return Refusal(code.code, AGE)
        present = [line.code for line in kept]
        for rule in _rules(rules, "not_with"):
            if rule.code == code.code and any(o in present for o in rule.others):
                used[rule.id] = rule
                return Refusal(code.code, NOT_WITH, next(o for o in rule.others if o in present), rule.text)
            if code.code in rule.others and rule.code in present:
                used[rule.id] = rule
                return Refusal(code.code, NOT_WITH, rule.code, rule.text)
        for rule in _rules(rules, "ccam_exclusive"):
            others_kind = {line.code: codes[line.code].kind for line in kept}
            if code.kind == "ccam" and code.code not in rule.exceptions and "act" in others_kind.values():
                used[rule.id] = rule
                return Refusal(code.code, CCAM, act.code if act else None, rule.text)
            if code.kind == "act" and any(k == "ccam" and c not in rule.exceptions for c, k in others_kind.items()):
                used[rule.id] = rule
                return Refusal(code.code, CCAM, None, rule.text)
        if code.kind == "majoration" and act and code.applies_to and act.code not in code.applies_to:
            return Refusal(code.code, TARGET, act.code)
        return None

    ordered = ([act] if act else []) + [c for c in asked if c.kind != "act"]
    for code in ordered:
        refusal = refuse_if_incompatible(code)
        if refusal:
            refused.append(refusal)
        else:
            kept.append(Line(code.code, code.label, code.value))

    # Majorations the situation calls for although not asked: MEG for a young child, MCG for a correspondent.
    if act:
        for code in codes.values():
            if code.kind != "majoration" or act.code not in code.applies_to or code.code in visit.codes:
                continue
            wanted = (code.age_below is not None and visit.age is not None and visit.age < code.age_below) or \
                (code.code == "MCG" and visit.role == "correspondent")
            if wanted and refuse_if_incompatible(code) is None:
                kept.append(Line(code.code, code.label, code.value, added=True))

    age_to_confirm = tuple(line.code for line in kept
                           if codes[line.code].age_below is not None and visit.age is None)
    night_rules = _rules(rules, "night")
    night = night_status(night_rules[0] if night_rules else None, visit.act_time, visit.call_time,
                         visit.sunday_or_holiday)
    if night is not None and night_rules:
        used[night_rules[0].id] = night_rules[0]
    return Bill(tuple(kept), tuple(refused), unknown, night, tuple(used.values()), age_to_confirm)


# --- the situation, as the message tells it ----------------------------------------------------------------------

_HOUR = re.compile(r"(?<![\d,.])(\d{1,2})\s*(?:heures?|h|:)\s*(\d{1,2})?(?![\d])")
# A number of hours counted from now or from a request (« vu dans les 48 heures », « sous 24 h ») is no hour of the day.
_HOURS_ELAPSED = re.compile(r"\b(?:il y a|depuis|dans(?: les)?|sous|pendant|durant|en moins de|moins de|plus de|"
                            r"delai de|d ici(?: les)?)\s+\d{1,3}\s*(?:h|heures?)\b")
_CALL_WORDS = re.compile(r"\b(?:appel\w*|appele\w*|sollicite\w*|demande\w*)\s*(?:a|vers|de|pour)?\s*$")
_AGE_YEARS = re.compile(r"(?<![\d,.])(\d{1,3})\s*(?:ans?|a)\b")
_AGE_MONTHS = re.compile(r"(?<![\d,.])(\d{1,3})\s*mois\b")
_AGE_DAYS = re.compile(r"(?<![\d,.])(\d{1,3})\s*(?:jours?|j)\b(?!\s*(?:par|/|sur)\s*sem)")
# A time elapsed or to come ("vu il y a 3 mois", "depuis 2 ans", "dans 10 jours") is not the patient's age.
_ELAPSED = re.compile(r"\b(?:il y a|depuis|dans|pendant|durant|apres|avant)\s+(?:plus de |moins de )?\d{1,3}\s*"
                      r"(?:ans?|mois|jours?|j|semaines?)\b")
_NEWBORN = re.compile(r"\b(?:nouveaux?[ -]nes?|nourrisson|bebe)\b")
_CORRESPONDENT = re.compile(r"\b(?:correspondant|correspondante|pas (?:son|le|mon|sa) (?:medecin )?traitant|"
                            r"pas (?:son|le) mt|non mt|adresse par (?:son|le|sa) (?:medecin traitant|mt)|"
                            r"envoye par (?:son|le|sa) (?:medecin traitant|mt)|hors medecin traitant|"
                            r"a (?:leur|son|sa) (?:medecin traitant|mt)|loin de (?:leur|sa|son) residence|"
                            r"(?:medecin traitant|mt|confrere) (?:me|m) (?:demande|adresse|envoie|appelle|sollicite|"
                            r"a demande|a adresse|a envoye|a appele|a sollicite)|"
                            r"(?:medecin traitant|mt|confrere) m(?:demande|adresse|envoie|appelle|sollicite)|"  # SMS
                            r"(?:voir|recevoir|vois|recois|prendre en charge) (?:son|leur) patient)\b")
_TREATING = re.compile(r"\b(?:medecin traitant|mt|en tant que traitant|son traitant|mon patient|ma patiente|"
                       r"mes patients|ma patientele)\b")
_SUNDAY = re.compile(r"\b(?:dimanche|ferie|feries|jour ferie|jours feries)\b")
MAX_AGE = 120


_COUNT = r"(\d{1,3}|" + "|".join(sorted(COUNTED_WORDS, key=len, reverse=True)) + r")"
# A yearly cap as the knowledge base's conditions write it: « 4 VL au plus par an ».
_YEARLY_CAP = r"\b(\d+) {code}s? au plus par an\b"


@dataclass(frozen=True)
class Counted:
    """Several acts of one code billed over a year: how many were asked, how many may be billed, their total."""
    code: str
    asked: int
    billed: int
    cap: Optional[int]
    total: float


def acts_counted(text: str, code: CodeInfo) -> Optional[Counted]:
    """The total of the acts of a code a message counts (« 6 VL dans l'année », « cinq VSP »), within the code's yearly
    cap when its conditions give one; None when the message counts none or the code has no amount."""
    if code.value is None:
        return None
    words = numbers_in_digits(normalize_words_keep_colon(text))
    found = re.search(_COUNT + r"\s+" + re.escape(code.code.lower()) + r"s?\b", words)
    if not found:
        return None
    asked = int(found.group(1)) if found.group(1).isdigit() else COUNTED_WORDS[found.group(1)]
    capped = re.search(_YEARLY_CAP.format(code=re.escape(code.code.lower())),
                       normalize_words_keep_colon(code.conditions or ""))
    cap = int(capped.group(1)) if capped else None
    billed = min(asked, cap) if cap is not None else asked
    return Counted(code.code, asked, billed, cap, round(billed * code.value, 2))


class ContextError(ValueError):
    """A figure in the message that cannot be right (25 h, 130 ans); the message says what is expected."""


def parse_visit(text: str, codes: Sequence[str]) -> Visit:
    """The codes with what the message says of the patient's age, the doctor's role and the hours."""
    words = normalize_words_keep_colon(text)
    age = _age(words)
    role = "correspondent" if _CORRESPONDENT.search(words) else "treating" if _TREATING.search(words) else None
    act_time, call_time = _times(words)
    return Visit(tuple(codes), age=age, role=role, act_time=act_time, call_time=call_time,
                 sunday_or_holiday=bool(_SUNDAY.search(words)))


def with_earlier(current: Visit, earlier: Visit) -> Visit:
    """A follow-up's visit: what it says, and for what it leaves unsaid, what the earlier message said of the same
    visit (« un enfant de 4 ans dont je suis le MT », then « et en correspondant ? »: still 4 years old)."""
    return replace(current, age=current.age if current.age is not None else earlier.age,
                   role=current.role or earlier.role,
                   act_time=current.act_time or earlier.act_time, call_time=current.call_time or earlier.call_time,
                   sunday_or_holiday=current.sunday_or_holiday or earlier.sunday_or_holiday)


def normalize_words_keep_colon(text: str) -> str:
    """Lower case, no accents, ":" of "22:30" kept, other punctuation as spaces."""
    lowered = strip_accents(text).lower().replace("’", "'")
    return re.sub(r"\s+", " ", re.sub(r"[^0-9a-z:-]+", " ", lowered)).strip()


_NEGATIVE_AGE = re.compile(r"(?:^|\s)-\s*\d+\s*(?:ans?|mois)\b")


def _age(words: str) -> Optional[float]:
    words = _ELAPSED.sub(" ", counts_as_digits(words))
    if _NEGATIVE_AGE.search(words):
        raise ContextError("Un âge ne peut pas être négatif : quel âge a le patient ?")
    for pattern, divisor in ((_AGE_MONTHS, 12.0), (_AGE_YEARS, 1.0), (_AGE_DAYS, 365.0)):
        match = pattern.search(words)
        if match:
            value = int(match.group(1)) / divisor
            if value > MAX_AGE:
                raise ContextError(f"Un âge de {match.group(1)} {'mois' if divisor == 12 else 'ans'} n'est pas "
                                   "possible : quel âge a le patient ?")
            return round(value, 3)
    return 0.0 if _NEWBORN.search(words) else None


def _times(words: str) -> Tuple[Optional[time], Optional[time]]:
    """The hour of the act and of the call, in digits or in words (« appelé à dix-huit heures trente »)."""
    words = _HOURS_ELAPSED.sub(" ", numbers_in_digits(words.replace("-", " ")))
    act_time = call_time = None
    for match in _HOUR.finditer(words):
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour > 23 or minute > 59:
            raise ContextError(f"« {match.group(0).strip()} » n'est pas une heure : indiquez-la entre 0 h et 23 h 59.")
        moment = time(hour, minute)
        if _CALL_WORDS.search(words[:match.start()]) and call_time is None:
            call_time = moment
        elif act_time is None:
            act_time = moment
    return act_time, call_time
