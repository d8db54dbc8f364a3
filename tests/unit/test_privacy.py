"""The shared redaction step: social security numbers (every way people type them, valid keys), other people's
emails and phones, dates of birth next to a name — and the numbers that must stay (the CGSS's phones, RPPS and AM
numbers, amounts, commune codes, SIRET)."""
from __future__ import annotations

import pytest

from bot.privacy import (BIRTH_DATE_MARK, EMAIL_MARK, NIR_MARK, PHONE_MARK, Redactor, _cgss_phones, mask, phone_digits,
                         redact)


def with_key(nir13: str) -> str:
    """The NIR followed by its key: 97 minus the number modulo 97 (Corsica's 2A/2B counted as 19/18)."""
    number = int(nir13.replace("2A", "19").replace("2B", "18"))
    return f"{nir13}{97 - number % 97:02d}"


NIRS = [with_key(n) for n in ("1850578006084", "2940397209123", "1690299350123", "285062A012345", "1991097214002",
                              "7850578006084", "2851299999999")]


def spaced(nir: str) -> str:
    groups = (nir[0], nir[1:3], nir[3:5], nir[5:7], nir[7:10], nir[10:13], nir[13:])
    return " ".join(groups)


@pytest.mark.parametrize("nir", NIRS)
@pytest.mark.parametrize("style", ["plain", "spaces", "dots", "dashes", "no key"])
def test_a_social_security_number_is_masked_however_it_is_typed(nir, style):
    written = {"plain": nir, "spaces": spaced(nir), "dots": spaced(nir).replace(" ", "."),
               "dashes": spaced(nir).replace(" ", "-"), "no key": nir[:13]}[style]
    text, used = redact(f"patient {written} en ALD, que faire ?")
    assert text == f"patient {NIR_MARK} en ALD, que faire ?" and used == {NIR_MARK}


@pytest.mark.parametrize("kept", [
    "ALD 30", "cerfa 6909", "le 0596563690 est-il ouvert ?", "le 05 96 56 36 90", "+596 596 56 36 90",
    "mon RPPS 10001234567", "mon n° AM 972123456", "commune 97209", "1 500 000 €", "SIRET 123 456 789 00012",
    "SIRET 12345678900012", "G 30 € + MCG 5 €", "facture du 12/03/2024", "le 0825 852 000 de l'ANS",
    "écrire à rps@cgss-martinique.fr", "contactps.ersm-martinique@assurance-maladie.fr",
])
def test_what_is_not_patient_data_stays(kept):
    assert redact(kept) == (kept, set())


@pytest.mark.parametrize("text, expected, marker", [
    ("sa fille au 06 96 11 22 33", "sa fille au [téléphone masqué]", PHONE_MARK),
    ("tel +596 696 11 22 33", "tel [téléphone masqué]", PHONE_MARK),
    ("écrire à jean.dupont@gmail.com", "écrire à [courriel masqué]", EMAIL_MARK),
    ("patiente née le 12/03/1965 en ALD", "patiente née le [date de naissance masquée] en ALD", BIRTH_DATE_MARK),
    ("Mme Dupont, 12/03/1965", "Mme Dupont, [date de naissance masquée]", BIRTH_DATE_MARK),
    ("M. Jean Martin (3 mars 1965)", "M. Jean Martin ([date de naissance masquée])", BIRTH_DATE_MARK),
    ("ddn : 01-02-80", "ddn : [date de naissance masquée]", BIRTH_DATE_MARK),
])
def test_other_peoples_contacts_and_dates_of_birth_are_masked(text, expected, marker):
    assert redact(text) == (expected, {marker})


def test_the_numbers_kept_are_those_of_the_knowledge_base():
    kept = {phone_digits(p) for p in _cgss_phones()}
    assert {"0596563690", "0596596893", "0696711254", "0825852000"} <= kept
    assert Redactor().redact("05 96 56 36 90")[0] == PHONE_MARK  # with no knowledge base nothing is kept
    assert mask("NIR 1 85 05 78 006 084 36") == f"NIR {NIR_MARK}"
