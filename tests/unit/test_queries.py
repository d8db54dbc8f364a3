"""Queries the actions rely on, on a real SQLite database built from the facts."""
from __future__ import annotations

import pytest

from knowledge.asking import AUDIENCES
from knowledge.text import normalize_words


@pytest.mark.parametrize("text, expected", [
    ("quel mail pour le conventionnement", "rps"),
    ("Quel est le MAIL pour une demande de CONVENTIONNEMENT ?", "rps"),
    ("je n'ai pas reçu ma carte CPS", "ans"),
    ("contacter le service médical", "ersm"),
    ("contacter le service medical", "ersm"),
    ("j'ai recu une notification d'indu", "indus"),
    ("numéro de l'Ordre", "ordre"),
    ("adresse du conseil de l'ordre des médecins", "ordre"),
    ("probleme de connexion amelipro", "cis"),
    ("un patient en rupture de droits", "mas"),
    ("rejet de facture", "pole_mdp"),
    ("sortie d'hôpital PRADO", "prado"),
    ("mes cotisations urssaf", "urssaf"),
    ("rdv conventionnement à Agora", "agora"),
    ("joindre la caisse", "plateforme_ps"),
])
def test_find_contact_by_need_or_service_name(kb, text, expected):
    found = kb.find_contact(text)
    assert found is not None and found.id == expected


def test_the_most_specific_alias_wins(kb):
    # "cgss" names the general platform; "conventionnement" is more specific.
    assert kb.find_contact("le mail de la cgss pour le conventionnement").id == "rps"


def test_unknown_service_is_not_guessed(kb):
    assert kb.find_contact("service des sports") is None
    assert kb.find_contact("") is None
    assert kb.find_contact("?!...") is None


def test_aliases_match_whole_words_only(kb):
    # "mas" is the fragility scheme; "masseur" must not match it.
    found = kb.find_contact("masseur")
    assert found is None or found.id != "mas"


def test_contact_carries_its_source(kb):
    platform = kb.contact("plateforme_ps")
    assert platform.phone == "05 96 56 36 90"
    assert platform.source.document_id == "000"
    assert platform.source.date_label == "mai 2021"
    assert "Martinique" in platform.source.title


def test_general_contacts_are_the_platform_then_messaging(kb):
    assert [c.id for c in kb.general_contacts()] == ["plateforme_ps", "messagerie_amelipro"]
    assert kb.contact("messagerie_amelipro").response_delay == "48 heures"


def test_schedule_of_the_platform(kb):
    schedule = kb.schedule("plateforme_ps")
    assert schedule.has_off_peak
    monday = [(s.opens.isoformat("minutes"), s.closes.isoformat("minutes"))
              for s in schedule.slots if s.weekday == 0 and s.kind == "open"]
    assert monday == [("07:00", "17:00")]
    assert not [s for s in schedule.slots if s.weekday >= 5]


def test_no_schedule_for_a_service_without_hours(kb):
    assert kb.schedule("indus") is None


@pytest.mark.parametrize("text, label", [
    ("je suis infirmière", "Infirmier"),
    ("IDEL", "Infirmier"),
    ("médecin généraliste", "Médecin, Dentiste ou Pharmacien"),
    ("chirurgien-dentiste", "Médecin, Dentiste ou Pharmacien"),
    ("je suis pharmacienne", "Médecin, Dentiste ou Pharmacien"),
    ("kiné", "Autres catégories"),
    ("sage-femme", "Autres catégories"),
])
def test_voice_menu_choice_by_profession(kb, text, label):
    assert kb.menu_choice_for("plateforme_ps", text).label == label


def test_voice_menu_has_three_choices_in_order(kb):
    assert [c.label for c in kb.menu("plateforme_ps")] == [
        "Médecin, Dentiste ou Pharmacien", "Infirmier", "Autres catégories"]


def test_results_are_deterministic(kb):
    assert [c.id for c in kb.contacts()] == [c.id for c in kb.contacts()]
    assert kb.contacts()[0].id == "plateforme_ps"


def test_find_answers_can_require_a_precise_alias(kb):
    assert [a.id for a in kb.find_answers("une cpts ?")] == ["billing.cpts"]
    assert kb.find_answers("une cpts ?", min_alias_length=9) == []


@pytest.mark.parametrize("text, after, expected", [
    ("et pour la prolongation ?", "ald", "ald.ald_renouvellement_automatique"),
    ("et pour la prolongation ?", "arrets_travail", "arrets_travail.aat_prolongation"),
    ("et si c'est un accident du travail ?", "arrets_travail", "at_mp.formulaires_at_mp"),
    ("et s'il refuse ?", "prescription", "prescription.generique_refus_patient"),
    ("il a aussi besoin d'un arrêt", "ald", "arrets_travail.aat_prescription"),
])
def test_a_follow_up_means_what_it_means_after_the_previous_topic(kb, text, after, expected):
    assert kb.follow_ups(text, after)[0].answer.id == expected


def test_a_follow_up_means_nothing_after_a_topic_that_does_not_define_it(kb):
    assert kb.follow_ups("et pour la prolongation ?", "zoning") == []
    assert kb.follow_ups("et s'il refuse ?", "ald") == []


def test_forms_mentions_and_argued_ald_come_from_their_tables(kb):
    assert sorted(f.number for f in kb.forms()) == ["S3116", "S6909"]
    assert kb.form("cerfa n°6909").answer_id == "at_mp.certificat_s6909"
    assert kb.form("s 3116").name == "avis d'arrêt de travail"
    assert kb.form("cerfa 12345") is None and kb.form("") is None
    assert [m.code for m in kb.mentions()] == ["MTE", "EFG", "CIF"]
    assert kb.mention("efg").mention == "non substituable (EFG)"
    assert [(a.number, a.partly) for a in kb.ald_admissions()] == [(12, False), (14, False), (17, False), (23, True)]
    assert all(a.source.document_id == "002" for a in kb.ald_admissions())


@pytest.mark.parametrize("text, expected", [
    ("comment déclarer une grossesse en ligne", "dsg"),
    ("c quoi le DMT", "dmt"),
    ("je veux me déclarer médecin traitant", "dmt"),
    ("le bilan de soins infirmiers sur amelipro", "bsi"),
    ("commander un tensiomètre", "tensiometre_en_ligne"),
])
def test_a_teleservice_is_found_from_its_acronym_or_from_the_need(kb, text, expected):
    assert kb.find_teleservices(text)[0].id == expected


def test_teleservices_carry_their_source_and_martinique_contacts_only(kb):
    services = kb.teleservices()
    assert len(services) >= 20 and len({t.id for t in services}) == len(services)
    assert all(t.source.document_id in ("000", "002", "003", "004") and t.purpose for t in services)
    assert all(c.source.document_id == "000" for t in services for c in t.contacts)
    assert kb.find_teleservices("xyz inconnu") == []


def test_fami_indicators_by_profession(kb):
    professions = kb.fami_professions()
    assert professions["kine"] == professions["masseurs kinesitherapeutes"] == "kine"
    dentist = [i.label for i in kb.fami_indicators(professions["dentiste"])]
    assert "Affichage des horaires d'ouverture du cabinet" in dentist
    assert "Affichage des horaires d'ouverture du cabinet" not in [i.label for i in kb.fami_indicators("infirmier")]
    assert [i.id for i in kb.fami_indicators() if i.neutralised] == ["messagerie_securisee"]
    assert all(i.source.document_id == "004" for i in kb.fami_indicators())


def test_schemes_of_another_caisse_are_marked_as_such(kb):
    marked = [a for a in kb.find_answers("examen de prevention en sante", limit=10) if a.described_for]
    assert marked and all(a.source.document_id in ("002", "003") for a in marked)


def test_rules_written_for_some_professions_name_groups_the_assistant_knows(kb):
    """`concerns:` is read by knowledge/asking.in_audience: a group it does not know would never apply."""
    audiences = kb.audiences()
    assert audiences["billing.lot_flux_securise"] == "auxiliaires médicaux"
    assert audiences["billing.pj_flux_securises"] == "prescripteurs"
    assert all(normalize_words(group) in AUDIENCES for group in audiences.values())
    assert kb.answer("billing.lot_auxiliaire").concerns == "auxiliaires médicaux"
    assert kb.answer("billing.tiers_payant").concerns is None
