"""The evaluation questions and how a reply is judged against one. Two sets, never trained on:

- `questions.yml` (224): written from the documents with the facts a right reply cites. A question expects either
  facts (the reply must cite at least one of them, and contain the `contains` strings) or an honest decline
  (`expect: decline`: "I don't know", rephrase, hand-off or a polite refusal).
- `detail.yml` (blind): written by a writer who read only the source documents — not the knowledge base, the
  training data or the other sets — about the details of each section, with the words a right reply must contain
  (each item one word or figure, or a list of acceptable spellings), and questions no document answers
  (`answer: none`). No fact ids: a reply is judged by its words.

A reply is `right`, `fallback` (it declined a question the documents answer) or `wrong` (it answered with other
facts or without the figure asked, or answered a question it should have declined).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
import re
from typing import Any, Dict, FrozenSet, List, Sequence, Tuple, Union

import yaml

from knowledge.config import SOURCES_DIR
from knowledge.numbers import numbers_in_digits
from knowledge.text import normalize_words

QUESTIONS = Path(__file__).with_name("questions.yml")
DETAIL = Path(__file__).with_name("detail.yml")
DECLINE = "decline"
_DIGIT_SPACE = re.compile(r"(?<=\d) (?=\d)")
_DECIMAL_COMMA = re.compile(r"(\d),(\d)")  # "26,50" and "26.50" alike
_TRAILING_ZEROS = re.compile(r"(\d)\.(\d*[1-9])0+(?!\d)")  # "26.50" = "26.5"
_NO_DECIMALS = re.compile(r"(\d)\.0+(?!\d)")  # "30.00" = "30"
_HOUR_SPACED = re.compile(r"\b(\d{1,2}) ?h(?: ?(\d\d))?\b")
_LOOSE_DOT = re.compile(r"\.(?!\w)|(?<!\w)\.")
_ROUND_THE_CLOCK = re.compile(r"\b(\d{1,2}) ?(h|heures?|j|jours?) ?(?:/|sur) ?(\d{1,2})\b")  # 24h/24, 7 jours sur 7
_HOURS_WORD = re.compile(r"\b(\d{1,2}) heures?\b")  # « 19 heures » = « 19 h »
_HOUR_PADDED = re.compile(r"\b0?(\d{1,2})h(?:00)?\b")  # « 07h00 » = « 7h »
_HOUR_RANGE = re.compile(r"\b(\d{1,2} ?h ?(?:\d\d)?) ?[-–] ?(\d{1,2} ?h)")  # « 07h00-08h00 » = « 7 h à 8 h »

Expected = Union[str, Tuple[str, ...]]  # one word or figure, or its acceptable spellings


@dataclass(frozen=True)
class Question:
    text: str
    topic: str  # a topic of the knowledge base (questions.yml), or the document asked about (detail.yml)
    style: str
    facts: Tuple[str, ...]
    contains: Tuple[Expected, ...]
    expect: str  # "answer" or "decline"


def load(path: Path = QUESTIONS) -> List[Question]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Question(str(q["text"]), str(q["topic"]), str(q.get("style", "web")), tuple(q.get("facts") or ()),
                     tuple(str(c) for c in q.get("contains") or ()), str(q.get("expect", "answer")))
            for q in data["questions"]]


def _expected(item: Any) -> Expected:
    return tuple(str(x) for x in item) if isinstance(item, list) else str(item)


def load_detail(path: Path = DETAIL) -> List[Question]:
    """The blind set: a question the documents answer is grouped by its document, one they do not by its kind."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for q in data["questions"]:
        unanswered = q.get("answer") == "none"
        topic = f"none:{q.get('kind', 'in_domain')}" if unanswered else f"document {q['document']}"
        out.append(Question(str(q["text"]), topic, str(q.get("style", "web")), (),
                            tuple(_expected(c) for c in q.get("contains") or ()),
                            DECLINE if unanswered else "answer"))
    return out


def comparable(text: str) -> str:
    """Lower case, no accents, words apart ("26,50" = "26.50" = "26,5", a sentence's last dot dropped), an hour in
    one spelling, its number a word of its own ("12 h 30" = "12h30", "8 h" = "8h" = "08h00" = "8 heures", "7h-8h" =
    "7 h à 8 h"), round the clock in one spelling ("24h/24" = "24 h sur 24", "7jours/7" = "7 jours sur 7")."""
    text = _DECIMAL_COMMA.sub(r"\1.\2", text)
    text = _NO_DECIMALS.sub(r"\1", _TRAILING_ZEROS.sub(r"\1.\2", text))
    text = _ROUND_THE_CLOCK.sub(lambda m: f"{m.group(1)} {m.group(2)[0]} sur {m.group(3)}", text.lower())
    text = _HOUR_RANGE.sub(r"\1 à \2", text)
    words = " ".join(_LOOSE_DOT.sub(" ", normalize_words(_HOURS_WORD.sub(r"\1 h", text))).split())
    words = _HOUR_PADDED.sub(r"\1h", words)
    return _HOUR_SPACED.sub(lambda m: f"{int(m.group(1))} h {m.group(2) or ''}".strip(), words)


def _joined(text: str) -> str:
    return _DIGIT_SPACE.sub("", _DIGIT_SPACE.sub("", text))


def _singular(word: str) -> str:
    """A plural word of five letters or more without its final s ("fragiles" → "fragile"); shorter words and words
    in -ss, -us, -is, -os are left as they are ("mois", "plus", "tous")."""
    if len(word) >= 5 and word.isalpha() and word.endswith(("s", "x")) and not word.endswith(("ss", "us", "is", "os")):
        return word[:-1]
    return word


def _masculine(word: str) -> str:
    """A feminine word of six letters or more in -ie or -ee without its final e ("remplie" → "rempli", "degradee" →
    "degrade"), so that either gender matches."""
    return word[:-1] if len(word) >= 6 and word.isalpha() and word.endswith(("ie", "ee")) else word


STEM_LETTERS = 5  # a stem shorter than this would begin too many words (« cinq » → « cinquante »)


@lru_cache(maxsize=1)
def _document_words() -> FrozenSet[str]:
    """Every word of the source documents, as the judge compares them."""
    return frozenset(w for path in SOURCES_DIR.glob("*.txt") for w in comparable(path.read_text("utf-8")).split())


def _is_stem(word: str) -> bool:
    """Whether an expected word is a stem its writer cut to accept every ending (« modifi », « conserv », « cosign »):
    a word of five letters or more that no source document holds, in any of its numbers or genders, and no number."""
    forms = {word, f"{word}s", f"{word}e", f"{word}es", _singular(word), _masculine(_singular(word))}
    return len(word) >= STEM_LETTERS and word.isalpha() and numbers_in_digits(word) == word and \
        not forms & _document_words()


def _ending(word: str) -> str:
    """What may follow an expected word: any ending for a stem; the adverb of an adjective in -ique
    (« automatique » = « automatiquement »); a plural or feminine ending for other words; an ordinal's for a
    figure (« 9 » = « 9e »)."""
    if _is_stem(word):
        return "[a-z]*"
    if word.isalpha():
        return "(?:e?s|x|e|ment)?" if word.endswith("ique") else "(?:e?s|x|e)?"
    return "(?:e|er|ere|eme)?" if word.isdigit() else ""


def _pattern(needle: str) -> "re.Pattern[str]":
    """The needle's words in order on word boundaries, each word also in its singular, plural, feminine or masculine
    ("actes cliniques" = "acte clinique", "degrade" = "degradees", "pre remplies" = "pre remplis"), a stem with any
    ending, an adjective in -ique as its adverb, a figure as its ordinal (`_ending`)."""
    words = [re.escape(_masculine(_singular(w))) + _ending(w) for w in needle.split()]
    return re.compile(r"(?<![0-9a-z])(?<!\d\.)" + " ".join(words) + r"(?![0-9a-z])(?!\.\d)")


_HYPHENATED = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")  # "vidéo-transmission", not "2-3"


def holds(text: str, item: Expected) -> bool:
    """Whether a reply's text holds an expected word or figure (one of its spellings), on word boundaries; a figure
    matches with or without its thousands' spaces ("37 500" = "37500"), a part of a number's pairs too ("56 36 90");
    a hyphenated word also written as one ("vidéo-transmission" = "vidéotransmission")."""
    hay = comparable(text)
    for one in (item,) if isinstance(item, str) else item:
        for needle in dict.fromkeys([comparable(one), comparable(_HYPHENATED.sub("", one))]):
            if needle and (_pattern(needle).search(hay) or _pattern(_joined(needle)).search(_joined(hay))):
                return True
    return False


def expects(question: Question, fact_id: str) -> bool:
    """Whether the fact is one the question expects; `contacts.plateforme_ps.schedule.*` stands for any of its
    slots (which slot a reply cites depends on the day asked)."""
    return any(fact_id == f or f.endswith(".*") and fact_id.startswith(f[:-1]) for f in question.facts)


# How a reply declined (`merged`): it gave nothing — its lead says « pas dans mes documents » (naming at most the
# closest facts), asks to rephrase, hands off or refuses —, or it gave part of what was asked (the card of a code
# whose amount the documents do not give, a contact without the telephone asked).
GAVE_NOTHING = "nothing"
GAVE_PART = "partial"
GAVE_PROBABLE = "probable"  # its best reading, said first to be perhaps not what was asked
PROBABLE_PARTS = frozenset({"part_probable_answer"})
# A reply that said it was perhaps not the question asked and was not right is neither an honest « je ne sais pas »
# nor a confident wrong answer: it is counted apart, and beside the wrong ones in the strict count.
UNSURE = "unsure"
VERDICTS = ("right", "wrong", UNSURE, "fallback")
NOTHING_PARTS = frozenset({
    "part_no_answer", "part_no_answer_closest", "part_rephrase", "part_empty_message", "part_unknown_service",
    "part_form_unknown", "part_acronym_unknown", "part_commune_unknown", "part_profession_unknown", "part_oos_medical",
    "part_oos_personal", "part_oos_region", "part_oos_chitchat", "part_patient_file"})


def verdict(question: Question, cited: Sequence[str], declined: str, text: str) -> str:
    """right, wrong, unsure or fallback, from the facts a reply cites, how it declined (`GAVE_NOTHING`, `GAVE_PART`,
    `GAVE_PROBABLE` or ""), and its text. A reply that gave nothing is no answer, even when the closest facts it
    names hold the words."""
    if question.expect == DECLINE:
        return declining_verdict(declined, bool(cited))
    if declined == GAVE_NOTHING:
        return "fallback"
    cites_one = any(expects(question, f) for f in cited) if question.facts else bool(cited)
    if cites_one and all(holds(text, c) for c in question.contains):
        return "right"
    return missing_verdict(declined, bool(cited))


def declining_verdict(declined: str, gave: bool) -> str:
    """A reply to a question the documents do not answer: right when it declined or gave nothing, unsure when it gave
    its probable reading, else wrong."""
    if declined == GAVE_PROBABLE:
        return UNSURE
    return "right" if declined or not gave else "wrong"


def missing_verdict(declined: str, gave: bool) -> str:
    """A reply without what was asked: unsure when it said it was perhaps not the question, a fallback when it
    declined or gave nothing, else wrong."""
    if declined == GAVE_PROBABLE:
        return UNSURE
    return "fallback" if declined or not gave else "wrong"


def merged(messages: List[Dict[str, Any]]) -> Tuple[str, List[str], str]:
    """A turn's text, the facts it cites and how it declined (`GAVE_NOTHING`, `GAVE_PART`, `GAVE_PROBABLE` or ""),
    from the bot's
    messages of that turn."""
    text = "\n".join(m["text"] for m in messages if m.get("text"))
    custom: Dict[str, Any] = {}
    for message in messages:
        custom.update(message.get("custom") or {})
    cited = list(custom.get("facts") or [])
    mark = custom.get("declined")
    if custom.get("misunderstood") or custom.get("handoff") or mark in NOTHING_PARTS:
        return text, cited, GAVE_NOTHING
    if mark in PROBABLE_PARTS:
        return text, cited, GAVE_PROBABLE
    return text, cited, GAVE_PART if mark else ""
