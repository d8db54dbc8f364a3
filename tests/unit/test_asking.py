"""What kind of request a message is: a question about one patient's own file or about a rule that mentions a patient,
the profession it names, whether it continues the previous question."""
from __future__ import annotations

import pytest

from actions.common import chain_read, decision_for, previous_question
from knowledge.asking import (about_one_patient, aids_asked, asks_for_another_case, asks_what_for_me, contact_asked,
                              continues_previous, corrected_question, corrects_previous, deadline_asked, figure_asked,
                              figures_held, in_audience, is_general_practitioner, negated_at, patient_age_said,
                              profession_said, returns_to_earlier)
from knowledge.text import as_written
from tests.unit.support import tracker, user_event


@pytest.mark.parametrize("text", [
    "mon patient M. Dupont est-il en ALD ?", "pouvez-vous vérifier les droits de ma patiente Mme Louis",
    "le remboursement de mon patient a-t-il été fait ? il a été remboursé ?",
    "où en est la demande de protocole de mon patient", "ma patiente a-t-elle un médecin traitant déclaré ?",
    "est-ce que mon patient M. Jean Dupont né en 1956 est en ALD ?", "il est bien en ALD ou pas, mon patient ?",
    "je voudrais savoir si ma patiente Mme Louis a toujours ses droits à la complémentaire"])
def test_a_patient_s_own_file(text):
    assert about_one_patient(text)


@pytest.mark.parametrize("text", [
    "mon patient est en ALD, il a aussi besoin d'un arrêt", "comment vérifier les droits d'un patient sans sa carte",
    "le patient a combien de jours pour envoyer le volet", "la G pour un enfant de 2 ans",
    "mon patient refuse le générique, que faire ?",
    "ma patiente est en ALD pour un diabète, est-ce que les bandelettes sont prises en charge à 100 % ?",
    "mon patient a un médecin traitant, est-ce que je peux coter le G ou pas ?"])
def test_a_rule_that_mentions_a_patient(text):
    assert not about_one_patient(text)


@pytest.mark.parametrize("text, said", [
    ("je suis infirmière au François", ("infirmiere", False)), ("médecin généraliste", ("medecin", True)),
    ("chirurgien-dentiste à Ducos", ("chirurgien dentiste", False)), ("kiné libéral", ("kine", False)),
    ("pédiatre", ("pediatre", True)), ("bonjour, une question", None)])
def test_the_profession_a_message_names_and_whether_it_is_a_doctor_s(text, said):
    assert profession_said(text) == said


@pytest.mark.parametrize("text", ["et pour un enfant de 2 ans ?", "Dans ce cas, quelle somme à la signature ?",
                                  "ok et le reste ?", "ça dure combien de temps ?", "et si c en retard ?",
                                  "Existe-t-il un outil pour vérifier rapidement si je remplis bien ces critères ?",
                                  "Je voudrais savoir quel contrat je pourrais signer là-bas avec mon associé en MSP"])
def test_a_message_that_continues_the_previous_one(text):
    assert continues_previous(text)


def test_a_long_new_question_does_not_lean_on_the_previous_one():
    assert not continues_previous("Bonjour, je voudrais savoir quelles pièces justificatives envoyer à la caisse "
                                  "quand je facture en mode dégradé avec ma carte CPS, merci")


@pytest.mark.parametrize("text, gp", [("je suis MG secteur 1", True), ("généraliste au Lamentin", True),
                                      ("je suis cardiologue", False), ("infirmière libérale", False)])
def test_a_general_practitioner_said(text, gp):
    assert is_general_practitioner(text) is gp


@pytest.mark.parametrize("text, asked", [
    ("c quoi le mail du pole mdp ?", True), ("rdv conventionnement c'est ou ? quelle agence", True),
    ("Qui peut m'accompagner pour commander mes imprimés ?", True), ("site internet cgss martinique ?", True),
    ("c sur quel teleservice ?", False), ("quelle somme à la signature du contrat ?", False),
    ("Qui me délivre la carte CPS de remplaçant ?", False),
    ("quelle messagerie utiliser pour valider l'indicateur de messagerie sécurisée ?", False),
    ("je peux vous écrire par la messagerie amelipro ?", True),
    ("au fait amelipro peut me prevenir par mail quand je suis paye ?", False),
    ("je peux contacter le pôle par mail ?", True), ("je les envoie par mail à quelle adresse ?", True)])
def test_a_contact_is_asked_for_only_by_whom_or_how_to_reach(text, asked):
    assert contact_asked(text) is asked


@pytest.mark.parametrize("text, kind", [
    ("paiements en tiers payant consultables combien de temps ?", "duration"),
    ("le délai pour envoyer le volet", "duration"),
    ("MonParcoursPsy dès quel âge ?", "age"), ("le G c'est quel tarif ?", "amount"), ("la CAIM rapporte combien ?", "amount"),
    ("combien ça rapporte le CAIM ?", "amount"), ("remboursé à combien ses médicaments ?", "percent"),
    ("la plateforme ouvre à quelle heure ?", "hour"), ("jusqu'à quand déclarer mes indicateurs ?", "date"),
    ("combien d'indicateurs pour une sage-femme ?", "count"), ("que faire quand le patient n'a pas sa carte", None),
    ("un biosimilaire coûte combien de moins que le médicament de référence ?", "percent"),
    ("PSE % accord immédiat ?", "percent"), ("le PSE donne 85 % d'accords immédiats ?", None),
    ("combien elle fait la majoration de nuit en euros", "amount"), ("G + MRT ça fait combien ?", "amount"),
    ("ça fait combien de temps que la plateforme existe ?", "duration"),
    ("il y a combien de communes en zone A ?", "count"), ("le mooc reste ouvert jusqu'à quand ?", "date"),
    ("l'OPTAM c'est quel taux de dépassement autorisé ?", "percent"),
    ("quels sont les montants des forfaits BSI ?", "amount"),
    ("quels montants dois-je porter sur chaque ligne du bordereau ?", None),
    ("on peut saisir les indicateurs fami de qd a qd", "date"), ("jusqu a qd je peux saisir", "date"),
    ("combien de tps pour recevoir la carte", "duration"), ("l INS je dois la qualifier cb de fois", "count"),
    ("patient de 85 ans en ALD, je passe le voir chez lui, je cote quoi ?", "code"),
    ("la visite longue ça se cote comment ?", "code"), ("combien ça se cote une VL ?", "count")])
def test_the_kind_of_figure_a_question_asks_for(text, kind):
    assert figure_asked(text) == kind


def test_a_follow_up_after_one_that_said_almost_nothing_is_read_with_the_question_before_it():
    history = [user_event("fami 2023 on saisit les indicateurs quand", "ask_fami"),
               {"event": "action", "name": "action_fami"}, user_event("et ou ca", "follow_up"),
               {"event": "action", "name": "action_follow_up"}]
    latest = tracker("et si jai pas acces a amelipro", "follow_up", history=history)
    assert previous_question(latest) == "fami 2023 on saisit les indicateurs quand et ou ca"
    history[2] = user_event("et le COSCOM ?", "ask_contract")  # names its subject: stands for it
    assert previous_question(tracker("Pour quelle durée ?", "follow_up", history=history)) == "et le COSCOM ?"


def test_a_correction_is_read_with_the_question_it_corrects():
    history = [user_event("mon cabinet est près d'Agora, je peux chercher mes imprimés un lundi ?", "nlu_fallback"),
               {"event": "action", "name": "action_fallback"}]
    corrected = tracker("ah non attendez, je me suis trompé, le site le plus proche pour moi c'est Acajou",
                        "nlu_fallback", history=history)
    assert previous_question(corrected) == "mon cabinet est près d'Agora, je peux chercher mes imprimés un lundi ?"
    new = "Bonjour, quel est le numéro de téléphone de la plateforme des professionnels de santé de la CGSS ?"
    assert previous_question(tracker(new, "ask_contact", history=history)) is None  # a new question stands alone


@pytest.mark.parametrize("text, asks", [
    ("ah bon. et alors qu'est-ce qu'il y a pour moi du coup ?", True), ("et moi j'ai quoi alors ?", True),
    ("et pour moi ?", True), ("et ça dure combien de temps ?", False), ("quel contrat pour un kiné ?", False)])
def test_whether_a_message_asks_what_there_is_for_the_asker(text, asks):
    assert asks_what_for_me(text) is asks


@pytest.mark.parametrize("kind, text, held", [
    ("duration", "Vos paiements restent consultables 18 mois.", True), ("duration", "pendant deux ans", True),
    ("duration", "Consulter en ligne vos paiements en tiers payant.", False), ("age", "dès 3 ans", True),
    ("amount", "G : 26,50 €", True), ("amount", "30 euros", True), ("amount", "pendant 3 ans", False),
    ("percent", "pris en charge à 100 %", True), ("percent", "la séance à 50 €", True),
    ("hour", "de 8 h 30 à 12 h 30", True), ("hour", "du lundi au vendredi", False),
    ("hour", "jusqu'au 3 mars 2024 à minuit", True),
    ("date", "jusqu'au 31 mai", True), ("date", "avant fin mai", True), ("count", "cinq indicateurs", False),
    ("count", "5 indicateurs", True), ("count", "L'INS se qualifie une seule fois.", True),
    ("count", "une fois par trimestre", True), ("code", "Visite longue (VL) : 60 €", True),
    ("code", "L'ALD d'un patient de 80 ans est renouvelée automatiquement.", False)])
def test_whether_a_text_holds_a_figure_of_the_kind_asked(kind, text, held):
    assert (kind in figures_held(text, frozenset({"VL", "G", "APC"}))) is held


@pytest.mark.parametrize("text, corrects", [
    ("oups erreur cest 120 000 pas 80 000", True), ("ah non pardon il a pas besoin darret en fait", True),
    ("Excusez-moi, j'ai mal lu son dossier : elle a en réalité 27 ans.", True),
    ("je me suis trompé, c'est pour mon assistant médical", True), ("non attend jme suis melange, cest moi le MT", True),
    ("et pour un enfant de 2 ans ?", False),
    ("la G c'est combien ?", False)])
def test_a_message_that_corrects_the_previous_one(text, corrects):
    assert corrects_previous(text) is corrects


@pytest.mark.parametrize("previous, correction, asked_again", [
    ("Je souhaite donner accès à amelipro à mon comptable. À quoi aura-t-il accès ?",
     "Pardon, je me suis trompé : c'est pour mon assistant médical, pas pour mon comptable.",
     "je souhaite donner acces a amelipro a mon assistant medical a quoi aura t il acces"),
    ("quelle cotation pour un enfant de 4 ans vu par son médecin traitant ?", "Pardon, il a 9 ans, pas 4.",
     "quelle cotation pour un enfant de 9 ans vu par son medecin traitant"),
    ("caim pour quatre jours par semaine combien", "pardon cest 3 jours pas 4", "caim pour 3 jours par semaine combien"),
    ("si j'accueille un stagiaire pendant 6 mois, combien ?", "Pardon, le stage dure 4 mois et non 6.",
     "si j accueille un stagiaire pendant 4 mois combien"),
    ("c'est parti en dégradé, dans le lot je glisse la facture ?", "ah non pardon, celui-là est parti en sécurisé",
     "c est parti en securise dans le lot je glisse la facture"),
    ("la FSE dégradée, je la renvoie ?", "ah non pardon, elle était sécurisée", "la fse securisee je la renvoie"),
    ("ma secretaire doit consulter les droits, elle a besoin de quelle carte",
     "ah non cest pas pour elle cest pour le directeur du centre",
     "ma secretaire doit consulter les droits directeur du centre a besoin de quelle carte"),
    ("patient en AT qui a besoin d'un arrêt, je remplis quoi", "ah non pardon il a pas besoin darret en fait", None),
    ("la G c'est combien ?", "pardon, je voulais dire la VL", None)])
def test_a_correction_asks_the_previous_question_again_with_the_value_it_gives(previous, correction, asked_again):
    assert corrected_question(previous, correction) == asked_again


def test_a_value_said_not_to_be_so_is_not_taken():
    text = "ah non pardon c a riviere pilote pas fort de france"
    assert not negated_at(text, text.index("riviere")) and negated_at(text, text.index("fort"))
    assert not negated_at("non, au Lamentin", 8)  # a bare « non » opens the correction, it negates nothing
    assert profession_said("je suis infirmière, pas kiné") == ("infirmiere", False)
    assert profession_said("je suis médecin, pas kiné") == ("medecin", True)
    assert profession_said("je ne suis pas sage-femme") is None


def test_a_message_going_back_to_the_question_before_an_interruption_is_read_with_it():
    assert returns_to_earlier("d'accord. et pour revenir au FAMI, il faut faire quoi à la fin ?")
    assert not returns_to_earlier("et pour un enfant de 2 ans ?")
    history = [user_event("pour le FAMI 2023, je déclare quoi comme indicateurs ?", "ask_fami"),
               {"event": "action", "name": "action_fami"},
               user_event("au fait c'est quoi le numéro de la plateforme ?", "ask_contact"),
               {"event": "action", "name": "action_contact"}]
    back = tracker("d'accord. et pour revenir au FAMI, pour valider il faut faire quoi à la fin ?", "ask_fami",
                   history=history)
    assert previous_question(back) == "pour le FAMI 2023, je déclare quoi comme indicateurs ?"
    follow_up = tracker("et le samedi ?", "follow_up", history=history)
    assert previous_question(follow_up) == "au fait c'est quoi le numéro de la plateforme ?"


@pytest.mark.parametrize("text, asks", [
    ("Et pour les flux sécurisés ?", True), ("ok et en dégradé ?", True), ("mais en feuille papier ?", True),
    ("et si c'est un accident du travail ?", False), ("et pour joindre la CGSS je tape quoi dans le menu ?", False),
    ("pour les flux sécurisés, je garde les pièces ?", False)])
def test_the_previous_question_asked_again_for_another_case(text, asks):
    assert asks_for_another_case(text) is asks


def test_a_chain_of_follow_ups_asking_for_another_case_is_read_with_the_question_it_continues():
    history = [user_event("en fse securisee vs me payez en cb de temps", "ask_billing"),
               user_event("et si c en retard ?", "follow_up"), user_event("et en feuille papier ?", "follow_up")]
    assert previous_question(tracker("et en dégradé ?", "follow_up", history=history)) == \
        "en fse securisee vs me payez en cb de temps"
    assert previous_question(tracker("et si c'est une FSE dégradée ?", "follow_up", history=history)) == \
        "et en feuille papier ?"  # a new situation stated: read with the message just before
    history = [user_event("en fse securisee vs me payez en cb de temps", "ask_billing")]
    assert previous_question(tracker("et si c en retard ?", "follow_up", history=history)) == \
        "en fse securisee vs me payez en cb de temps"
    assert previous_question(tracker("Bonjour, je voudrais l'adresse du Conseil de l'Ordre des médecins de Martinique "
                                     "pour mon inscription au tableau.", "ask_contact", history=history)) is None


@pytest.mark.parametrize("text, asked", [
    ("et comme aide du coup je peux signer quoi la bas", True), ("j'ai droit à quelle prime à Ducos ?", True),
    ("le CSTM c'est pour moi ?", True), ("l'aide pour un assistant médical c'est combien ?", False),
    ("le FAMI c'est une aide ?", False), ("qui doit signer la feuille de soins ?", False)])
def test_a_question_on_the_installation_aids(text, asked):
    assert aids_asked(text) is asked


@pytest.mark.parametrize("text, asked", [
    ("ya une heure limite le dernier jour ?", True), ("je dois envoyer les pièces au plus tard quand ?", True),
    ("la plateforme est ouverte jusqu'à quand ?", False), ("vous fermez à quelle heure ?", False)])
def test_a_deadline_asked_is_no_opening_hour(text, asked):
    assert deadline_asked(text) is asked


@pytest.mark.parametrize("text, asked", [
    ("Au total, combien d'heures par semaine la plateforme est-elle ouverte ?", True),
    ("la plateforme c'est combien d'heures dans la semaine", True), ("quelle amplitude horaire ?", True),
    ("ouvert combien de jours par semaine ?", False), ("la plateforme ouvre à quelle heure ?", False),
])
def test_a_weekly_total_of_opening_hours_asked(text, asked):
    from knowledge.asking import weekly_total_asked

    assert weekly_total_asked(text) is asked


@pytest.mark.parametrize("text, age", [
    ("alors j'ai un patient de quatre-vingt-cinq ans en ALD", "85 ans"), ("pardon erreur de dossier elle a 6 ans", "6 ans"),
    ("un enfant de 18 mois, je cote quoi ?", "18 mois"), ("vu il y a 3 mois, ma patiente de 40 ans", "40 ans"),
    ("j'ai 63 ans, puis-je signer le COTRAM ?", None), ("vu il y a 3 mois mon patient", None),
    ("je suis installé depuis 2 ans", None)])
def test_a_patient_s_age_is_read_where_a_message_gives_it(text, age):
    assert patient_age_said(text) == age


def test_the_patient_s_age_said_earlier_stays_known_to_a_follow_up():
    """« un patient de 85 ans en ALD… je cote quoi ? », « et je peux la faire tous les mois ? », then « et son ALD,
    c'est moi qui devrai la renouveler ? »: the age said two messages before chooses the renewal at 80 and over."""
    visit = "alors j'ai un patient de quatre-vingt-cinq ans en ALD, je passe le voir chez lui, je cote quoi ?"
    history = [user_event(visit, "ask_cotation"), {"event": "action", "name": "action_cotation"},
               {"event": "bot", "text": "VL", "data": {"custom": {"facts": ["billing.vl_patient_80_ans"]}}},
               user_event("et je peux la faire tous les mois ?", "follow_up"),
               {"event": "action", "name": "action_follow_up"},
               {"event": "bot", "text": "VL", "data": {"custom": {"facts": ["billing.vl_plafond_annuel"]}}}]
    latest = tracker("et son ALD, c'est moi qui devrai la renouveler ?", "ask_ald", history=history)
    assert decision_for(latest).best.fact_id == "ald.ald_renouvellement_80_ans"
    without_age = tracker("et son ALD, c'est moi qui devrai la renouveler ?", "ask_ald", history=history[3:])
    assert decision_for(without_age).best.fact_id != "ald.ald_renouvellement_80_ans"


@pytest.mark.parametrize("profession, auxiliary, prescriber", [
    ("infirmière", True, False), ("kiné", True, False), ("orthophoniste", True, False),
    ("médecin généraliste", False, True), ("sage-femme", False, True), ("chirurgien-dentiste", False, True),
    ("pharmacien", False, False), ("comptable", None, None)])
def test_who_belongs_to_the_groups_a_rule_is_written_for(profession, auxiliary, prescriber):
    assert in_audience(profession, "auxiliaires médicaux") is auxiliary
    assert in_audience(profession, "prescripteurs") is prescriber
    assert in_audience(profession, "une autre catégorie") is None


def test_a_follow_up_for_another_case_that_names_no_subject_leans_on_the_question_before():
    history = [user_event("je suis kine je peux envoyer mes feuilles de soins papier par lot ? ca contient quoi",
                          "ask_billing"), {"event": "action", "name": "action_billing"},
               user_event("et pour un medecin generaliste cest pareil ?", "follow_up"),
               {"event": "action", "name": "action_follow_up"}]
    latest = tracker("ok et moi kine la premiere fois je joins quoi en plus", "follow_up", history=history)
    assert previous_question(latest).startswith("je suis kine je peux envoyer mes feuilles de soins papier par lot")


def test_what_a_chain_of_follow_ups_is_about_is_read_back_to_the_question_it_continues():
    """« les feuilles de soins de mon lot, qui les signe ? », « et s'il est pas en état ? », then « et l'ordonnance
    que je joins, il y a des règles ? »: the lot and its feuilles de soins are what the last one is about."""
    first = "je suis kiné, les feuilles de soins papier que je mets dans mon lot, c'est qui qui doit les signer ?"
    history = [user_event(first, "ask_billing"), {"event": "action", "name": "action_billing"},
               user_event("et s'il est pas en état ?", "follow_up"), {"event": "action", "name": "action_follow_up"}]
    latest = tracker("et l'ordonnance que je joins, il y a des règles ?", "follow_up", history=history)
    assert chain_read(latest, "et s'il est pas en état ?") == f"{first} et s'il est pas en état ?"
    assert chain_read(latest, None) is None
    alone = tracker("et l'ordonnance que je joins, il y a des règles ?", "follow_up", history=history[:2])
    assert chain_read(alone, first) == first


@pytest.mark.parametrize("text, phrase, written", [
    ("je suis Infirmière, je peux signer un CAIM ?", "infirmiere", "infirmière"),
    ("moi sage-femme au Lamentin", "sage femme", "sage-femme"), ("kiné à Sainte-Marie", "kine", "kiné"),
    ("chirurgien-dentiste", "dentiste", None), ("pas de profession ici", "kine", None)])
def test_a_profession_is_shown_as_the_asker_wrote_it(text, phrase, written):
    assert as_written(text, phrase) == written
