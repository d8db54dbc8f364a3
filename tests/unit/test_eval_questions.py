"""The evaluation set stays honest: big enough, every topic and channel style, facts that exist, and never trained
on (neither NLU training data nor the facts' own `questions:`); and replies are judged as documented."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from knowledge.records import read_records
from knowledge.text import normalize_words
from tests.eval.dialogues import UNCHECKED, Turn, load_dialogues, repeated_question, turn_verdict
from tests.eval.questions import (DECLINE, GAVE_NOTHING, GAVE_PART, GAVE_PROBABLE, UNSURE, Question, holds, load,
                                  load_detail, merged, verdict)

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = load()


def training_phrasings():
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            for line in (item.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    yield re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line.strip()[2:])


def test_the_set_is_big_and_covers_every_topic_and_style():
    assert len(QUESTIONS) >= 200
    topics = {q.topic for q in QUESTIONS}
    assert {r.topic for r in read_records() if r.kind == "answer"} <= topics | {"zoning"}
    assert {q.style for q in QUESTIONS} == {"web", "messaging", "phone"}
    assert sum(q.expect == DECLINE for q in QUESTIONS) >= 15


def test_every_expected_fact_exists_and_declines_expect_none():
    facts = {r.id for r in read_records()}
    for q in QUESTIONS:
        if q.expect == DECLINE:
            assert not q.facts, q.text
        else:
            assert q.expect == "answer" and q.facts, q.text
            for f in q.facts:
                assert f in facts or f.endswith(".*") and any(x.startswith(f[:-1]) for x in facts), (q.text, f)


def test_no_question_is_trained_on_or_is_a_fact_question():
    asked = {normalize_words(q.text) for q in QUESTIONS}
    assert len(asked) == len(QUESTIONS), "a question is in the set twice"
    trained = {normalize_words(t) for t in training_phrasings()}
    fact_questions = {normalize_words(str(q)) for r in read_records() for q in r.data.get("questions") or []}
    assert not asked & trained
    assert not asked & fact_questions


def test_a_reply_is_judged_by_the_facts_it_cites():
    question = Question("q", "t", "web", ("a.x", "a.y"), ("56 36 90",), "answer")
    assert verdict(question, ["a.y"], "", "appelez le 05 96 56 36 90") == "right"
    assert verdict(question, ["a.y"], "", "appelez-nous") == "wrong"  # the figure asked is missing
    assert verdict(question, ["b.z"], "", "05 96 56 36 90") == "wrong"
    assert verdict(question, [], GAVE_NOTHING, "je ne sais pas") == "fallback"
    assert verdict(question, ["a.y"], GAVE_PART, "le 05 96 56 36 90 ; pas d'adresse mail") == "right"
    # « pas dans mes documents », whatever the closest facts it names hold
    assert verdict(question, ["a.y"], GAVE_NOTHING, "Je n'ai pas cette information : « 05 96 56 36 90 »") == "fallback"
    slots = Question("q", "t", "web", ("contacts.plateforme_ps.schedule.*",), (), "answer")
    assert verdict(slots, ["contacts.plateforme_ps.schedule.3"], "", "") == "right"
    assert verdict(slots, ["contacts.plateforme_ps"], "", "") == "wrong"
    decline = Question("q", "t", "web", (), (), DECLINE)
    assert verdict(decline, ["contacts.plateforme_ps"], GAVE_NOTHING, "je n'ai pas cette information") == "right"
    assert verdict(decline, ["b.z"], "", "voici") == "wrong"
    # said to be perhaps not the question: right when it is, else apart from the wrong and the honest declines
    assert verdict(question, ["a.y"], GAVE_PROBABLE, "sans certitude : le 05 96 56 36 90") == "right"
    assert verdict(question, ["b.z"], GAVE_PROBABLE, "sans certitude : le 05 96 56 36 90") == UNSURE
    assert verdict(decline, ["b.z"], GAVE_PROBABLE, "sans certitude : voici") == UNSURE


def test_a_turn_merges_the_text_and_the_marks_of_its_messages():
    text, cited, declined = merged([{"text": "Bonjour"}, {"text": "Source"}, {"custom": {"facts": ["a.x"]}}])
    assert (text, cited, declined) == ("Bonjour\nSource", ["a.x"], "")
    assert merged([{"custom": {"misunderstood": True}}])[2] == GAVE_NOTHING
    assert merged([{"custom": {"declined": "part_no_answer_closest", "facts": ["c.p"]}}])[2] == GAVE_NOTHING
    assert merged([{"custom": {"declined": "part_code_no_value", "facts": ["c.x"]}}])[2] == GAVE_PART
    assert merged([{"custom": {"declined": "part_probable_answer", "facts": ["c.x"]}}])[2] == GAVE_PROBABLE


DETAIL = load_detail()


def test_the_blind_set_covers_every_document_and_style_with_questions_to_decline():
    answered = [q for q in DETAIL if q.expect != DECLINE]
    assert len(answered) >= 300 and len(DETAIL) - len(answered) >= 40
    assert {q.topic for q in answered} == {f"document {d}" for d in ("000", "001", "002", "003", "004")}
    assert {q.style for q in DETAIL} == {"web", "messaging", "phone"}
    assert all(q.contains for q in answered) and not any(q.contains for q in DETAIL if q.expect == DECLINE)


def test_the_blind_set_is_never_trained_on_nor_a_fact_question_nor_in_another_set():
    asked = {normalize_words(q.text) for q in DETAIL}
    assert len(asked) == len(DETAIL), "a question is in the set twice"
    fact_questions = {normalize_words(str(q)) for r in read_records() for q in r.data.get("questions") or []}
    others = {normalize_words(q.text) for q in QUESTIONS + TUNING}
    assert not asked & {normalize_words(t) for t in training_phrasings()}
    assert not asked & fact_questions
    assert not asked & others


TUNING = load_detail(ROOT / "tests" / "eval" / "tuning.yml")
TUNING_DIALOGUES = load_dialogues(ROOT / "tests" / "eval" / "dialogues_tuning.yml")


def test_the_tuning_sets_are_never_trained_on_nor_a_fact_question_nor_a_blind_question():
    """What the ranker is fitted on and the conversations are tuned on: written apart, kept apart."""
    asked = {normalize_words(q.text) for q in TUNING} | \
        {normalize_words(t.text) for d in TUNING_DIALOGUES for t in d.turns if len(t.text.split()) > SHORT_TURN}
    fact_questions = {normalize_words(str(q)) for r in read_records() for q in r.data.get("questions") or []}
    blind = {normalize_words(t.text) for d in DIALOGUES for t in d.turns if len(t.text.split()) > SHORT_TURN}
    assert len(TUNING) >= 250 and len(TUNING_DIALOGUES) >= 40
    assert not asked & {normalize_words(t) for t in training_phrasings()}
    assert not asked & fact_questions
    assert not asked & blind


def test_a_reply_is_judged_by_its_words_when_the_set_names_no_fact():
    question = Question("q", "document 000", "web", (), ("37 500", ("5 ans", "cinq ans")), "answer")
    assert verdict(question, ["aids.caim"], False, "CAIM : 37500 € sur cinq ans.") == "right"
    assert verdict(question, ["aids.caim"], False, "CAIM : 37 500 € sur 4 ans.") == "wrong"
    assert verdict(question, ["aids.caim"], False, "CAIM : 137 500 € sur 5 ans.") == "wrong"  # a figure is whole
    assert verdict(question, [], True, "Je n'ai pas cette information.") == "fallback"
    assert holds("Tarif : 26,50 €.", "26.50") and holds("appelez le 05 96 56 36 90.", "56 36 90")
    assert holds("G = 26,50 €", "26,5") and holds("30,00 €", "30") and not holds("26,50 €", "26")
    assert not holds("zone 14", "4") and not holds("zone 4B", "4")
    assert holds("les actes cliniques et techniques", "acte clinique") and holds("FSE dégradées", "dégradé")
    assert holds("de 8 h 30 à 12 h 30", "12h30") and holds("jusqu'à 17h", "17 h") and not holds("12 h 30", "2h30")
    assert holds("installé en zone fragile", "fragiles") and holds("les actes", "actes") and not holds("3 moi", "mois")
    assert holds("ils sont pré-remplis", "pré-remplies") and holds("les FSE dégradées", "dégradée")
    assert holds("équipement de vidéotransmission", "vidéo-transmission") and not holds("la vidéo", "vidéo-transmission")
    assert not holds("deux patients", "patiente") and not holds("des remplis", "remplies de")
    assert holds("de 7 h à 8 h", "07h00-08h00") and holds("entre 19 h et 7 h", "19 heures") and holds("à 12h00", "12 h")
    assert holds("7 jours sur 7 et 24 h sur 24", "7jours/7") and holds("ouvert 24h/24", "24 h sur 24")
    assert holds("sous 48 heures", "48") and holds("sous 48h", "48 heures") and not holds("de 7 h à 9 h", "7h-8h")


def test_a_stem_an_adverb_and_an_ordinal_are_read_as_their_writer_meant():
    # a stem no document holds as a word takes any ending; a word of the documents keeps its own
    assert holds("elles restent modifiables", "modifi") and holds("vous les conservez", "conserv")
    assert not holds("le conventionnement", "conventionnés") and not holds("cinquante", "cinq")
    assert holds("elle est commandée automatiquement", "automatique") and not holds("automatisé", "automatique")
    assert holds("au cours du 9e mois", "9") and holds("le 24ème mois", "24") and not holds("zone 4B", "4")


DIALOGUES = load_dialogues()
SHORT_TURN = 5  # words: « et le mercredi ? » may be anyone's phrasing; longer turns must be the writer's own


def test_the_dialogue_set_has_every_kind_and_style_in_conversations_of_two_to_six_turns():
    assert len(DIALOGUES) >= 60
    assert {d.kind for d in DIALOGUES} >= {"follow_up", "value_kept", "correction", "interruption",
                                           "profession_change"}
    assert {d.style for d in DIALOGUES} == {"web", "messaging", "phone"}
    assert all(2 <= len(d.turns) <= 6 for d in DIALOGUES)
    assert len({d.name for d in DIALOGUES}) == len(DIALOGUES)


def test_the_dialogue_set_is_never_trained_on_nor_a_fact_question():
    turns = {normalize_words(t.text) for d in DIALOGUES for t in d.turns if len(t.text.split()) > SHORT_TURN}
    fact_questions = {normalize_words(str(q)) for r in read_records() for q in r.data.get("questions") or []}
    assert not turns & {normalize_words(t) for t in training_phrasings()}
    assert not turns & fact_questions


def test_a_dialogue_turn_is_judged_by_its_words_what_it_must_avoid_and_its_repeats():
    turn = Turn("et pour une infirmière ?", ("RPS",), ("50 000",), False)
    assert turn_verdict(turn, "Le service RPS vous renseigne.", "") == "right"
    assert turn_verdict(turn, "CAIM : 50 000 €. Le service RPS vous renseigne.", "") == "wrong"
    assert turn_verdict(turn, "Je n'ai pas cette information. Le plus proche : « le service RPS »", GAVE_NOTHING) == \
        "fallback"
    assert turn_verdict(Turn("et le forfait ?", (), (), True), "Je n'ai pas cette information.", GAVE_NOTHING) == \
        "right"
    assert turn_verdict(Turn("je suis kiné", (), (), False), "C'est noté.", "") == UNCHECKED
    assert turn_verdict(turn, "Sans certitude : le service RPS vous renseigne.", GAVE_PROBABLE) == "right"
    assert turn_verdict(turn, "Sans certitude : le service CIS.", GAVE_PROBABLE) == UNSURE
    assert turn_verdict(Turn("et le forfait ?", (), (), True), "Sans certitude : voici.", GAVE_PROBABLE) == UNSURE
    assert repeated_question("Dans quelle commune ?", "Dans quelle commune ?")
    assert not repeated_question("Dans quelle commune ?", "CAIM : 50 000 €.")


def test_the_replies_that_give_nothing_are_declining_replies_of_the_actions():
    from actions.common import DECLINING_PARTS
    from tests.eval.questions import NOTHING_PARTS, PROBABLE_PARTS
    assert NOTHING_PARTS <= DECLINING_PARTS and PROBABLE_PARTS <= DECLINING_PARTS
    assert not NOTHING_PARTS & PROBABLE_PARTS
