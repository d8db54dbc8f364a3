"""Custom actions run on Tracker fixtures against the real knowledge base; the French text sent is asserted."""
from __future__ import annotations

import pytest

from tests.unit.conftest import ROOT
from tests.unit.support import ent, run, run_all, tracker, user_event
from actions.contacts import ActionBestTime, ActionContact, ActionOpeningHours, ActionPhoneMenu
from actions.core import ActionFallback, ActionHandoff, ActionOutOfScope

SOURCE_000 = "Source : « Exercer en libéral en Martinique », CGSS Martinique, mai 2021."


def test_contact_for_conventionnement(domain):
    msg, events = run(ActionContact(), domain, tracker(
        "quel mail pour le conventionnement ?", "ask_contact", [ent("service", "conventionnement")]))
    assert "rps@cgss-martinique.fr" in msg["text"]
    assert "Relation avec les Professionnels de Santé" in msg["text"]
    assert msg["text"].splitlines()[-1].startswith(SOURCE_000)
    assert "mai 2021" in msg["text"].splitlines()[-1]
    assert events == [{"event": "slot", "timestamp": None, "name": "contact_id", "value": "rps"},
                      {"event": "slot", "timestamp": None, "name": "topic", "value": "contacts"}]


def test_a_follow_up_after_a_contact_is_read_in_the_contacts(domain):
    history = [user_event("qui contacter pour un paiement ?", "ask_contact", [ent("service", "paiement")]),
               {"event": "action", "name": "action_contact"}]
    msg, _ = run(ActionFallback(), domain, tracker("et pour les rejets de factures ?", "follow_up", history=history,
                                                    slots={"topic": "contacts"}))
    assert "pole.mdp@cgss-martinique.fr" in msg["text"]


def test_a_service_named_without_asking_whom_to_reach_is_a_question_not_a_contact_card(domain):
    msg, _ = run(ActionContact(), domain, tracker("Bonjour, à quoi sert exactement le téléservice Ma convention ?",
                                                  "ask_contact", [ent("service", "téléservice")]))
    assert not msg["text"].startswith("Les Conseillers Informatique Service")
    assert "ma convention" in msg["text"].lower()


def test_a_thing_sent_by_mail_is_a_question_not_a_contact_card(domain):
    """« par mail » says how a notification comes, not that an address is asked: the monthly payment notification,
    not the CIS' card."""
    msg, _ = run(ActionContact(), domain, tracker("au fait amelipro peut me prevenir par mail quand je suis paye ?",
                                                  "ask_contact"))
    assert not msg["text"].startswith("Les Conseillers Informatique Service")
    assert "billing.notification_mensuelle_paiement" in msg["custom"]["facts"]


def test_a_service_entity_that_names_nothing_is_not_an_unknown_service(domain):
    text = ("Bonjour, je suis masseur-kinésithérapeute et mon cabinet va déménager tout en passant en société. Quel "
            "service de la caisse dois-je prévenir de ces changements ?")
    msg, _ = run(ActionContact(), domain, tracker(text, "ask_contact", [ent("service", "ces")]))
    assert "Je ne connais pas de service" not in msg["text"]
    msg, _ = run(ActionContact(), domain, tracker("le mail du service bidulotron ?", "ask_contact",
                                                  [ent("service", "bidulotron")]))
    assert "Je ne connais pas de service « bidulotron »" in msg["text"]


def test_contact_found_in_the_text_when_no_entity(domain):
    msg, _ = run(ActionContact(), domain, tracker("le numero du service medical svp", "ask_contact"))
    assert "05 96 59 68 93" in msg["text"] and "contactps.ersm-martinique@assurance-maladie.fr" in msg["text"]


def test_contact_of_the_ordre_gives_address_phone_and_hours(domain):
    msg, _ = run(ActionContact(), domain, tracker("adresse de l'ordre", "ask_contact", [ent("service", "ordre")]))
    text = msg["text"]
    assert "80 rue de la République" in text and "05 96 63 27 01" in text
    assert "lundi, mardi et jeudi de 8 h 30 à 16 h" in text
    assert "mercredi et vendredi de 8 h 30 à 12 h 30" in text


def test_unknown_service_says_so_and_gives_general_contacts(domain):
    msg, events = run(ActionContact(), domain, tracker(
        "le mail du service juridique", "ask_contact", [ent("service", "service juridique")]))
    text = msg["text"]
    assert "Je ne connais pas de service « service juridique »" in text
    assert "05 96 56 36 90" in text and "messagerie d'amelipro" in text and "48 heures" in text
    assert "En ce moment (lundi 23 novembre, 10 h 12) : c'est ouvert, jusqu'à 17 h." in text
    assert msg["buttons"], "the web gets buttons to pick a need"
    assert events[0]["value"] is None


def test_no_service_gives_general_contacts_and_asks_the_need(domain):
    msg, _ = run(ActionContact(), domain, tracker("comment vous joindre ?", "ask_contact"))
    assert msg["text"].startswith("Pour joindre la CGSS Martinique")
    assert "Dites-moi votre besoin" in msg["text"]


def test_platform_open_now(domain):
    msg, _ = run(ActionOpeningHours(), domain, tracker("c'est ouvert ?", "ask_opening_hours"))
    text = msg["text"]
    assert "En ce moment (lundi 23 novembre, 10 h 12) : c'est ouvert, jusqu'à 17 h." in text
    assert "lundi et jeudi de 7 h à 17 h ; mardi, mercredi et vendredi de 7 h à 13 h 30" in text
    assert "Téléphone : 05 96 56 36 90" in text  # the hours of a line come with its number
    assert "messagerie amelipro" in text
    assert text.splitlines()[-1].startswith(SOURCE_000)


def test_platform_closed_friday_at_14(domain):
    msg, _ = run(ActionOpeningHours(), domain, tracker(
        "la plateforme est ouverte vendredi à 14h ?", "ask_opening_hours",
        [ent("weekday", "vendredi"), ent("time", "14h")]))
    assert "Le vendredi à 14 h, c'est fermé." in msg["text"]


def test_platform_open_thursday_at_16(domain):
    msg, _ = run(ActionOpeningHours(), domain, tracker("ouvert jeudi 16h ?", "ask_opening_hours"))
    assert "Le jeudi à 16 h, c'est ouvert (jusqu'à 17 h)" in msg["text"]


def test_ordre_friday_afternoon(domain):
    msg, _ = run(ActionOpeningHours(), domain, tracker(
        "l'ordre est ouvert le vendredi après-midi ?", "ask_opening_hours", [ent("service", "ordre")]))
    assert "Conseil départemental de la Martinique de l'Ordre des Médecins" in msg["text"]
    assert "Le vendredi après-midi, c'est fermé." in msg["text"]
    assert "Le vendredi : de 8 h 30 à 12 h 30." in msg["text"]


def test_follow_up_question_keeps_the_place(domain):
    msg, _ = run(ActionOpeningHours(), domain, tracker(
        "et le mercredi ?", "ask_opening_hours", slots={"contact_id": "ordre"}))
    assert "Le mercredi : de 8 h 30 à 12 h 30." in msg["text"]


def test_tomorrow_on_a_holiday_is_not_guessed(domain, monkeypatch):
    monkeypatch.setenv("ASSISTANT_NOW", "2026-12-24T09:00:00")
    msg, _ = run(ActionOpeningHours(), domain, tracker("vous êtes ouverts demain ?", "ask_opening_hours"))
    text = msg["text"]
    assert "Le vendredi 25 décembre est un jour férié ou chômé en Martinique (Noël)" in text
    assert "je ne peux pas vous dire si c'est ouvert" in text
    assert "lundi 28 décembre, 7 h" in text


def test_weekend_now_is_closed_with_next_opening(domain, monkeypatch):
    monkeypatch.setenv("ASSISTANT_NOW", "2026-11-28T11:00:00")  # Saturday
    msg, _ = run(ActionOpeningHours(), domain, tracker("c ouvert ?", "ask_opening_hours"))
    assert "c'est fermé. Prochaine ouverture : lundi 30 novembre, 7 h." in msg["text"]


def test_hours_of_a_service_without_hours(domain):
    msg, _ = run(ActionOpeningHours(), domain, tracker(
        "horaires du pôle indus", "ask_opening_hours", [ent("service", "pole indus")]))
    assert "Mes documents ne donnent pas d'horaires" in msg["text"]
    assert "pole.gestiondesindus@cgss-martinique.fr" in msg["text"]


def test_best_time_to_call(domain):
    msg, _ = run(ActionBestTime(), domain, tracker("quand appeler pour attendre moins ?", "ask_best_time"))
    text = msg["text"]
    assert "lundi et jeudi de 7 h à 8 h et de 15 h à 17 h" in text
    assert "mardi, mercredi et vendredi de 7 h à 8 h et de 12 h 30 à 13 h 30" in text


def test_best_time_on_a_given_day(domain):
    msg, _ = run(ActionBestTime(), domain, tracker("meilleur moment mardi ?", "ask_best_time",
                                                   [ent("weekday", "mardi")]))
    assert "Le mardi, les heures creuses sont de 7 h à 8 h et de 12 h 30 à 13 h 30." in msg["text"]


def test_that_day_is_the_day_named_before(domain):
    history = [user_event("c koi les horaires de la plateforme", "ask_opening_hours"),
               user_event("et le mercredi ?", "follow_up", [ent("weekday", "mercredi")])]
    msg, _ = run(ActionBestTime(), domain, tracker("et les heures creuses ce jour la", "ask_best_time",
                                                   history=history))
    assert "Le mercredi, les heures creuses sont de 7 h à 8 h et de 12 h 30 à 13 h 30." in msg["text"]
    msg, _ = run(ActionOpeningHours(), domain, tracker("et ce jour-là ça ferme à quelle heure ?", "ask_opening_hours",
                                                       history=history))
    assert "Le mercredi : de 7 h à 13 h 30." in msg["text"]


def test_the_least_waiting_asked_in_a_message_nobody_understood_gets_the_off_peak_hours(domain):
    history = [user_event("et le mercredi ?", "follow_up", [ent("weekday", "mercredi")])]
    msg, _ = run(ActionFallback(), domain, tracker("et ce jour-là c'est quand que y a le moins de monde ?",
                                                   "nlu_fallback", history=history))
    assert "Le mercredi, les heures creuses sont de 7 h à 8 h et de 12 h 30 à 13 h 30." in msg["text"]


@pytest.mark.parametrize("text, entities, expected", [
    ("je suis infirmière quel choix ?", [ent("profession", "infirmière")], "« Infirmier » (2e choix)"),
    ("jsuis kiné", [ent("profession", "kiné")], "« Autres catégories » (3e choix)"),
    ("pharmacien, quelle touche", [], "« Médecin, Dentiste ou Pharmacien » (1er choix)"),
    ("je suis [ostéopathe] quel choix", [ent("profession", "ostéopathe")], "« Autres catégories » (3e choix)"),
])
def test_voice_menu_for_a_profession(domain, text, entities, expected):
    msg, _ = run(ActionPhoneMenu(), domain, tracker(text, "ask_phone_menu", entities))
    assert expected in msg["text"]
    assert "le serveur vocal propose 3 choix" in msg["text"]


def test_voice_menu_without_profession_asks_for_it(domain):
    msg, _ = run(ActionPhoneMenu(), domain, tracker("le SVI propose quoi ?", "ask_phone_menu"))
    assert "Dites-moi votre profession" in msg["text"]


def test_first_misunderstanding_asks_to_rephrase(domain):
    msg, _ = run(ActionFallback(), domain, tracker("xkcd blorp", "nlu_fallback"))
    assert msg["text"].startswith("Je n'ai pas bien compris")
    assert msg["buttons"] and msg["custom"]["misunderstood"] is True and msg["custom"]["declined"] == "part_rephrase"


def test_second_misunderstanding_in_a_row_hands_off(domain):
    history = [user_event("xkcd blorp", "nlu_fallback"), {"event": "bot", "text": "Je n'ai pas bien compris"}]
    msg, _ = run(ActionFallback(), domain, tracker("glorb zzz", "nlu_fallback", history=history))
    assert msg["custom"]["handoff"] is True and msg["custom"]["handoff_reason"] == "misunderstood_twice"
    assert "05 96 56 36 90" in msg["text"] and "messagerie d'amelipro" in msg["text"]
    assert "lundi et jeudi de 7 h à 17 h" in msg["text"]


def test_an_understood_message_resets_the_count(domain):
    history = [user_event("xkcd", "nlu_fallback"), user_event("horaires ?", "ask_opening_hours")]
    msg, _ = run(ActionFallback(), domain, tracker("blorp", "nlu_fallback", history=history))
    assert "handoff" not in msg["custom"]


@pytest.mark.parametrize("text", ["", "   ", "?!...", "👍"])
def test_empty_or_punctuation_only_message(domain, text):
    msg, _ = run(ActionFallback(), domain, tracker(text, "nlu_fallback"))
    assert msg["text"].startswith("Votre message est vide")


def test_request_for_a_person_hands_off(domain):
    msg, _ = run(ActionHandoff(), domain, tracker("je veux parler à un conseiller", "request_human"))
    assert msg["custom"]["handoff"] is True and msg["custom"]["handoff_reason"] == "user_request"
    assert "05 96 56 36 90" in msg["text"]


@pytest.mark.parametrize("intent, expected", [
    ("out_of_scope_medical", "Je ne prends pas de décision médicale"),
    ("out_of_scope_personal", "votre situation personnelle d'assuré"),
    ("out_of_scope_region", "uniquement sur les démarches auprès de la CGSS Martinique"),
    ("chitchat", "Je préfère rester sur vos questions professionnelles"),
])
def test_out_of_scope(domain, intent, expected):
    msg, _ = run(ActionOutOfScope(), domain, tracker("…", intent))
    assert expected in msg["text"]


def test_medical_question_points_to_the_service_medical(domain):
    msg, _ = run(ActionOutOfScope(), domain, tracker("quelle dose ?", "out_of_scope_medical"))
    assert "05 96 59 68 93" in msg["text"]
    assert msg["text"].splitlines()[-1].startswith(SOURCE_000)


def test_a_coverage_question_read_as_a_medical_decision_is_answered_from_the_documents(domain):
    history = [user_event("Bonjour, je reçois une patiente de 22 ans pour sa première consultation de contraception. "
                          "Comment dois-je la coter ?", "ask_cotation"), {"event": "action", "name": "action_cotation"}]
    msg, _ = run(ActionOutOfScope(), domain, tracker(
        "Et les examens de biologie (glycémie à jeun, cholestérol), sont-ils pris en charge pour elle ?",
        "out_of_scope_medical", history=history))
    assert "une fois par an" in msg["text"] and "décision médicale" not in msg["text"]
    msg, _ = run(ActionOutOfScope(), domain, tracker("mon patient a une lombalgie, je l'arrete combien de jours ?",
                                                     "out_of_scope_medical"))
    assert "Je ne prends pas de décision médicale" in msg["text"]


def test_a_trimmed_message_is_said_to_be_cut(domain):
    msg, _ = run(ActionContact(), domain, tracker(
        "conventionnement " * 10, "ask_contact", extra={"trimmed_from": 4000}))
    assert msg["text"].startswith("Votre message était très long (4000 caractères)")
    assert "rps@cgss-martinique.fr" in msg["text"]


def test_every_part_used_by_the_actions_exists_in_the_domain(domain):
    import re

    used = set()
    for path in (ROOT / "actions").glob("*.py"):
        used.update(re.findall(r'"(part_[a-z_]+)"', path.read_text(encoding="utf-8")))
    missing = sorted(u for u in used if u not in domain["responses"])
    assert missing == []


def test_need_buttons_ask_for_a_known_contact(domain, kb):
    msg, _ = run(ActionContact(), domain, tracker("comment vous joindre ?", "ask_contact"))
    import json

    for button in msg["buttons"]:
        intent, _, entities = button["payload"].partition("{")
        assert intent == "/ask_contact"
        service = json.loads("{" + entities)["service"]
        assert kb.find_contact(service) is not None, service


def test_a_service_for_other_professions_sends_to_the_platform(domain):
    msg, events = run(ActionContact(), domain, tracker(
        "je suis kiné, qui contacter pour un rejet de facture ?", "ask_contact",
        [ent("profession", "kiné"), ent("service", "rejet de facture")]))
    text = msg["text"]
    assert "traite les professions « Médecin, Dentiste ou Pharmacien » seulement" in text
    assert "05 96 56 36 90" in text and "Pour « kiné », choisissez « Autres catégories » (3e choix)." in text
    assert "pole.mdp@cgss-martinique.fr" not in text
    assert events[0]["value"] == "plateforme_ps"


def test_the_service_itself_for_its_own_professions(domain):
    msg, _ = run(ActionContact(), domain, tracker(
        "je suis pharmacien, contact pour un rejet", "ask_contact", [ent("service", "rejet")]))
    assert "pole.mdp@cgss-martinique.fr" in msg["text"]


def test_a_message_whose_patient_data_was_masked_gets_a_reminder_first(domain):
    msg, _ = run(ActionContact(), domain, tracker("mail conventionnement pour [NIR masqué] ?", "ask_contact"))
    assert msg["text"].startswith("Pour protéger vos patients, je ne garde aucune donnée personnelle")
    assert "rps@cgss-martinique.fr" in msg["text"]


def test_a_service_the_words_name_wins_over_an_entity_read_as_the_platform(domain):
    msg, _ = run(ActionContact(), domain, tracker("tel plateforme service medical drsm pr les ps ?", "ask_contact",
                                                  [ent("service", "plateforme")]))
    assert "service médical" in msg["text"].split("\n")[0] and "05 96 56 36 90" not in msg["text"].split("\n")[0]


def test_values_that_ask_for_a_computation_get_it_whatever_the_intent(domain):
    msg, _ = run(ActionFallback(), domain, tracker("c combien le caim en zone a pr 3j/sem ?", "nlu_fallback",
                                                   [ent("contract", "CAIM"), ent("days", "3j/sem")]))
    assert "en zone A, 3 jours par semaine" in msg["text"] and "CAIM : 37 500 €" in msg["text"]
    msg, _ = run(ActionFallback(), domain, tracker("cstm arrete ars numero ?", "nlu_fallback",
                                                   [ent("contract", "CSTM")]))
    assert msg["text"].startswith("CSTM")


def test_what_is_not_in_the_documents_keeps_the_closest_topic_for_a_follow_up(domain):
    from actions.common import answer_question
    from rasa_sdk.executor import CollectingDispatcher
    dispatcher = CollectingDispatcher()
    events = answer_question(dispatcher, tracker("combien coute une feuille de soins papier", "ask_billing"), domain)
    assert dispatcher.messages[0]["text"].startswith("Je n'ai pas cette information")
    assert events == [{"event": "slot", "timestamp": None, "name": "topic", "value": "billing"}]


def test_a_probable_reading_is_given_said_first_to_be_perhaps_not_the_question(domain):
    from actions.common import answer_question
    from rasa_sdk.executor import CollectingDispatcher
    question = "combien de sites pr recuperer commandes cgssm"
    dispatcher = CollectingDispatcher()
    answer_question(dispatcher, tracker(question, "ask_installation"), domain)
    message = dispatcher.messages[0]
    first, second = message["text"].split("\n")[:2]
    assert first.startswith("Sans certitude") and second.startswith("Où récupérer vos commandes")
    assert "quatre sites" in message["text"] and message["text"].rstrip().split("\n")[-1].startswith("Source")
    assert message["custom"]["declined"] == "part_probable_answer"
    assert message["custom"]["facts"][0] == "installation.recuperation_commandes"
    assert "Vous cherchiez peut-être" in message["text"] and message["buttons"]  # the other readings, to go on
    dispatcher = CollectingDispatcher()  # on the phone: the caveat, then the answer's sentence, no list of others
    answer_question(dispatcher, tracker(question, "ask_installation", channel="ivr"), domain)
    said = dispatcher.messages[0]
    assert said["text"].startswith("Sans certitude") and "Rivière-Salée" in said["text"]
    assert "Vous cherchiez peut-être" not in said["text"] and not said.get("buttons")


@pytest.mark.parametrize("text, intent", [
    ("oui", "affirm"), ("non merci c'est bon", "deny"), ("ok merci beaucoup", "affirm")])
def test_yes_or_no_alone_carries_on(domain, text, intent):
    from actions.core import ActionYesNo
    messages, _ = run_all(ActionYesNo(), domain, tracker(text, intent))
    expected = "Je vous écoute" if intent == "affirm" else "Très bien. Je reste à votre disposition"
    assert len(messages) == 1 and messages[0]["text"].startswith(expected)


def test_a_no_that_corrects_is_answered_as_a_correction(domain):
    from actions.core import ActionYesNo
    history = [user_event("la G pour un enfant de 2 ans ?", "ask_cotation"), {"event": "action", "name": "action_cotation"}]
    msg, _ = run(ActionYesNo(), domain, tracker("ah non pardon il a 8 ans", "deny", history=history))
    assert msg["text"].startswith("G (26,50 €) = 26,50 €")  # no MEG at 8


# --- conversations: the asker's situation, values said earlier, follow-ups read against the last answer ----------

def test_a_situation_stated_without_a_question_is_noted_and_its_zone_said_back(domain):
    msg, events = run(ActionFallback(), domain, tracker(
        "bonjour je suis médecin généraliste installé au Lamentin", "nlu_fallback",
        [ent("profession", "médecin généraliste"), ent("commune", "Lamentin")]))
    assert msg["text"].startswith("C'est noté : médecin généraliste, au Lamentin, commune en zone de vigilance")
    assert "Quelle est votre question ?" in msg["text"] and "declined" not in msg["custom"]
    assert {e["name"]: e["value"] for e in events if e.get("event") == "slot"}["commune"] == "97213"


def test_a_situation_with_a_question_in_it_is_answered_not_noted(domain):
    msg, _ = run(ActionFallback(), domain, tracker(
        "je suis médecin au Lamentin, quelles aides pour moi ?", "nlu_fallback", [ent("commune", "Lamentin")]))
    assert not msg["text"].startswith("C'est noté")


def slots_set(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_a_profession_and_a_commune_said_with_a_question_are_kept_and_the_question_answered(domain):
    from actions.core import ActionProfession
    for action, intent in ((ActionProfession(), "inform_profession"), (ActionFallback(), "nlu_fallback")):
        msg, events = run(action, domain, tracker(
            "allô je suis pharmacien à Rivière-Pilote je voudrais connaître le montant de l'honoraire de dispensation",
            intent, [ent("profession", "pharmacien"), ent("commune", "Rivière-Pilote")]))
        assert not msg["text"].startswith("C'est noté") and "misunderstood" not in msg["custom"]
        assert "05 96 56 36 90" in msg["text"]  # not in the documents: where to ask
        assert slots_set(events)["profession"] == "pharmacien" and slots_set(events)["commune"] == "97220"


def test_a_request_outside_the_domain_naming_a_commune_is_declined_not_noted(domain):
    msg, _ = run(ActionFallback(), domain, tracker(
        "oui bonjour je voudrais réserver un vol Fort-de-France Paris pour le quinze août c'est possible",
        "nlu_fallback", [ent("commune", "Fort-de-France")]))
    assert not msg["text"].startswith("C'est noté") and msg["custom"].get("declined") is True


def test_a_subject_outside_the_domain_is_declined_even_when_a_fact_shares_its_place_and_day(domain):
    msg, _ = run(ActionFallback(), domain, tracker("meteo fort de france demain pluie ?", "nlu_fallback"))
    assert msg["custom"].get("declined") is True and "Ordre" not in msg["text"]
    assert "facts" not in msg["custom"]


def test_a_situation_opening_the_conversation_is_noted_not_answered_with_the_aids(domain):
    from actions.aids import ActionAidResult
    trk = tracker("je suis infirmière à Sainte-Luce", "inform", [ent("profession", "infirmière"),
                                                               ent("commune", "Sainte-Luce")])
    messages, events = run_all(ActionAidResult(), domain, trk)
    assert len(messages) == 1 and messages[0]["text"].startswith("C'est noté : infirmière, à Sainte-Luce")
    assert not [e for e in events if e["event"] == "followup"]  # answered here: no follow-up action for Rasa
    assert {"event": "slot", "timestamp": None, "name": "profession", "value": "infirmière"} in events
    history = [user_event("quelles aides au Lorrain ?", "ask_installation_aid"),
               {"event": "action", "name": "action_aid_result"}]
    msg, _ = run(ActionAidResult(), domain, tracker("et au Robert", "inform", [ent("commune", "Robert")],
                                                    history=history))
    assert "Aides conventionnelles pour un médecin installé au Robert" in msg["text"]  # after an aid: the aid


def test_another_commune_after_a_zone_is_that_commune_s_zone(domain):
    history = [user_event("quelle zone pour le Lorrain ?", "ask_zoning", [ent("commune", "Lorrain")]),
               {"event": "action", "name": "action_zoning"}]
    msg, _ = run(ActionFallback(), domain, tracker("et Ducos", "follow_up", [ent("commune", "Ducos")],
                                                   history=history))
    assert msg["text"].startswith("Ducos est en zone de vigilance")


def test_the_zone_asked_for_without_a_commune_is_that_of_the_commune_said_before(domain):
    from actions.zoning import ActionZoning
    history = [user_event("bonjour je suis médecin généraliste installé au Lamentin", "nlu_fallback")]
    msg, _ = run(ActionZoning(), domain, tracker("c'est quelle zone chez moi ?", "ask_zoning", history=history))
    assert msg["text"].startswith("Le Lamentin est en zone de vigilance")


def test_an_address_asked_by_a_dentist_is_the_pole_of_doctors_dentists_and_pharmacies(domain):
    history = [user_event("je suis chirurgien-dentiste, je choisis quoi au serveur vocal ?", "ask_phone_menu",
                          [ent("profession", "chirurgien-dentiste")])]
    msg, _ = run(ActionContact(), domain, tracker("et si je veux écrire, c'est quelle adresse mail pour moi ?",
                                                  "ask_contact", history=history))
    assert "pole.mdp@cgss-martinique.fr" in msg["text"]


def test_an_address_asked_by_a_nurse_is_not_the_pole_of_doctors(domain):
    msg, _ = run(ActionContact(), domain, tracker("je suis infirmière, c'est quelle adresse mail pour moi ?",
                                                  "ask_contact", [ent("profession", "infirmière")]))
    assert "pole.mdp@cgss-martinique.fr" not in msg["text"]


def test_the_voice_menu_choice_is_computed_whatever_the_intent(domain):
    msg, _ = run(ActionFallback(), domain, tracker(
        "je suis infirmière, quand j'appelle le zéro cinq quatre-vingt-seize, je choisis quoi ?", "nlu_fallback",
        [ent("profession", "infirmière")]))
    assert "choisissez « Infirmier » (2e choix)" in msg["text"]


def test_a_colleagues_profession_after_the_voice_menu_gets_her_choice(domain):
    history = [user_event("je suis infirmière, je choisis quoi au serveur vocal ?", "ask_phone_menu",
                          [ent("profession", "infirmière")]), {"event": "action", "name": "action_phone_menu"}]
    msg, _ = run(ActionFallback(), domain, tracker("et ma collègue qui est kiné, elle tape quoi ?", "follow_up",
                                                   history=history))
    assert "« Autres catégories » (3e choix)" in msg["text"]


@pytest.mark.parametrize("text, expected", [
    ("Combien rapporte-t-il ?", "COSCOM : 9 850 € par an au maximum"),  # its own fact: the most, then its parts
    ("Pour quelle durée ?", "La durée du COSCOM : 3 ans"),
])
def test_a_question_on_the_contract_just_described_is_about_it(domain, text, expected):
    history = [user_event("quelles sont les conditions du COTRAM ?", "ask_contract", [ent("contract", "COTRAM")]),
               {"event": "action", "name": "action_contract"},
               user_event("Et le COSCOM ?", "ask_contract", [ent("contract", "COSCOM")]),
               {"event": "action", "name": "action_contract"}]
    msg, _ = run(ActionFallback(), domain, tracker(text, "nlu_fallback", history=history))
    assert expected in msg["text"].split("\n")[0] and "COSCOM" in msg["text"]


def test_weeks_of_a_replacement_are_no_days_of_activity(domain):
    text = "je vais effectuer un remplacement de trois semaines à Sainte-Luce, quelles pièces envoyer ?"
    start = text.index("trois")
    days = {"entity": "days", "value": "trois", "start": start, "end": start + len("trois")}
    msg, _ = run(ActionFallback(), domain, tracker(text, "nlu_fallback", [days, ent("commune", "Sainte-Luce")]))
    assert "Aides conventionnelles" not in msg["text"]


def test_an_address_asked_for_is_that_of_a_service_named_that_has_one(domain):
    msg, _ = run(ActionContact(), domain, tracker("mail pour demander rdv conventionnement cgss martinique",
                                                  "ask_contact"))
    assert "rps@cgss-martinique.fr" in msg["text"].split("\n")[1]


def test_a_question_the_documents_answer_elsewhere_is_not_read_as_about_the_contract_before(domain):
    history = [user_event("Et le COSCOM ?", "ask_contract", [ent("contract", "COSCOM")]),
               {"event": "action", "name": "action_contract"}]
    msg, _ = run(ActionFallback(), domain, tracker("combien de temps pour recevoir ma carte CPS ?", "nlu_fallback",
                                                   history=history))
    assert "COSCOM" not in msg["text"]


def test_a_contact_question_the_documents_answer_with_another_fact_gets_that_fact(domain):
    """« Qui appeler pour le numéro de suivi de ma carte CPS ? » names the caisse, asks for the ANS's line."""
    msg, _ = run(ActionContact(), domain, tracker(
        "cela fait trois semaines que mon conventionnement est validé et je n'ai toujours pas reçu ma carte CPS. "
        "Qui puis-je appeler pour obtenir le numéro de suivi ?", "ask_contact"))
    assert "Agence du Numérique en Santé" in msg["text"] and "0825 852" in msg["text"]
    msg, _ = run(ActionContact(), domain, tracker("le mail de la cgss pour les médecins ?", "ask_contact"))
    assert msg["text"].startswith("Le pôle Médecins, Dentistes, Pharmacies")


def test_a_way_to_reach_that_the_documents_do_not_give_is_said_missing_before_what_they_give(domain):
    msg, _ = run(ActionContact(), domain, tracker("l'adresse mail du Conseil de l'Ordre des médecins, vous l'avez ?",
                                                  "ask_contact"))
    assert msg["text"].startswith("Mes documents ne donnent pas d'adresse électronique pour le Conseil")
    assert "Téléphone" in msg["text"] and msg["custom"]["declined"]
    msg, _ = run(ActionContact(), domain, tracker("le numéro de la plateforme ps ?", "ask_contact"))
    assert "ne donnent pas" not in msg["text"] and "05 96 56 36 90" in msg["text"]


def test_a_way_to_reach_that_a_fact_gives_is_answered_rather_than_said_missing_for_the_contact_named(domain):
    # « amelipro » names the CIS, who have no telephone in the documents; the FAMI document gives amelipro's line
    msg, _ = run(ActionContact(), domain, tracker(
        "euh, vous avez un numéro d'assistance pour amelipro, euh, j'arrive pas à faire ma déclaration ?",
        "ask_contact"))
    assert "3608" in msg["text"] and "ne donnent pas de numéro" not in msg["text"]
    assert msg["custom"]["facts"][0] == "fami.fami_assistance"
    msg, _ = run(ActionContact(), domain, tracker("numero de telephone du service RPS", "ask_contact"))
    assert msg["text"].startswith("Mes documents ne donnent pas de numéro de téléphone pour le service Relation")


def test_a_deadline_asked_in_another_topic_is_not_the_platform_s_hours(domain):
    history = [user_event("slt je suis pedicure podologue, le fami 2023 ca se declare quand", "ask_fami"),
               {"event": "action", "name": "action_fami"}]
    msg, _ = run(ActionOpeningHours(), domain, tracker("ya une heure limite le dernier jour ?", "ask_opening_hours",
                                                       history=history, slots={"topic": "fami"}))
    assert "05 96 56 36 90 (" not in msg["text"].splitlines()[0] and "lundi et jeudi de 7 h" not in msg["text"]
    assert "minuit" in msg["text"]
    msg, _ = run(ActionBestTime(), domain, tracker("ya une heure limite le dernier jour ?", "ask_best_time",
                                                   history=history, slots={"topic": "fami"}))
    assert "heures creuses" not in msg["text"] and "minuit" in msg["text"]
    msg, _ = run(ActionOpeningHours(), domain, tracker("vous fermez à quelle heure le dernier jour de la semaine ?",
                                                       "ask_opening_hours"))
    assert "lundi et jeudi de 7 h à 17 h" in msg["text"]  # no other topic: the platform's hours


def test_a_question_read_as_opening_hours_about_another_subject_gets_that_subject_s_answer(domain):
    msg, _ = run(ActionOpeningHours(), domain, tracker(
        "la formation en ligne sur les arrêts de travail, elle reste ouverte jusqu'à quand ?", "ask_opening_hours"))
    assert "MOOC" in msg["text"] and "Horaires" not in msg["text"]
    msg, _ = run(ActionOpeningHours(), domain, tracker("la plateforme est ouverte jusqu'à quand ?", "ask_opening_hours"))
    assert msg["text"].startswith("Horaires")


def test_a_courtesy_that_also_asks_something_is_answered_as_a_question(domain):
    from actions.core import ActionFallback, ActionGoodbye, ActionThank

    msg, _ = run(ActionGoodbye(), domain, tracker("au revoir et bonne journée", "goodbye"))
    assert msg["text"] == "Au revoir, et bonne journée."
    msg, _ = run(ActionGoodbye(), domain, tracker(
        "Enfin, est-il possible de revoir ce que j'avais déclaré l'an dernier pour le FAMI ?", "goodbye"))
    assert "récapitulatif" in msg["text"]
    msg, _ = run(ActionThank(), domain, tracker("merci ! et pour la VSP c'est combien ?", "thank"))
    assert "60 €" in msg["text"]
    split = {"intent_ranking": [{"name": "affirm", "confidence": 0.36}, {"name": "goodbye", "confidence": 0.3}]}
    msg, _ = run(ActionFallback(), domain, tracker("merci beaucoup, au revoir", "nlu_fallback", extra=split))
    assert msg["text"] == "Au revoir, et bonne journée."
    msg, _ = run(ActionFallback(), domain, tracker("zrtgh bnvc qsdf", "nlu_fallback", extra=split))
    assert "reformuler" in msg["text"]


def test_a_question_read_as_a_contact_request_that_asks_no_contact_is_answered_as_a_question(domain):
    msg, _ = run(ActionContact(), domain, tracker("Comment dois-je identifier l'enveloppe avant de l'envoyer ?",
                                                  "ask_contact"))
    assert "cachet" in msg["text"] and "Dites-moi votre besoin" not in msg["text"]
    msg, _ = run(ActionContact(), domain, tracker("qui contacter pour un rejet de facture ?", "ask_contact"))
    assert "Téléphone" in msg["text"]


def test_the_weekly_opening_hours_asked_are_added_up(domain):
    msg, _ = run(ActionOpeningHours(), domain, tracker(
        "Au total, combien d'heures par semaine la plateforme est-elle ouverte ?", "ask_opening_hours"))
    assert "Au total : 39 h 30 d'ouverture par semaine." in msg["text"]
    msg, _ = run(ActionOpeningHours(), domain, tracker("la plateforme ouvre à quelle heure mardi ?", "ask_opening_hours"))
    assert "Au total" not in msg["text"]


def test_who_does_something_in_the_previous_subject_is_a_question_on_it_not_the_cgss_contacts(domain):
    history = [user_event("monparcourspsy c pour quel age", "ask_prevention"),
               {"event": "action", "name": "action_prevention"},
               {"event": "bot", "text": "…", "data": {"custom": {"facts": ["prevention.monparcourspsy_des_3_ans"]}}}]
    msg, _ = run(ActionContact(), domain, tracker("et c'est qui qui l'oriente vers le psychologue ?", "ask_contact",
                                                  history=history, slots={"topic": "prevention"}))
    assert not msg["text"].startswith("Pour joindre la CGSS Martinique")
    assert any(f.startswith("prevention.monparcourspsy") for f in msg["custom"]["facts"])
    msg, _ = run(ActionContact(), domain, tracker("et pour ça je contacte qui à la caisse ?", "ask_contact",
                                                  history=history, slots={"topic": "prevention"}))
    assert "05 96 56 36 90" in msg["text"]  # whom to reach: the platform's card
    assert not any(f.startswith("prevention.") for f in msg["custom"]["facts"])
