"""Public holidays and customary days off in Martinique.

The source documents give the platform's weekly hours but say nothing of holidays: on these days the assistant
must say it does not know, rather than apply the weekday's hours. Calendar rules, not CGSS facts.
"""
from __future__ import annotations

from datetime import date
from typing import Optional

FIXED = {
    (1, 1): "Jour de l'an",
    (5, 1): "Fête du Travail",
    (5, 8): "Victoire de 1945",
    (5, 22): "Abolition de l'esclavage en Martinique",
    (7, 14): "Fête nationale",
    (7, 21): "Fête de Victor Schœlcher",
    (8, 15): "Assomption",
    (11, 1): "Toussaint",
    (11, 11): "Armistice de 1918",
    (12, 25): "Noël",
}
# Days counted from Easter Sunday.
FROM_EASTER = {
    -48: "Lundi gras",
    -47: "Mardi gras",
    -46: "Mercredi des Cendres",
    -2: "Vendredi saint",
    1: "Lundi de Pâques",
    39: "Ascension",
    50: "Lundi de Pentecôte",
}


def easter(year: int) -> date:
    """Easter Sunday (Gregorian calendar, anonymous algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


def holiday_name(day: date) -> Optional[str]:
    """The holiday's French name when `day` is a public holiday or customary day off in Martinique, else None."""
    if (day.month, day.day) in FIXED:
        return FIXED[(day.month, day.day)]
    offset = (day - easter(day.year)).days
    return FROM_EASTER.get(offset)

