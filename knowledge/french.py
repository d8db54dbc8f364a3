"""How times, days and lists read in French. Sentences themselves live in the domain's responses."""
from __future__ import annotations

from datetime import date, time
from typing import Dict, Iterable, List, Sequence, Tuple

WEEKDAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")


def fmt_time(value: time) -> str:
    """7 h, 13 h 30 (the way the CGSS writes hours in prose)."""
    return f"{value.hour} h" if value.minute == 0 else f"{value.hour} h {value.minute:02d}"


def fmt_duration_minutes(minutes: int) -> str:
    """39 h 30, 40 h (a number of hours and minutes, as hours are written in prose)."""
    hours, rest = divmod(minutes, 60)
    return f"{hours} h" if rest == 0 else f"{hours} h {rest:02d}"


def fmt_span(start: time, end: time) -> str:
    return f"de {fmt_time(start)} à {fmt_time(end)}"


def join(items: Sequence[str], last: str = "et") -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def fmt_day_month(value: date) -> str:
    """17 mars, 1er juin (a date of a year the message did not say)."""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]}"


def fmt_date(value: date) -> str:
    day = "1er" if value.day == 1 else str(value.day)
    return f"{WEEKDAY_NAMES[value.weekday()]} {day} {MONTHS[value.month - 1]}"


def fmt_week(spans_by_day: Dict[int, List[Tuple[time, time]]]) -> str:
    """Groups the days that share the same spans: "lundi et jeudi de 7 h à 17 h ; mardi … de 7 h à 13 h 30"."""
    groups: Dict[Tuple[Tuple[time, time], ...], List[int]] = {}
    for day in sorted(spans_by_day):
        key = tuple(spans_by_day[day])
        if key:
            groups.setdefault(key, []).append(day)
    parts = []
    for spans, days in sorted(groups.items(), key=lambda kv: kv[1][0]):
        parts.append(f"{fmt_days_of_week(days)} {join([fmt_span(a, b) for a, b in spans])}")
    return " ; ".join(parts)


def fmt_days_of_week(days: List[int]) -> str:
    """"du lundi au vendredi" for three days or more in a row, else each day: "mardi, mercredi et vendredi"."""
    if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
        return f"du {WEEKDAY_NAMES[days[0]]} au {WEEKDAY_NAMES[days[-1]]}"
    return join([WEEKDAY_NAMES[d] for d in days])


def fmt_day(spans: Iterable[Tuple[time, time]]) -> str:
    return join([fmt_span(a, b) for a, b in spans])


def fmt_amount(value: float) -> str:
    """37500 → "37 500" (French thousands separator); decimals only when there are some."""
    whole = int(round(value))
    if abs(value - whole) > 1e-9:
        return f"{value:,.2f}".replace(",", " ").replace(".", ",")
    return f"{whole:,}".replace(",", " ")


def fmt_days(value: float) -> str:
    """3.5 → "3 jours et demi", 1 → "1 jour", 0.5 → "une demi-journée"."""
    whole = int(value)
    half = value - whole >= 0.5
    if whole == 0:
        return "une demi-journée" if half else "0 jour"
    text = f"{whole} jour" + ("s" if whole > 1 else "")
    return text + (" et demi" if half else "")


def at_place(name: str) -> str:
    """"Le Lorrain" → "au Lorrain", "Les Trois-Îlets" → "aux Trois-Îlets", "Ducos" → "à Ducos"."""
    if name.startswith("Le "):
        return "au " + name[3:]
    if name.startswith("Les "):
        return "aux " + name[4:]
    return "à " + name
