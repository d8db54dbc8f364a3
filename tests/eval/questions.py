"""The evaluation questions (`questions.yml`, never trained on) and how a reply is judged against one.

A question expects either facts (the reply must cite at least one of them, and contain the `contains` strings) or an
honest decline (`expect: decline`: "I don't know", rephrase, hand-off or a polite refusal). A reply is `right`,
`fallback` (it declined a question the knowledge base answers) or `wrong` (it answered with other facts, or answered
a question it should have declined).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

import yaml

from knowledge.text import normalize_words

QUESTIONS = Path(__file__).with_name("questions.yml")
DECLINE = "decline"


@dataclass(frozen=True)
class Question:
    text: str
    topic: str
    style: str
    facts: Tuple[str, ...]
    contains: Tuple[str, ...]
    expect: str  # "answer" or "decline"


def load(path: Path = QUESTIONS) -> List[Question]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Question(str(q["text"]), str(q["topic"]), str(q.get("style", "web")), tuple(q.get("facts") or ()),
                     tuple(str(c) for c in q.get("contains") or ()), str(q.get("expect", "answer")))
            for q in data["questions"]]


def expects(question: Question, fact_id: str) -> bool:
    """Whether the fact is one the question expects; `contacts.plateforme_ps.schedule.*` stands for any of its
    slots (which slot a reply cites depends on the day asked)."""
    return any(fact_id == f or f.endswith(".*") and fact_id.startswith(f[:-1]) for f in question.facts)


def verdict(question: Question, cited: Sequence[str], declined: bool, text: str) -> str:
    """right, wrong or fallback, from the facts a reply cites, whether it declined, and its text."""
    if question.expect == DECLINE:
        return "right" if declined or not cited else "wrong"
    if any(expects(question, f) for f in cited) and all(normalize_words(c) in normalize_words(text)
                                                for c in question.contains):
        return "right"
    return "fallback" if declined or not cited else "wrong"


def merged(messages: List[Dict[str, Any]]) -> Tuple[str, List[str], bool]:
    """A turn's text, the facts it cites and whether it declined, from the bot's messages of that turn."""
    text = "\n".join(m["text"] for m in messages if m.get("text"))
    custom: Dict[str, Any] = {}
    for message in messages:
        custom.update(message.get("custom") or {})
    cited = list(custom.get("facts") or [])
    declined = bool(custom.get("declined") or custom.get("misunderstood") or custom.get("handoff"))
    return text, cited, declined
