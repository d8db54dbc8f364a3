"""Patient data never goes further than the channel that received it: one redaction step, shared by every channel.

A French social security number (NIR), an email address or a phone number that is not the CGSS's, and a date of
birth written next to a name or "né(e) le" are replaced by a marker before the message reaches the NLU, the
tracker store, the logs or any reply. The bot sees the markers and reminds the professional not to send such data.
"""
from __future__ import annotations

import re
from typing import Callable, FrozenSet, Iterable, Optional, Set, Tuple

NIR_MARK = "[NIR masqué]"
EMAIL_MARK = "[courriel masqué]"
PHONE_MARK = "[téléphone masqué]"
BIRTH_DATE_MARK = "[date de naissance masquée]"
MARKS = (NIR_MARK, EMAIL_MARK, PHONE_MARK, BIRTH_DATE_MARK)
# Addresses of the health insurance itself, which a professional may quote back.
CGSS_EMAIL_DOMAINS = ("cgss-martinique.fr", "assurance-maladie.fr", "ameli.fr")

# Sex digit, birth year, month (01–12, or 20–99 for unknown or special cases), département (2 digits or 2A/2B),
# commune, order number, and the optional 2-digit key; spaces, dots or dashes between the groups as people type them.
_NIR = re.compile(r"(?<![0-9A-Za-z])[1-478][ .-]?\d{2}[ .-]?(?:0[1-9]|1[0-2]|[2-9]\d)[ .-]?(?:\d{2}|2[ABab])"
                  r"[ .-]?\d{3}[ .-]?\d{3}(?:[ .-]?\d{2})?(?![0-9A-Za-z])")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
# French numbers: 0X XX XX XX XX, +33 / +596 / 0033 forms, and the 08xx service numbers written 0825 852 000.
_PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00)(?:33|59[0-9]|26[2-9])[ .-]?(?:\(0\)[ .-]?)?[1-9]|0[1-9])"
                    r"(?:[ .-]?\d{2}){4}(?!\d)|(?<!\d)08\d{2}[ .-]?\d{3}[ .-]?\d{3}(?!\d)")
_DATE = r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{1,2}(?:er)? (?:janvier|février|fevrier|mars|avril|mai|juin|" \
        r"juillet|août|aout|septembre|octobre|novembre|décembre|decembre) \d{4})"
_BIRTH_DATE = re.compile(
    r"((?:\bn[ée]e?s?\b|\bddn\b|date de naissance|\bdob\b)\s*(?:le|:)?\s*)" + _DATE
    + r"|((?:\b(?:M\.|Mme|Mlle|Mr|Monsieur|Madame)\s+)(?:[A-ZÉÈ][\w'-]+\s*){1,3},?\s*\(?)" + _DATE,
    re.IGNORECASE)


def phone_digits(number: str) -> str:
    """A phone number's digits in national form ("+596 596 56 36 90" → "0596563690"), to compare numbers however
    they are written."""
    digits = re.sub(r"\D", "", number)
    if not number.strip().startswith(("+", "00")):
        return digits
    digits = digits[2:] if number.strip().startswith("00") else digits
    code = next((c for c in ("33", "596", "590", "594", "262") if digits.startswith(c)), "")
    return "0" + digits[len(code):]


class Redactor:
    """Replaces patient data in a text; `kept_phones` gives the numbers that may stay (the CGSS's own, read from the
    knowledge base when first needed)."""

    def __init__(self, kept_phones: Callable[[], Iterable[str]] = lambda: ()):
        self._kept_phones = kept_phones
        self._kept: Optional[FrozenSet[str]] = None

    def kept(self) -> FrozenSet[str]:
        if self._kept is None:
            self._kept = frozenset(phone_digits(p) for p in self._kept_phones())
        return self._kept

    def redact(self, text: str) -> Tuple[str, Set[str]]:
        """The text with patient data replaced by markers, and the markers used."""
        used: Set[str] = set()

        def mark(marker: str) -> str:
            used.add(marker)
            return marker

        text = _NIR.sub(lambda m: mark(NIR_MARK), text)
        text = _BIRTH_DATE.sub(lambda m: (m.group(1) or m.group(2) or "") + mark(BIRTH_DATE_MARK), text)
        text = _EMAIL.sub(lambda m: m.group(0) if m.group(1).lower().endswith(CGSS_EMAIL_DOMAINS)
                          else mark(EMAIL_MARK), text)
        text = _PHONE.sub(lambda m: m.group(0) if phone_digits(m.group(0)) in self.kept() else mark(PHONE_MARK), text)
        return text, used


def _cgss_phones() -> Iterable[str]:
    """Every phone number the knowledge base gives (the CGSS's and the public services it points to)."""
    try:
        from knowledge.queries import KnowledgeBase

        found = [c.phone for c in KnowledgeBase().contacts() if c.phone]
    except Exception:  # no knowledge base: no number is kept, all are masked
        return ()
    return [number for phones in found for number in _PHONE.findall(phones)]


_default = Redactor(_cgss_phones)


def redact(text: str) -> Tuple[str, Set[str]]:
    """The shared redaction step of the channels."""
    return _default.redact(text)


def mask(text: str) -> str:
    """The text as a channel passes it on."""
    return redact(text)[0]


def has_marks(text: str) -> bool:
    return any(marker in text for marker in MARKS)
