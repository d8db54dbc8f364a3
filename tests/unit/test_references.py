"""ALD numbers, cerfa form numbers and mention codes as professionals write them."""
from __future__ import annotations

import pytest

from knowledge.references import ald_numbers, codes_in, form_numbers

KNOWN_FORMS = ("6909", "3116")


@pytest.mark.parametrize("text, expected", [
    ("l'ALD 12 est simplifiée ?", [12]),
    ("ald n°14 argumentée ?", [14]),
    ("ALD23 et ald numéro 8", [23, 8]),
    ("ALD n° 17, ALD 17", [17]),
    ("mon patient est en ALD depuis 2019", []),
    ("la liste des ald 30 c'est quoi", []),  # the name of the list, not a number
    ("ALD30 ou hors liste", []),
    ("l'ald n°30 est simplifiée ?", [30]),
])
def test_ald_numbers(text, expected):
    assert ald_numbers(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("à quoi sert le cerfa S6909 ?", ["6909"]),
    ("cerfa n°3116 ou s 6909", ["3116", "6909"]),
    ("le 6909 c'est pour quoi", ["6909"]),
    ("cerfa 12345 connais pas", ["12345"]),
    ("arrêt de 1500 euros en 2023", []),  # bare numbers that are no known form stay numbers
    ("S3116", ["3116"]),
])
def test_form_numbers(text, expected):
    assert form_numbers(text, KNOWN_FORMS) == expected


def test_codes_in_words_only():
    assert codes_in("non substituable (mte) ou EFG ?", ["MTE", "EFG", "CIF"]) == ["MTE", "EFG"]
    assert codes_in("un efgh ou cifre", ["MTE", "EFG", "CIF"]) == []
