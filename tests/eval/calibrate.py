"""`make calibrate`: how the search alone would do on the evaluation questions, to choose its thresholds
(`SEARCH_MIN_*` in actions/common.py). Runs on the built knowledge
base; no Rasa.

The questions used are the declines and those whose expected facts the search indexes (answers, téléservices,
contacts: zones, contracts, codes and hours have their own flows). For each rule: right (the best fact is one the
question expects), wrong (another fact, or any fact for a question to decline), fallback (not confident enough).
A wrong answer costs more than a fallback: the rule kept is the one with the most right answers whose wrong rate
stays under a few per cent.
"""
from __future__ import annotations

import itertools
import sys
from pathlib import Path
from typing import List, Tuple

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from actions.common import (SEARCH_MIN_COVERAGE, SEARCH_MIN_MARGIN, SEARCH_MIN_SCORE,  # noqa: E402
                            SEARCH_MIN_SCORE_FULL, search_confident)
from knowledge.queries import KnowledgeBase  # noqa: E402
from tests.eval.questions import DECLINE, expects, load  # noqa: E402

SCORES = (0, 10, 14, 16, 18, 20, 22, 25, 30)
COVERAGES = (0, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.8)
MARGINS = (0, 0.05, 0.1, 0.15, 0.2, 0.3)
SCORES_FULL = (10, 12, 14, 16, 18, 1000)  # 1000: no lower score for fully covered questions
WRONG_CAPS = (0.02, 0.03, 0.05)


def outcomes(cases, rule: Tuple[float, float, float, float]) -> Tuple[int, int, int]:
    right = wrong = fallback = 0
    for question, hits in cases:
        if not search_confident(hits, *rule):
            fallback += question.expect != DECLINE
        elif question.expect == DECLINE or not expects(question, hits[0].fact_id):
            wrong += 1
        else:
            right += 1
    return right, wrong, fallback


def main() -> int:
    kb = KnowledgeBase()
    searchable = {d.fact_id for d in kb.search_documents()}
    questions = [q for q in load() if q.expect == DECLINE or set(q.facts) & searchable]
    cases = [(q, kb.search(q.text, limit=2)) for q in questions]
    n = len(cases)
    print(f"{n} questions (declines, and answers the search indexes); the search alone:")

    def line(label: str, rule) -> str:
        right, wrong, fallback = outcomes(cases, rule)
        return (f"{label:10s} score ≥ {rule[0]:4.0f}, coverage ≥ {rule[1]:.2f}, margin ≥ {rule[2]:.2f}, "
                f"fully covered score ≥ {rule[3]:4.0f}: "
                f"right {right / n:6.1%}  wrong {wrong / n:5.1%}  fallback {fallback / n:6.1%}")

    print(line("current", (SEARCH_MIN_SCORE, SEARCH_MIN_COVERAGE, SEARCH_MIN_MARGIN, SEARCH_MIN_SCORE_FULL)))
    rules: List[Tuple[float, float, float, float]] = list(itertools.product(SCORES, COVERAGES, MARGINS, SCORES_FULL))
    for cap in WRONG_CAPS:
        allowed = [r for r in rules if outcomes(cases, r)[1] <= cap * n]
        best = max(allowed, key=lambda r: (outcomes(cases, r)[0], r))  # ties: the strictest rule
        print(line(f"wrong≤{cap:.0%}", best))
    return 0


if __name__ == "__main__":
    sys.exit(main())
