"""ALD, prescriptions, sick leave and AT/MP actions, and follow-ups in context, on Tracker fixtures against the real
knowledge base."""
from __future__ import annotations

import pytest

from actions.ald import ActionAld
from actions.arrets_travail import ActionSickLeave
from actions.at_mp import ActionAtMp
from actions.contacts import ActionPhoneMenu
from actions.core import ActionFollowUp
from actions.prescription import ActionPrescription
from tests.unit.support import ent, run, tracker, user_event

SOURCE_002 = ("Source : « Vous aider dans votre pratique quotidienne de médecin de ville », Service médical de "
              "l'Assurance Maladie Île-de-France, 28 novembre 2023.")
SOURCE_003 = "Source : « Les offres de services de l'Assurance Maladie du Var », CPAM du Var, 2023."
ERSM = "contactps.ersm-martinique@assurance-maladie.fr"
CIS = "contactcis@cgss-martinique.fr"
SOURCE_000 = "Source : « Exercer en libéral en Martinique », CGSS Martinique, mai 2021."  # where the contacts come from


def ask(domain, action, text, intent, entities=None, topic=None, channel="rest", history=None):
    msg, events = run(action, domain, tracker(text, intent, entities, slots={"topic": topic} if topic else {},
                                              channel=channel, history=history))
    return msg, {e["name"]: e["value"] for e in events if e.get("event") == "slot" and e["name"] != "answered_by"}


def only_martinique_contacts(text):
    """The rules of documents 002/003 are national; their regional phone numbers must never be given."""
    body = "\n".join(line for line in text.splitlines() if not line.startswith("Source :"))
    return "Île-de-France" not in body and "Var" not in body and "01 " not in body and "04 " not in body


# --- ALD ---------------------------------------------------------------------------------------------------------

def test_an_ald_of_the_list_is_simplified(domain):
    msg, slots = ask(domain, ActionAld(), "l'ALD 8 c'est en déclaration simplifiée ?", "ask_ald", [ent("ald", "ALD 8")])
    lines = msg["text"].splitlines()
    assert lines[0].startswith("L'ALD n° 8 ne fait pas partie des exceptions")
    assert "accord de principe immédiat" in msg["text"] and "ALD n° 12 : HTA" in msg["text"]
    assert ERSM in msg["text"] and lines[-2:] == [SOURCE_002, SOURCE_000] and slots == {"topic": "ald"}


@pytest.mark.parametrize("text, first_line", [
    ("ald 14 simplifiée ?", "L'ALD n° 14 (insuffisance respiratoire chronique grave) fait partie des exceptions"),
    ("et l'ald n°12", "L'ALD n° 12 (HTA) fait partie des exceptions"),
    ("ALD23 psy, c'est argumenté ?", "Pour l'ALD n° 23 (affections psychiatriques), une partie seulement"),
])
def test_the_exceptions_stay_argued(domain, text, first_line):
    msg, _ = ask(domain, ActionAld(), text, "ask_ald")
    assert msg["text"].startswith(first_line)
    assert "projet de soins" in msg["text"] and only_martinique_contacts(msg["text"])


def test_on_the_phone_an_ald_number_gets_its_verdict_only(domain):
    msg, _ = ask(domain, ActionAld(), "l'ald 12 c'est simplifié", "ask_ald", channel="ivr")
    assert msg["text"] == ("L'ALD n° 12 (HTA) fait partie des exceptions : sa demande n'est pas simplifiée, elle reste "
                           "argumentée.")


def test_the_protocol_is_sent_online_with_the_pse(domain):
    msg, slots = ask(domain, ActionAld(), "comment envoyer le protocole de soins", "ask_ald")
    assert msg["text"].startswith("Envoyer le protocole de soins en ligne (PSE)")
    assert "85 %" in msg["text"] and CIS in msg["text"] and ERSM in msg["text"]
    assert msg["text"].splitlines()[-2:] == [SOURCE_003, SOURCE_000]
    assert only_martinique_contacts(msg["text"]) and slots == {"topic": "ald"}


def test_an_ald_question_without_precise_words_gets_the_kinds_of_ald(domain):
    msg, _ = ask(domain, ActionAld(), "des infos sur les ald svp", "ask_ald")
    assert msg["text"].startswith("Les différentes ALD") and "polypathologie invalidante" in msg["text"]


# --- prescriptions -------------------------------------------------------------------------------------------------

def test_a_mention_code_is_explained_with_the_two_others(domain):
    msg, slots = ask(domain, ActionPrescription(), "c quoi EFG sur une ordonnance", "ask_prescription",
                     [ent("mention", "EFG")])
    assert msg["text"].splitlines() == [
        "La mention « non substituable (EFG) » justifie de ne pas substituer pour : forme galénique inadaptée, chez "
        "l'enfant de moins de 6 ans.",
        "Ce sont les 3 seules situations où vous pouvez exclure le générique ; les autres : MTE : marge thérapeutique "
        "étroite ; CIF : contre-indication formelle liée à un excipient.",
        SOURCE_002]
    assert slots == {"topic": "prescription"}


def test_a_mention_code_on_the_phone_is_one_short_sentence(domain):
    msg, _ = ask(domain, ActionPrescription(), "mte ?", "ask_prescription", channel="ivr")
    assert msg["text"] == "MTE veut dire : marge thérapeutique étroite.\nIl n'y a que 3 justifications possibles."


def test_the_patient_who_refuses_the_generic(domain):
    msg, _ = ask(domain, ActionPrescription(), "si le patient refuse le generique il est remboursé ?", "ask_prescription")
    assert "sur la base du prix du générique" in msg["text"] and "pas le tiers payant" in msg["text"]


# --- forms, sick leave, AT/MP --------------------------------------------------------------------------------------

def test_one_form_number_gives_that_form(domain):
    msg, slots = ask(domain, ActionAtMp(), "le cerfa 6909 sert à quoi", "ask_at_mp", [ent("form", "cerfa 6909")])
    assert msg["text"].startswith("Le certificat médical AT/MP (cerfa S6909)") and "rechutes" in msg["text"]
    assert slots == {"topic": "at_mp"}


def test_two_form_numbers_are_compared_from_the_table(domain):
    msg, _ = ask(domain, ActionSickLeave(), "S6909 ou S3116 pour un arrêt ?", "ask_sick_leave")
    lines = msg["text"].splitlines()
    assert lines[0].startswith("Cerfa S6909, certificat médical AT/MP : pour le certificat médical initial")
    assert lines[1] == ("Cerfa S3116, avis d'arrêt de travail : pour tous les arrêts de travail, en maladie comme en "
                        "accident du travail ou maladie professionnelle (AT/MP).")
    assert lines[-1] == SOURCE_002


def test_an_unknown_form_number_is_said_unknown(domain):
    msg, slots = ask(domain, ActionAtMp(), "il faut remplir le cerfa 11138 ?", "ask_at_mp")
    assert msg["text"].startswith("Je n'ai pas de formulaire n° 11138 dans mes documents. Ceux que je connais :")
    assert "S6909" in msg["text"] and "S3116" in msg["text"] and slots == {}


def test_sick_leave_online(domain):
    msg, slots = ask(domain, ActionSickLeave(), "comment faire un arrêt de travail en ligne", "ask_sick_leave")
    assert msg["text"].startswith("Prescrire un arrêt de travail en ligne (AAT)") and CIS in msg["text"]
    assert msg["text"].splitlines()[-2:] == [SOURCE_003, SOURCE_000] and slots == {"topic": "arrets_travail"}


def test_a_precise_question_the_documents_do_not_answer_says_so_instead_of_an_overview(domain):
    msg, _ = ask(domain, ActionSickLeave(), "le patient a combien de jours pour envoyer le volet à son employeur",
                 "ask_sick_leave")
    lines = msg["text"].splitlines()
    assert lines[0].startswith("Je n'ai pas cette information dans mes documents.") and msg["custom"]["declined"]
    assert "05 96 56 36 90" in msg["text"] and "jours" not in msg["text"].split("Source")[0]


def test_therapeutic_part_time_for_a_self_employed_patient(domain):
    msg, _ = ask(domain, ActionSickLeave(), "tpt pour un travailleur independant, faut un arret avant ?",
                 "ask_sick_leave")
    assert "Pour un patient travailleur indépendant" not in msg["text"]  # said in our words, not pasted
    assert "sauf pour un temps partiel thérapeutique en rapport avec une affection de longue durée" in msg["text"]


def test_an_occupational_disease_outside_the_tables(domain):
    msg, _ = ask(domain, ActionAtMp(), "maladie hors tableau, comment la faire reconnaitre", "ask_at_mp")
    assert "CRRMP" in msg["text"] and only_martinique_contacts(msg["text"])


# --- follow-ups in context -----------------------------------------------------------------------------------------

def test_the_issue_conversation_ald_then_sick_leave_then_prolongation_then_work_accident(domain):
    msg, slots = ask(domain, ActionSickLeave(), "mon patient est en ALD, il a aussi besoin d'un arrêt",
                     "ask_sick_leave", topic="ald")
    assert msg["text"].startswith("Prescrire un arrêt de travail en ligne (AAT)")
    assert slots == {"topic": "arrets_travail"}
    msg, slots = ask(domain, ActionFollowUp(), "et pour la prolongation ?", "follow_up", topic="arrets_travail")
    assert msg["text"].startswith("Prolonger un arrêt de travail") and slots == {"topic": "arrets_travail"}
    msg, slots = ask(domain, ActionFollowUp(), "et si c'est un accident du travail ?", "follow_up",
                     topic="arrets_travail")
    assert msg["text"].startswith("AT/MP : quel formulaire pour quoi") and "cerfa S3116" in msg["text"]
    assert slots == {"topic": "at_mp"}


def test_the_same_follow_up_after_an_ald_answer_means_the_ald_prolongation(domain):
    msg, slots = ask(domain, ActionFollowUp(), "et pour la prolongation ?", "follow_up", topic="ald")
    assert msg["text"].startswith("ALD : le renouvellement automatique") and slots == {"topic": "ald"}


def test_a_follow_up_misclassified_under_another_topic_still_follows_the_conversation(domain):
    msg, _ = ask(domain, ActionSickLeave(), "et pour la prolongation ?", "ask_sick_leave", topic="ald")
    assert msg["text"].startswith("ALD : le renouvellement automatique")


def test_a_precise_new_question_is_not_taken_for_a_follow_up(domain):
    msg, _ = ask(domain, ActionSickLeave(), "comment prolonger un arrêt de travail", "ask_sick_leave", topic="ald")
    assert msg["text"].startswith("Prolonger un arrêt de travail")


def test_a_follow_up_naming_a_form(domain):
    msg, _ = ask(domain, ActionFollowUp(), "et le S3116 ?", "follow_up", [ent("form", "S3116")], topic="at_mp")
    assert msg["text"].startswith("Le formulaire d'avis d'arrêt de travail (cerfa S3116)")


def test_a_follow_up_with_no_meaning_asks_to_rephrase_then_hands_off(domain):
    msg, slots = ask(domain, ActionFollowUp(), "et pour le reste ?", "follow_up", topic="ald")
    assert msg["text"].startswith("Je n'ai pas bien compris") and msg["custom"]["misunderstood"] is True
    history = [user_event("et pour le reste ?", "follow_up"), {"event": "bot", "text": msg["text"],
                                                              "data": {"custom": msg["custom"]}}]
    msg, _ = ask(domain, ActionFollowUp(), "et alors ?", "follow_up", topic="ald", history=history)
    assert msg["custom"]["handoff"] is True and "05 96 56 36 90" in msg["text"]


# --- safety ------------------------------------------------------------------------------------------------------

def test_a_nir_or_a_name_in_the_question_is_never_repeated(domain):
    for action, intent in ((ActionAld(), "ask_ald"), (ActionSickLeave(), "ask_sick_leave"),
                           (ActionAtMp(), "ask_at_mp"), (ActionPrescription(), "ask_prescription")):
        msg, _ = ask(domain, action, "M. Joseph Lagrange 1 85 05 97 209 123 45 ald 12 arrêt cerfa 6909 MTE ?",
                     intent)
        assert "Lagrange" not in msg["text"] and "209 123" not in msg["text"] and "1 85 05" not in msg["text"]


def test_a_follow_up_after_a_voice_menu_answer_asks_the_menu_again_for_the_new_profession(domain):
    history = [user_event("le serveur vocal pour un médecin ?", "ask_phone_menu"),
               {"event": "action", "name": "action_phone_menu"}, {"event": "bot", "text": "…"},
               {"event": "action", "name": "action_listen"}]
    msg, _ = ask(domain, ActionFollowUp(), "et pour un kiné ?", "follow_up", [ent("profession", "kiné")],
                 topic="ald", history=history)
    assert msg == run(ActionPhoneMenu(), domain, tracker("et pour un kiné ?", "ask_phone_menu",
                                                         [ent("profession", "kiné")]))[0]


def test_a_follow_up_without_the_detail_the_previous_answer_reads_stays_in_the_topic(domain):
    history = [user_event("le serveur vocal pour un médecin ?", "ask_phone_menu"),
               {"event": "action", "name": "action_phone_menu"}, {"event": "action", "name": "action_listen"}]
    msg, _ = ask(domain, ActionFollowUp(), "et pour la prolongation ?", "follow_up", topic="ald", history=history)
    assert msg["text"].startswith("ALD : le renouvellement automatique")


def test_a_question_on_one_patient_s_file_says_where_it_is_seen_and_never_gives_an_overview(domain):
    msg, _ = ask(domain, ActionAld(), "mon patient M. Dupont est-il bien en ALD ?", "ask_ald")
    assert msg["text"].startswith("Je n'ai accès à aucun dossier de patient") and msg["custom"]["declined"]
    assert "ADRI" in msg["text"] and "05 96 56 36 90" in msg["text"] and "Dupont" not in msg["text"]
    assert "Les différentes ALD" not in msg["text"]


def test_an_ald_number_asked_about_its_renewal_gets_the_renewal_not_the_admission(domain):
    msg, _ = ask(domain, ActionAld(), "l'ALD 23 est-elle renouvelée automatiquement ?", "ask_ald", [ent("ald", "23")])
    assert "renouvel" in msg["text"].split("\n")[0].lower() and "admission" not in msg["text"].split("\n")[0]
