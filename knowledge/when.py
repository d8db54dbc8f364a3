"""Reading a day and a time of day from how professionals write them ("vend 14h", "demain matin", "2h de l'aprem").

Returns plain values; resolving "aujourd'hui" or "demain" needs "now", which the caller passes in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from difflib import get_close_matches
from typing import Optional, Tuple

from knowledge.text import normalize_words, strip_accents

WEEKDAY_WORDS = {
    "lundi": 0, "lun": 0, "lundis": 0,
    "mardi": 1, "mardis": 1,
    "mercredi": 2, "mer": 2, "merc": 2, "mercr": 2, "mercredis": 2,
    "jeudi": 3, "jeu": 3, "jeudis": 3,
    "vendredi": 4, "ven": 4, "vend": 4, "vendr": 4, "vendredis": 4,
    "samedi": 5, "sam": 5, "samedis": 5,
    "dimanche": 6, "dim": 6, "dimanches": 6,
}
FULL_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
RELATIVE_DAYS = {
    "aujourd hui": 0, "aujourdhui": 0, "auj": 0, "ajd": 0, "aujd": 0, "ce jour": 0, "ce matin": 0,
    "cet apres midi": 0, "cet aprem": 0, "ce soir": 0, "maintenant": 0, "now": 0,
    "demain": 1, "dmain": 1, "demin": 1,
    "apres demain": 2, "apres dmain": 2,
}
# Parts of the day, local time: [start, end).
PERIODS = {
    "matin": (time(6, 0), time(12, 0)), "matinee": (time(6, 0), time(12, 0)),
    "midi": (time(12, 0), time(14, 0)),
    "apres midi": (time(13, 0), time(18, 0)), "aprem": (time(13, 0), time(18, 0)),
    "soir": (time(17, 0), time(22, 0)), "soiree": (time(17, 0), time(22, 0)),
}
_TIME = re.compile(r"\b([01]?\d|2[0-3])\s*(?:h|heures?|:)\s*([0-5]\d)?\b")
_AFTERNOON = re.compile(r"\b(apres midi|aprem|de l apres midi|du soir|pm)\b")


@dataclass(frozen=True)
class DayRef:
    """A weekday (0 = Monday), and the date when the user named a relative day such as "demain"."""

    weekday: int
    on: Optional[date] = None


def parse_day(text: str, now: Optional[datetime] = None) -> Optional[DayRef]:
    words = normalize_words(text)
    padded = f" {words} "
    for phrase, offset in sorted(RELATIVE_DAYS.items(), key=lambda kv: -len(kv[0])):
        if f" {phrase} " in padded and now is not None:
            day = now.date() + timedelta(days=offset)
            return DayRef(day.weekday(), day)
    for token in words.split():
        if token in WEEKDAY_WORDS:
            return DayRef(WEEKDAY_WORDS[token])
    for token in words.split():
        if len(token) >= 5:
            close = get_close_matches(token, FULL_WEEKDAYS, n=1, cutoff=0.8)
            if close:
                return DayRef(FULL_WEEKDAYS.index(close[0]))
    return None


def parse_time(text: str) -> Optional[time]:
    """"14h", "14 h 30", "14:00", "2h de l'aprem", "midi", "minuit"; None when no time is given."""
    raw = strip_accents(text).lower()
    match = _TIME.search(raw)
    if match:
        hours, minutes = int(match.group(1)), int(match.group(2) or 0)
        if 0 < hours <= 8 and _AFTERNOON.search(normalize_words(raw[match.end():])):
            hours += 12
        return time(hours, minutes)
    padded = f" {normalize_words(text)} "
    if " midi " in padded and " apres midi " not in padded:
        return time(12, 0)
    if " minuit " in padded:
        return time(0, 0)
    return None


def parse_period(text: str) -> Optional[Tuple[str, Tuple[time, time]]]:
    """A part of the day named without an hour ("vendredi après-midi"): its name and its span."""
    padded = f" {normalize_words(text)} "
    for name, span in sorted(PERIODS.items(), key=lambda kv: -len(kv[0])):
        if f" {name} " in padded:
            return name, span
    return None


_MONTH_NUMBERS = {"janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4, "mai": 5,
                  "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9, "octobre": 10, "oct": 10,
                  "novembre": 11, "nov": 11, "decembre": 12, "dec": 12}
_DATE = re.compile(r"\b(1er|[0-3]?\d)\s+(" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")\b")
# A delay counted in days in a rule: « au plus tard 14 jours après », « dans les 8 jours », « sous 15 jours ».
_LATEST = re.compile(r"\bau plus tard (?:dans les |sous |dans un delai de )?(\d{1,3}) jours\b")
_WITHIN = re.compile(r"\b(?:dans les|sous|dans un delai de|delai de) (\d{1,3}) jours\b")


def parse_date_said(text: str, year: int) -> Optional[date]:
    """A day and month written in a message (« le 3 mars », « 1er juin »), in the given year; None when none is."""
    match = _DATE.search(normalize_words(text))
    if not match:
        return None
    day = 1 if match.group(1) == "1er" else int(match.group(1))
    try:
        return date(year, _MONTH_NUMBERS[match.group(2)], day)
    except ValueError:
        return None


def delay_in_days(rule: str) -> Optional[int]:
    """The delay in days a rule's text gives, its « au plus tard » one first; None when it gives none."""
    words = normalize_words(rule)
    match = _LATEST.search(words) or _WITHIN.search(words)
    return int(match.group(1)) if match else None


def date_plus_days(start: date, days: int) -> date:
    return start + timedelta(days=days)
