"""`make calibrate`: fits the ranker (knowledge/ranker.py) on the evaluation questions and writes its model.

1. Each question of tests/eval/questions.yml and of the tuning set tests/eval/tuning.yml is parsed by the trained NLU (in process; the parses are kept in
   results/calibrate/parses.json, keyed by the model's file, so a second run is quick).
2. The ranker proposes its candidates; a candidate is a positive example when it is one of the facts the question
   expects (questions.yml names them) or, for the tuning set (written from the documents only, with the words a right
   reply holds), when the text its reply shows holds every one of those words. A logistic regression over the candidates' signals gives the weights.
3. A second logistic regression, over what the decision reads of each question's best candidate, gives the
   confidence that it is the answer; the threshold kept is the one with the most right answers less three times the
   wrong ones (a wrong answer costs a professional more than « je ne sais pas »). Below it, a second threshold: from
   there a question understood gets its best candidate said to be perhaps not what was asked (`choose_probable`).

The questions used are the declines and those whose expected facts the ranker can propose (answers, téléservices,
contacts: zones, contracts, codes and hours are computed by their own flows), and the turns of the tuning dialogues
(tests/eval/dialogues_tuning.yml) that continue the previous question, read with it as the conversation reads them. The blind set tests/eval/detail.yml is
never read here: `make eval` measures on it what this fitted.
"""
from __future__ import annotations

import asyncio
import json
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from knowledge.queries import KnowledgeBase  # noqa: E402
from knowledge.ranker import (ANSWER, DECISION_SIGNALS, PROBABLE, SETTINGS_FILE, SIGNALS, Asked,  # noqa: E402
                              Candidate, Ranker, Settings, entities_of, intent_ranking,
                              read_together)
from knowledge.asking import continues_previous, corrects_previous  # noqa: E402
from tests.eval.dialogues import load_dialogues  # noqa: E402
from tests.eval.questions import DECLINE, Question, expects, holds, load, load_detail  # noqa: E402

MODEL = ROOT / "models" / "assistant.tar.gz"
PARSES = ROOT / "results" / "calibrate" / "parses.json"
TUNING = ROOT / "tests" / "eval" / "tuning.yml"
DIALOGUES_TUNING = ROOT / "tests" / "eval" / "dialogues_tuning.yml"
WRONG_COST = 3  # a wrong answer costs a professional as much as three « je ne sais pas »
UNSURE_COST = 2  # a reply said to be perhaps not the question, and not it, costs as much as two such replies help
THRESHOLDS = [round(float(x), 2) for x in np.arange(0.3, 0.96, 0.01)]


def parses(texts: Sequence[str]) -> Dict[str, dict]:
    """The NLU's parse of each text, from the cache when it was made with the current model."""
    stamp = f"{MODEL.stat().st_mtime_ns}"
    cached = json.loads(PARSES.read_text(encoding="utf-8")) if PARSES.exists() else {}
    if cached.get("model") == stamp and all(t in cached["parses"] for t in texts):
        return cached["parses"]
    from rasa.core.agent import Agent  # heavy: only when the cache is stale

    agent = Agent.load(str(MODEL))

    async def parse_all() -> Dict[str, dict]:
        return {t: await agent.parse_message(t) for t in texts}

    found = asyncio.run(parse_all())
    PARSES.parent.mkdir(parents=True, exist_ok=True)
    PARSES.write_text(json.dumps({"model": stamp, "parses": found}, ensure_ascii=False), encoding="utf-8")
    return found


def asked_of(question: Question, parse: dict) -> Asked:
    return Asked(question.text, intent_ranking(parse), entities_of(parse))


class Labels:
    """Whether a fact answers a question: one the question names, or one whose shown text holds its words."""

    def __init__(self, kb: KnowledgeBase):
        self.shown = {d.fact_id: shown_text(kb, d.kind, d.key) for d in kb.search_documents()}

    def answers(self, question: Question, fact_id: str) -> bool:
        if question.expect == DECLINE:
            return False
        if question.facts:
            return expects(question, fact_id)
        shown = self.shown.get(fact_id, "")
        return bool(question.contains) and all(holds(shown, item) for item in question.contains)

    def reachable(self, question: Question) -> bool:
        return question.expect == DECLINE or any(self.answers(question, f) for f in self.shown)


def shown_text(kb: KnowledgeBase, kind: str, key: str) -> str:
    """What a reply citing this row shows: an answer's text and points, a téléservice's, a code's or a contact's
    card."""
    if kind == "answer":
        answer = kb.answer(key)
        return " ".join([answer.title, answer.text, *answer.points, answer.next_step or ""]) if answer else ""
    if kind == "teleservice":
        found = [t for t in kb.teleservices() if t.id == key]
        return " ".join(str(v) for t in found for v in (t.acronym, t.name, t.purpose, t.users, t.access) if v)
    if kind == "code":
        code = kb.code(key)
        return " ".join(str(v) for v in (code.code, code.label, code.value, code.sectors, code.conditions) if v)
    contact = kb.contact(key)
    fields = (contact.name, contact.role, contact.phone, contact.email, contact.address) if contact else ()
    return " ".join(str(v) for v in fields if v)


def outcome(ranker: Ranker, labels: Labels, question: Question, asked: Asked, candidates: List[Candidate]) -> str:
    decision = ranker.decide(asked, candidates)
    if decision.verdict != ANSWER:
        return "fallback" if question.expect != DECLINE else "right"
    if not labels.answers(question, decision.best.fact_id):
        return "wrong"
    return "right"


def fit(x: np.ndarray, y: np.ndarray, names: Sequence[str],
        kept: Dict[str, float]) -> Tuple[Dict[str, float], float]:
    """Logistic regression. A signal that never fires here (the follow-up phrases and the previous answer's topic
    need a conversation; the calibration questions are single messages) keeps the weight it was set to: the
    conversation tests hold it."""
    from sklearn.linear_model import LogisticRegression

    fired = [i for i in range(len(names)) if np.any(x[:, i])]
    model = LogisticRegression(C=1.0, max_iter=2000).fit(x[:, fired], y)
    weights = dict(kept)
    weights.update({names[i]: round(float(w), 3) for i, w in zip(fired, model.coef_[0])})
    return {name: weights.get(name, 0.0) for name in names}, round(float(model.intercept_[0]), 3)


def fit_candidates(ranker: Ranker, labels: Labels, cases: List[Tuple[Question, Asked]]) -> None:
    """Stage 1: the probability that a candidate is a fact the question expects."""
    rows, positive = [], []
    for question, asked in cases:
        for candidate in ranker.rank(asked, limit=50):  # every candidate: the rows must not depend on the weights
            rows.append([dict(candidate.signals)[s] for s in SIGNALS])
            positive.append(int(labels.answers(question, candidate.fact_id)))
    weights, bias = fit(np.array(rows), np.array(positive), SIGNALS, dict(ranker.settings.weights))
    ranker.settings = replace(ranker.settings, weights=weights, bias=bias)
    print(f"{len(rows)} candidates; weights {weights}, bias {bias}")


def fit_decision(ranker: Ranker, labels: Labels, cases: List[Tuple[Question, Asked]]) -> None:
    """Stage 2: the confidence that the best candidate is the answer (a question to decline has none)."""
    rows, positive = [], []
    for question, asked in cases:
        candidates = ranker.rank(asked)
        if candidates:
            rows.append([ranker.decision_signals(asked, candidates)[s] for s in DECISION_SIGNALS])
            positive.append(int(labels.answers(question, candidates[0].fact_id)))
    weights, bias = fit(np.array(rows), np.array(positive), DECISION_SIGNALS, {})
    ranker.settings = replace(ranker.settings, decision_weights=weights, decision_bias=bias)
    print(f"best candidate right for {sum(positive)} of {len(positive)} questions; decision weights {weights}, "
          f"bias {bias}")


def choose_threshold(ranker: Ranker, labels: Labels, cases: List[Tuple[Question, Asked]]) -> float:
    """The threshold with the best right answers less three times the wrong ones: on some two hundred questions a
    hard cap of 3 % wrong would be decided by two or three of them."""
    ranked = [(q, a, ranker.rank(a)) for q, a in cases]
    n = len(cases)
    best = None
    for threshold in THRESHOLDS:
        ranker.settings = replace(ranker.settings, answer_at=threshold, understood_at=threshold)
        counts = Counter(outcome(ranker, labels, question, asked, candidates)
                         for question, asked, candidates in ranked)
        if round(threshold * 100) % 5 == 0:
            print(f"answer from confidence ≥ {threshold:.2f}: right {counts['right'] / n:6.1%}  "
                  f"wrong {counts['wrong'] / n:5.1%}  fallback {counts['fallback'] / n:6.1%}")
        worth = counts["right"] - WRONG_COST * counts["wrong"]
        if best is None or worth > best[1]:
            best = (threshold, worth, counts)
    threshold, _, counts = best
    ranker.settings = replace(ranker.settings, answer_at=threshold, understood_at=threshold)
    print(f"kept: answer from confidence ≥ {threshold:.2f}: "
          + "  ".join(f"{v} {counts[v] / n:.1%}" for v in ("right", "wrong", "fallback")))
    for question, asked, candidates in ranked:
        if outcome(ranker, labels, question, asked, candidates) == "wrong":
            print(f"  wrong: {question.text[:90]!r} → {candidates[0].fact_id}; "
                  f"expected {', '.join(question.facts) or question.contains or 'a decline'}")
    return threshold


def choose_probable(ranker: Ranker, labels: Labels, cases: List[Tuple[Question, Asked]]) -> float:
    """Below the answer's threshold, the confidence from which a question understood gets its best candidate said to
    be perhaps not what was asked, rather than « pas dans mes documents »: the one with the most such replies right
    less `UNSURE_COST` times those not right (a question the documents do not answer included); 1.0 (never) when
    none is worth it."""
    ranked = [(q, a, ranker.rank(a)) for q, a in cases]
    best = (1.0, 0, 0, 0)
    for threshold in (t for t in THRESHOLDS if t < ranker.settings.answer_at):
        ranker.settings = replace(ranker.settings, probable_at=threshold)
        given = [labels.answers(q, decision.best.fact_id) for q, a, candidates in ranked
                 for decision in (ranker.decide(a, candidates),) if decision.verdict == PROBABLE]
        worth = sum(given) - UNSURE_COST * (len(given) - sum(given))
        if worth > best[1]:
            best = (threshold, worth, sum(given), len(given) - sum(given))
    threshold, _, right, unsure = best
    ranker.settings = replace(ranker.settings, probable_at=threshold)
    print(f"kept: the best candidate said probable from confidence ≥ {threshold:.2f}: {right} right, {unsure} not")
    return threshold


def write(settings: Settings) -> None:
    """The fitted model into ranker.yml, its comments and the intents' topics kept."""
    header = SETTINGS_FILE.read_text(encoding="utf-8").split("\nweights:")[0]
    body = {"weights": dict(settings.weights), "bias": settings.bias,
            "decision_weights": dict(settings.decision_weights), "decision_bias": settings.decision_bias,
            "answer_at": settings.answer_at, "probable_at": settings.probable_at, "close_at": settings.close_at,
            "understood_at": settings.understood_at,
            "intent_understood_at": settings.intent_understood_at}
    SETTINGS_FILE.write_text(header + "\n" + yaml.safe_dump(body, sort_keys=False, allow_unicode=True),
                             encoding="utf-8")
    print(f"written to {SETTINGS_FILE.relative_to(ROOT)}")


def calibration_questions() -> List[Question]:
    """questions.yml, and the tuning set when it is there (never the blind sets)."""
    return load() + (load_detail(TUNING) if TUNING.exists() else [])


def continued_turns() -> List[Tuple[Question, str]]:
    """The tuning dialogues' turns that continue the previous question (« et en flux dégradé ? »), each with that
    previous question: the ranker reads them together, and the decision must know how sure such a reading is
    (never the blind dialogues)."""
    out: List[Tuple[Question, str]] = []
    for dialogue in load_dialogues(DIALOGUES_TUNING) if DIALOGUES_TUNING.exists() else []:
        for previous, turn in zip(dialogue.turns, dialogue.turns[1:]):
            if (turn.contains or turn.declines) and (continues_previous(turn.text) or corrects_previous(turn.text)):
                question = Question(turn.text, f"dialogue {dialogue.kind}", dialogue.style, (), turn.contains,
                                    DECLINE if turn.declines else "answer")
                out.append((question, previous.text))
        # an interruption's return (« pour revenir au FAMI… ») reads the question before: left to the tests
    return out


def read_with_previous(question: Question, asked: Asked, previous: str) -> Asked:
    """A continued turn as the ranker reads it in the conversation: with the previous question before it (a
    correction as the previous question asked again with its new value)."""
    return replace(asked, text=read_together(previous, question.text))


def main() -> int:
    kb = KnowledgeBase()
    ranker = Ranker(kb)
    labels = Labels(kb)
    questions = [q for q in calibration_questions() if labels.reachable(q)]
    turns = [(q, previous) for q, previous in continued_turns() if labels.reachable(q)]
    parsed = parses([q.text for q in questions] + [q.text for q, _ in turns])
    single = [(q, asked_of(q, parsed[q.text])) for q in questions]
    cases = single + [(q, read_with_previous(q, asked_of(q, parsed[q.text]), previous)) for q, previous in turns]
    print(f"{len(cases)} questions (declines, and answers the ranker can propose; {len(turns)} of them dialogue "
          "turns read with the previous question)")
    fit_candidates(ranker, labels, single)  # which fact a message asks for: its own words rank the candidates
    fit_decision(ranker, labels, cases)  # how sure the best one is: a turn read with the question before too
    choose_threshold(ranker, labels, cases)
    choose_probable(ranker, labels, cases)
    write(ranker.settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
