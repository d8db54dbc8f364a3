"""The whole path over real HTTP: REST channel → NLU → rules → action server → knowledge base → French answer.

The servers are started once for all HTTP tests (conftest.py).
"""
from __future__ import annotations

import uuid

import pytest

from bot.servers import say, texts

pytestmark = pytest.mark.e2e


def new_sender() -> str:
    return f"e2e-{uuid.uuid4().hex[:8]}"


def test_contact_question_gets_the_kb_answer_with_its_source(server):
    answer = texts(say(server, "quel est le mail pour une demande de conventionnement ?", new_sender()))
    assert "rps@cgss-martinique.fr" in answer
    assert answer.splitlines()[-1].startswith("Source : « Exercer en libéral en Martinique »")


def test_is_the_platform_open_on_friday_at_14(server):
    answer = texts(say(server, "la plateforme est ouverte vendredi à 14h ?", new_sender()))
    assert "Le vendredi à 14 h, c'est fermé." in answer


def test_two_misunderstandings_hand_off_with_a_marker(server):
    sender = new_sender()
    first = say(server, "zrtgh bnvc qsdf", sender)
    assert "reformuler" in texts(first)
    assert not any((m.get("custom") or {}).get("handoff") for m in first)
    second = say(server, "plmok ijnuh ygvt", sender)
    assert any((m.get("custom") or {}).get("handoff") is True for m in second)
    assert "05 96 56 36 90" in texts(second)


def test_punctuation_only_message(server):
    answer = texts(say(server, "?!?...", new_sender()))
    assert "Votre message est vide" in answer


def test_very_long_message_is_cut_and_answered(server):
    question = "Bonjour, je voudrais savoir quel est le mail pour le conventionnement. " + "blabla " * 600
    answer = texts(say(server, question, new_sender()))
    assert "Votre message était très long" in answer


def test_aid_form_over_http_computes_first_and_takes_what_comes_after(server):
    sender = new_sender()
    assert "Dans quelle commune" in texts(say(server, "quelles aides pour moi si je m'installe ?", sender))
    outside = texts(say(server, "Cayenne", sender))  # read as a commune not found, or as another region
    assert "Je ne trouve pas « Cayenne »" in outside or "autre région" in outside
    assert "Dans quelle commune" not in outside  # never the same question twice: the zones offered, or the aids
    every = texts(say(server, "au lorrain", sender))  # enough to answer: every amount, the days asked once after
    assert "installé au Lorrain" in every and "50 000 € pour 4 jours ou plus" in every
    assert "combien de jours par semaine" in every and "Combien de jours" not in every
    assert "Une semaine compte 7 jours" in texts(say(server, "8 jours", sender))
    result = texts(say(server, "3 jours", sender))
    assert "CAIM : 37 500 €" in result and "18 750 € à la signature" in result
    assert "exercer de façon coordonnée" in result  # a condition stated, never asked before the amount
    assert result.splitlines()[-1].startswith("Source : « Exercer en libéral en Martinique »")
    update = texts(say(server, "et avec 4 jours ?", sender))
    assert "CAIM : 50 000 €" in update and "et non plus avec 3 jours par semaine" in update


def test_zone_of_a_commune_over_http(server):
    answer = texts(say(server, "schoelcher c'est en zone fragile ?", new_sender()))
    assert "Schœlcher est en zone A" in answer and "2017" in answer


def test_a_follow_up_is_answered_in_the_topic_of_the_conversation(server):
    sender = new_sender()
    ald = texts(say(server, "comment je fais une demande d'ALD pour un patient diabétique ?", sender))
    assert "ALD" in ald and "Source : « Vous aider dans votre pratique quotidienne" in ald
    assert "Le service médical renouvelle" not in ald
    assert "3 mois avant" in texts(say(server, "et pour la prolongation ?", sender))  # the ALD's prolongation
    leave = texts(say(server, "il a aussi besoin d'un arrêt de travail", sender))
    assert "téléservice AAT" in leave
    assert "même téléservice AAT" in texts(say(server, "et pour la prolongation ?", sender))  # now the leave's
    assert "cerfa S6909" in texts(say(server, "et si c'est un accident du travail ?", sender))


def test_patient_data_is_masked_before_it_is_kept_logged_or_answered(server, server_dir):
    import json
    import sqlite3
    import urllib.request

    sender = new_sender()
    reply = texts(say(server, "mon patient 1 85 05 78 006 084 36, né le 12/03/1965, est-il en ALD ? "
                              "sa fille : 06 96 11 22 33", sender))
    assert reply.startswith("Pour protéger vos patients, je ne garde aucune donnée personnelle")
    with urllib.request.urlopen(f"{server}/conversations/{sender}/tracker", timeout=30) as response:
        kept = json.dumps(json.loads(response.read()), ensure_ascii=False)
    assert "[NIR masqué]" in kept and "[date de naissance masquée]" in kept and "[téléphone masqué]" in kept
    # The tracker store itself, read from its database file (SQL tracker store, bot/stores.py).
    with sqlite3.connect(server_dir / "conversations.db") as db:
        stored = "\n".join(row[0] for row in db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,)))
    assert "NIR masqu" in stored
    logs = (server_dir / "servers.log").read_text()
    for trace in ("006 084", "0060843", "12/03/1965", "11 22 33"):
        assert trace not in kept and trace not in reply and trace not in logs and trace not in stored
