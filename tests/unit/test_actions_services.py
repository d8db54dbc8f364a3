"""Téléservices, numérique en santé, prevention and FAMI actions on Tracker fixtures against the real knowledge base."""
from __future__ import annotations

import pytest

from actions.fami import ActionFami
from actions.numerique import ActionNumerique
from actions.prevention import ActionPrevention
from actions.teleservices import ActionTeleservice
from tests.unit.support import ent, run, tracker

CIS = "contactcis@cgss-martinique.fr"


def ask(domain, action, text, intent, entities=None, channel="rest", history=None):
    msg, events = run(action, domain, tracker(text, intent, entities, channel=channel, history=history))
    return msg, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_what_is_a_teleservice_and_how_to_do_it_give_the_same_row(domain):
    what, slots = ask(domain, ActionTeleservice(), "c'est quoi la DSG", "ask_teleservice", [ent("acronym", "DSG")])
    how, _ = ask(domain, ActionTeleservice(), "comment déclarer une grossesse en ligne ?", "ask_teleservice")
    assert what["text"] == how["text"]
    assert what["text"].startswith("Déclaration simplifiée de grossesse (DSG) : ")
    assert CIS in what["text"] and slots == {"topic": "teleservices"}
    assert what["text"].splitlines()[-2].startswith("Source : « Les offres de services de l'Assurance Maladie du Var »")


def test_a_teleservice_from_the_need_of_the_patient(domain):
    msg, _ = ask(domain, ActionTeleservice(), "mon patient a besoin d'un bon de transport, je le fais en ligne ?",
                 "ask_teleservice")
    assert "(SPE)" in msg["text"].splitlines()[0]


def test_a_teleservice_on_the_phone_is_its_spoken_form(domain):
    msg, _ = ask(domain, ActionTeleservice(), "le DMT c'est quoi", "ask_teleservice", [ent("acronym", "DMT")],
                 channel="ivr")
    assert msg["text"].startswith("Avec le téléservice DMT d'amelipro") and "Source" not in msg["text"]
    assert len([s for s in msg["text"].split(".") if s.strip()]) <= 2


def test_an_unknown_acronym_is_said_unknown_with_the_closest_ones(domain):
    msg, slots = ask(domain, ActionTeleservice(), "le DTM sur amelipro ça sert à quoi", "ask_teleservice",
                     [ent("acronym", "DTM")])
    lines = msg["text"].splitlines()
    assert lines[0] == "Je ne connais pas de téléservice « DTM » dans mes documents."
    assert lines[1].startswith("Vouliez-vous dire DMT (Déclaration du médecin traitant)")
    assert "05 96 56 36 90" in msg["text"] and slots == {}
    assert {"title": "DMT", "payload": "DMT"} in msg["buttons"]


def test_amelipro_itself_is_answered_from_the_topic_answers(domain):
    msg, _ = ask(domain, ActionTeleservice(), "comment je me connecte a amelipro", "ask_teleservice")
    assert "CPS" in msg["text"] and "Source" in msg["text"]


def test_a_numerique_question(domain):
    msg, slots = ask(domain, ActionNumerique(), "qui est exclu de l'INS ?", "ask_numerique", [ent("acronym", "INS")])
    assert "INS" in msg["text"] and slots == {"topic": "numerique"}


def test_a_programme_of_another_caisse_is_said_so_with_the_martinique_contact(domain):
    msg, _ = ask(domain, ActionPrevention(), "comment orienter un patient vers l'examen de prévention en santé",
                 "ask_prevention")
    assert "décrit par CPAM du Var pour le Var ; il n'existe peut-être pas en Martinique" in msg["text"]
    body = msg["text"].split("Source")[0]
    assert "04 " not in body and "cpam-var" not in body


def test_fami_indicators_of_the_asker_s_profession(domain):
    msg, slots = ask(domain, ActionFami(), "je suis kiné, quels indicateurs fami je déclare ?", "ask_fami",
                     [ent("profession", "kiné")])
    lines = msg["text"].splitlines()
    assert lines[0] == "Les 3 indicateurs FAMI à déclarer pour les masseurs-kinésithérapeutes :"
    assert any("(indicateur neutralisé d'après le document)" in line for line in lines)
    assert not any("horaires d'ouverture" in line for line in lines)  # the dentists' indicator
    assert "campagne FAMI 2023" in msg["text"] and "ma convention" in msg["text"]
    assert slots == {"topic": "fami"}


def test_fami_dates_are_the_past_campaign_s_even_when_a_profession_is_named(domain):
    msg, _ = ask(domain, ActionFami(), "infirmière, c'est quand la date limite fami ?", "ask_fami",
                 [ent("profession", "infirmière")])
    assert "3 mars 2024" in msg["text"] and "Cette campagne est passée" in msg["text"]


@pytest.mark.parametrize("text", [
    "Bonjour, je suis infirmière libérale. Quel montant en euros vais-je percevoir au titre du FAMI 2023 ?",
    "je suis infirmière et je n'ai pas accès à amelipro, existe-t-il un autre moyen de déclarer mes indicateurs FAMI ?",
])
def test_a_profession_named_with_another_fami_question_does_not_get_the_indicators(domain, text):
    msg, _ = ask(domain, ActionFami(), text, "ask_fami", [ent("profession", "infirmière")])
    assert not msg["text"].startswith("Les 5 indicateurs FAMI à déclarer pour les infirmiers")


def test_fami_for_a_profession_the_document_does_not_list(domain):
    msg, _ = ask(domain, ActionFami(), "je suis médecin, mes indicateurs fami ?", "ask_fami",
                 [ent("profession", "médecin")])
    assert msg["text"].startswith("Le document FAMI que j'ai ne liste pas d'indicateurs pour « médecin »")
    assert "infirmiers" in msg["text"]


def test_a_teleservice_question_read_as_another_topic_still_gets_the_teleservice(domain):
    from actions.installation import ActionInstallation
    from actions.prescription import ActionPrescription

    for action, intent in ((ActionPrescription(), "ask_prescription"), (ActionInstallation(), "ask_installation")):
        msg, slots = ask(domain, action, "je voudrais déclarer une grossesse en ligne, c'est où ?", intent)
        assert msg["text"].startswith("Déclaration simplifiée de grossesse (DSG) : ")
        assert slots == {"topic": "teleservices"}


def test_a_need_a_teleservice_serves_gets_that_teleservice_whatever_the_topic(domain):
    from actions.prescription import ActionPrescription

    msg, _ = ask(domain, ActionPrescription(), "mon patient a besoin d'un bon de transport", "ask_prescription")
    assert msg["text"].startswith("Service de prescription électronique de transport (SPE)")


def test_a_profession_corrected_after_the_fami_indicators_gets_its_own(domain):
    from actions.core import ActionFallback
    from tests.unit.support import user_event
    history = [user_event("je suis infirmier, pour le FAMI 2023 je dois saisir quels indicateurs ?", "ask_fami",
                          [ent("profession", "infirmier")]), {"event": "action", "name": "action_fami"}]
    msg, _ = ask(domain, ActionFallback(), "ah non pardon je me suis mal exprimé, je suis chirurgien-dentiste",
                 "nlu_fallback", [ent("profession", "chirurgien-dentiste")], history=history)
    assert msg["text"].startswith("Les ") and "chirurgiens-dentistes" in msg["text"].split("\n")[0]


def test_a_figure_the_teleservice_s_description_does_not_hold_is_looked_for_in_the_facts(domain):
    msg, _ = ask(domain, ActionTeleservice(), "PSE protocole de soins electronique % accord immediat ?",
                 "ask_teleservice", [ent("acronym", "PSE")])
    assert not msg["text"].startswith("Protocole de soins électronique (PSE) :")
    assert "85 %" in msg["text"].split("\n")[0]  # the fact that holds the 85 %, not the téléservice's purpose
    msg, _ = ask(domain, ActionTeleservice(), "paiements tiers payant consultables combien de temps sur amelipro",
                 "ask_teleservice")
    assert not msg["text"].startswith("Consultation des paiements en tiers payant :") and "18 mois" in msg["text"]


def test_a_profession_corrected_after_a_question_gets_that_question_answered_for_it(domain):
    """« ah non pardon, je suis infirmière, pas kiné » after a kiné's question on the first lot: the question answered
    for a nurse (the copy of the prescription and of the DSI), the nurse kept, never « infirmière kiné »."""
    from actions.core import ActionFallback
    from tests.unit.support import user_event
    first = ("allô bonjour, je suis kiné, c'est la première fois que j'envoie un lot pour ce patient, je joins quoi "
             "pour sa prescription ?")
    history = [user_event(first, "ask_billing", [ent("profession", "kiné")]),
               {"event": "action", "name": "action_billing"},
               {"event": "bot", "text": "Lot", "data": {"custom": {"facts": ["billing.lot_auxiliaire"]}}}]
    text = "ah non pardon je me suis trompée, je suis infirmière, pas kiné"
    said = [{"entity": "profession", "value": "infirmière", "start": 42, "end": 52},
            {"entity": "profession", "value": "kiné", "start": 58, "end": 62}]
    ranking = [{"name": "nlu_fallback", "confidence": 0.55}, {"name": "ask_prescription", "confidence": 0.42},
               {"name": "deny", "confidence": 0.28}]
    msg, events = run(ActionFallback(), domain, tracker(text, "nlu_fallback", said, {"topic": "billing"}, history,
                                                        extra={"intent_ranking": ranking}))
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert "DSI" in msg["text"] and "C'est noté" not in msg["text"]
    assert slots.get("profession") == "infirmière"
