"""Days and times as professionals write them."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest

from knowledge.hours import MARTINIQUE
from knowledge.when import parse_day, parse_period, parse_time

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=MARTINIQUE)  # a Monday


@pytest.mark.parametrize("text, weekday", [
    ("vous êtes ouverts vendredi ?", 4), ("VENDREDI", 4), ("vend 14h", 4), ("ouvert le mercerdi ?", 2),
    ("jeudi aprem", 3), ("le samedi", 5), ("lundi matin", 0), ("dimanche", 6),
])
def test_weekdays(text, weekday):
    day = parse_day(text, NOW)
    assert day.weekday == weekday and day.on is None


@pytest.mark.parametrize("text, on", [
    ("c'est ouvert aujourd'hui ?", date(2026, 11, 23)),
    ("ouvert auj ?", date(2026, 11, 23)),
    ("et demain ?", date(2026, 11, 24)),
    ("apres demain", date(2026, 11, 25)),
])
def test_relative_days_need_now(text, on):
    assert parse_day(text, NOW).on == on
    assert parse_day(text, None) is None


@pytest.mark.parametrize("text, expected", [
    ("à 14h", time(14)), ("14 h 30", time(14, 30)), ("14:00", time(14)), ("8h30", time(8, 30)),
    ("2h de l'aprem", time(14)), ("3h de l'après-midi", time(15)), ("8h du matin", time(8)),
    ("midi", time(12)), ("à 7h", time(7)),
])
def test_times(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["appelez le 05 96 56 36 90", "horaires ?", "", "??", "après-midi"])
def test_no_time(text):
    assert parse_time(text) is None


def test_periods():
    assert parse_period("vendredi après-midi")[0] == "apres midi"
    assert parse_period("jeudi matin")[1] == (time(6), time(12))
    assert parse_period("vendredi") is None


@pytest.mark.parametrize("text, expected", [
    ("lot télétransmis le 3 mars, jusqu'à quand ?", date(2026, 3, 3)), ("le 1er juin", date(2026, 6, 1)),
    ("le 31 février", None), ("jusqu'à quand ?", None),
])
def test_a_date_said_in_a_message(text, expected):
    from knowledge.when import parse_date_said

    assert parse_date_said(text, 2026) == expected


@pytest.mark.parametrize("rule, days", [
    ("sous 48 heures idéalement et au plus tard 14 jours après la télétransmission", 14),
    ("dans les 8 jours après la naissance", 8), ("sans délai", None),
])
def test_the_delay_in_days_a_rule_gives(rule, days):
    from knowledge.when import delay_in_days

    assert delay_in_days(rule) == days
