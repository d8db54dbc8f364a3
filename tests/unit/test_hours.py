"""Opening hours computed at fixed moments, in Martinique time (UTC−4, no daylight saving time)."""
from __future__ import annotations

from datetime import date, datetime, time, timezone

import pytest

from knowledge.holidays import easter, holiday_name
from knowledge.hours import MARTINIQUE, open_during, slot_at, status_at


@pytest.fixture(scope="module")
def slots(kb):
    return kb.schedule("plateforme_ps").slots


def at(y, m, d, hh, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=MARTINIQUE)


def test_open_on_a_monday_morning(slots):
    status = status_at(slots, at(2026, 11, 23, 10, 12))  # Monday
    assert status.known and status.is_open and not status.off_peak
    assert status.closes_at == time(17, 0)


def test_off_peak_on_thursday_afternoon(slots):
    status = status_at(slots, at(2026, 11, 26, 15, 30))  # Thursday
    assert status.is_open and status.off_peak


def test_off_peak_tuesday_lunchtime_and_early_morning(slots):
    assert status_at(slots, at(2026, 11, 24, 12, 45)).off_peak
    assert status_at(slots, at(2026, 11, 24, 7, 15)).off_peak
    assert not status_at(slots, at(2026, 11, 24, 10, 0)).off_peak


def test_closed_friday_afternoon_opens_monday(slots):
    status = status_at(slots, at(2026, 11, 27, 14, 0))  # Friday 14:00
    assert status.known and not status.is_open
    assert status.next_opening == at(2026, 11, 30, 7, 0)


def test_closing_time_is_exclusive(slots):
    assert not status_at(slots, at(2026, 11, 25, 13, 30)).is_open  # Wednesday 13:30
    assert status_at(slots, at(2026, 11, 25, 13, 29)).is_open


def test_weekend_is_closed(slots):
    for day in (28, 29):  # Saturday, Sunday
        status = status_at(slots, at(2026, 11, day, 10))
        assert status.known and not status.is_open
        assert status.next_opening == at(2026, 11, 30, 7, 0)


def test_a_moment_in_another_zone_is_converted(slots):
    # 14:30 UTC is 10:30 in Martinique, all year round.
    summer = status_at(slots, datetime(2026, 7, 1, 14, 30, tzinfo=timezone.utc))
    winter = status_at(slots, datetime(2026, 1, 7, 14, 30, tzinfo=timezone.utc))
    assert summer.moment.hour == winter.moment.hour == 10
    assert summer.is_open and winter.is_open


def test_public_holiday_is_unknown_not_guessed(slots):
    status = status_at(slots, at(2026, 12, 25, 10))  # Christmas, a Friday
    assert not status.known
    assert status.holiday == "Noël"
    assert status.next_opening == at(2026, 12, 28, 7, 0)


def test_next_opening_skips_holidays(slots):
    # Thursday 21 May 2026 evening: Friday 22 May is the abolition of slavery in Martinique, Monday 25 May is
    # Whit Monday: the next usual opening is Tuesday 26 May.
    status = status_at(slots, at(2026, 5, 21, 18))
    assert status.next_opening == at(2026, 5, 26, 7, 0)


def test_martinique_holidays():
    assert easter(2026) == date(2026, 4, 5)
    assert easter(2027) == date(2027, 3, 28)
    assert holiday_name(date(2026, 5, 22)) == "Abolition de l'esclavage en Martinique"
    assert holiday_name(date(2026, 4, 6)) == "Lundi de Pâques"
    assert holiday_name(date(2026, 4, 3)) == "Vendredi saint"
    assert holiday_name(date(2026, 2, 17)) == "Mardi gras"
    assert holiday_name(date(2026, 11, 23)) is None


def test_weekday_questions_without_a_date(slots):
    assert slot_at(slots, 4, time(14, 0)) is None  # Friday 14:00
    assert slot_at(slots, 3, time(16, 59)).closes == time(17, 0)
    assert open_during(slots, 4, time(13), time(18)) == [(time(13), time(13, 30))]
    assert open_during(slots, 5, time(6), time(12)) == []
