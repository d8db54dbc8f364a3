"""Whether a service is open at a given moment, computed from its weekly slots in Martinique time.

Pure: "now" is always a parameter, so tests fix it and answers never depend on the server's clock or zone.
Martinique is UTC−4 all year (no daylight saving time).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Dict, List, Optional, Sequence, Tuple
from zoneinfo import ZoneInfo

from knowledge.holidays import holiday_name

MARTINIQUE = ZoneInfo("America/Martinique")
OPEN, OFF_PEAK = "open", "off_peak"


@dataclass(frozen=True)
class Slot:
    weekday: int  # 0 = Monday
    opens: time
    closes: time
    kind: str = OPEN

    def contains(self, moment: time) -> bool:
        return self.opens <= moment < self.closes


@dataclass(frozen=True)
class Status:
    """What can be said of one moment. `known` is False on a holiday: the weekly hours may not apply."""

    moment: datetime
    known: bool
    is_open: bool
    off_peak: bool
    holiday: Optional[str]
    closes_at: Optional[time]
    next_opening: Optional[datetime]


def parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def to_local(moment: datetime) -> datetime:
    """Martinique local time; a naive datetime is taken as already local."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=MARTINIQUE)
    return moment.astimezone(MARTINIQUE)


def day_slots(slots: Sequence[Slot], weekday: int, kind: str = OPEN) -> List[Slot]:
    return sorted((s for s in slots if s.weekday == weekday and s.kind == kind), key=lambda s: s.opens)


def next_opening(slots: Sequence[Slot], after: datetime, horizon_days: int = 14) -> Optional[datetime]:
    """First opening strictly after `after`, skipping holidays (whose hours are unknown)."""
    after = to_local(after)
    for offset in range(horizon_days):
        day: date = after.date() + timedelta(days=offset)
        if holiday_name(day):
            continue
        for slot in day_slots(slots, day.weekday()):
            start = datetime.combine(day, slot.opens, tzinfo=MARTINIQUE)
            if start > after:
                return start
    return None


def status_at(slots: Sequence[Slot], moment: datetime) -> Status:
    local = to_local(moment)
    holiday = holiday_name(local.date())
    if holiday:
        return Status(local, False, False, False, holiday, None, next_opening(slots, local))
    open_slot = slot_at(slots, local.weekday(), local.time())
    off_peak = slot_at(slots, local.weekday(), local.time(), OFF_PEAK) is not None
    return Status(
        moment=local,
        known=True,
        is_open=open_slot is not None,
        off_peak=bool(open_slot) and off_peak,
        holiday=None,
        closes_at=open_slot.closes if open_slot else None,
        next_opening=None if open_slot else next_opening(slots, local),
    )


def slot_at(slots: Sequence[Slot], weekday: int, moment: time, kind: str = OPEN) -> Optional[Slot]:
    """The slot of that weekday's usual week containing `moment` (no holiday check: "le vendredi à 14 h")."""
    return next((s for s in day_slots(slots, weekday, kind) if s.contains(moment)), None)


def week_spans(slots: Sequence[Slot], kind: str = OPEN) -> Dict[int, List[Tuple[time, time]]]:
    """Weekday -> its spans of that kind, in order: the shape French formatting of a week expects."""
    week: Dict[int, List[Tuple[time, time]]] = {}
    for slot in sorted((s for s in slots if s.kind == kind), key=lambda s: (s.weekday, s.opens)):
        week.setdefault(slot.weekday, []).append((slot.opens, slot.closes))
    return week


def weekly_minutes(slots: Sequence[Slot], kind: str = OPEN) -> int:
    """How many minutes a week the service is open (the spans of that kind added up)."""
    return sum((s.closes.hour * 60 + s.closes.minute) - (s.opens.hour * 60 + s.opens.minute)
               for s in slots if s.kind == kind)


def open_during(slots: Sequence[Slot], weekday: int, start: time, end: time) -> List[Tuple[time, time]]:
    """The parts of [start, end) of a weekday when the service is open (e.g. "le vendredi après-midi")."""
    spans = []
    for slot in day_slots(slots, weekday):
        lo, hi = max(slot.opens, start), min(slot.closes, end)
        if lo < hi:
            spans.append((lo, hi))
    return spans
