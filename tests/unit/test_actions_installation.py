"""Installation, zoning and aid actions on Tracker fixtures against the real knowledge base."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.aids import ActionAidResult, ActionContract, ValidateAidForm, days_given, days_in, fees_in
from actions.at_mp import ActionAtMp
from actions.core import ActionStop
from actions.zoning import ActionZoning
from tests.unit.support import ent, run, run_all, tracker, user_event

SOURCE_000 = "Source : « Exercer en libéral en Martinique », CGSS Martinique, mai 2021."
SOURCE_003 = "Source : « Les offres de services de l'Assurance Maladie du Var », CPAM du Var, 2023."


def slot_events(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


# --- zoning -------------------------------------------------------------------------------------------------------

def test_zone_of_a_commune_written_as_an_abbreviation(domain):
    msg, events = run(ActionZoning(), domain, tracker("FDF c quelle zone ?", "ask_zoning", [ent("commune", "FDF")]))
    assert "Fort-de-France est en zone de vigilance" in msg["text"]
    assert "pas d'aide à l'installation" in msg["text"]
    assert "21 décembre 2017" in msg["text"]
    assert msg["text"].splitlines()[-1] == SOURCE_000
    assert slot_events(events) == {"commune": "97209"}
    assert msg["buttons"][0]["payload"] == '/ask_installation_aid{"commune": "Fort-de-France"}'


def test_zone_of_a_misspelt_commune_without_entity_is_found_in_the_text(domain):
    msg, _ = run(ActionZoning(), domain, tracker("le lorrain est en zone A ?", "ask_zoning"))
    assert "Le Lorrain est en zone A" in msg["text"] and "ouvre droit aux aides" in msg["text"]


def test_several_communes_compared_get_each_zone_once(domain):
    msg, events = run(ActionZoning(), domain, tracker(
        "le marin, schoelcher et le lamentin, meme zone ?", "ask_zoning",
        [ent("commune", "le marin"), ent("commune", "schoelcher"), ent("commune", "le lamentin")]))
    lines = msg["text"].splitlines()
    assert "Le Marin est en zone B selon le zonage des médecins." in lines
    assert "Schœlcher est en zone A selon le zonage des médecins." in lines
    assert "Le Lamentin est en zone de vigilance selon le zonage des médecins." in lines
    assert sum("ouvre droit aux aides" in line for line in lines) == 2  # zones A and B, each explained once
    assert {"zoning.commune.97217", "zoning.commune.97229", "zoning.commune.97213"} <= set(msg["custom"]["facts"])
    assert slot_events(events) == {}  # no single commune to remember for the aid form


def test_two_communes_of_one_zone_are_named_together(domain):
    msg, _ = run(ActionZoning(), domain, tracker(
        "ducos et le robert c quelle zone", "ask_zoning", [ent("commune", "ducos"), ent("commune", "le robert")]))
    assert "Ducos et Le Robert sont en zone de vigilance selon le zonage des médecins." in msg["text"]


def test_a_commune_outside_martinique_gets_a_clear_answer(domain):
    msg, events = run(ActionZoning(), domain, tracker(
        "pointe a pitre c quelle zone", "ask_zoning", [ent("commune", "pointe a pitre")]))
    assert "Je ne trouve pas « pointe a pitre » parmi les 34 communes" in msg["text"]
    assert slot_events(events) == {}


def test_communes_of_the_vigilance_zone(domain):
    msg, _ = run(ActionZoning(), domain, tracker("quelles communes sont en zone de vigilance", "ask_zoning"))
    assert "5 communes en zone de vigilance : Ducos, Fort-de-France, Le Lamentin, Le Robert et Rivière-Salée." \
        in msg["text"]


def test_a_detail_of_the_zoning_is_answered_by_its_fact_not_the_overview(domain):
    msg, _ = run(ActionZoning(), domain, tracker(
        "Sur quel article du code de la santé publique se fonde l'arrêté de zonage des médecins en Martinique ?",
        "ask_zoning"))
    assert "L.1434-4" in msg["text"].split("\n")[0]


def test_the_zoning_asked_by_a_nurse_is_said_to_be_the_doctors_only(domain):
    msg, _ = run(ActionZoning(), domain, tracker(
        "zonage infirmier martinique quelles communes sont en zone tres sous dotee", "ask_zoning",
        [ent("profession", "infirmier")]))
    assert "Nos documents ne donnent pas de zonage pour les autres professions" in msg["text"]
    # declined, or answered by the fact that says so (the zoning of the arrêté is the doctors')
    assert msg["custom"].get("declined") is True or msg["custom"]["facts"][0] == "zoning.medecins_seulement"
    assert "25 communes" not in msg["text"]


def test_zoning_in_general_gives_the_order_and_its_date(domain):
    msg, _ = run(ActionZoning(), domain, tracker("c quoi le zonage", "ask_zoning"))
    assert "ARS/2017/N°282 du 21 décembre 2017" in msg["text"] and "29 des 34 communes" in msg["text"]


# --- contracts ----------------------------------------------------------------------------------------------------

def test_caim_explained_with_its_figures(domain):
    msg, _ = run(ActionContract(), domain, tracker("c koi le caim", "ask_contract", [ent("contract", "caim")]))
    text = msg["text"]
    for expected in ("CAIM (Contrat d'Aide à l'Installation des Médecins)", "50 000 € pour 4 jours ou plus",
                     "31 250 € pour 2 jours et demi", "5 ans, non renouvelable",
                     "participer à la permanence des soins"):
        assert expected in text
    assert text.splitlines()[-1] == SOURCE_000


def test_caim_with_days_in_the_question_computes_the_amount(domain):
    msg, _ = run(ActionContract(), domain, tracker(
        "le caim pour 3 jours et demi ca fait combien", "ask_contract", [ent("contract", "caim")]))
    assert "CAIM : 43 750 €" in msg["text"] and "21 875 € à la signature" in msg["text"]


def test_assistant_medical_gives_the_2023_rule_and_says_2021_said_otherwise(domain):
    msg, _ = run(ActionContract(), domain, tracker(
        "aide pour embaucher une assistante medicale ?", "ask_contract", [ent("contract", "assistante medicale")]))
    text = msg["text"]
    assert "3 conditions cumulatives" in text and "(2023)" in text
    assert "indiquait autre chose" in text and "5 conditions cumulatives" in text and "mai 2021" in text
    assert text.splitlines()[-2:] == [SOURCE_003, SOURCE_000]


def test_no_contract_named_gives_the_summary(domain):
    msg, _ = run(ActionContract(), domain, tracker("quels contrats pour les medecins", "ask_contract"))
    assert "52 500 € en 2 fois" in msg["text"] and "9 850 € par an" in msg["text"]


def test_on_the_phone_a_contract_is_one_spoken_sentence(domain):
    msg, _ = run(ActionContract(), domain, tracker("le cotram", "ask_contract", [ent("contract", "cotram")],
                                                   channel="ivr"))
    assert "Source" not in msg["text"] and "- " not in msg["text"]
    assert len(msg["text"]) < 400 and "60 ans" in msg["text"]


# --- the computed aid ----------------------------------------------------------------------------------------------

def aid_result(domain, slots, text="ok", intent="affirm", **kwargs):
    return run(ActionAidResult(), domain, tracker(text, intent, slots=slots, active_loop="aid_form", **kwargs))


def test_without_days_every_amount_is_given_and_the_condition_stated_not_asked(domain):
    msg, _ = aid_result(domain, {"commune": "97214", "aid_days": None, "aid_coordinated": None})
    text = msg["text"]
    assert "50 000 € pour 4 jours ou plus" in text and "31 250 € pour 2 jours et demi" in text
    assert "exercer de façon coordonnée" in text  # a condition stated, not a question asked first
    assert "combien de jours par semaine" in text and "?" not in text.split("\n")[0]


def test_without_a_commune_the_aids_of_a_fragile_zone_are_given(domain):
    msg, _ = aid_result(domain, {"commune": None, "aid_days": 4.0, "aid_coordinated": None}, text="je ne sais pas")
    assert "Sans votre commune" in msg["text"] and "CAIM : 50 000 €" in msg["text"]


def test_a_payment_asked_leads_the_result(domain):
    msg, _ = aid_result(domain, {"commune": "97214", "aid_days": 4.0, "aid_coordinated": None},
                        text="je touche cb au 1er anniversaire du CAIM si je fais 4 jours au Lorrain ?",
                        intent="ask_installation_aid")
    first, rest = msg["text"].split("\n", 1)
    assert "25 000 € au premier anniversaire" in first and rest.startswith("Aides conventionnelles")


def test_a_result_asked_for_without_a_precise_question_starts_with_its_heading(domain):
    msg, _ = aid_result(domain, {"commune": "97214", "aid_days": 4.0, "aid_coordinated": None})
    assert msg["text"].startswith("Aides conventionnelles pour un médecin installé au Lorrain")


def test_a_correction_after_the_result_is_said_back(domain):
    trk = tracker("ah non pardon ce sera au robert", "inform", [ent("commune", "robert")],
                  slots={"commune": "97217", "aid_days": 3.0, "aid_coordinated": None})
    msg, events = run(ActionAidResult(), domain, trk)
    assert msg["text"].startswith("C'est noté, je refais le calcul au Robert, et non plus au Marin.")
    assert slot_events(events) == {"commune": "97222"}


def test_coordination_said_after_the_result_is_taken(domain):
    trk = tracker("oui en msp", "inform", slots={"commune": "97214", "aid_days": 3.0, "aid_coordinated": None})
    msg, events = run(ActionAidResult(), domain, trk)
    assert slot_events(events) == {"aid_coordinated": True} and "exercer de façon coordonnée" not in msg["text"]


def test_three_days_in_a_zone_a_commune(domain):
    msg, _ = aid_result(domain, {"commune": "97214", "aid_days": 3.0, "aid_coordinated": True})
    text = msg["text"]
    assert "Le Lorrain est en zone A" in text
    assert "CAIM : 37 500 € (montant prévu pour 3 jours par semaine)" in text
    assert "18 750 € à la signature, puis 18 750 € au premier anniversaire" in text
    assert "COSCOM" in text and "5 000 € par an" in text
    assert "participer à la permanence des soins ambulatoires" in text  # still to check
    assert "exercer de façon coordonnée" not in text  # answered yes
    assert "equipe.dam@cgss-martinique.fr" in text
    assert text.splitlines()[-1] == SOURCE_000


def test_two_days_is_below_the_caim_minimum(domain):
    msg, _ = aid_result(domain, {"commune": "97214", "aid_days": 2.0, "aid_coordinated": True})
    assert "CAIM : non. Condition non remplie : proposer des consultations aux patients de la zone au moins " \
           "2 jours et demi" in msg["text"]


def test_not_coordinated_means_neither_caim_nor_coscom(domain):
    msg, _ = aid_result(domain, {"commune": "97214", "aid_days": 4.0, "aid_coordinated": False})
    assert "CAIM : non" in msg["text"] and "COSCOM : non" in msg["text"]


def test_vigilance_commune_gives_the_cstm(domain):
    msg, _ = aid_result(domain, {"commune": "97207"})
    assert "Ducos est en zone de vigilance" in msg["text"]
    assert "pas d'aide à l'installation (CAIM)" in msg["text"] and "CAIM :" not in msg["text"]
    assert "CSTM : 10 % de l'activité conventionnée réalisée en zone fragile, dans la limite de 20 000 €" in msg["text"]
    assert "COSCOM" not in msg["text"]


def test_age_given_in_the_conversation_brings_the_cotram(domain):
    msg, _ = aid_result(domain, {"commune": "97225", "aid_days": 4.0, "aid_coordinated": True},
                        text="j'ai 63 ans et je cherche un successeur", intent="inform")
    assert "COTRAM" in msg["text"] and "20 000 € par an" in msg["text"]


def test_an_aid_already_received_said_in_the_conversation(domain):
    msg, _ = aid_result(domain, {"commune": "97214", "aid_days": 3.0, "aid_coordinated": True},
                        text="j'ai deja touché une aide a l'installation en 2019", intent="inform")
    assert "CAIM : non. Condition non remplie : ne pas avoir déjà bénéficié d'une aide à l'installation" in msg["text"]
    assert "2017" in msg["text"]


def test_on_the_phone_the_aid_result_is_a_few_spoken_sentences(domain):
    msg, _ = aid_result(domain, {"commune": "97214", "aid_days": 3.0, "aid_coordinated": True}, channel="ivr")
    assert "37 500 euros" in msg["text"] and "€" not in msg["text"] and "Source" not in msg["text"]
    assert len(msg["text"]) < 300


def test_after_the_result_new_days_update_the_computation(domain):
    trk = tracker("et avec 4 jours ?", "inform", [ent("days", "4 jours")],
                  slots={"commune": "97214", "aid_days": 3.0, "aid_coordinated": True})
    msg, events = run(ActionAidResult(), domain, trk)
    assert "CAIM : 50 000 €" in msg["text"] and slot_events(events) == {"aid_days": 4.0}


# --- the form -----------------------------------------------------------------------------------------------------

def validate(domain, text, intent, entities=None, slots=None, requested=None):
    form_slots = {"commune": None, "aid_days": None, "aid_coordinated": None, "requested_slot": requested}
    form_slots.update(slots or {})
    trk = tracker(text, intent, entities, slots=form_slots, active_loop="aid_form")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateAidForm().run(dispatcher, trk, domain))
    return slot_events(events), [m["text"] for m in dispatcher.messages]


def test_everything_given_at_once_is_used_directly(domain):
    slots, said = validate(domain, "je m'installe au lorrain 3 jours par semaine en msp", "ask_installation_aid",
                           [ent("commune", "lorrain"), ent("days", "3 jours")])
    assert slots["commune"] == "97214" and slots["aid_days"] == 3.0 and slots["aid_coordinated"] is True
    assert said == []


def test_nothing_is_taken_from_a_message_without_the_information(domain):
    slots, said = validate(domain, "quelles aides pour moi", "ask_installation_aid")
    assert slots == {"requested_slot": "commune"} and said == []  # the one question: the commune
    slots, _ = validate(domain, "ste luce", "inform", [ent("commune", "ste luce")], requested="commune")
    assert slots == {"commune": "97227", "requested_slot": None}  # enough to compute: no other question


def test_a_commune_and_days_are_enough_coordination_is_not_asked(domain):
    slots, said = validate(domain, "au lorrain 3 jours par semaine", "ask_installation_aid",
                           [ent("commune", "lorrain"), ent("days", "3 jours")])
    assert slots == {"commune": "97214", "aid_days": 3.0, "requested_slot": None} and said == []


def test_the_commune_is_asked_once_whatever_the_answer_the_result_follows(domain):
    slots, said = validate(domain, "je sais pas encore, 4 jours par semaine", "inform", [ent("days", "4 jours")],
                           requested="commune")
    assert slots["aid_days"] == 4.0 and slots["requested_slot"] is None


def test_days_given_without_a_commune_are_enough_to_compute_the_commune_is_not_asked_first(domain):
    slots, said = validate(domain, "caim 3j par semaine combien touché a la signature ?", "ask_installation_aid",
                           [ent("contract", "CAIM"), ent("days", "3j")])
    assert slots == {"aid_days": 3.0, "requested_slot": None} and said == []


def test_several_communes_offered_keep_the_question_open(domain):
    slots, said = validate(domain, "le robert ou le francois", "inform",
                           [ent("commune", "le robert"), ent("commune", "le francois")], requested="commune")
    assert slots["requested_slot"] == "commune" and "plusieurs communes" in said[0]


@pytest.mark.parametrize("text, expected", [
    ("0 jours", "au moins une demi-journée"), ("8 jours par semaine", "7 jours"),
    ("3 ou 4 jours", "Vous avez indiqué 3 jours ou 4 jours"), ("beaucoup", "Je n'ai pas compris le nombre de jours"),
])
def test_bad_days_are_refused_and_nothing_is_stored(domain, text, expected):
    slots, said = validate(domain, text, "inform", slots={"commune": "97214"}, requested="aid_days")
    assert slots["aid_days"] is None
    assert len(said) == 1 and expected in said[0]


def test_an_unknown_commune_is_refused(domain):
    slots, said = validate(domain, "Cayenne", "inform", [ent("commune", "Cayenne")], requested="commune")
    assert slots["commune"] is None and "Je ne trouve pas « Cayenne »" in said[0]


def test_a_typo_in_the_commune_is_forgiven(domain):
    slots, said = validate(domain, "schoelsher", "nlu_fallback", requested="commune")
    assert slots["commune"] == "97229" and said == []


def test_the_commune_can_be_changed_while_the_form_runs(domain):
    slots, _ = validate(domain, "en fait ce sera a ducos", "inform", [ent("commune", "ducos")],
                        slots={"commune": "97214"}, requested="aid_days")
    assert slots["commune"] == "97207" and slots["requested_slot"] is None  # vigilance: nothing more to ask


def test_yes_no_for_coordinated_practice(domain):
    slots, _ = validate(domain, "oui", "affirm", slots={"commune": "97214", "aid_days": 3.0},
                        requested="aid_coordinated")
    assert slots["aid_coordinated"] is True
    slots, _ = validate(domain, "non je suis seul", "deny", slots={"commune": "97214", "aid_days": 3.0},
                        requested="aid_coordinated")
    assert slots["aid_coordinated"] is False


def test_another_question_during_the_form_extracts_nothing(domain):
    slots, said = validate(domain, "la plateforme est ouverte ?", "ask_opening_hours", requested="commune")
    assert set(slots) <= {"requested_slot"} and said == []


def test_stop_forgets_the_answers(domain):
    msg, events = run(ActionStop(), domain, tracker("stop", "stop", slots={"commune": "97214"}))
    assert "on arrête là" in msg["text"]
    assert slot_events(events) == {"commune": None, "aid_days": None, "aid_coordinated": None, "requested_slot": None}


def test_days_with_a_decimal_comma_and_a_commune_with_a_number():
    assert days_in(tracker("2,5 jours", "inform")) == 2.5
    assert days_in(tracker("aux 3 ilets 2 jours", "inform")) == 2.0


def test_the_stop_message_is_the_only_one(domain):
    messages, _ = run_all(ActionStop(), domain, tracker("laisse tomber", "stop"))
    assert len(messages) == 1


@pytest.mark.parametrize("text", ["ah non laisse tomber", "pardon, on arrête là", "non en fait stop"])
def test_a_stop_said_with_an_apology_still_stops(domain, text):
    msg, events = run(ActionStop(), domain, tracker(text, "stop"))
    assert "on arrête là" in msg["text"] and ("requested_slot", None) in slot_events(events).items()


def test_a_correction_read_as_a_stop_is_answered_as_the_corrected_question(domain):
    first = "j'ai un patient qui a eu un accident du travail, je lui fais un arrêt, il me faut quels formulaires ?"
    answer, _ = run(ActionAtMp(), domain, tracker(first, "ask_at_mp"))
    history = [user_event(first, "ask_at_mp"), {"event": "bot", "text": answer["text"],
                                                "data": {"custom": answer["custom"]}}]
    msg, events = run(ActionStop(), domain, tracker("ah non pardon, finalement il s'arrête pas, il continue à "
                                                    "travailler", "stop", history=history, slots={"topic": "at_mp"}))
    assert "on arrête là" not in msg["text"] and "S6909" in msg["text"].replace(" ", "")
    assert ("requested_slot", None) not in slot_events(events).items()


# --- installation -------------------------------------------------------------------------------------------------

from actions.installation import ActionInstallation  # noqa: E402


def test_installation_in_general_gives_the_whole_path_and_the_contacts(domain):
    msg, _ = run(ActionInstallation(), domain, tracker("comment s'installer en liberal", "ask_installation"))
    assert "RPPS" in msg["text"] and "rps@cgss-martinique.fr" in msg["text"]
    assert msg["text"].splitlines()[-1] == SOURCE_000


def test_the_precise_answer_wins_over_the_general_path(domain):
    msg, _ = run(ActionInstallation(), domain, tracker(
        "ma carte cps n'est pas arrivée depuis l'installation", "ask_installation"))
    assert "0825 852 000" in msg["text"] and "numéro de suivi" in msg["text"]


def test_a_national_rule_from_the_var_document_never_gives_the_var_contacts(domain):
    msg, _ = run(ActionInstallation(), domain, tracker("c quoi un IPA ?", "ask_installation"))
    assert "2 ans" in msg["text"]
    assert "3608" not in msg["text"] and "cpam-var" not in msg["text"]
    assert msg["text"].splitlines()[-1] == SOURCE_003


def test_on_the_phone_an_installation_answer_is_short(domain):
    msg, _ = run(ActionInstallation(), domain, tracker("delai carte cps", "ask_installation", channel="ivr"))
    assert "Source" not in msg["text"] and "Courriel" not in msg["text"] and len(msg["text"]) < 300


def test_a_contract_question_leads_with_what_it_asks(domain):
    msg, _ = run(ActionContract(), domain, tracker("Combien de temps dure le COSCOM ?", "ask_contract",
                                                   [ent("contract", "COSCOM")]))
    assert msg["text"].startswith("La durée du COSCOM : 3 ans")  # the duration's own fact
    msg, _ = run(ActionContract(), domain, tracker("Quel est le montant du CAIM pour 2 jours et demi par semaine ?",
                                                   "ask_contract", [ent("contract", "CAIM")]))
    assert msg["text"].startswith("CAIM : 31 250 €")


def test_a_caim_amount_asked_as_zoning_is_computed_not_the_zone_s_communes(domain):
    msg, _ = run(ActionZoning(), domain, tracker("Quel est le montant du CAIM pour 3 jours par semaine en zone A ?",
                                                 "ask_zoning", [ent("contract", "CAIM")]))
    assert msg["text"].startswith("CAIM : 37 500 €") and "communes" not in msg["text"].split("\n")[0]


def test_an_activity_aid_is_computed_from_the_fees_given(domain):
    msg, _ = run(ActionContract(), domain, tracker(
        "j'ai 61 ans, installé au Carbet, 150 000 € d'honoraires conventionnés : le COTRAM me donnerait combien ?",
        "ask_contract", [ent("contract", "COTRAM")]))
    assert msg["text"].startswith("COTRAM : pour 150 000 € d'honoraires") and "15 000 €" in msg["text"].split("\n")[0]


def test_an_aid_for_days_in_a_fragile_zone_is_computed_without_asking_the_commune(domain):
    form = ValidateAidForm()
    trk = tracker("combien pour le caim si je fais 4 jours par semaine en zone fragile ?", "ask_installation_aid")
    assert asyncio.run(form.next_requested_slot(CollectingDispatcher(), trk, domain))["value"] is None
    msg, _ = run(ActionAidResult(), domain, trk)
    assert msg["text"].startswith("Aides conventionnelles pour un médecin installé en zone fragile")
    assert "50 000 €" in msg["text"] and "Dans quelle commune" not in msg["text"]


def test_a_nurse_is_never_given_the_doctors_aids_as_hers(domain):
    trk = tracker("je suis infirmière au François, quelles aides à l'installation pour moi ?", "ask_installation_aid",
                  [ent("profession", "infirmière")])
    assert asyncio.run(ValidateAidForm().required_slots([], CollectingDispatcher(), trk, domain)) == []
    msg, _ = run(ActionAidResult(), domain, trk)
    assert msg["text"].startswith("Les aides à l'installation de mes documents") and "(infirmière)" in msg["text"]
    assert "50 000" not in msg["text"] and "rps@cgss-martinique.fr" in msg["text"] and msg["custom"]["declined"]


def test_a_commune_said_earlier_is_not_asked_again(domain):
    history = [user_event("je suis médecin généraliste, je veux m'installer en libéral à Sainte-Marie",
                          "ask_installation")]
    trk = tracker("quelles aides j'ai ?", "ask_installation_aid", history=history)
    extracted = asyncio.run(ValidateAidForm().extract_commune(CollectingDispatcher(), trk, domain))
    assert extracted == {"commune": "97228"}


def test_days_that_cannot_be_after_the_result_are_refused(domain):
    trk = tracker("8 jours", "inform", [ent("days", "8 jours")], slots={"commune": "97214", "aid_days": None})
    msg, events = run(ActionAidResult(), domain, trk)
    assert "Une semaine compte 7 jours" in msg["text"] and events == []


# --- the conversation around an aid (issue 25) ----------------------------------------------------------------------

AID_ANSWERED = {"event": "action", "name": "action_aid_result"}


def test_a_correction_of_the_days_after_the_result_is_recomputed_whatever_the_intent(domain):
    from actions.core import ActionFallback
    history = [user_event("caim pr 4 jours/semaine a basse pointe ca fait cb", "ask_installation_aid"), AID_ANSWERED]
    trk = tracker("pardon c 3 jours pas 4", "nlu_fallback", [ent("days", "3 jours")], history=history,
                  slots={"commune": "97203", "aid_days": 4.0})
    msg, events = run(ActionFallback(), domain, trk)
    assert "CAIM : 37 500 €" in msg["text"] and "et non plus avec 4 jours par semaine" in msg["text"]


def test_a_contract_asked_for_a_commune_is_assessed_there(domain):
    msg, _ = run(ActionContract(), domain, tracker("je vais m'installer au Lamentin, est-ce que j'ai droit au CAIM ?",
                                                   "ask_contract", [ent("contract", "CAIM"), ent("commune", "Lamentin")]))
    assert "Le Lamentin est en zone de vigilance" in msg["text"] and "CSTM" in msg["text"]


def test_this_contract_is_the_one_named_before(domain):
    history = [user_event("le cotram ca rapporte combien", "ask_contract"), user_event("et le coscom ?", "ask_contract"),
               {"event": "action", "name": "action_contract"}]
    msg, _ = run(ActionContract(), domain, tracker("il dure cb de temps ce contrat", "ask_contract", history=history))
    assert msg["text"].startswith("La durée du COSCOM")


def test_after_the_result_a_question_on_the_contract_gets_the_case_computed(domain):
    history = [user_event("au morne rouge 3 jours", "ask_installation_aid"), AID_ANSWERED]
    trk = tracker("Dans ce cas, quelle somme serait versée à la signature du contrat ?", "ask_contract",
                  history=history, slots={"commune": "97218", "aid_days": 3.0})
    msg, _ = run(ActionContract(), domain, trk)
    assert "18 750 € à la signature" in msg["text"]


def test_a_question_about_coordination_is_not_taken_for_an_answer(domain):
    trk = tracker("et il faut que je travaille en groupe ?", "inform",
                  slots={"commune": "97210", "aid_days": 3.0, "aid_coordinated": None})
    msg, events = run(ActionAidResult(), domain, trk)
    assert events == [] and "exercer de façon coordonnée" in msg["text"]


def test_a_practice_stated_alone_before_the_question_is_taken(domain):
    trk = tracker("Je compte m'installer seule à Gros-Morne, sans cabinet de groupe. Puis-je quand même signer un "
                  "CAIM ?", "ask_contract", [ent("commune", "Gros-Morne"), ent("contract", "CAIM")])
    msg, events = run(ActionContract(), domain, trk)
    assert "CAIM : non. Condition non remplie : exercer de façon coordonnée" in msg["text"]
    assert "combien de jours par semaine" not in msg["text"]  # no amount to compute for a contract ruled out
    assert slot_events(events)["aid_coordinated"] is False


def test_the_commune_of_the_practice_is_told_from_the_other_place_named(domain):
    text = ("je suis installé à Fort-de-France et je voudrais tenir une consultation avancée au Prêcheur une journée "
            "par mois, il y a une aide ?")
    day = {**ent("days", "une journée"), "start": text.index("une journée"), "end": text.index(" par mois")}
    trk = tracker(text, "ask_installation_aid", [ent("commune", "Fort-de-France"), ent("commune", "Prêcheur"), day])
    msg, events = run(ActionAidResult(), domain, trk)
    assert "Fort-de-France est en zone de vigilance" in msg["text"] and "CSTM : 10 %" in msg["text"]
    assert "par semaine" not in msg["text"].splitlines()[0]  # one day a month is no day of a week
    assert slot_events(events) == {"commune": "97209"}


def test_the_proximity_hospital_option_is_totalled(domain):
    msg, _ = aid_result(domain, {"commune": "97227", "aid_days": 2.5, "aid_coordinated": None})
    assert "soit 33 750 € en tout" in msg["text"]


def test_the_commune_is_never_asked_twice_the_same_way(domain):
    from actions.aids import ActionAskCommune
    activation = {"event": "active_loop", "name": "aid_form"}
    first, _ = run(ActionAskCommune(), domain, tracker("quelles aides ?", "ask_installation_aid", history=[activation],
                                                       active_loop="aid_form"))
    assert first["text"].startswith("Dans quelle commune") and first["custom"]["asked"] == "commune"
    asked = {"event": "bot", "text": first["text"], "data": {"custom": first["custom"]}}
    again, _ = run(ActionAskCommune(), domain, tracker("la plateforme est ouverte ?", "ask_opening_hours",
                                                       history=[activation, asked], active_loop="aid_form"))
    assert "Dans quelle commune" not in again["text"] and "communes en zone A" in again["text"]
    assert [b["title"] for b in again["buttons"]] == ["zone A", "zone B", "zone de vigilance"]
    twice = {"event": "bot", "text": again["text"], "data": {"custom": again["custom"]}}
    third, _ = run(ActionAskCommune(), domain, tracker("euh", "nlu_fallback", history=[activation, asked, twice],
                                                       active_loop="aid_form"))
    assert "Un conseiller" in third["text"] and "05 96 56 36 90" in third["text"] and third["buttons"]
    later_form, _ = run(ActionAskCommune(), domain, tracker("et les aides ?", "ask_installation_aid",
                                                            history=[activation, asked, activation],
                                                            active_loop="aid_form"))
    assert later_form["text"].startswith("Dans quelle commune")  # a new form asks once again


def test_the_contract_after_a_result_is_the_one_the_result_found_possible(domain):
    history = [user_event("je suis installé à Ducos, j'ai droit au CAIM ?", "ask_contract"), AID_ANSWERED]
    msg, _ = run(ActionContract(), domain, tracker("et le contrat il dure combien de temps ?", "ask_contract",
                                                   history=history, slots={"commune": "97207"}))
    assert msg["text"].startswith("Durée : 3 ans") and "CSTM" in msg["text"]


def test_the_contract_said_before_but_impossible_for_the_case_gives_way_to_the_possible_one(domain):
    history = [user_event("je suis installé à Ducos, j'ai droit au CAIM ?", "ask_contract"),
               {"event": "action", "name": "action_contract"}, user_event("ah bon", "affirm")]
    msg, _ = run(ActionContract(), domain, tracker("et ça dure combien de temps ?", "ask_contract", history=history,
                                                   slots={"commune": "97207"}))
    assert msg["text"].startswith("Durée : 3 ans") and "CSTM" in msg["text"]


def test_how_many_days_to_get_the_contract_in_play_is_its_condition_not_an_aid_for_no_days(domain):
    history = [user_event("coscom cb max par an", "ask_contract"), user_event("non je voulais dire le cstm",
                                                                              "ask_contract"),
               {"event": "action", "name": "action_contract"}]
    trk = tracker("et faut bosser cb de jours en zone fragile pr l avoir", "nlu_fallback",
                  [{"entity": "days", "value": "jours", "start": 24, "end": 29}], history=history)
    assert not days_given(trk)
    msg, _ = run(ActionContract(), domain, trk)
    assert "CSTM" in msg["text"] and "10 jours par an" in msg["text"]


def test_a_figure_of_this_contract_asked_for_a_known_case_is_computed_for_it(domain):
    history = [user_event("je peux avoir le caim la bas si je fais 3j et demi par semaine ?", "ask_contract"),
               {"event": "action", "name": "action_contract"}]
    msg, _ = run(ActionContract(), domain, tracker("et je touche cb au 1er anniversaire du contrat", "ask_contract",
                                                   history=history, slots={"commune": "97217"}))  # days said before
    assert "21 875 € au premier anniversaire" in msg["text"]


def test_fees_said_in_words_and_corrected_are_recomputed_and_the_correction_said_back(domain):
    history = [user_event("pour le COTRAM, si mes honoraires font cent cinquante mille euros par an, ça fait combien ?",
                          "ask_contract", [ent("contract", "COTRAM")]), {"event": "action", "name": "action_contract"}]
    msg, _ = run(ActionContract(), domain, tracker("ah non pardon, c'est deux cent cinquante mille, pas cent cinquante",
                                                   "inform", history=history))
    lines = msg["text"].splitlines()
    assert lines[0] == ("C'est noté, je refais le calcul avec 250 000 € d'honoraires, et non plus avec 150 000 € "
                        "d'honoraires.")
    assert "l'aide est de 20 000 € par an" in lines[1]


@pytest.mark.parametrize("text, fees", [
    ("cstm si je fais 80 000 e dactivite je touche combien", 80_000), ("oups erreur cest 120 000 pas 80 000", 120_000),
    ("pas 80 000 mais 120 000 €", 120_000), ("40000 euros d'honoraires", 40_000), ("le CSTM en 2024 ?", None),
    ("appelez le 05 96 56 36 90", None)])
def test_the_fees_a_message_gives_and_in_a_correction_the_value_kept(text, fees):
    assert fees_in(text) == fees


def test_fees_corrected_in_digits_are_recomputed(domain):
    history = [user_event("cstm si je fais 80 000 e dactivite dans la zone fragile je touche combien",
                          "ask_contract", [ent("contract", "CSTM")]), {"event": "action", "name": "action_contract"}]
    msg, _ = run(ActionContract(), domain, tracker("oups erreur cest 120 000 pas 80 000", "inform", history=history))
    assert msg["text"].splitlines()[0].startswith("C'est noté, je refais le calcul avec 120 000 € d'honoraires")
    assert "12 000 €" in msg["text"]


def test_a_trainee_hosted_half_time_all_year_under_the_coscom(domain):
    msg, _ = run(ActionContract(), domain, tracker(
        "j'ai un COSCOM et j'accueille un stagiaire à mi-temps toute l'année, ça fait combien en tout sur l'année ?",
        "ask_contract", [ent("contract", "COSCOM")]))
    assert msg["text"].startswith("COSCOM : pour un stagiaire accueilli à mi-temps pendant 12 mois, 1 800 €")
    assert "6 800 € sur l'année" in msg["text"]


def test_a_contract_question_naming_no_contract_but_a_commune_gets_the_case_assessed(domain):
    text = ("Bonjour, j'ai 63 ans, je suis installé au Vauclin et je voudrais accueillir dans mon cabinet une jeune "
            "consœur de 41 ans qui s'y installe. Quel contrat puis-je signer ?")
    msg, _ = run(ActionContract(), domain, tracker(text, "ask_contract", [ent("commune", "Vauclin")]))
    assert msg["text"].startswith("Aides conventionnelles pour un médecin installé au Vauclin")
    assert "COTRAM (médecin de 60 ans ou plus qui accueille un jeune médecin) : 10 %" in msg["text"]


def test_an_aid_asked_after_other_questions_is_computed_for_the_commune_said_earlier(domain):
    from actions.core import ActionFollowUp
    history = [user_event("jouvre mon cabinet a riviere salee bientot, cest classe comment niveau zonage ?",
                          "ask_zoning", [ent("commune", "riviere salee")]),
               {"event": "action", "name": "action_zoning"},
               user_event("y a un site pas loin pour recuperer mes imprimes commandes", "ask_installation"),
               {"event": "action", "name": "action_installation"}]
    msg, _ = run(ActionFollowUp(), domain, tracker("et comme aide du coup je peux signer quoi la bas", "follow_up",
                                                   history=history))
    assert msg["text"].startswith("Aides conventionnelles pour un médecin installé à Rivière-Salée")
    assert "CSTM" in msg["text"] and "10 jours par an" in msg["text"]


def test_the_hospital_option_asked_after_an_aid_gives_the_total_with_it_for_that_case(domain):
    from actions.core import ActionFallback
    history = [user_event("je vais exercer trois jours par semaine à Sainte-Luce, ça ouvre droit aux aides ?",
                          "ask_installation_aid", [ent("days", "trois jours"), ent("commune", "Sainte-Luce")]),
               {"event": "action", "name": "action_aid_result"}]
    msg, _ = run(ActionFallback(), domain, tracker("et si je prends en plus l'option hôpital de proximité ?",
                                                   "nlu_fallback", history=history, slots={"commune": "97227"}))
    first = msg["text"].splitlines()[0]
    assert "1 250 €" in first and "40 000 €" in first
    msg, _ = run(ActionFallback(), domain, tracker("et si je prends en plus l'option hôpital de proximité ?",
                                                   "nlu_fallback", history=history, slots={"commune": "97227"},
                                                   channel="ivr"))
    assert msg["text"].startswith("Avec l'option hôpital de proximité, le CAIM ferait 40 000 euros en tout")


@pytest.mark.parametrize("text, value, given", [
    ("ma déclaration FAMI le dernier jour, le 3 mars, jusqu'à quelle heure ?", "3", False),
    ("caim pour 3 jours par semaine", "3 jours", True), ("un remplacement de 3 semaines", "3", False),
])
def test_a_date_is_no_days_of_activity(text, value, given):
    from actions.aids import days_given

    start = text.index(value.split()[0])
    entity = dict(ent("days", value), start=start, end=start + len(value))
    assert days_given(tracker(text, "nlu_fallback", [entity])) is given


def test_a_question_on_an_aid_that_does_not_depend_on_the_place_asks_no_commune(domain):
    text = "comment savoir si je suis eligible a l aide assistant medical ?"
    slots, said = validate(domain, text, "ask_installation_aid", [ent("contract", "assistant medical")])
    assert slots.get("requested_slot") is None and said == []
    msg, events = run(ActionAidResult(), domain, tracker(text, "ask_installation_aid",
                                                         [ent("contract", "assistant medical")]))
    assert "Dans quelle commune" not in msg["text"] and "aids.assistant_medical_ameli_memo" in msg["custom"]["facts"]


def test_the_caim_for_days_with_the_hospital_option_asked_gives_the_total_with_it(domain):
    msg, _ = run(ActionContract(), domain, tracker("caim max possible 4j/sem + hopital de proximite ?", "ask_contract",
                                                   [ent("contract", "caim"), ent("days", "4j")]))
    lines = msg["text"].splitlines()
    assert "50 000 €" in lines[0] and "52 500 € en tout" in lines[1]


def test_a_coscom_trainee_hosted_all_year_is_computed_even_with_a_commune_said(domain):
    text = ("Bonjour, je suis installé à Sainte-Marie en maison de santé et j'accueille un interne à temps plein toute "
            "l'année. Sans l'option hôpital de proximité, combien le COSCOM me rapporterait-il sur l'année ?")
    msg, _ = run(ActionContract(), domain, tracker(text, "ask_contract",
                                                   [ent("contract", "COSCOM"), ent("commune", "Sainte-Marie")]))
    assert "8 600 € sur l'année" in msg["text"].splitlines()[0]


def test_a_figure_asked_that_the_facts_given_do_not_hold_is_said_missing_first(domain):
    msg, _ = run(ActionContract(), domain, tracker("l'OPTAM c'est quel taux de dépassement au maximum ?", "ask_contract",
                                                   [ent("contract", "OPTAM")]))
    assert msg["text"].startswith("Mes documents ne donnent pas le taux que vous demandez.")
    assert "OPTAM" in msg["text"].splitlines()[1] and msg["custom"]["declined"] == "part_figure_missing_percent"
    msg, _ = run(ActionContract(), domain, tracker("le COTRAM rapporte combien par an ?", "ask_contract",
                                                   [ent("contract", "COTRAM")]))
    assert "ne donnent pas" not in msg["text"] and "declined" not in msg["custom"]


def test_a_detail_the_ranker_is_sure_of_outranks_the_aids_of_the_commune_named(domain):
    msg, _ = run(ActionContract(), domain, tracker(
        "installé à Fort-de-France, je voudrais aussi consulter quelques jours par an au Lorrain : il y a un contrat "
        "pour ça et il faut y exercer combien de jours minimum ?", "ask_contract", [ent("commune", "Lorrain")]))
    assert "10 jours" in msg["text"].splitlines()[0] and "CSTM" in msg["text"]
    msg, _ = run(ActionContract(), domain, tracker("je m'installe au Lorrain 3 jours par semaine, le CAIM fait combien ?",
                                                   "ask_contract", [ent("commune", "Lorrain"), ent("contract", "CAIM")]))
    assert "37 500 €" in msg["text"]  # values to compute: the aid computed, whatever the ranker prefers


def test_a_trainee_s_monthly_coscom_is_computed_with_its_share_of_full_time(domain):
    msg, _ = run(ActionContract(), domain, tracker("coscom : j'accueille un interne à mi-temps, je touche combien par mois"
                                                   " pour lui ?", "ask_contract", [ent("contract", "COSCOM")]))
    assert msg["text"].startswith("COSCOM : pour un stagiaire accueilli à mi-temps, 150 € par mois")
    msg, _ = run(ActionContract(), domain, tracker("coscom avec un stagiaire temps plein, ça fait quoi par mois ?",
                                                   "ask_contract", [ent("contract", "COSCOM")]))
    assert msg["text"].startswith("COSCOM : pour un stagiaire accueilli à temps plein, 300 € par mois")


def test_a_commune_said_not_to_be_the_one_is_not_taken(domain):
    """« ah non pardon c'est à Rivière-Pilote, pas Fort-de-France »: the aid for Rivière-Pilote, never Fort-de-France
    again."""
    history = [user_event("slt jvais m installer a fort de france, jpeux avoir le caim ?", "ask_installation_aid",
                          [ent("commune", "fort de france"), ent("contract", "CAIM")]),
               {"event": "action", "name": "action_aid_result"}]
    text = "ah non pardon c a riviere pilote pas fort de france"
    said = [{"entity": "commune", "value": "riviere pilote", "start": 18, "end": 32},
            {"entity": "commune", "value": "fort de france", "start": 37, "end": 51}]
    msg, _ = run(ActionAidResult(), domain, tracker(text, "inform", said, history=history))
    assert "Rivière-Pilote" in msg["text"].split("\n")[0] and "installé à Fort-de-France" not in msg["text"]
