"""The evaluation set stays honest: big enough, every topic and channel style, facts that exist, and never trained
on (neither NLU training data nor the facts' own `questions:`); and replies are judged as documented."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from knowledge.records import read_records
from knowledge.text import normalize_words
from tests.eval.questions import DECLINE, Question, load, merged, verdict

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
    assert verdict(question, ["a.y"], False, "appelez le 05 96 56 36 90") == "right"
    assert verdict(question, ["a.y"], False, "appelez-nous") == "wrong"  # the figure asked is missing
    assert verdict(question, ["b.z"], False, "05 96 56 36 90") == "wrong"
    assert verdict(question, [], True, "je ne sais pas") == "fallback"
    slots = Question("q", "t", "web", ("contacts.plateforme_ps.schedule.*",), (), "answer")
    assert verdict(slots, ["contacts.plateforme_ps.schedule.3"], False, "") == "right"
    assert verdict(slots, ["contacts.plateforme_ps"], False, "") == "wrong"
    decline = Question("q", "t", "web", (), (), DECLINE)
    assert verdict(decline, ["contacts.plateforme_ps"], True, "je n'ai pas cette information") == "right"
    assert verdict(decline, ["b.z"], False, "voici") == "wrong"


def test_a_turn_merges_the_text_and_the_marks_of_its_messages():
    text, cited, declined = merged([{"text": "Bonjour"}, {"text": "Source"}, {"custom": {"facts": ["a.x"]}}])
    assert (text, cited, declined) == ("Bonjour\nSource", ["a.x"], False)
    assert merged([{"custom": {"misunderstood": True}}])[2] is True
