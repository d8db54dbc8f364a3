"""The held-out evaluation set stays held out: none of its questions is in the training data."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Set

import yaml

from knowledge.text import normalize_words

ROOT = Path(__file__).resolve().parents[2]
ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def examples(path: Path) -> Set[str]:
    found = set()
    for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
        if "intent" not in block:
            continue
        for line in str(block.get("examples") or "").splitlines():
            text = ANNOTATION.sub(r"\1", line.strip().lstrip("- "))
            if text:
                found.add(normalize_words(text))
    return found


def test_no_evaluation_question_is_trained_on():
    training = set().union(*(examples(p) for p in sorted((ROOT / "data" / "nlu").glob("*.yml"))))
    evaluation = set().union(*(examples(p) for p in sorted((ROOT / "tests" / "nlu" / "eval").glob("*.yml"))))
    assert len(evaluation) >= 200 and len(training) >= 500
    assert sorted(training & evaluation) == []
