"""Messages the knowledge base's French does not read as they are: English read through its glossary, subjects
plainly outside the domain told so."""
from __future__ import annotations

import pytest

from actions.core import ActionFallback
from actions.contacts import ActionOpeningHours
from actions.cotations import ActionCotation
from actions.zoning import ActionZoning
from knowledge.english import in_french, outside_the_domain
from tests.unit.support import ent, run, tracker


def test_english_words_are_read_in_the_knowledge_base_s_french():
    assert in_french("How do I declare a work accident online?") == "how do i declarer a accident du travail en ligne"
    assert "medecin generaliste" in in_french("how much is a GP consultation?")
    assert in_french("sick leave") == "arret de travail"  # the longest phrase first, not "leave" alone


@pytest.mark.parametrize("text", ["écris moi un poème sur la mer", "meteo fort de france demain ?",
                                  "je cherche un vol pour Paris", "what is the weather tomorrow",
                                  "quel temps il va faire demain au Lamentin ?", "le ferry du samedi part à quelle heure"])
def test_a_subject_plainly_outside_the_domain(text):
    assert outside_the_domain(text)


@pytest.mark.parametrize("text", ["je pars en vacances, qui me remplace ?", "la G c'est combien ?",
                                  "combien de temps pour un arrêt de travail ?",
                                  "la plateforme est-elle ouverte pendant le carnaval ?"])
def test_a_professional_s_question_is_not_outside(text):
    assert not outside_the_domain(text)


def test_outside_the_domain_is_said_not_asked_to_rephrase(domain):
    msg, _ = run(ActionFallback(), domain, tracker("écris moi un poème sur la mer", "nlu_fallback"))
    assert msg["text"].startswith("Cette question sort de ce que je fais") and msg["custom"]["declined"]


def test_outside_the_domain_or_about_one_patient_whatever_topic_the_nlu_gave(domain):
    """A computed answer (a commune's zone, a place's hours) is not given to the weather or a patient's file."""
    msg, _ = run(ActionZoning(), domain, tracker("quel temps il va faire demain à Fort-de-France ?", "ask_zoning",
                                                 [ent("commune", "Fort-de-France")]))
    assert msg["text"].startswith("Cette question sort de ce que je fais") and "zone" not in msg["text"].lower()
    msg, _ = run(ActionOpeningHours(), domain, tracker("le ferry pour Sainte-Lucie part à quelle heure samedi ?",
                                                       "ask_opening_hours", [ent("weekday", "samedi")]))
    assert msg["text"].startswith("Cette question sort de ce que je fais") and "13 h 30" not in msg["text"]
    msg, _ = run(ActionOpeningHours(), domain, tracker(
        "est-ce que ma patiente Mme Louis a toujours ses droits ou pas ?", "ask_opening_hours"))
    assert msg["text"].startswith("Je n'ai accès à aucun dossier de patient")


def test_a_code_asked_in_english_is_answered_in_french_and_english_words_are_not_codes(domain):
    msg, _ = run(ActionCotation(), domain, tracker("how much is a GP consultation?", "ask_cotation",
                                                   [ent("code", "much"), ent("code", "GP")]))
    assert "This service answers in French only" in msg["text"] and "26,50 €" in msg["text"]
    assert "MUCH" not in msg["text"]
