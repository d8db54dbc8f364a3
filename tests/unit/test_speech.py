"""What the phone says: numbers, hours, amounts and emails in words, links and lists dropped, a few sentences at
most — checked on the knowledge base's own contacts, hours, amounts and spoken answers."""
from __future__ import annotations

import re

import pytest

from bot.speech import MAX_WORDS, number_words, shorten, spell_email, spoken
from knowledge import french
from knowledge.hours import week_spans


@pytest.mark.parametrize("n, words", [
    (0, "zéro"), (16, "seize"), (17, "dix-sept"), (21, "vingt et un"), (36, "trente-six"), (56, "cinquante-six"),
    (71, "soixante et onze"), (77, "soixante-dix-sept"), (80, "quatre-vingts"), (81, "quatre-vingt-un"),
    (90, "quatre-vingt-dix"), (96, "quatre-vingt-seize"), (100, "cent"), (200, "deux cents"), (230, "deux cent trente"),
    (1000, "mille"), (1500, "mille cinq cents"), (37500, "trente-sept mille cinq cents"),
    (200000, "deux cent mille"), (1_000_000, "un million"),
])
def test_numbers_in_french_words(n, words):
    assert number_words(n) == words


def test_the_platform_number_is_read_pair_by_pair(kb):
    platform = kb.contact("plateforme_ps")
    said, _ = spoken(f"Appelez le {platform.phone}.")
    assert said == "Appelez le zéro cinq, quatre-vingt-seize, cinquante-six, trente-six, quatre-vingt-dix."


def test_emails_of_the_knowledge_base_are_spelt_out(kb):
    emails = [c.email for c in kb.contacts() if c.email]
    assert emails
    for email in emails:
        said, _ = spoken(f"Écrivez à {email}.")
        assert "@" not in said and "arobase" in said and not re.search(r"\.\w", said), said
    assert spell_email("rps@cgss-martinique.fr") == "r p s arobase c g s s tiret martinique point f r"


def test_the_platform_hours_are_said_in_words(kb):
    week = french.fmt_week(week_spans(kb.schedule("plateforme_ps").slots))
    said, _ = spoken(f"Ouvert {week}.")
    assert said == ("Ouvert lundi et jeudi de sept heures à dix-sept heures ; mardi, mercredi et vendredi de sept "
                    "heures à treize heures trente.")


def test_aid_amounts_are_said_in_words(kb):
    caim = kb.contract("caim")
    said, _ = spoken(f"L'aide est de {french.fmt_amount(caim.parameters['amount_days_4'])} €.")
    assert said == "L'aide est de cinquante mille euros."
    assert spoken("Soit 26,50 € par acte.")[0] == "Soit vingt-six euros cinquante par acte."


def test_links_lists_tables_and_emoji_are_not_read():
    said, cut = spoken("Le service en ligne 😀 :\n- premier point\n- second point\nEn ligne : espacepro.ameli.fr\n"
                       "Détail sur https://www.ameli.fr/martinique/medecin.\nCode | Tarif\nG | 30 €")
    assert said == "Le service en ligne." and not cut  # "Détail sur <link>" has nothing left to say


def test_a_long_answer_keeps_its_first_sentences_and_says_it_was_cut():
    text = " ".join(f"Phrase numéro {i} qui a bien sept mots." for i in range(10))
    short, cut = shorten(text)
    assert cut and len(short.split()) <= MAX_WORDS and short.endswith(".")
    long_sentence = "Une seule phrase, " + "très longue et sans fin, " * 20 + "qui finit ici."
    short, cut = shorten(long_sentence)
    assert cut and len(short.split()) <= MAX_WORDS and short.endswith(".")


def test_every_spoken_answer_of_the_knowledge_base_is_sayable(kb):
    answers = [kb.answer(d.key) for d in kb.search_documents() if d.kind == "answer"]
    spoken_forms = [a.spoken for a in answers if a and a.spoken]
    assert len(spoken_forms) > 100
    for text in spoken_forms:
        said, _ = spoken(text)
        assert not re.search(r"https?:|www\.|@|€|\d+ ?h\b|[|•😀]", said), said
        assert len(shorten(text)[0].split()) <= MAX_WORDS
