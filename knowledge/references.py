"""Numbers and codes professionals write in their questions: ALD numbers, cerfa form numbers, the codes of the
« non substituable » mentions. Pure functions on the message's words; what they name is looked up in the KB."""
from __future__ import annotations

import re
from typing import Iterable, List

from knowledge.text import normalize_words

_NUMBER_WORD = r"(?:n |no |num |numero )?"
_ALD = re.compile(r"\bald ?(n |no |num |numero )?(\d{1,2})\b")
LIST_NAME = 30  # "ALD 30" names the list of ALD; ALD number 30 is written with "n°"
_PREFIXED_FORM = re.compile(rf"\b(?:cerfa {_NUMBER_WORD}s ?|cerfa {_NUMBER_WORD}|s ?)(\d{{4,5}})\b")
_BARE_NUMBER = re.compile(r"\b(\d{4,5})\b")


def ald_numbers(text: str) -> List[int]:
    """ALD numbers in the order written: "ALD 12", "ald n°14", "ALD23" → [12, 14, 23]; "les ALD 30" is the list."""
    return list(dict.fromkeys(int(n) for word, n in _ALD.findall(normalize_words(text))
                              if word or int(n) != LIST_NAME))


def form_numbers(text: str, known_digits: Iterable[str] = ()) -> List[str]:
    """Form numbers as digits, in the order written: any number introduced as a form ("cerfa 12345", "S6909"), and a
    bare number only when it is one of the known forms' ("le 6909")."""
    words = normalize_words(text)
    known = set(known_digits)
    found = [(m.start(), m.group(1)) for m in _PREFIXED_FORM.finditer(words)]
    found += [(m.start(), m.group(1)) for m in _BARE_NUMBER.finditer(words) if m.group(1) in known]
    return list(dict.fromkeys(digits for _, digits in sorted(found)))


def codes_in(text: str, codes: Iterable[str]) -> List[str]:
    """Which of the given codes (MTE, EFG, CIF) the text writes as a word, in upper case, in the order written."""
    words = normalize_words(text).split()
    wanted = {c.lower(): c for c in codes}
    return list(dict.fromkeys(wanted[w] for w in words if w in wanted))
