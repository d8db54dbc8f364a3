"""Days of activity and ages as professionals type them; impossible values are refused with a French message."""
from __future__ import annotations

import pytest

from knowledge.numbers import ParseError, parse_age, parse_days_per_week


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
