"""Recognising a Martinique commune however it is written: FDF, "le lamentin", "Ste Luce", "schoelsher"…

Every spelling is reduced to a compact key (no accents, no article, Saint/Sainte spelt out, no spaces or hyphens);
the knowledge base stores the keys of each commune's name and usual shortenings. A spelling is then found by its
key, else by a close key (one or two letters off) when only one commune is that close: a place that is not in
Martinique is not forced onto the nearest commune.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Tuple

from knowledge.text import normalize_words

_LEADING = ("a", "au", "aux", "en", "sur", "dans", "de", "du", "des", "commune", "ville")
_ARTICLES = ("le", "la", "les", "l")
_SPELT_OUT = {"st": "saint", "ste": "sainte", "stes": "saintes", "sts": "saints", "gd": "grand", "riv": "riviere"}
_GLUED_ARTICLES = ("les", "le", "la", "l")  # "lemarin", "latrinite"
_NAME_STARTS = ("saint", "sainte", "saints", "saintes")  # "Saint-François" is not Le François
MIN_FUZZY_LENGTH = 5
FUZZY_RATIO = 0.84
MAX_WORDS = 5


def _words(text: str) -> List[str]:
    return [_SPELT_OUT.get(w, w) for w in normalize_words(text).split()]


def _strip(words: List[str]) -> List[str]:
    while words and words[0] in _LEADING:
        words = words[1:]
    while words and words[0] in _ARTICLES:
        words = words[1:]
    return words


def commune_key(text: str) -> str:
    """'Les Trois-Îlets' → 'troisilets'; 'à Ste-Luce' → 'sainteluce'; 'FDF' → 'fdf'."""
    return "".join(_strip(_words(text)))


def keys_for(name: str, aliases: Iterable[str] = ()) -> List[str]:
    """The keys of a commune: its name's, and each alias's; without duplicates, in order."""
    seen: Dict[str, None] = {}
    for spelling in [name, *aliases]:
        key = commune_key(spelling)
        if key:
            seen.setdefault(key, None)
    return list(seen)


@dataclass(frozen=True)
class Match:
    insee: str
    spelling: str  # the words of the message that named the commune
    exact: bool


def match_spelling(spelling: str, index: Dict[str, str]) -> Optional[Match]:
    """The commune a spelling names: exact key, else the single commune within a letter or two. `index`: key → INSEE."""
    key = commune_key(spelling)
    if not key:
        return None
    if key in index:
        return Match(index[key], spelling.strip(), True)
    for article in _GLUED_ARTICLES:
        if key.startswith(article) and key[len(article):] in index:
            return Match(index[key[len(article):]], spelling.strip(), True)
    if len(key) < MIN_FUZZY_LENGTH:
        return None
    scored: List[Tuple[float, str]] = []
    for candidate, insee in index.items():
        if abs(len(candidate) - len(key)) > 3:
            continue
        ratio = difflib.SequenceMatcher(None, key, candidate).ratio()
        if ratio >= FUZZY_RATIO:
            scored.append((ratio, insee))
    if not scored:
        return None
    scored.sort(reverse=True)
    best_ratio, best = scored[0]
    if any(insee != best and best_ratio - ratio < 0.05 for ratio, insee in scored[1:]):
        return None  # two communes about as close: do not guess
    return Match(best, spelling.strip(), False)


_PLACE_WORDS = ("a", "au", "aux", "sur", "pour", "vers")  # "au lamantin": what follows is likely a place


def find_in_text(text: str, index: Dict[str, str]) -> Optional[Match]:
    """The commune named in a message: exact key of its longest run of words, else a close spelling right after
    "à", "au", "sur"… (never a guess on any word of the message)."""
    return _exact_in_text(text, index) or _after_place_word(text, index)


def _after_place_word(text: str, index: Dict[str, str]) -> Optional[Match]:
    words = normalize_words(text).split()
    for i, word in enumerate(words[:-1]):
        if word not in _PLACE_WORDS:
            continue
        for size in (3, 2, 1):
            window = words[i + 1:i + 1 + size]
            if len(window) == size:
                match = match_spelling(" ".join(window), index)
                if match:
                    return match
    return None


def _exact_in_text(text: str, index: Dict[str, str]) -> Optional[Match]:
    raw = normalize_words(text).split()
    words = [_SPELT_OUT.get(w, w) for w in raw]
    for size in range(min(MAX_WORDS, len(words)), 0, -1):
        for start in range(0, len(words) - size + 1):
            window = words[start:start + size]
            if window[0] in _LEADING or (size > 1 and window[-1] in _ARTICLES + _LEADING):
                continue
            if start > 0 and words[start - 1] in _NAME_STARTS:
                continue  # the end of another place's name
            key = "".join(_strip(window))
            if key in index and (size > 1 or window[0] not in _ARTICLES):
                return Match(index[key], " ".join(raw[start:start + size]), True)
    return None
