"""Days of activity and ages as professionals type them; impossible values are refused with a French message."""
from __future__ import annotations

import pytest

from knowledge.numbers import (ParseError, numbers_in_digits, parse_age, parse_days_per_week, parse_trainee_months,
                               trainee_share)


@pytest.mark.parametrize("text, days", [
    ("3 jours", 3), ("3j1/2", 3.5), ("3j½", 3.5), ("trois jours et demi", 3.5), ("deux jours et demi", 2.5),
    ("2 jours 1/2", 2.5), ("2,5 jours", 2.5), ("2.5", 2.5), ("4", 4), ("4 j/sem", 4), ("4jours", 4),
    ("5j/7", 5), ("3 et demi", 3.5), ("je m'installe au lamentin 3 jours par semaine", 3),
    ("3 ilets 2 jours", 2), ("trinité, 4 jours", 4), ("une demi journee", 0.5),
    ("2 jours et une demi journee", 2.5), ("1 jour", 1), ("QUATRE JOURS", 4),
])
def test_days_per_week(text, days):
    assert parse_days_per_week(text) == days


@pytest.mark.parametrize("text", ["sainte luce", "j'ai un cabinet", "", "bonjour"])
def test_no_days_given(text):
    assert parse_days_per_week(text) is None


@pytest.mark.parametrize("text", ["une journée par mois", "10 jours par an", "4j/an", "2 jours chaque mois"])
def test_days_counted_over_a_month_or_a_year_are_no_days_of_a_week(text):
    assert parse_days_per_week(text) is None


@pytest.mark.parametrize("text, expected", [
    ("0 jours", "au moins une demi-journée"), ("8 jours par semaine", "7 jours"),
    ("3,3 jours", "demi-journées"), ("temps plein", "Combien de jours"),
])
def test_impossible_days_are_refused_with_a_reason(text, expected):
    with pytest.raises(ParseError, match=expected):
        parse_days_per_week(text)


def test_age():
    assert parse_age("j'ai 62 ans") == 62
    assert parse_age("3 jours") is None
    with pytest.raises(ParseError):
        parse_age("j'ai 150 ans")


@pytest.mark.parametrize("words, expected", [
    ("cent cinquante mille euros", "150000 euros"),
    ("c est deux cent cinquante mille pas cent cinquante", "c est 250000 pas 150"),
    ("un patient de quatre vingt cinq ans", "un patient de 85 ans"),
    ("soixante et onze", "71"),
    ("quatre vingt dix neuf", "99"),
    ("mille deux cents euros", "1200 euros"),
    ("trois jours et un enfant de deux ans", "trois jours et un enfant de deux ans"),  # lone small words kept
    ("zero cinq quatre vingt seize", "zero cinq quatre vingt seize"),  # a phone number read pair by pair
])
def test_numbers_said_in_words_are_read_as_digits(words, expected):
    assert numbers_in_digits(words) == expected


def test_an_age_said_in_words():
    assert parse_age("un patient de quatre-vingt-cinq ans") == 85


@pytest.mark.parametrize("text, expected", [
    ("si j'accueille un stagiaire à temps plein pendant 6 mois", 6),
    ("Pardon, le stage dure quatre mois et non 6.", 4),
    ("je suis installé depuis 6 mois", None),  # months, but no trainee
    ("je n'ai pas de stagiaire", None),
    ("j'accueille un interne à temps plein toute l'année", 12),
])
def test_the_months_a_trainee_is_hosted(text, expected):
    assert parse_trainee_months(text) == expected


def test_a_trainee_hosted_half_time_counts_for_half():
    assert trainee_share("un stagiaire à mi-temps toute l'année") == 0.5
    assert trainee_share("un stagiaire à temps plein pendant 6 mois") == 1.0
