"""Reading the figures professionals type: days of activity per week ("3j1/2", "trois jours et demi", "2,5"), ages.

Parsers return a value or raise ValueError with a French message saying what is expected, so that a form can
show it as is and nothing wrong is stored.
"""
from __future__ import annotations

import re
from typing import Optional

from knowledge.text import normalize_words

_NUMBER_WORDS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
                 "huit": 8, "neuf": 9, "dix": 10, "zero": 0}
_HALF = r"(?:et\s+demi|demi)"
_NUMBER = r"(?P<n>\d+(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")"
_DAYS = re.compile(r"(?<![\w.])" + _NUMBER + r"\s*(?P<half1>" + _HALF + r")?\s*"
                   r"(?P<unit>jours?|journees?|jrs?|js|j)?(?![a-z])\s*(?P<half2>" + _HALF + r"(?!\s*journee))?")
# Days counted over a month or a year (« une journée par mois », « 10 jours par an »): not days of a week.
_NOT_WEEKLY = re.compile(r"\s*(?:(?:par|chaque|tous les|dans l|sur l|l)\s+)?(?:mois|ans?|annees?)\b")
_ONLY_NUMBER = re.compile(r"^(?:a\s+)?" + _NUMBER + r"(?:\s+(?P<half>" + _HALF + r"))?$")
_HALF_DAY = re.compile(r"\b(?:une|1)\s+demi\s+journees?\b")
_AGE = re.compile(r"(?<!\d)(\d{2,3})\s*(?:ans|an)\b")
COUNTED_WORDS = {**_NUMBER_WORDS, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16}
_COUNTED = re.compile(r"\b(" + "|".join(sorted(COUNTED_WORDS, key=len, reverse=True)) + r")(?=\s+(?:ans?|mois|jours?|"
                      r"semaines?)\b)")


_SMALL = {"zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
          "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
          "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
_SCALES = {"cent": 100, "cents": 100, "mille": 1000, "million": 1_000_000, "millions": 1_000_000}
_NUMBER_WORD = "(?:" + "|".join(sorted(list(_SMALL) + list(_SCALES), key=len, reverse=True)) + ")"
_NUMBER_RUN = re.compile(r"\b(?:" + _NUMBER_WORD + r"(?:\s+et)?\s+)*" + _NUMBER_WORD + r"\b")


def is_a_number(word: str) -> bool:
    """Whether a normalised word is a number, in digits or in words (« 6 », « six », « vingt »)."""
    return word.isdigit() or word in _SMALL or word in _SCALES


def _run_value(run: str) -> int:
    """The value of French number words in a row: "deux cent cinquante mille" → 250000, "quatre vingt cinq" → 85."""
    total, current = 0, 0
    words = [w for w in run.split() if w != "et"]
    for index, word in enumerate(words):
        if word in ("vingt", "vingts") and index and words[index - 1] == "quatre":
            current += 80 - 4  # "quatre vingt": the four was counted already
        elif word in _SMALL:
            current += _SMALL[word]
        elif word in ("cent", "cents"):
            current = (current or 1) * 100
        else:
            total += (current or 1) * _SCALES[word]
            current = 0
    return total + current


def numbers_in_digits(words: str) -> str:
    """Numbers written in words as digits, in normalised words ("cent cinquante mille euros" → "150000 euros",
    "quatre vingt cinq ans" → "85 ans"), as a phone transcript gives them. A lone small word ("un patient",
    "trois jours") is left as it is: its own parser reads it in its context."""
    def digits(match: "re.Match[str]") -> str:
        run = match.group(0)
        if run.startswith("zero"):
            return run  # a phone number read pair by pair, not an amount
        if len([w for w in run.split() if w != "et"]) < 2 and run not in _SCALES and _SMALL.get(run, 0) <= 16:
            return run
        return str(_run_value(run))

    return _NUMBER_RUN.sub(digits, words)


def counts_as_digits(words: str) -> str:
    """Counted durations and ages written in words as digits ("trois ans" → "3 ans"), in normalised words."""
    return _COUNTED.sub(lambda m: str(COUNTED_WORDS[m.group(1)]), words)
MAX_DAYS = 7


class ParseError(ValueError):
    """Input that cannot be taken as it is; the message (French) says what is expected."""


def _prepare(text: str) -> str:
    """Lower case, no accents; "½" and "1/2" become "demi", a decimal comma a point."""
    text = re.sub(r"(\d)\s*,\s*(\d)", r"\1.\2", text.replace("½", " demi "))
    text = re.sub(r"(?<!\d)1\s*/\s*2(?!\d)", " demi ", text)
    return normalize_words(text)


def counted_over_month_or_year(after: str) -> bool:
    """Whether the words after a count of days put it over a month or a year (« … par mois », « … par an »)."""
    return bool(_NOT_WEEKLY.match(_prepare(after)))


def parse_days_per_week(text: str) -> Optional[float]:
    """Days of activity per week in half days, or None when the text gives no number of days.

    Raises ParseError for a number that cannot be days of a week (0, 8, 3.3…).
    """
    prepared = _prepare(text)
    if re.search(r"\btemps plein\b|\bmi temps\b|\btemps partiel\b", prepared):
        if not re.search(r"\d|" + "|".join(rf"\b{w}\b" for w in _NUMBER_WORDS), prepared):
            raise ParseError("Combien de jours par semaine exactement ? "
                             "Par exemple « 4 jours » ou « 2 jours et demi ».")
    if _HALF_DAY.search(prepared) and not re.search(r"\d\s*(?:jours?|j)\b", prepared):
        return 0.5
    match = next((m for m in _DAYS.finditer(prepared) if m.group("unit") and not _NOT_WEEKLY.match(prepared, m.end())),
                 None) or _ONLY_NUMBER.match(prepared)
    if match is None:
        return None
    raw = match.group("n")
    value = float(_NUMBER_WORDS[raw]) if raw in _NUMBER_WORDS else float(raw)
    halves = [g for g in ("half1", "half2", "half") if g in match.groupdict() and match.group(g)]
    if halves or (match.group("n") and re.search(r"\bet (?:une|1) demi journee", prepared)):
        value += 0.5
    if value <= 0:
        raise ParseError("Il faut au moins une demi-journée par semaine : combien de jours exercez-vous ?")
    if value > MAX_DAYS:
        raise ParseError(f"Une semaine compte {MAX_DAYS} jours : combien de jours par semaine exercerez-vous "
                         "dans la commune ?")
    if value * 2 != int(value * 2):
        raise ParseError("Indiquez les jours par demi-journées, par exemple « 3 jours » ou « 3 jours et demi ».")
    return value


def parse_age(text: str) -> Optional[int]:
    """An age written "62 ans", or None. Raises ParseError for an impossible working age."""
    match = _AGE.search(numbers_in_digits(normalize_words(text)))
    if not match:
        return None
    age = int(match.group(1))
    if not 20 <= age <= 100:
        raise ParseError("Cet âge ne semble pas possible : quel âge avez-vous ?")
    return age


_TRAINEE_MONTHS = re.compile(r"\b(\d{1,2}) mois\b")
_WHOLE_YEAR = re.compile(r"\b(?:toute l annee|l annee entiere|toute une annee|un an|1 an|12 mois)\b")
_TRAINEE = re.compile(r"\b(?:stage|stages|stagiaire|stagiaires|interne|internes|externe)\b")


def parse_trainee_months(text: str) -> Optional[int]:
    """The months a trainee is hosted, when a message speaks of one ("un stagiaire à temps plein pendant 6 mois",
    "le stage dure quatre mois"), or None."""
    words = counts_as_digits(numbers_in_digits(normalize_words(text)))
    if not _TRAINEE.search(words):
        return None
    if _WHOLE_YEAR.search(words):
        return 12
    match = _TRAINEE_MONTHS.search(words)
    return int(match.group(1)) if match and 0 < int(match.group(1)) <= 12 else None


_PER_MONTH = re.compile(r"\b(?:par mois|mensuel|mensuelle|chaque mois|le mois)\b")


def trainee_monthly_asked(text: str) -> bool:
    """Whether a message speaks of a trainee and asks for a monthly figure (« j'ai un stagiaire à mi-temps, le COSCOM
    me donne combien par mois pour lui ? »)."""
    words = normalize_words(text)
    return bool(_TRAINEE.search(words) and _PER_MONTH.search(words))


def trainee_share(text: str) -> float:
    """The share of full time a trainee is hosted: one half for « à mi-temps », else full time."""
    return 0.5 if re.search(r"\bmi temps\b", normalize_words(text)) else 1.0
