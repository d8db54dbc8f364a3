"""The ranker on the real knowledge base: candidates from every way a fact is named, one probability each, the intent
as a prior and not a gate, the conversation's topic for follow-ups, and one decision."""
from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.ranker import (ANSWER, DECISION_SIGNALS, NOT_IN_DOCUMENTS, PROBABLE, REPHRASE, SIGNALS, Asked,
                              Candidate, Ranker, Settings, entities_of, intent_ranking)


@pytest.fixture(scope="module")
def ranker(kb) -> Ranker:
    return kb.ranker()


def first(ranker: Ranker, asked: Asked) -> Candidate:
    return ranker.rank(asked)[0]


def test_candidates_are_sorted_probabilities_with_every_signal(ranker):
    found = ranker.rank(Asked("quand le tiers payant est-il obligatoire ?", (("ask_billing", 0.9),)))
    assert found and [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    assert all(0.0 < c.score < 1.0 for c in found)
    assert all(tuple(name for name, _ in c.signals) == SIGNALS for c in found)
    assert found[0].fact_id == "billing.tiers_payant"


def test_the_intent_is_a_prior_not_a_gate(ranker):
    text = "quand le tiers payant est-il obligatoire ?"
    with_prior = first(ranker, Asked(text, (("ask_billing", 0.9),)))
    elsewhere = first(ranker, Asked(text, (("ask_ald", 0.9),)))
    unsure = first(ranker, Asked(text, ()))
    assert with_prior.fact_id == elsewhere.fact_id == unsure.fact_id == "billing.tiers_payant"
    assert with_prior.score > unsure.score > 0
    assert dict(with_prior.signals)["prior"] == pytest.approx(0.9)


def test_a_short_follow_up_is_read_in_the_previous_answer_s_topic(ranker):
    alone = ranker.rank(Asked("et pour la prolongation ?", (("follow_up", 0.9),)))
    after_ald = first(ranker, Asked("et pour la prolongation ?", (("follow_up", 0.9),), topic="ald"))
    assert after_ald.topic == "ald" and dict(after_ald.signals)["follow"] > 0
    assert not alone or alone[0].score < after_ald.score


def test_an_alias_chooses_among_facts_the_search_finds_alike(ranker):
    found = first(ranker, Asked("arret maladie sur amelipro", (("ask_sick_leave", 0.9),)))
    assert found.fact_id == "arrets_travail.aat_prescription" and dict(found.signals)["alias"] > 0


def test_an_acronym_entity_names_its_teleservice(ranker):
    found = first(ranker, Asked("c'est quoi le DMT", (("ask_teleservice", 0.9),), (("acronym", "DMT"),)))
    assert found.kind == "teleservice" and dict(found.signals)["entity"] == 1.0


def test_the_decision_answers_declines_or_asks_to_rephrase(ranker):
    asked = Asked("quand le tiers payant est-il obligatoire ?", (("ask_billing", 0.9),))
    candidates = ranker.rank(asked)
    assert ranker.decide(asked, candidates).verdict == ANSWER
    strict = Ranker.__new__(Ranker)
    strict.__dict__.update(ranker.__dict__)
    strict.settings = replace(ranker.settings, answer_at=1.0, close_at=1.0, probable_at=1.0)
    assert strict.decide(asked, candidates).verdict == NOT_IN_DOCUMENTS  # understood: the intent is a topic's
    nonsense = Asked("zrtgh bnvc", (("greet", 0.3),))
    assert ranker.decide(nonsense, ranker.rank(nonsense)).verdict == REPHRASE


def with_settings(ranker: Ranker, **values: float) -> Ranker:
    """The same ranker with other thresholds."""
    other = Ranker.__new__(Ranker)
    other.__dict__.update(ranker.__dict__)
    other.settings = replace(ranker.settings, **values)
    return other


def test_a_probable_reading_below_the_answer_s_confidence_is_given_with_a_caveat(ranker):
    asked = Asked("combien de sites pr recuperer commandes cgssm", (("ask_installation", 0.9),))
    decision = ranker.decide(asked, ranker.rank(asked))
    assert decision.verdict == PROBABLE and decision.best.fact_id == "installation.recuperation_commandes"
    assert ranker.settings.probable_at <= decision.confidence < ranker.settings.answer_at
    never = with_settings(ranker, probable_at=1.0)
    assert never.decide(asked, never.rank(asked)).verdict == NOT_IN_DOCUMENTS


def test_a_reading_without_the_kind_of_figure_asked_is_not_given_as_probable(ranker):
    asked = Asked("la visite de pre reprise elle dure combien de temps", (("ask_sick_leave", 0.9),))
    anything = with_settings(ranker, probable_at=0.0)
    decision = anything.decide(asked, anything.rank(asked))
    assert decision.best.fact_id == "arrets_travail.visite_pre_reprise"
    assert dict(decision.best.signals)["figure_missing"] > 0 and decision.verdict == NOT_IN_DOCUMENTS


def test_a_message_whose_reading_is_in_the_topic_in_play_is_understood(ranker):
    text = ("ma secretaire au centre doit consulter les droits des patients, elle a besoin de quelle carte "
            "ah non cest pas pour elle cest pour le directeur du centre")
    in_play = Asked(text, (("greet", 0.3),), topic="billing")  # the NLU understood nothing of it
    alone = replace(in_play, topic=None)
    elsewhere = replace(in_play, topic="fami")
    assert ranker.decide(in_play, ranker.rank(in_play)).verdict != REPHRASE
    assert ranker.decide(alone, ranker.rank(alone)).verdict == REPHRASE
    assert ranker.decide(elsewhere, ranker.rank(elsewhere)).verdict == REPHRASE


def test_a_correction_that_finds_another_fact_leaves_the_one_given_out(ranker):
    previous = "ma secretaire au centre doit consulter les droits des patients, elle a besoin de quelle carte"
    asked = Asked("ah non cest pas pour elle cest pour le directeur du centre", (("greet", 0.3),), topic="billing")
    unknown = ranker.decide_in_conversation(asked, previous, ())
    given = ranker.decide_in_conversation(asked, previous, ("billing.carte_cpe",))  # the secretary's card
    assert unknown.best.fact_id == given.best.fact_id == "billing.cartes_facturation"
    assert "billing.carte_cpe" in {c.fact_id for c in unknown.others}
    assert "billing.carte_cpe" not in {c.fact_id for c in given.others} and given.confidence > unknown.confidence


def test_the_settings_load_every_signal_s_weight():
    settings = Settings.load()
    assert set(settings.weights) == set(SIGNALS) and set(settings.decision_weights) == set(DECISION_SIGNALS)
    assert 0 < settings.close_at <= 1 and 0 < settings.answer_at <= 1
    assert "ask_billing" in settings.intent_topics


def test_the_parse_is_read_without_the_fallback_pseudo_intent():
    parse = {"intent": {"name": "nlu_fallback", "confidence": 0.55},
             "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.55}, {"name": "ask_ald", "confidence": 0.4}],
             "entities": [{"entity": "ald", "value": "14"}, {"entity": "code"}]}
    assert intent_ranking(parse) == (("ask_ald", 0.4),)
    assert entities_of(parse) == (("ald", "14"),)
    assert intent_ranking({"intent": {"name": "greet", "confidence": 0.9}}) == (("greet", 0.9),)


def test_a_lone_weak_match_is_not_an_answer_but_a_named_fact_is(ranker):
    weak = Asked("et pour le reste ?", (("follow_up", 0.9),))
    assert ranker.decide(weak, ranker.rank(weak)).verdict == REPHRASE  # one word shared with an alias of a fact
    named = Asked("c quoi un IPA ?", (("ask_installation", 0.9),))
    decision = ranker.decide(named, ranker.rank(named))
    assert decision.verdict == ANSWER and decision.best.fact_id.startswith("installation.ipa")


def test_the_decision_reads_the_best_candidate_against_the_others(ranker):
    asked = Asked("combien coute un abonnement au logiciel de facturation", (("ask_billing", 0.9),))
    signals = ranker.decision_signals(asked, ranker.rank(asked))
    assert set(signals) == set(DECISION_SIGNALS) and signals["figure_missing"] in (0.0, 1.0)
    assert 0 <= signals["gap"] <= signals["best"] <= 1


def test_aliases_matched_in_memory_are_those_the_sql_query_finds(kb, ranker):
    for text in ("quand le tiers payant est-il obligatoire ?", "c quoi un IPA ?", "delai carte cps",
                 "mon patient a besoin d'un bon de transport", "et pour la prolongation ?"):
        assert ranker._aliases["answer"].longest(text) == {s.answer.id: s.score
                                                           for s in kb.scored_answers(text, limit=500)}
        assert set(ranker._aliases["teleservice"].longest(text)) == {t.id for t in kb.find_teleservices(text, 500)}
        assert ranker._follow_ups["ald"].longest(text) == {s.answer.id: s.score
                                                          for s in kb.follow_ups(text, "ald", limit=500)}


def test_a_code_named_by_its_words_is_proposed_as_an_alias_names_it(ranker):
    asked = Asked("une visite longue ça se cote combien ?", (("ask_cotation", 0.9),))
    code = next(c for c in ranker.rank(asked) if c.kind == "code")
    assert code.key == "VL" and dict(code.signals)["alias"] > 0
    decision = ranker.decide(asked, ranker.rank(asked))
    assert decision.verdict == ANSWER and "vl" in decision.best.fact_id.lower()


def test_a_follow_up_leans_on_the_previous_question_only_for_what_it_leaves_unsaid(ranker):
    follow_up = Asked("et si c en retard ?", (("follow_up", 0.99),), topic="billing")
    alone = ranker.decide(follow_up, ranker.rank(follow_up))
    leaning = ranker.decide_in_conversation(follow_up, "en fse securisee vous me payez en combien de temps")
    assert leaning.best.fact_id == "billing.delais_paiement" and leaning.verdict == ANSWER
    assert leaning.confidence >= alone.confidence
    assert ranker.covers(leaning.best, "et si c en retard ?") > 0  # it holds the new words, not only the old ones
    new_question = Asked("quand le tiers payant est-il obligatoire ?", (("ask_billing", 0.9),))
    assert ranker.decide_in_conversation(new_question, "la G c'est combien").best.fact_id == "billing.tiers_payant"


def test_the_previous_question_asked_for_another_case_is_answered_by_the_pair(ranker):
    """« et pour les flux sécurisés ? » asks nothing alone: the fact on the documents to send, which says what to do
    with them in secure flows, answers it, not the secure FSE's description."""
    previous = "il m'arrive de facturer en FSE dégradée. Dans quel délai dois-je faire parvenir les pièces justificatives ?"
    asked = Asked("Et pour les flux sécurisés ?", (("follow_up", 0.9),), topic="billing")
    decision = ranker.decide_in_conversation(asked, previous, ("billing.pj_delai_envoi",))
    assert decision.verdict == ANSWER and decision.best.fact_id == "billing.pieces_justificatives_fse"


def test_a_follow_up_in_the_topic_in_play_is_no_misunderstanding(ranker):
    """Read as a follow-up of an answer on the téléservices, a question whose probable reading is a fact of that topic
    is understood (« pas dans mes documents » and the closest), even when no fact answers it surely."""
    text = "et pour me connecter, j'utilise quoi ?"
    asked = Asked(text, (("follow_up", 0.9),), topic="teleservices")
    decision = ranker.decide(asked, ranker.rank(asked))
    assert decision.verdict != REPHRASE and decision.best.topic == "teleservices"
    elsewhere = Asked(text, (("follow_up", 0.9),), topic="fami")
    assert ranker.decide(elsewhere, ranker.rank(elsewhere)).verdict == REPHRASE


def test_a_follow_up_read_with_the_previous_question_holds_what_it_adds(ranker):
    """« le générique » was in the previous question: the pair must hold « le patient refuse », not find the
    previous answer again; a new question that the message alone answers better keeps its own answer."""
    refusal = Asked("et si c'est le patient qui refuse le générique ?", (("follow_up", 0.8),), topic="prescription")
    previous = "c'est quoi les trois mentions pour interdire la substitution par un générique ?"
    assert ranker.decide_in_conversation(refusal, previous).best.fact_id == "prescription.generique_refus_patient"
    examined = Asked("Qui étudie la demande dans le système complémentaire ?", (("ask_at_mp", 0.96),), topic="at_mp")
    previous = "quels sont les modes de reconnaissance des maladies professionnelles ?"
    assert ranker.decide_in_conversation(examined, previous).best.fact_id == "at_mp.mp_systeme_complementaire"


def test_a_question_read_with_the_previous_one_stays_on_a_topic_in_play(ranker):
    """« vendredi » from the platform's hours and « mail » from the new question meet in the orders' pick-up days:
    a third subject neither message is about; the question alone (how to write) is kept."""
    asked = Asked("bon, et si je veux écrire, c'est quelle adresse mail pour moi ?", (("ask_contact", 0.99),),
                  topic="contacts")
    decision = ranker.decide_in_conversation(asked, "et c'est ouvert le vendredi après-midi ?")
    assert decision.best.topic == "contacts"
    together = replace(asked, text="et c'est ouvert le vendredi après-midi ? " + asked.text)
    assert ranker.rank(together)[0].topic != "contacts"  # what the guard prevents


def test_a_follow_up_intent_points_to_the_previous_answer_s_topic(ranker):
    asked = Asked("et le délai ?", (("follow_up", 0.9),), topic="billing")
    assert ranker.topics_of("follow_up", asked) == ("billing",)
    assert ranker.topics_of("follow_up", replace(asked, topic=None)) == ()
    assert ranker.topics_of("ask_ald", asked) == ("ald",)


def test_a_correction_is_read_with_the_question_it_corrects_even_when_it_asks_the_same_fact(ranker):
    """« pardon erreur de dossier elle a 6 ans » asks the Retrouve ton cap question again, for a 6-year-old: the
    pair may give the same fact the previous reply gave (a follow-up that is no correction must add something to
    it)."""
    previous = "une petite de 2 ans en surpoids je peux lui prescrire mission retrouve ton cap ?"
    correction = Asked("pardon erreur de dossier elle a 6 ans", ())
    corrected = ranker.decide_in_conversation(correction, previous, ("prevention.retrouve_ton_cap", "contacts.dam"))
    assert corrected.verdict == ANSWER and corrected.best.fact_id == "prevention.retrouve_ton_cap"
    elsewhere = ranker.decide_in_conversation(correction, previous, ("billing.tarifs",))
    assert elsewhere.verdict != ANSWER or elsewhere.confidence >= ranker.settings.answer_at
    assert ranker.decide_in_conversation(Asked("et si elle a 6 ans ?", ()), previous).best.fact_id != \
        "prevention.retrouve_ton_cap"


def test_a_correction_to_another_value_does_not_find_again_the_fact_named_by_the_one_it_replaced(ranker):
    """« celui-là est parti en sécurisé » after a lot sent in degraded mode asks the sécurisé case: « La FSE en mode
    dégradé », given before, is not asked again; a correction of a value its fact does not name (an age) is."""
    previous = ("euh bonjour, je suis orthophoniste, mon patient avait oublié sa carte Vitale donc c'est parti en "
                "dégradé, dans le lot je glisse aussi la facture ?")
    correction = Asked("ah non pardon, je confonds avec un autre patient, celui-là est parti en sécurisé",
                       (("ask_billing", 0.5),), topic="billing")
    assert ranker.decide_in_conversation(correction, previous).best.fact_id == "billing.mode_degrade"  # nothing given
    again = ranker.decide_in_conversation(correction, previous, ("billing.mode_degrade",))
    assert again.best is None or again.best.fact_id != "billing.mode_degrade"
    age = Asked("pardon erreur de dossier elle a 6 ans, pas 2", ())
    child = "une petite de 2 ans en surpoids je peux lui prescrire mission retrouve ton cap ?"
    assert ranker.decide_in_conversation(age, child, ("prevention.retrouve_ton_cap",)).best.fact_id == \
        "prevention.retrouve_ton_cap"


def test_where_in_martinique_is_not_answered_by_another_territory_s_scheme(ranker):
    here = Asked("il est où le centre d'examen de santé en Martinique pour envoyer mes patients faire un bilan ?",
                 (("ask_prevention", 0.95),))
    decision = ranker.decide(here, ranker.rank(here))
    assert decision.verdict == NOT_IN_DOCUMENTS and decision.best.fact_id == "prevention.examen_prevention_sante_var"
    what = Asked("l'examen de prévention en santé au centre d'examen de santé, c'est pour qui en priorité ?",
                 (("ask_prevention", 0.95),))
    decision = ranker.decide(what, ranker.rank(what))
    assert decision.verdict == ANSWER and decision.best.fact_id == "prevention.examen_prevention_sante_var"


def test_a_follow_up_that_only_finds_the_previous_answer_again_is_read_alone(ranker):
    """« et si c'est un accident du travail ? » after the leave's prolongation: read with « et pour la prolongation ? »
    it finds that prolongation again; alone it asks for the AT forms, and that is the answer."""
    asked = Asked("et si c'est un accident du travail ?", (("follow_up", 0.99),), (), "arrets_travail")
    given = ("arrets_travail.aat_prolongation", "contacts.cis")
    decision = ranker.decide_in_conversation(asked, "et pour la prolongation ?", given)
    assert decision.verdict == ANSWER and decision.best.topic == "at_mp"
    assert ranker.decide_in_conversation(asked, "et pour la prolongation ?", ()).best.fact_id == given[0]


def test_what_a_question_is_about_is_the_stretch_of_it_its_aliases_cover(ranker):
    assert ranker.subject_of("combien de fois dois-je qualifier l'identité nationale de santé d'un patient ?") == \
        "identite nationale de sante"
    assert ranker.subject_of("une question toute simple") == ""
    assert "ans" not in ranker.subject_of("ma patiente a 6 ans, elle peut avoir Retrouve ton cap ?").split()
    assert "ans" in ranker.subject_of("le numéro de l'ANS pour ma carte CPS").split()


def test_a_return_after_an_interruption_is_read_with_what_the_first_question_was_about(ranker):
    """The INS question, then a parenthesis on the DMT, then « pour revenir au premier sujet, quels patients en sont
    exclus ? »: the whole first question (how often to qualify the INS) finds its own fact again; what it was about
    (the INS) with the new words finds the patients without an INS, on a topic given before the parenthesis."""
    first_question = "Bonjour, combien de fois dois-je qualifier l'identité nationale de santé d'un patient ?"
    back = Asked("Merci. Et pour revenir au premier sujet, quels patients en sont exclus ?", (), topic="teleservices")
    given = ("numerique.ins_qualification_une_fois", "teleservices.teleservice.dmt")
    decision = ranker.decide_in_conversation(back, first_question, given)
    assert decision.verdict in (ANSWER, PROBABLE) and decision.best.fact_id == "numerique.ins_exclus"
    assert ranker.decide(back, ranker.rank(back)).best.fact_id != "numerique.ins_exclus"


def test_topics_the_intents_do_not_tell_apart_are_in_play_together(ranker):
    assert {"billing", "cotations"} <= ranker.related(["cotations"])
    assert ranker.related(["ald"]) == frozenset({"ald"})
    assert ranker.related([None]) == frozenset()


def test_a_code_named_is_the_code_asked_not_another_whose_texts_speak_of_it(ranker):
    """The MCU's texts speak of the APC: « tarif APC en euros ? » asks for the APC (whose amount the documents do not
    give), never the MCU's 15 €."""
    asked = Asked("tarif APC en euros en ce moment ?", (("ask_cotation", 0.99),), (("code", "APC"),))
    found = ranker.rank(asked, limit=50)
    assert [c.key for c in found if c.kind == "code"] == ["APC"]
    assert ranker.decide(asked, found).verdict != ANSWER
    both = Asked("mcu avec apc possible ?", (("ask_cotation", 0.99),), (("code", "MCU"), ("code", "APC")))
    assert ranker.decide(both, ranker.rank(both)).best.fact_id == "cotations.code.MCU"


def test_a_rule_for_other_professions_comes_after_one_for_the_asker(ranker):
    """The prescribers' pieces kept at the practice are not a nurse's answer when a rule written for her (or for
    all) is probable; with no profession known, the order is the words'."""
    text = "flux securise quoi envoyer en papier a la caisse"
    nurse = ranker.rank(Asked(text, (("ask_billing", 0.99),), profession="infirmiere"))
    anyone = ranker.rank(Asked(text, (("ask_billing", 0.99),)))
    assert anyone[0].fact_id == "billing.pj_flux_securises"
    assert nurse[0].fact_id != "billing.pj_flux_securises" and not ranker.for_others(nurse[0].key, "infirmiere")
    assert ranker.for_others("billing.pj_flux_securises", "infirmiere")
    assert not ranker.for_others("billing.pj_flux_securises", "medecin") and not ranker.for_others(
        "billing.pj_flux_securises", None)


def test_the_rule_for_other_professions_beside_one_given_to_an_asker_of_unknown_profession(ranker):
    asked = Asked("flux securise quoi envoyer en papier a la caisse", (("ask_billing", 0.9),))
    decision = ranker.decide(asked, ranker.rank(asked))
    assert decision.best.fact_id == "billing.pj_flux_securises"  # the prescribers'
    assert decision.for_others is not None and decision.for_others.fact_id == "billing.lot_flux_securise"
    known = replace(asked, profession="médecin")
    assert ranker.decide(known, ranker.rank(known)).for_others is None
    plain = Asked("la G c'est combien ?", (("ask_cotation", 0.9),))
    assert ranker.decide(plain, ranker.rank(plain)).for_others is None  # a rule for everyone
