"""Messages the knowledge base's French does not read as they are. A question written in English: its words that
the glossary (`english.yml`) knows are replaced by their French, so that the ranker can find the fact asked for; the
reply is French (the channel says so first), and a question whose words the glossary does not know stays
unanswered, never answered with another topic's fact. A question plainly outside the domain (`outside.yml`): told
so, with what the assistant does, rather than asked to rephrase."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, Tuple

import yaml

from knowledge.text import normalize_words

GLOSSARY = Path(__file__).with_name("english.yml")


@lru_cache(maxsize=1)
def _glossary() -> Tuple[Tuple["re.Pattern[str]", str], ...]:
    """(pattern of an English phrase, its French), longest phrase first."""
    phrases: Dict[str, str] = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))["phrases"]
    ordered = sorted(phrases.items(), key=lambda item: -len(item[0]))
    return tuple((re.compile(rf"(?<!\w){re.escape(normalize_words(english))}(?!\w)"), french)
                 for english, french in ordered)


def in_french(text: str) -> str:
    """The message with the English words the glossary knows replaced by their French (normalised words)."""
    words = normalize_words(text)
    for pattern, french in _glossary():
        words = pattern.sub(f" {french} ", words)
    return " ".join(words.split())


OUTSIDE = Path(__file__).with_name("outside.yml")


@lru_cache(maxsize=1)
def _outside() -> "re.Pattern[str]":
    subjects = yaml.safe_load(OUTSIDE.read_text(encoding="utf-8"))["subjects"]
    words = sorted({normalize_words(s) for s in subjects if normalize_words(s)}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


def outside_the_domain(text: str) -> bool:
    """Whether a message is about a subject plainly outside a professional's dealings with the caisse (`outside.yml`:
    the weather, a poem, a flight, a tax return…)."""
    return bool(_outside().search(normalize_words(text)))
