"""Text normalisation shared by the quote check, alias matching and parsing of user input.

Professionals write without accents, in upper case, with apostrophes of every shape: matching must not care.
"""
from __future__ import annotations

import re
import unicodedata
from typing import List, Optional

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9a-z@.]+")
_LOOSE_DOT = re.compile(r"\.(?![0-9a-z])|(?<![0-9a-z])\.")  # a full stop, not the dot of "2.5" or "rps@cgss.fr"


class _WithoutMarks(dict):
    """Character → its compatibility decomposition without combining marks, computed once per character met."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code))
        self[code] = "".join(c for c in decomposed if not unicodedata.combining(c))
        return self[code]


_WITHOUT_MARKS = _WithoutMarks()


def strip_accents(text: str) -> str:
    return text.translate(_LIGATURES).translate(_WITHOUT_MARKS)


def normalize_quote(text: str) -> str:
    """Whitespace- and case-normalised form used to find a quote in a source text."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).replace("\u00a0", " ")
    text = text.replace("**", "").replace("*", "")
    return _SPACES.sub(" ", text).strip().casefold()


def normalize_words(text: str) -> str:
    """Lower case, no accents, words separated by single spaces: the form aliases are stored and matched in. A full
    stop goes ("… retour à domicile. À qui écrire ?" names « retour a domicile »); the dots inside a figure or an
    address stay."""
    text = strip_accents(text.translate(_APOSTROPHES)).lower()
    return _SPACES.sub(" ", _LOOSE_DOT.sub(" ", _NON_WORD.sub(" ", text))).strip()


def contains_words(haystack: str, needle: str) -> bool:
    """True when the normalised needle occurs in the normalised haystack on word boundaries."""
    if not needle:
        return False
    return f" {needle} " in f" {haystack} "


_WRITTEN_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def as_written(text: str, phrase: str) -> Optional[str]:
    """The words of a text that normalise to a phrase, as the text writes them, in lower case (« Infirmière » for
    « infirmiere », « sage-femme » for « sage femme »); None when no run of whole words does."""
    words = [(match.group(0), normalize_words(match.group(0)).split()) for match in _WRITTEN_WORD.finditer(text)]
    wanted = phrase.split()
    for start in range(len(words)):
        said: List[str] = []
        for end in range(start, len(words)):
            said += words[end][1]
            if said == wanted:
                return " ".join(word for word, _ in words[start:end + 1]).lower()
            if len(said) >= len(wanted):
                break
    return None
