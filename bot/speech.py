"""What a French text-to-speech voice reads well on the phone: the bot's text made short and sayable.

Phone numbers are read pair by pair ("zéro cinq, quatre-vingt-seize…"), email addresses spelt out, amounts and hours
in words; links, tables, bullets and emoji are dropped; the answer is cut to a few sentences (about 40 words), and
the cut is said so that the caller knows a fuller answer exists in writing. Pure functions: the IVR channel
(bot/ivr.py) and `make call` use them, the unit tests check them on answers taken from the knowledge base.
"""
from __future__ import annotations

import re
import unicodedata
from typing import List, Tuple

MAX_WORDS = 40

_UNITS = ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
          "treize", "quatorze", "quinze", "seize")
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def _below_100(n: int) -> str:
    if n <= 16:
        return _UNITS[n]
    if n < 20:
        return "dix-" + _UNITS[n - 10]
    tens, unit = divmod(n, 10)
    if tens in _TENS:
        if unit == 0:
            return _TENS[tens]
        return _TENS[tens] + (" et un" if unit == 1 else "-" + _UNITS[unit])
    if tens == 7:
        return "soixante et onze" if n == 71 else "soixante-" + _below_100(n - 60)
    if n == 80:
        return "quatre-vingts"
    return "quatre-vingt-" + _below_100(n - 80)  # 81–99: "quatre-vingt-un", "quatre-vingt-dix-sept"


def _below_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if not hundreds:
        return _below_100(rest)
    head = "cent" if hundreds == 1 else _UNITS[hundreds] + (" cents" if rest == 0 else " cent")
    return head if rest == 0 else f"{head} {_below_100(rest)}"


def number_words(n: int) -> str:
    """A whole number in French words (0 to 999 999 999)."""
    if n < 1000:
        return _below_1000(n)
    millions, rest = divmod(n, 1_000_000)
    thousands, units = divmod(rest, 1000)
    parts = []
    if millions:
        parts.append(("un million" if millions == 1 else _below_1000(millions) + " millions"))
    if thousands:
        parts.append("mille" if thousands == 1 else _below_1000(thousands).replace("cents", "cent") + " mille")
    if units:
        parts.append(_below_1000(units))
    return " ".join(parts)


def _pairs(digits: str) -> str:
    """Digits read two by two, as French people say phone numbers: 05 → "zéro cinq", 96 → "quatre-vingt-seize"."""
    pairs = [digits[i:i + 2] for i in range(0, len(digits), 2)]
    return ", ".join(f"zéro {_UNITS[int(p[1])]}" if len(p) == 2 and p[0] == "0" else number_words(int(p))
                     for p in pairs)


_SYMBOLS = {".": "point", "-": "tiret", "_": "tiret bas", "@": "arobase", "+": "plus"}
_VOWELS = set("aeiouy")


def spell_email(address: str) -> str:
    """An email address as a voice reads it: short or vowel-less words spelt letter by letter, symbols named."""
    said: List[str] = []
    for chunk in re.split(r"([.\-_@+])", address.lower()):
        if not chunk:
            continue
        if chunk in _SYMBOLS:
            said.append(_SYMBOLS[chunk])
        elif len(chunk) >= 5 and _VOWELS & set(chunk) and chunk.isalpha():
            said.append(chunk)
        else:
            said.append(" ".join(number_words(int(c)) if c.isdigit() else c for c in chunk))
    return " ".join(said)


def _hour(match: re.Match) -> str:
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if hours > 24 or minutes > 59:
        return match.group(0)
    said = "une heure" if hours == 1 else ("vingt et une heures" if hours == 21 else f"{number_words(hours)} heures")
    return said if not minutes else f"{said} {number_words(minutes)}"


def _amount(match: re.Match) -> str:
    whole = int(re.sub(r"\D", "", match.group(1)))
    cents = int((match.group(2) or "0").ljust(2, "0"))
    said = f"{number_words(whole)} euro" + ("" if whole in (0, 1) else "s")
    return f"{said} {number_words(cents)}" if cents else said


_URL = re.compile(r"\(?(?<![@\w.-])(?:https?://[^\s)]*[^\s).,;:!?]|(?:[\w-]+\.)+(?:fr|com|org|net)\b(?:/[^\s)]*[^\s).,;:!?])?)\)?")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_PHONE = re.compile(r"(?<!\d)0\d(?:[ .]?\d\d){4}(?!\d)")
_SHORT_LINE = re.compile(r"(?<!\d)36 ?\d\d(?![\d,])")  # the national 36xx service numbers, said "trente-six zéro huit"
_AMOUNT = re.compile(r"(\d{1,3}(?:[ \u00a0\u202f.]\d{3})+|\d+)(?:,(\d{1,2}))?[ \u00a0\u202f]?(?:€|euros?\b)")
_HOUR = re.compile(r"(?<![\d,])(\d{1,2}) ?h(?: ?(\d{2}))?(?![\w])")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")
_WORDS = {"n°": "numéro", "%": " pour cent", "&": " et ", "≥": "au moins", "≤": "au plus", "/": " ", "«": "", "»": "",
          "“": "", "”": "", "*": "", "#": ""}


def _sayable(text: str) -> str:
    """Links, tables, bullets and symbols out; each line that remains a sentence."""
    said: List[str] = []
    for line in text.splitlines():
        if "|" in line or "\t" in line or line.lstrip().startswith(("-", "•")):
            continue
        line = "".join(ch for ch in line if unicodedata.category(ch) not in ("So", "Sk", "Cs", "Co", "Cc", "Cf"))
        bare = _URL.sub("", line)  # not the domain of an email address (the lookbehind): that is spelt out later
        if bare != line and len(bare.split()) <= 3:
            continue  # "En ligne : <link>": nothing left to say
        for symbol, word in _WORDS.items():
            bare = bare.replace(symbol, word)
        bare = re.sub(r"\s+([.,)])", r"\1", re.sub(r"\s{2,}", " ", re.sub(r"\(\s*\)", "", bare))).strip(" :")
        if bare:
            said.append(bare if bare[-1] in ".!?…" else bare + ".")
    return " ".join(said)


def shorten(text: str, max_words: int = MAX_WORDS) -> Tuple[str, bool]:
    """The first sentences within `max_words` words (a long first sentence cut at a clause), and whether it was cut."""
    sentences = [s for s in _SENTENCE.split(text) if s]
    if not sentences:
        return "", False
    kept: List[str] = []
    count = 0
    for sentence in sentences:
        words = len(sentence.split())
        if count + words > max_words:
            break
        kept.append(sentence)
        count += words
    if kept:
        return " ".join(kept), len(kept) < len(sentences)
    words = sentences[0].split() if sentences else []
    head = " ".join(words[:max_words])
    clause = max(head.rfind(";"), head.rfind(","), head.rfind(":"))
    head = head[:clause] if clause > len(head) // 2 else head
    return head.rstrip(" ,;:") + ".", True


def for_voice(text: str) -> str:
    """Numbers, hours, amounts, emails put in words a voice reads well (nothing removed)."""
    text = _EMAIL.sub(lambda m: spell_email(m.group(0)), text)
    text = _PHONE.sub(lambda m: _pairs(re.sub(r"\D", "", m.group(0))), text)
    text = _SHORT_LINE.sub(lambda m: _pairs(re.sub(r"\D", "", m.group(0))), text)
    text = _AMOUNT.sub(_amount, text)
    return _HOUR.sub(_hour, text)


def spoken(text: str, max_words: int = MAX_WORDS) -> Tuple[str, bool]:
    """The bot's text as the phone says it, and whether it was shortened."""
    short, cut = shorten(_sayable(text), max_words)
    return for_voice(short), cut
