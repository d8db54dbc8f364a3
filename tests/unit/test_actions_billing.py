"""Cotation and billing actions on Tracker fixtures against the real knowledge base."""
from __future__ import annotations

import pytest

from actions.billing import ActionBilling
from actions.cotations import ActionCotation
from actions.core import ActionFollowUp, computation_asked
from tests.unit.support import ent, run, tracker, user_event

SOURCE_002 = ("Source : « Vous aider dans votre pratique quotidienne de médecin de ville », Service médical de "
              "l'Assurance Maladie Île-de-France, 28 novembre 2023.")


def cotation(domain, text, entities=None, channel="rest"):
    msg, _ = run(ActionCotation(), domain, tracker(text, "ask_cotation", entities, channel=channel))
    return msg["text"]


def test_g_for_a_four_year_old_seen_by_the_treating_doctor(domain):
    text = cotation(domain, "une G pour un enfant de 4 ans vu en tant que médecin traitant")
    assert "G (26,50 €) + MEG (5 €) = 31,50 €." in text and "MEG ajoutée : enfant de moins de 6 ans" in text
    assert "1er novembre 2023" in text and "ameli.fr" in text
    assert text.splitlines()[-1] == SOURCE_002


def test_g_plus_mcg_for_a_seven_year_old(domain):
    assert "G (26,50 €) + MCG (5 €) = 31,50 €." in cotation(domain, "g+mcg pour un enfant de 7 ans",
                                                            [ent("code", "g"), ent("code", "mcg")])


def test_meg_refused_for_an_eight_year_old(domain):
    text = cotation(domain, "G + MEG 8 ans")
    assert "G (26,50 €) = 26,50 €." in text and "MEG : non, elle est réservée aux enfants de moins de 6 ans" in text


def test_night_visit_called_at_22_30(domain):
    text = cotation(domain, "visite à 23h appelé à 22h30")
    assert "la majoration de nuit s'ajoute" in text and "Mes documents n'en donnent pas le montant" in text
    assert "€" not in text


def test_snp_and_mcg_do_not_cumulate(domain):
    assert "MCG : non, car la SNP ne se cumule ni avec la majoration de coordination" in cotation(
        domain, "SNP + MCG possible ?")


def test_a_code_with_no_amount_in_the_documents_is_never_valued(domain):
    text = cotation(domain, "c quoi l'APC", [ent("code", "APC")])
    assert "avis ponctuel de consultant" in text and "Mes documents n'en donnent pas le montant" in text


def test_unknown_code_is_said_unknown(domain):
    text = cotation(domain, "combien vaut le code YYYY001")
    assert "Je ne connais pas le code « YYYY001 »" in text and "€" not in text


def test_impossible_hour_and_age(domain):
    assert "« 25h » n'est pas une heure" in cotation(domain, "visite à 25h")
    assert "130 ans n'est pas possible" in cotation(domain, "G pour un patient de 130 ans")


def test_no_code_at_all_gives_the_ngap_ccam_answer(domain):
    text = cotation(domain, "ngap ou ccam c quoi la difference")
    assert "NGAP" in text and "CCAM" in text and "actes techniques" in text


def test_on_the_phone_a_total_is_one_sentence(domain):
    text = cotation(domain, "G pour un enfant de 4 ans", channel="ivr")
    assert text == "Le total est de 31,50 euros."


def billing(domain, text):
    msg, _ = run(ActionBilling(), domain, tracker(text, "ask_billing"))
    return msg["text"]


def test_degraded_mode(domain):
    text = billing(domain, "mon patient n'a pas sa carte vitale, je fais comment")
    assert "dégradé" in text and "pièces justificatives" in text


def test_paper_lots_of_auxiliaires_never_give_guadeloupe_addresses(domain):
    text = billing(domain, "je suis infirmier comment envoyer mes feuilles de soins papier par lot")
    assert "bordereau" in text.lower()
    body = "\n".join(line for line in text.splitlines() if not line.startswith("Source :"))
    assert "Guadeloupe" not in body and "0590" not in body and "971" not in body
    assert "Source : « Auxiliaires médicaux : envoi des feuilles de soins papier par lots », CGSS de la Guadeloupe, " \
           "document non daté." in text


def test_a_billing_question_without_answer_says_so_and_gives_the_contacts(domain):
    text = billing(domain, "combien coute un abonnement au logiciel de facturation")
    assert "Je n'ai pas cette information" in text and "05 96 56 36 90" in text


def test_a_question_classified_as_cotation_that_names_an_installation_answer_gets_it(domain):
    text = cotation(domain, "ancien CCU de médecine générale, puis-je m'installer en secteur 2")
    assert "secteur 2" in text and "Je n'ai pas cette information" not in text


def test_a_scheme_another_caisse_runs_for_its_territory_is_never_presented_as_martinique_s(domain):
    from actions.prevention import ActionPrevention

    msg, _ = run(ActionPrevention(), domain, tracker(
        "l'examen de prévention en santé, comment l'obtenir pour un patient ?", "ask_prevention"))
    text = msg["text"]
    assert "ce dispositif est décrit par CPAM du Var pour le Var ; il n'existe peut-être pas en Martinique" in text
    assert "Source : « Les offres de services de l'Assurance Maladie du Var »" in text


def test_a_rule_question_on_a_code_gets_its_rules_not_a_bill(domain):
    text = cotation(domain, "L'APC peut-elle être cotée si j'ai vu le patient il y a 3 mois ?")
    assert "4 mois" in text.split("\n")[1] and "0 €" not in text and "total" not in text
    text = cotation(domain, "pour un avis ponctuel de consultant il faut que le médecin traitant fasse la demande comment")
    assert "demande explicite du médecin traitant, écrite ou téléphonique" in text and "non, elle est réservée" not in text


def test_a_visit_whose_codes_have_no_amount_is_not_totalled_to_zero(domain):
    text = cotation(domain, "APC pour un patient de 40 ans")
    assert "0 €" not in text and "ne donnent pas le montant de APC" in text


def test_a_follow_up_giving_the_patient_s_age_recomputes_the_code_asked_before(domain):
    history = [user_event("la G c'est combien ?", "ask_cotation"), {"event": "action", "name": "action_cotation"}]
    msg, _ = run(ActionFollowUp(), domain, tracker("et pour un enfant de 2 ans ?", "follow_up", history=history))
    assert msg["text"].startswith("G (26,50 €) + MEG (5 €) = 31,50 €")
    msg, _ = run(ActionCotation(), domain, tracker("et pour un enfant de 2 ans ?", "ask_cotation", history=history))
    assert msg["text"].startswith("G (26,50 €) + MEG (5 €) = 31,50 €")


def test_a_gp_asking_how_to_code_gets_the_g_computed_with_what_the_conversation_said_of_the_patient(domain):
    """« Comment dois-je coter ? » two messages after « je suis médecin traitant généraliste… un enfant de 3 ans »,
    whatever intent the NLU gave it; a home visit is not assumed to be a G."""
    history = [user_event("Bonjour, je suis médecin traitant généraliste en secteur 1. Pour un enfant de 3 ans, quelle "
                          "mention sur l'ordonnance si le générique ne convient pas ?", "ask_prescription"),
               {"event": "action", "name": "action_prescription"},
               user_event("Ses examens de suivi sont-ils pris en charge ?", "ask_billing"),
               {"event": "action", "name": "action_billing"}]
    asked = tracker("Et aujourd'hui je le reçois au cabinet pour une otite : comment dois-je coter ?", "nlu_fallback",
                    history=history)
    assert computation_asked(asked).name() == "action_cotation"
    msg, _ = run(ActionCotation(), domain, asked)
    assert msg["text"].startswith("G (26,50 €) + MEG (5 €) = 31,50 €")
    home = tracker("je passe le voir chez lui demain, je cote quoi ?", "nlu_fallback", history=history)
    assert computation_asked(home) is None


def test_a_general_practitioner_s_consultation_is_the_g_and_a_role_is_not_a_code(domain):
    msg, _ = run(ActionCotation(), domain, tracker(
        "slt combien je cote une consult pr un adulte, je suis MG secteur 1 et c mon patient MT", "ask_cotation",
        [ent("code", "MG")]))
    assert msg["text"].startswith("G (26,50 €) = 26,50 €") and "MG" not in msg["text"].split("\n")[0]
    history = [user_event("slt combien je cote une consult pr un adulte, je suis MG secteur 1", "ask_cotation"),
               {"event": "action", "name": "action_cotation"}]
    msg, _ = run(ActionFollowUp(), domain, tracker("et pr un enfant de 2 ans ?", "follow_up", history=history))
    assert msg["text"].startswith("G (26,50 €) + MEG (5 €) = 31,50 €")


def test_a_general_practitioner_asking_what_to_bill_for_a_child_gets_the_g_with_its_majoration(domain):
    msg, _ = run(ActionCotation(), domain, tracker("MG secteur 1, un gamin de 4 ans dont je suis le MT, je cote cb ?",
                                                   "ask_cotation"))
    assert msg["text"].startswith("G (26,50 €) + MEG (5 €) = 31,50 €")


def test_a_follow_up_on_a_bill_keeps_what_it_does_not_change(domain):
    history = [user_event("MG secteur 1, un gamin de 4 ans dont je suis le MT, je cote cb ?", "ask_cotation"),
               {"event": "action", "name": "action_cotation"}]
    msg, _ = run(ActionFollowUp(), domain, tracker("et si je le vois comme correspondant, pas son MT ?", "follow_up",
                                                   history=history))
    assert msg["text"].startswith("G (26,50 €) + MEG (5 €) + MCG (5 €) = 36,50 €")  # still 4 years old


def test_a_role_given_two_messages_after_the_code_recomputes_it(domain):
    first = "je suis médecin généraliste, combien cote une consultation pour un adulte dont je suis le médecin traitant ?"
    history = [user_event(first, "ask_cotation"), {"event": "action", "name": "action_cotation"},
               user_event("et pour un enfant de 2 ans ?", "follow_up"), {"event": "action", "name": "action_cotation"}]
    msg, _ = run(ActionFollowUp(), domain, tracker(
        "et si je vois ce même enfant comme généraliste correspondant, avec retour au médecin traitant ?", "follow_up",
        history=history))
    assert "MCG" in msg["text"] and "36,50 €" in msg["text"]


def test_a_majoration_described_by_its_situation_with_a_total_asked_is_added_to_the_consultation(domain):
    text = cotation(domain, "Bonjour, le centre 15 m'a demandé de voir en urgence une de mes patientes adultes dont je "
                            "suis le médecin traitant. Quelle majoration et quel total ?")
    lines = text.splitlines()
    assert lines[0] == "G (26,50 €) + MRT (15 €) = 41,50 €."
    assert lines[1].startswith("Calcul fait avec la consultation G")  # the assumption the total rests on
    alone = cotation(domain, "la MRT c'est quoi ?", [ent("code", "MRT")])
    assert alone.startswith("MRT (NGAP)") and "Calcul fait" not in alone  # no total asked: the code itself


def test_a_report_sent_to_the_patient_s_own_treating_doctor_makes_the_asker_a_correspondent(domain):
    text = cotation(domain, "généraliste secteur 1, je reçois des touristes loin de leur résidence habituelle, avec un "
                            "compte rendu à leur médecin traitant : quelle majoration et quel total ?")
    assert text.startswith("G (26,50 €) + MCG (5 €) = 31,50 €.")


def test_a_referral_within_48_hours_implies_the_majoration_of_whoever_asks_the_amount(domain):
    text = cotation(domain, "MT secteur 1, jadresse mon patient adulte a un confrere pour etre vu sous 48h, "
                            "ma consult G + majoration ca fait combien", [ent("code", "G")])
    assert text.startswith("G (26,50 €) + MUT (5 €) = 31,50 €.") and "MUT comptée" in text
    text = cotation(domain, "un médecin traitant m'adresse son patient, je le vois dans les quarante-huit heures, la G "
                            "plus la majoration ça fait combien ?", [ent("code", "G")])
    assert text.startswith("G (26,50 €) + MCU (15 €)") and "MCU comptée" in text
    text = cotation(domain, "Un médecin traitant me demande de voir son patient dans les 48 heures. "
                            "Existe-t-il une majoration pour moi et de quel montant ?")
    assert text.startswith("MCU (NGAP)") and "Montant : 15 €." in text and "comptée" not in text  # no bill asked
    text = cotation(domain, "un mt madresse son patient et je le vois dans les 48h, je rajoute quelle majoration")
    assert text.startswith("MCU (NGAP)") and "Montant : 15 €." in text
    text = cotation(domain, "c moi le MT, j'envoie mon patient a un confrere sous 48h, quelle majoration ?")
    assert text.startswith("MUT (NGAP)") and "Montant : 5 €." in text


def test_a_lone_majoration_asked_with_its_context_gets_its_card_not_an_empty_bill(domain):
    text = cotation(domain, "je suis son correspondant la MCU c'est combien", [ent("code", "MCU")])
    assert text.startswith("MCU (NGAP)") and "15 €" in text


@pytest.mark.parametrize("text, code", [
    ("généraliste en secteur deux avec dépassement et qualifié en médecine générale", "CS"),
    ("MG secteur 2 non OPTAM", "C"), ("MG secteur 2 adhérent à l'OPTAM", "G"), ("MG secteur 1", "G"),
    ("spécialiste en médecine générale secteur 1", "GS"),
])
def test_a_general_practitioner_s_consultation_code_follows_sector_and_qualification(text, code):
    from actions.cotations import gp_consultation

    assert gp_consultation(text) == code


def test_a_sector_2_general_practitioner_asking_his_key_letter_gets_it(domain):
    text = cotation(domain, "bonjour je suis généraliste en secteur deux avec dépassement et qualifié en médecine "
                            "générale quelle lettre clé je mets pour une consultation au cabinet")
    assert text.startswith("CS (NGAP)")


def test_several_acts_of_a_code_are_totalled_within_its_yearly_cap(domain):
    text = cotation(domain, "patiente alzheimer en ALD je voudrais faire 6 VL dans lannee, je peux facturer combien "
                            "max sur lannee ?", [ent("code", "VL")])
    assert text.startswith("4 × VL (60 €) = 240 € sur l'année.") and "Au plus 4 VL par an" in text
    text = cotation(domain, "cinq VSP dans l'année chez le même patient, ça fait combien au total ?",
                    [ent("code", "VSP")])
    assert text.startswith("5 × VSP (60 €) = 300 € sur l'année.") and "Au plus" not in text


def test_a_deadline_from_a_date_given_is_computed_with_the_rule_s_delay(domain):
    msg, _ = run(ActionBilling(), domain, tracker(
        "lot B2 teletransmis le 3 mars, j'ai jusqu'a quand au plus tard pour envoyer les PJ ?", "ask_billing"))
    assert msg["text"].startswith("Au plus tard le 17 mars : 14 jours après le 3 mars")
    msg, _ = run(ActionBilling(), domain, tracker("jusqu'à quand pour envoyer les PJ d'un lot B2 ?", "ask_billing"))
    assert "Au plus tard le" not in msg["text"].splitlines()[0]


def test_a_rule_written_for_auxiliaries_is_not_given_to_a_doctor_as_theirs(domain):
    """The lots of paper feuilles de soins are the auxiliaires médicaux' (document 001): after a nurse's question,
    « et pour un médecin généraliste c'est pareil ? » is told whom the rule concerns and that the documents say
    nothing for doctors, the rule shown as the auxiliaries' — never as the doctor's."""
    first = "je suis infirmiere je peux envoyer mes feuilles de soins papier par lot ? ca contient quoi"
    history = [user_event(first, "ask_billing", [ent("profession", "infirmiere")]),
               {"event": "action", "name": "action_billing"},
               {"event": "bot", "text": "Lot", "data": {"custom": {"facts": ["billing.lot_auxiliaire"]}}}]
    later = tracker("et pour un médecin généraliste c'est pareil ?", "follow_up", history=history)
    msg, _ = run(ActionFollowUp(), domain, later)
    assert "écrit pour les auxiliaires médicaux" in msg["text"] and "(médecin)" in msg["text"]
    assert msg["custom"]["declined"] == "part_concerns_others"
    assert "05 96 56 36 90" in msg["text"]
    nurse = tracker("et pour une autre infirmiere cest pareil ?", "follow_up", history=history)
    msg, _ = run(ActionFollowUp(), domain, nurse)
    assert "écrit pour les auxiliaires médicaux" not in msg["text"]


def test_a_rule_for_some_professions_comes_with_the_others_rule_when_the_asker_s_is_not_known(domain):
    """« flux sécurisé, quoi envoyer en papier ? » from someone whose profession is not known: the prescribers' rule
    (pieces kept at the practice, document 003) and, said whom each concerns, the auxiliaires médicaux' one (the lot
    with its bordereau, document 001); a nurse gets hers alone, and the phone one rule."""
    text = "flux securise quoi envoyer en papier a la caisse"
    msg, _ = run(ActionBilling(), domain, tracker(text, "ask_billing"))
    assert "écrivent pour les prescripteurs" in msg["text"] and "auxiliaires médicaux, c'est celle-ci" in msg["text"]
    assert "conservez" in msg["text"] and "bordereau récapitulatif" in msg["text"]
    facts = msg["custom"]["facts"]
    assert facts[0] == "billing.pj_flux_securises" and "billing.lot_flux_securise" in facts
    nurse = tracker(f"je suis infirmiere, {text}", "ask_billing", [ent("profession", "infirmiere")])
    msg, _ = run(ActionBilling(), domain, nurse)
    assert "c'est celle-ci" not in msg["text"]
    msg, _ = run(ActionBilling(), domain, tracker(text, "ask_billing", channel="ivr"))
    assert "c'est celle-ci" not in msg["text"]
