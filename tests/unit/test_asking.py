"""Telling a question about one patient's own file from a question about a rule that mentions a patient."""
from __future__ import annotations

import pytest

from knowledge.asking import about_one_patient, profession_said


@pytest.mark.parametrize("text", [
    "mon patient M. Dupont est-il en ALD ?", "pouvez-vous vérifier les droits de ma patiente Mme Louis",
    "le remboursement de mon patient a-t-il été fait ? il a été remboursé ?",
    "où en est la demande de protocole de mon patient", "ma patiente a-t-elle un médecin traitant déclaré ?"])
def test_a_patient_s_own_file(text):
    assert about_one_patient(text)


@pytest.mark.parametrize("text", [
    "mon patient est en ALD, il a aussi besoin d'un arrêt", "comment vérifier les droits d'un patient sans sa carte",
    "le patient a combien de jours pour envoyer le volet", "la G pour un enfant de 2 ans",
    "mon patient refuse le générique, que faire ?"])
def test_a_rule_that_mentions_a_patient(text):
    assert not about_one_patient(text)


@pytest.mark.parametrize("text, said", [
    ("je suis infirmière au François", ("infirmiere", False)), ("médecin généraliste", ("medecin", True)),
    ("chirurgien-dentiste à Ducos", ("chirurgien dentiste", False)), ("kiné libéral", ("kine", False)),
    ("pédiatre", ("pediatre", True)), ("bonjour, une question", None)])
def test_the_profession_a_message_names_and_whether_it_is_a_doctor_s(text, said):
    assert profession_said(text) == said
