"""The asker's profession: said, picked in the phone's voice menu, or given by the channel; what it tailors; and the
phone's hand-off (put through while the platform is open, else the hours to call back)."""
from __future__ import annotations

import pytest

from tests.unit.support import ent, run, run_all, tracker, user_event
from actions.common import PROFESSION_SLOT
from actions.contacts import ActionPhoneMenu
from actions.core import ActionGreet, ActionHandoff, ActionFallback, ActionProfession, ActionSessionStart
from actions.aids import ActionContract
from actions.fami import ActionFami
from knowledge.asking import asker_profession_said


def test_on_the_phone_the_greeting_asks_the_profession_with_the_keys_of_the_voice_menu(domain):
    msg, _ = run(ActionGreet(), domain, tracker("/greet", "greet", channel="ivr"))
    assert msg["text"].startswith("Bonjour, je suis l'assistant vocal de la CGSS Martinique.")
    assert "1 pour Médecin, Dentiste ou Pharmacien." in msg["text"] and "3 pour Autres catégories." in msg["text"]
    assert [b["payload"] for b in msg["buttons"]] == [
        '/inform_profession{"menu_choice": "%d"}' % key for key in (1, 2, 3)]


def test_the_greeting_does_not_ask_again_a_known_profession_nor_on_the_web(domain):
    known, _ = run(ActionGreet(), domain, tracker("/greet", "greet", channel="ivr",
                                                     slots={PROFESSION_SLOT: "Infirmier"}))
    web, _ = run(ActionGreet(), domain, tracker("bonjour", "greet"))
    assert "tapez" not in known["text"] and "tapez" not in web["text"]
    assert web["text"].endswith("Quelle est votre question ?") and web["buttons"]


@pytest.mark.parametrize("text, entities, expected", [
    ('/inform_profession{"menu_choice": "2"}', [ent("menu_choice", "2")], "Infirmier"),
    ("infirmière", [], "Infirmier"),  # the words, when no entity was extracted
    ("je suis kiné", [ent("profession", "kiné")], "kiné"),
    ("le deuxième choix", [], "Infirmier"),
    ("autres catégories", [], "Autres catégories"),
    ("je suis un autre professionnel de santé", [], "Autres catégories"),  # "un" is not the first choice
    ("choix 1", [], "Médecin, Dentiste ou Pharmacien"),
])
def test_the_profession_is_remembered(domain, text, entities, expected):
    msg, events = run(ActionProfession(), domain, tracker(text, "inform_profession", entities, channel="ivr"))
    assert msg["text"] == "Merci. Posez votre question."
    assert {"event": "slot", "name": PROFESSION_SLOT, "value": expected, "timestamp": None} in events


def test_a_menu_answer_not_understood_asks_again_then_a_person_takes_over(domain):
    first, events = run(ActionProfession(), domain, tracker("euh", "inform_profession", channel="ivr"))
    assert first["text"].startswith("Je n'ai pas reconnu votre profession.") and len(first["buttons"]) == 3
    assert first["custom"]["misunderstood"] is True and not events
    history = [user_event("euh", "inform_profession", channel="ivr"),
               {"event": "bot", "text": first["text"], "data": {"custom": first["custom"]}}]
    second, _ = run(ActionProfession(), domain, tracker("bof", "inform_profession", history=history, channel="ivr"))
    assert second["custom"]["handoff"] is True


def test_amelipro_gives_the_profession_with_the_first_message(domain):
    trk = tracker("bonjour", "greet", slots={"session_started_metadata": {"profession": "Infirmière"}})
    _, events = run_all(ActionSessionStart(), domain, trk)
    assert [e["event"] for e in events] == ["session_started", "slot", "action"]
    assert events[1]["name"] == PROFESSION_SLOT and events[1]["value"] == "Infirmière"


def test_the_known_profession_tailors_the_voice_menu_choice(domain):
    msg, _ = run(ActionPhoneMenu(), domain, tracker("quel choix au serveur vocal ?", "ask_phone_menu",
                                                   slots={PROFESSION_SLOT: "infirmière"}))
    assert "« Infirmier » (2e choix)" in msg["text"]


def test_the_known_profession_tailors_the_fami_indicators(domain):
    msg, _ = run(ActionFami(), domain, tracker("mes indicateurs fami ?", "ask_fami",
                                              slots={PROFESSION_SLOT: "infirmier"}))
    assert "indicateurs FAMI à déclarer pour les infirmiers" in msg["text"]


def test_a_profession_asking_only_for_its_indicators_gets_its_list_not_every_profession_s(domain):
    msg, _ = run(ActionFami(), domain, tracker("orthophoniste, fami : combien d'indicateurs je dois remplir, et lesquels ?",
                                              "ask_fami", [ent("profession", "orthophoniste")]))
    assert msg["text"].startswith("Les 5 indicateurs FAMI à déclarer pour les orthophonistes")
    msg, _ = run(ActionFami(), domain, tracker("kiné, pour le fami lesquels de mes indicateurs sont pré-remplis ?",
                                              "ask_fami", [ent("profession", "kiné")]))
    assert "pré-remplis" in msg["text"].splitlines()[0]  # a detail of the indicators: its own fact


def test_after_a_fami_reply_the_indicators_are_asked_again_for_the_asker_or_a_colleague(domain):
    history = [user_event("je suis pedicure podologue, la saisie fami c'est jusqu'a quand ?", "ask_fami",
                          [ent("profession", "pédicure-podologue")]),
               {"event": "action", "name": "action_fami"},
               {"event": "bot", "text": "…", "data": {"custom": {"facts": ["fami.fami_campagne_2023"]}}}]
    msg, _ = run(ActionFami(), domain, tracker("ok et moi j'ai quoi comme indicateurs a saisir ?", "ask_fami",
                                              history=history, slots={"topic": "fami"}))
    assert msg["text"].startswith("Les 3 indicateurs FAMI à déclarer pour les pédicures-podologues")
    msg, _ = run(ActionFami(), domain, tracker("et pour mon associée infirmière ?", "inform",
                                              [ent("profession", "infirmière")], history=history,
                                              slots={"topic": "fami"}))
    assert msg["text"].startswith("Les 5 indicateurs FAMI à déclarer pour les infirmiers")


def test_a_profession_named_in_the_message_wins_over_the_known_one(domain):
    msg, _ = run(ActionPhoneMenu(), domain, tracker("et pour un kiné ?", "ask_phone_menu", [ent("profession", "kiné")],
                                                   slots={PROFESSION_SLOT: "infirmière"}))
    assert "« Autres catégories » (3e choix)" in msg["text"]


def test_on_the_phone_a_hand_off_while_open_puts_the_caller_through(domain):
    msg, _ = run(ActionHandoff(), domain, tracker("un conseiller", "request_human", channel="ivr"))
    assert msg["custom"]["transfer"] == "05 96 56 36 90" and "hangup" not in msg["custom"]
    assert msg["text"] == ("Bien sûr.\nJe vous mets en relation avec un conseiller de la plateforme des "
                           "professionnels de santé. Ne quittez pas.")


def test_on_the_phone_a_hand_off_while_closed_gives_the_hours_and_hangs_up(domain, monkeypatch):
    monkeypatch.setenv("ASSISTANT_NOW", "2026-11-23T19:30:00")  # Monday evening
    history = [user_event("", "nlu_fallback", channel="ivr"), {"event": "bot", "text": "…"}]
    msg, _ = run(ActionFallback(), domain, tracker("", "nlu_fallback", history=history, channel="ivr"))
    assert msg["custom"]["hangup"] is True and msg["custom"]["handoff_reason"] == "misunderstood_twice"
    assert "ouverte lundi et jeudi de 7 h à 17 h ; mardi, mercredi et vendredi de 7 h à 13 h 30" in msg["text"]
    assert "heures creuses : lundi et jeudi de 7 h à 8 h et de 15 h à 17 h" in msg["text"]
    assert msg["text"].endswith("Au revoir.")


def test_a_silence_on_the_phone_is_heard_as_such(domain):
    msg, _ = run(ActionFallback(), domain, tracker("", "nlu_fallback", channel="ivr"))
    assert msg["text"] == "Je ne vous ai pas entendu. Quelle est votre question ?"


def test_a_doctors_contract_asked_by_another_profession_is_said_to_be_a_doctors(domain):
    """« je suis infirmière, je peux signer un CAIM ? » gets whom the contracts concern and whom to ask, not the CAIM's
    conditions as if they were hers; a doctor whose colleague is a nurse still gets the contract."""
    msg, _ = run(ActionContract(), domain, tracker("je suis infirmière, je peux signer un CAIM ?", "ask_contract",
                                                   [ent("contract", "CAIM")]))
    assert "contrats pour les médecins" in msg["text"] and "(infirmière)" in msg["text"]
    assert msg["custom"]["declined"] == "part_aid_other_profession"
    doctor = "je partage mon cabinet avec une infirmière, mais je suis le seul médecin : le CAIM c'est quoi ?"
    msg, _ = run(ActionContract(), domain, tracker(doctor, "ask_contract", [ent("contract", "CAIM")]))
    assert "contrats pour les médecins" not in msg["text"] and "50 000 €" in msg["text"]


@pytest.mark.parametrize("text, said", [
    ("je suis infirmière, je peux signer un CAIM ?", ("infirmiere", False)),
    ("kiné à Sainte-Marie, le COSCOM c'est combien ?", ("kine", False)),
    ("Et mon associée, qui est infirmière, peut-elle aussi signer un CAIM ?", None),
    ("je partage mon cabinet avec une infirmière, mais je suis le seul médecin", ("medecin", True)),
    ("en tant que sage-femme, ai-je un FAMI ?", ("sage femme", False))])
def test_the_asker_s_own_profession_is_the_one_they_say_is_theirs(text, said):
    assert asker_profession_said(text) == said
