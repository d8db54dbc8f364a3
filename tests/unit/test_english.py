"""Messages the knowledge base's French does not read as they are: English read through its glossary, subjects
plainly outside the domain told so."""
from __future__ import annotations

import pytest

from actions.core import ActionFallback
from actions.cotations import ActionCotation
from knowledge.english import in_french, outside_the_domain
from tests.unit.support import ent, run, tracker


def test_english_words_are_read_in_the_knowledge_base_s_french():
    assert in_french("How do I declare a work accident online?") == "how do i declarer a accident du travail en ligne"
    assert "medecin generaliste" in in_french("how much is a GP consultation?")
    assert in_french("sick leave") == "arret de travail"  # the longest phrase first, not "leave" alone


@pytest.mark.parametrize("text", ["écris moi un poème sur la mer", "meteo fort de france demain ?",
                                  "je cherche un vol pour Paris", "what is the weather tomorrow"])
def test_a_subject_plainly_outside_the_domain(text):
    assert outside_the_domain(text)


@pytest.mark.parametrize("text", ["je pars en vacances, qui me remplace ?", "la G c'est combien ?",
                                  "combien de temps pour un arrêt de travail ?"])
def test_a_professional_s_question_is_not_outside(text):
    assert not outside_the_domain(text)


def test_outside_the_domain_is_said_not_asked_to_rephrase(domain):
    msg, _ = run(ActionFallback(), domain, tracker("écris moi un poème sur la mer", "nlu_fallback"))
    assert msg["text"].startswith("Cette question sort de ce que je fais") and msg["custom"]["declined"]


def test_a_code_asked_in_english_is_answered_in_french_and_english_words_are_not_codes(domain):
    msg, _ = run(ActionCotation(), domain, tracker("how much is a GP consultation?", "ask_cotation",
                                                   [ent("code", "much"), ent("code", "GP")]))
    assert "This service answers in French only" in msg["text"] and "26,50 €" in msg["text"]
    assert "MUCH" not in msg["text"]
