"""Messages the knowledge base's French does not read as they are. A question written in English: its words that
the glossary (`english.yml`) knows are replaced by their French, so that the ranker can find the fact asked for; the
reply is French (the channel says so first), and a question whose words the glossary does not know stays
unanswered, never answered with another topic's fact. A question plainly outside the domain (`outside.yml`): told
so, with what the assistant does, rather than asked to rephrase."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, Tuple

import yaml

from knowledge.text import normalize_words

GLOSSARY = Path(__file__).with_name("english.yml")


def _phrases_pattern(phrases: Iterable[str]) -> "re.Pattern[str]":
    """One pattern for whole-word phrases (normalised), the longest tried first."""
    words = sorted({normalize_words(p) for p in phrases if normalize_words(p)}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


@lru_cache(maxsize=1)
def _glossary() -> Tuple["re.Pattern[str]", Dict[str, str]]:
    """The pattern of the glossary's English phrases, and each one's French."""
    phrases: Dict[str, str] = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))["phrases"]
    french = {normalize_words(english): words for english, words in phrases.items()}
    return _phrases_pattern(phrases), french


def in_french(text: str) -> str:
    """The message with the English words the glossary knows replaced by their French (normalised words), in one
    pass: a French word put in is never read again as English."""
    pattern, french = _glossary()
    return " ".join(pattern.sub(lambda m: f" {french[m.group(0)]} ", normalize_words(text)).split())


OUTSIDE = Path(__file__).with_name("outside.yml")


@lru_cache(maxsize=1)
def _outside() -> "re.Pattern[str]":
    return _phrases_pattern(yaml.safe_load(OUTSIDE.read_text(encoding="utf-8"))["subjects"])


def outside_the_domain(text: str) -> bool:
    """Whether a message is about a subject plainly outside a professional's dealings with the caisse (`outside.yml`:
    the weather, a poem, a flight, a tax return…)."""
    return bool(_outside().search(normalize_words(text)))
