"""From a message to the fact it asks for: one ranker, one decision.

Every way the knowledge base can be named proposes candidates — the search over every answer, téléservice and
contact (`search.py`), the answers', téléservices' and contacts' aliases, and the follow-up phrases of the
conversation's topic. Each candidate gets the same signals, read from the message, the NLU's parse and the
conversation:

- how well its words match (BM25 score, the share of the question it covers and how much that is, its lead over
  the next candidate, the share of the question its title and aliases alone cover);
- whether an alias or a follow-up phrase of it is in the message (the longer, the more specific; a code's words when the
  question asks how much or how to code);
- the NLU's intent ranking as a prior on its topic (never a gate: a message under the fallback threshold keeps its
  ranking), and whether it is the topic of the previous answer;
- whether an entity of the message (an acronym, a contract, a code, a form) names it;
- whether the question asks for a kind of figure (a duration, an amount, an age, an hour…) that it does not hold;
- and each of these against the best value among the candidates (a good match is worth less beside a better one).

A logistic model turns the signals into one probability that the candidate is what was asked. A second one reads the
best candidate against the others (its probability, its lead over the second, how much of the question its name
holds, whether the NLU's top intent points to its topic, a figure asked that it does not hold) and gives the
confidence that the best candidate is the answer: the decision compares it with one threshold. Both models' weights
and the threshold are data (`ranker.yml`), fitted by `make calibrate` on tests/eval/questions.yml and the tuning set;
the blind set tests/eval/detail.yml measures them on questions nobody tuned on.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Tuple

import yaml

from knowledge.asking import (asked_again_with, asks_for_another_case, asks_where_here, contact_asked,
                              corrects_previous, figure_asked, figures_held, in_audience, opens_like_a_follow_up,
                              refers_back, replaced_value, returns_to_earlier)
from knowledge.numbers import is_a_number
from knowledge.search import FactRef, Hit
from knowledge.text import normalize_words

SETTINGS_FILE = Path(__file__).with_name("ranker.yml")
OWN_SIGNALS = ("bm25", "coverage", "evidence", "lead", "relative", "named", "alias", "follow", "prior", "context",
               "entity", "figure_missing")
# Each of these also read against the best value among the candidates (« behind »: 0 for the best, negative for the
# others): a candidate that covers the question well is worth less when another covers it better.
COMPARED = ("bm25", "coverage", "evidence", "named", "alias", "prior", "entity", "figure_missing")
SIGNALS = OWN_SIGNALS + tuple(f"{name}_behind" for name in COMPARED)
# What the decision reads of the best candidate among the others.
DECISION_SIGNALS = ("best", "gap", "named", "alias", "coverage", "evidence", "intent", "figure_missing")
EVIDENCE_SCALE = 10.0  # the weight of three or four telling words: a question saying that much is well matched
ALIAS_SCALE = 20.0  # an alias of 20 letters or more is as specific as an alias gets
SHORT_MESSAGE = 6  # words: a message this short after an answer may be a follow-up of it
NAMING_ENTITIES = ("acronym", "contract", "code", "form", "mention", "service", "ald")
NAMED_ALONE_UNITS = 2  # informative words of a question that does no more than name a fact
NAME_WEIGHT = 2.5  # the weight of a fact's aliases among its search fields (queries.search_documents)
CONTENT_WEIGHT = 1.0  # its texts weigh this or less (its title and the questions asking for it weigh more)
FOLLOW_UP_INTENT = "follow_up"  # the NLU's intent for a short message that continues the previous answer
DECISIONS_KEPT = 256  # decisions remembered: the actions of one turn ask for the same one several times
NEW_WORDS_HELD = 0.2  # a follow-up read with the previous question: the share of its own words a candidate must hold

# A question asking how much a code is worth or how to code (« combien », « ça se cote ») names a code by its words:
# « la visite longue c'est combien ? » is the VL, « l'avis ponctuel de consultant, la demande se fait comment ? » a rule.
_CODE_ASKED = re.compile(r"\b(?:combien|cb|cmb|montant|tarif|tarifs|prix|euros?|cote|cotes|coter|cotation|cotent|"
                         r"facture|facturer|code|codes)\b")
ANSWER = "answer"  # give the best candidate (and a close second as « Vous cherchiez peut-être »)
PROBABLE = "probable"  # give the best candidate, saying first it may not be exactly what was asked
NOT_IN_DOCUMENTS = "not_in_documents"  # understood, but no fact is clearly the one asked for
REPHRASE = "rephrase"  # not understood
_GIVES_MORE = {REPHRASE: 0, NOT_IN_DOCUMENTS: 1, PROBABLE: 2, ANSWER: 3}  # what a verdict gives, least first


@dataclass(frozen=True)
class Asked:
    """What the ranker reads: the message, the NLU's parse of it, and the conversation around it."""
    text: str
    intents: Tuple[Tuple[str, float], ...] = ()  # the NLU's intent ranking, without the fallback pseudo-intent
    entities: Tuple[Tuple[str, str], ...] = ()  # (entity, value)
    topic: Optional[str] = None  # the topic of the previous answer
    profession: Optional[str] = None  # the asker's profession as written, when the conversation knows it


@dataclass(frozen=True)
class Candidate(FactRef):
    score: float  # the probability that this is the fact asked for
    signals: Tuple[Tuple[str, float], ...]


@dataclass(frozen=True)
class Decision:
    verdict: str  # ANSWER, PROBABLE, NOT_IN_DOCUMENTS or REPHRASE
    best: Optional[Candidate]
    others: Tuple[Candidate, ...] = ()
    confidence: float = 0.0  # how sure the best candidate is the fact asked for
    for_others: Optional[Candidate] = None  # the same point's rule written for other professions (`other_audience`)


@dataclass(frozen=True)
class Settings:
    weights: Mapping[str, float]
    bias: float
    decision_weights: Mapping[str, float]
    decision_bias: float
    answer_at: float  # the best candidate is given from this confidence
    close_at: float  # another candidate at least this probable is offered beside it
    understood_at: float  # below answer_at: a best candidate this confident means the message was understood
    intent_understood_at: float  # ... as does a topic intent at least this confident
    intent_topics: Mapping[str, Tuple[str, ...]]
    probable_at: float = 1.0  # below answer_at: a message understood is answered with a caveat from this confidence

    @classmethod
    def load(cls, path: Path = SETTINGS_FILE) -> "Settings":
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls({k: float(v) for k, v in data["weights"].items()}, float(data["bias"]),
                   {k: float(v) for k, v in data["decision_weights"].items()}, float(data["decision_bias"]),
                   float(data["answer_at"]), float(data["close_at"]), float(data["understood_at"]),
                   float(data["intent_understood_at"]),
                   {k: tuple(v) for k, v in (data.get("intent_topics") or {}).items()},
                   float(data.get("probable_at", 1.0)))


class AliasIndex:
    """Aliases (normalised words) → what they name, matched in memory as whole words of a message: the longest
    alias of each key found, in characters (longer is more specific), as the SQL alias queries measure it."""

    def __init__(self, pairs: Iterable[Tuple[str, str]]):
        self._names: Dict[Tuple[str, ...], List[str]] = {}
        for key, alias in pairs:
            words = tuple(normalize_words(alias).split())
            if words and key not in self._names.setdefault(words, []):
                self._names[words].append(key)
        self._longest = max((len(w) for w in self._names), default=0)

    def longest(self, text: str) -> Dict[str, int]:
        found: Dict[str, int] = {}
        for _, _, phrase in self.phrases(text):
            for key in self._names[phrase]:
                found[key] = max(found.get(key, 0), len(" ".join(phrase)))
        return found

    def phrases(self, text: str) -> List[Tuple[int, int, Tuple[str, ...]]]:
        """The aliases named in a message, as (first word, word after the last, words); « ans » after a number is
        the years of « 6 ans », not the ANS."""
        words = normalize_words(text).split()
        return [(start, end, tuple(words[start:end])) for start in range(len(words))
                for end in range(start + 1, min(len(words), start + self._longest) + 1)
                if tuple(words[start:end]) in self._names and not _counts_years(words, start, end)]


_YEARS = ("ans", "an")


def _counts_years(words: Sequence[str], start: int, end: int) -> bool:
    """Whether the words from start to end are « ans » after a number (« 6 ans », « quatre-vingt-cinq ans »)."""
    before = words[start - 1] if start else ""
    return end - start == 1 and words[start] in _YEARS and is_a_number(before)


def _ranked(found: Mapping[str, int], order: Mapping[str, int], limit: int) -> List[Tuple[str, int]]:
    """Keys by longest alias, then in the knowledge base's order."""
    return sorted(found.items(), key=lambda item: (-item[1], order.get(item[0], 0)))[:limit]


@dataclass
class _Proposal:
    kind: str
    key: str
    fact_id: str
    topic: str
    title: str
    signals: Dict[str, float]


def _scaled(length: float) -> float:
    return min(float(length) / ALIAS_SCALE, 1.0)


class Ranker:
    """Ranks the facts of a knowledge base for a message. Built once per knowledge base (the facts are read-only)."""

    def __init__(self, kb, settings: Optional[Settings] = None):
        self.kb = kb
        self.settings = settings or Settings.load()
        self.index = kb.search_index()
        self._names: Dict[Tuple[str, str], str] = {}  # title and aliases: what names the fact
        self._facts: Dict[Tuple[str, str], Tuple[str, str, str]] = {}  # (kind, key) → fact id, topic, title
        self._held: Dict[Tuple[str, str], FrozenSet[str]] = {}  # the kinds of figure the fact's own texts hold
        self._decisions: Dict[Tuple[Asked, Optional[str], int], Decision] = {}  # a turn asks the same decision again
        self._texts: Dict[Tuple[str, str], str] = {}  # all the words of the fact, names included
        pairs = kb.alias_pairs()
        self._aliases = {kind: AliasIndex((key, alias) for _, key, alias in pairs[kind])
                         for kind in ("answer", "teleservice", "contact", "code")}
        self._follow_ups: Dict[str, AliasIndex] = {}
        for topic in {t for t, _, _ in pairs["follow_up"]}:
            self._follow_ups[topic] = AliasIndex((key, phrase) for t, key, phrase in pairs["follow_up"] if t == topic)
        self._general = {c.id for c in kb.general_contacts()}
        self._elsewhere = {a.id for a in kb.answers_described_elsewhere()}  # schemes of another caisse's territory
        self._audiences = kb.audiences()  # answers written for some professions only
        self._order: Dict[str, int] = {}
        self._topics: Dict[str, str] = {}  # fact id → its topic
        codes = frozenset(c.code for c in kb.codes())  # a question asking how to code is answered by a code
        for doc in self.index.documents:  # the documents the search index was built from, not read again
            self._order.setdefault(doc.key, len(self._order))
            self._held[(doc.kind, doc.key)] = figures_held(" ; ".join(
                [doc.title] + [text for text, weight in doc.fields if weight <= CONTENT_WEIGHT]), codes)
            named = " ; ".join([doc.title] + [text for text, weight in doc.fields if weight == NAME_WEIGHT])
            self._texts[(doc.kind, doc.key)] = " ; ".join([doc.title] + [text for text, _ in doc.fields])
            self._names[(doc.kind, doc.key)] = named
            self._facts[(doc.kind, doc.key)] = (doc.fact_id, doc.topic, doc.title)
            self._topics[doc.fact_id] = doc.topic
        self._codes = frozenset(key for kind, key in self._facts if kind == "code")  # the codes that have a card

    # --- candidates ------------------------------------------------------------------------------------------------

    def _propose(self, found: Dict[Tuple[str, str], _Proposal], kind: str, key: str) -> Optional[_Proposal]:
        if (kind, key) not in found:
            if (kind, key) not in self._facts:
                return None
            fact_id, topic, title = self._facts[(kind, key)]
            found[(kind, key)] = _Proposal(kind, key, fact_id, topic, title, {s: 0.0 for s in SIGNALS})
        return found[(kind, key)]

    def _from_search(self, found: Dict[Tuple[str, str], _Proposal], hits: Sequence[Hit]) -> None:
        if not hits:
            return
        top = hits[0].score
        second = hits[1].score if len(hits) > 1 else 0.0
        for rank, hit in enumerate(hits):
            proposal = self._propose(found, hit.kind, hit.key)
            if proposal is None:
                continue
            proposal.signals.update(bm25=math.log1p(hit.score), coverage=hit.coverage,
                                    evidence=min(hit.matched / EVIDENCE_SCALE, 1.0),
                                    relative=hit.score / top if top else 0.0,
                                    lead=(top - second) / top if rank == 0 and top else 0.0)

    def _from_aliases(self, found: Dict[Tuple[str, str], _Proposal], asked: Asked) -> None:
        kinds = ("answer", "code") if _CODE_ASKED.search(normalize_words(asked.text)) else ("answer",)
        for kind in kinds:  # « la visite longue, ça se cote combien ? » names the VL; « comment la demander ? » a rule
            for key, length in _ranked(self._aliases[kind].longest(asked.text), self._order, 5):
                proposal = self._propose(found, kind, key)
                if proposal is not None:
                    proposal.signals["alias"] = max(proposal.signals["alias"], _scaled(length))
        follow_ups = self._follow_ups.get(asked.topic or "")
        for key, length in _ranked(follow_ups.longest(asked.text), self._order, 3) if follow_ups else ():
            proposal = self._propose(found, "answer", key)
            if proposal is not None:
                proposal.signals["follow"] = _scaled(length)
        named = " ".join([asked.text] + [value for entity, value in asked.entities if entity == "acronym"])
        for rank, (key, _) in enumerate(_ranked(self._aliases["teleservice"].longest(named), self._order, 3)):
            proposal = self._propose(found, "teleservice", key)
            if proposal is not None:
                proposal.signals["alias"] = max(proposal.signals["alias"], 1.0 - 0.25 * rank)
        for rank, (key, _) in enumerate(_ranked(self._aliases["contact"].longest(asked.text), self._order, 2)):
            proposal = self._propose(found, "contact", key)
            if proposal is not None and key not in self._general:
                proposal.signals["alias"] = max(proposal.signals["alias"], 0.75 - 0.25 * rank)

    def _keep_the_codes_named(self, found: Dict[Tuple[str, str], _Proposal], asked: Asked) -> None:
        """A code the message names (« tarif APC en euros ? ») is the code asked: it is a candidate, and another code's
        card (the MCU, whose texts speak of the APC) does not answer it, whatever its words share with the
        question."""
        named = {value.upper() for entity, value in asked.entities if entity == "code"} & self._codes
        if named:
            for kind, key in [k for k in found if k[0] == "code" and k[1] not in named]:
                del found[(kind, key)]
        for key in sorted(named):
            self._propose(found, "code", key)

    def _the_askers_rules_first(self, candidates: List[Candidate], asked: Asked) -> List[Candidate]:
        """A rule written for other professions than the asker's (the prescribers' pieces kept at the practice, for
        a nurse) comes after the candidates written for the asker when one of those is probable enough (a nurse's
        « flux sécurisé, j'envoie quoi ? »: the auxiliaires médicaux' lot); when none is, it stays first, for the
        reply to say whom it concerns (« et pour un médecin c'est pareil ? » after the auxiliaires' lots)."""
        others = [c for c in candidates if c.kind == "answer" and self.for_others(c.key, asked.profession)]
        fitting = [c for c in candidates if c not in others]
        if others and any(c.score >= self.settings.close_at for c in fitting):
            return fitting + others
        return candidates

    def for_others(self, answer_id: str, profession: Optional[str]) -> bool:
        """Whether an answer's rule is written for professions the asker's is not one of."""
        audience = self._audiences.get(answer_id)
        return bool(profession and audience) and in_audience(profession or "", audience or "") is False

    def _conversation(self, proposal: _Proposal, asked: Asked, figure: Optional[str]) -> None:
        prior = sum(confidence for intent, confidence in asked.intents
                    if proposal.topic in self.topics_of(intent, asked))
        proposal.signals["prior"] = min(prior, 1.0)
        short = len(asked.text.split()) <= SHORT_MESSAGE
        proposal.signals["context"] = 1.0 if short and asked.topic and proposal.topic == asked.topic else 0.0
        names = self._names.get((proposal.kind, proposal.key), "")
        proposal.signals["named"] = self.index.overlap(asked.text, names)
        words = f" {normalize_words(names)} "
        named = [value for entity, value in asked.entities if entity in NAMING_ENTITIES]
        if any(f" {normalize_words(value)} " in words for value in named if normalize_words(value)):
            proposal.signals["entity"] = 1.0
        proposal.signals["figure_missing"] = 1.0 if self._misses(proposal.kind, proposal.key, figure) else 0.0

    def topics_of(self, intent: str, asked: Asked) -> Tuple[str, ...]:
        """The topics an intent points to: its own, or for a follow-up, the topic of the previous answer."""
        if intent == FOLLOW_UP_INTENT:
            return (asked.topic,) if asked.topic else ()
        return self.settings.intent_topics.get(intent, ())

    def probability(self, signals: Mapping[str, float]) -> float:
        return _logistic(self.settings.bias, self.settings.weights, signals)

    def rank(self, asked: Asked, limit: int = 5) -> List[Candidate]:
        """The candidate facts for a message, most probable first."""
        found: Dict[Tuple[str, str], _Proposal] = {}
        self._from_search(found, self.kb.search(asked.text, limit=8))
        self._from_aliases(found, asked)
        self._keep_the_codes_named(found, asked)
        figure = figure_asked(asked.text)
        for proposal in found.values():
            self._conversation(proposal, asked, figure)
        _compare(found.values())
        candidates = []
        for proposal in found.values():
            signals = tuple((name, round(proposal.signals[name], 4)) for name in SIGNALS)
            candidates.append(Candidate(proposal.kind, proposal.key, proposal.fact_id, proposal.topic, proposal.title,
                                        self.probability(proposal.signals), signals))
        candidates.sort(key=lambda c: (-c.score, c.fact_id))
        return self._the_askers_rules_first(candidates, asked)[:limit]

    # --- decision --------------------------------------------------------------------------------------------------

    def subject_of(self, text: str) -> str:
        """What a question is about, in the words it names facts by (« identite nationale de sante », « fse »,
        « mode degrade »): the stretches of it that aliases cover, in its order; empty when it names none."""
        words = normalize_words(text).split()
        spans = sorted((start, end) for index in self._aliases.values() for start, end, _ in index.phrases(text))
        merged: List[List[int]] = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return " ".join(" ".join(words[start:end]) for start, end in merged)

    def names_a_fact(self, text: str) -> bool:
        """Whether a message names some fact by one of its aliases (« et le COSCOM ? », « et la VSP »)."""
        return any(index.longest(text) for index in self._aliases.values())

    def understood(self, asked: Asked) -> bool:
        """Whether the NLU read the message as a question of one of the knowledge base's topics."""
        return any(confidence >= self.settings.intent_understood_at and self.settings.intent_topics.get(intent)
                   for intent, confidence in asked.intents[:1])

    def in_the_topic_in_play(self, asked: Asked, best: Optional[Candidate], in_play: FrozenSet[str] = frozenset()) -> bool:
        """Whether a probable reading of the message is a fact of the previous answer's topic (« et pour me
        connecter, j'utilise quoi ? » after the delegation of amelipro), or of another topic in play (the question
        a return after an interruption goes back to): a question in the conversation's subject, not a
        misunderstanding, even when no fact clearly answers it."""
        return best is not None and best.topic in self.related(in_play | {asked.topic}) and \
            best.score >= self.settings.close_at

    def related(self, topics: Iterable[Optional[str]]) -> FrozenSet[str]:
        """The topics and those the NLU's intents do not tell apart from them (billing and cotations, the aids and
        the zoning, the téléservices and the numérique)."""
        return frozenset(other for topic in topics if topic
                         for group in self.settings.intent_topics.values() if topic in group for other in group) | \
            frozenset(t for t in topics if t)

    def decision_signals(self, asked: Asked, candidates: Sequence[Candidate]) -> Dict[str, float]:
        """What the decision reads of the best candidate among the others."""
        best = candidates[0]
        signals = dict(best.signals)
        top_intent, top_confidence = asked.intents[0] if asked.intents else ("", 0.0)
        agrees = best.topic in self.topics_of(top_intent, asked)
        return {"best": best.score, "gap": best.score - (candidates[1].score if len(candidates) > 1 else 0.0),
                "named": signals.get("named", 0.0), "alias": 1.0 if signals.get("alias", 0.0) > 0 else 0.0,
                "coverage": signals.get("coverage", 0.0), "evidence": signals.get("evidence", 0.0),
                "intent": top_confidence if agrees else 0.0,
                "figure_missing": signals.get("figure_missing", 0.0)}

    def confidence(self, asked: Asked, candidates: Sequence[Candidate]) -> float:
        """How sure the best candidate is the fact asked for (0 when there is none)."""
        if not candidates:
            return 0.0
        return _logistic(self.settings.decision_bias, self.settings.decision_weights,
                         self.decision_signals(asked, candidates))

    def named_alone(self, asked: Asked, candidates: Sequence[Candidate]) -> Optional[Candidate]:
        """A short question that only names a fact asks for that fact: "c quoi un IPA ?" (one of its aliases, and its
        title and aliases hold all of the question), "et pour la prolongation ?" right after an ALD answer (a
        follow-up phrase of the previous answer's topic). The most probable candidate so named is given (when it is
        probable enough), its neighbours offered; None when the question does more than name a fact."""
        if len(self.kb.informative_units(asked.text)) > NAMED_ALONE_UNITS:
            return None
        for candidate in candidates:
            signals = dict(candidate.signals)
            named = signals.get("alias", 0.0) > 0 and signals.get("named", 0.0) >= 0.99 or \
                signals.get("follow", 0.0) > 0
            if named and candidate.score >= self.settings.close_at:
                return candidate
        return None

    def decide(self, asked: Asked, candidates: Sequence[Candidate], in_play: FrozenSet[str] = frozenset()) -> Decision:
        """Answer, answer with a close second, « pas dans mes documents », or « reformulez ». A contact is an answer
        only to a message that asks whom to reach or how. A message whose probable reading is a fact of the topic
        in play is understood, whatever the NLU made of it (« faut le prouver comment » after a FAMI indicator)."""
        if not contact_asked(asked.text):
            candidates = [c for c in candidates if c.kind != "contact"]
        best = candidates[0] if candidates else None
        confidence = self.confidence(asked, candidates)
        named = self.named_alone(asked, candidates) if best is not None and confidence < self.settings.answer_at \
            else None
        if best is not None and (confidence >= self.settings.answer_at or named is not None) and \
                not self.describes_elsewhere(named or best, asked):
            best = named or best
            return Decision(ANSWER, best, self._offered_beside(best, candidates), confidence,
                            self.other_audience(best, candidates, asked))
        if best is not None and confidence >= self.settings.understood_at or self.understood(asked) or \
                self.in_the_topic_in_play(asked, best, in_play):
            if self.probably_asked(asked, best, confidence):
                return Decision(PROBABLE, best, self._offered_beside(best, candidates, 0.0), confidence,
                                self.other_audience(best, candidates, asked))
            return Decision(NOT_IN_DOCUMENTS, best, tuple(candidates[1:2]), confidence)
        return Decision(REPHRASE, best, (), confidence)

    def other_audience(self, best: Candidate, candidates: Sequence[Candidate], asked: Asked) -> Optional[Candidate]:
        """When the asker's profession is not known and the answer is a rule the documents write for some
        professions (the prescribers' pieces kept at the practice), a close candidate that is the rule written for
        others (the auxiliaires médicaux' lot): the reply gives both, each with whom it concerns."""
        audience = self._audiences.get(best.key) if best.kind == "answer" else None
        if asked.profession or not audience:
            return None
        return next((c for c in candidates if c is not best and c.kind == "answer" and
                     c.score >= self.settings.close_at and self._audiences.get(c.key) not in (None, audience)), None)

    def _offered_beside(self, best: Candidate, candidates: Sequence[Candidate],
                        at: Optional[float] = None) -> Tuple[Candidate, ...]:
        """The two seconds offered as « Vous cherchiez peut-être » beside the answer given: those at least `at`
        probable (close seconds, by default; beside a probable answer, whatever follows it)."""
        at = self.settings.close_at if at is None else at
        return tuple(c for c in candidates[:3] if c is not best and c.score >= at and c.title != best.title)[:2]

    def probably_asked(self, asked: Asked, best: Optional[Candidate], confidence: float) -> bool:
        """Whether a message understood but not confidently answered gets its best candidate with a caveat rather
        than « pas dans mes documents »: probable enough (on the calibration questions, about two such replies in
        three give what was asked), and holding the kind of figure asked for (a duration asked of a fact that gives
        none is for « pas dans mes documents »), and not another caisse's scheme for a question about Martinique."""
        return best is not None and confidence >= self.settings.probable_at and \
            not dict(best.signals).get("figure_missing", 0.0) and not self.describes_elsewhere(best, asked)

    def describes_elsewhere(self, candidate: Candidate, asked: Asked) -> bool:
        """Whether the message asks where or which ones in Martinique, and the candidate is a scheme that another
        caisse describes for its own territory: it is the closest the documents say, not the answer."""
        return candidate.kind == "answer" and candidate.key in self._elsewhere and asks_where_here(asked.text)

    def lacks_figure_asked(self, kind: str, key: str, text: str) -> bool:
        """Whether a message asks for a kind of figure (a duration, a percent…) that this fact's texts do not hold."""
        return self._misses(kind, key, figure_asked(text))

    def _misses(self, kind: str, key: str, figure: Optional[str]) -> bool:
        return figure is not None and figure not in self._held.get((kind, key), frozenset())

    def covers(self, candidate: FactRef, text: str) -> float:
        """The share of a message's informative weight that a candidate's own words hold."""
        return self.index.overlap(text, self._texts.get((candidate.kind, candidate.key), ""))

    def decide_in_conversation(self, asked: Asked, previous: Optional[str], answered: Tuple[str, ...] = (),
                               about: Optional[str] = None) -> Decision:
        """The decision for a message that may continue the previous question (« et pour une FSE sécurisée alors ? »
        after a question on the documents to send for a FSE in degraded mode): the message alone, and the two read
        together — a candidate of the pair must hold some of what the new message adds to the previous one (else the
        previous answer would simply be found again). The pair is given when it is confident and more so than the
        message alone (or at all, for the previous question asked for another case: « et pour les flux sécurisés ? »
        asks nothing alone), or when it understood what the message alone did not. A correction that, read with the
        previous question, finds a fact the previous reply gave (`answered`) asks it again for its new value: it is
        answered; one that finds another fact does not ask for the one given (« ah non, c'est pas pour elle, c'est
        pour le directeur du centre » after the secretary's card), which is left out of the reading. Kept for the
        turn's other readers. What the message is about is read from `about` (the previous question and the one a
        chain of follow-ups continues), else from the previous question."""
        key = (asked, previous, answered, about, id(self.settings))  # fitting the model replaces the settings
        if key not in self._decisions:
            if len(self._decisions) >= DECISIONS_KEPT:
                self._decisions.clear()
            self._decisions[key] = self._decide_in_conversation(asked, previous, answered, about)
        return self._decisions[key]

    def _decide_in_conversation(self, asked: Asked, previous: Optional[str], answered: Tuple[str, ...],
                                about: Optional[str]) -> Decision:
        decision = self.decide(asked, self.rank(asked))
        if not previous:
            return decision
        leaning = self._read_with(asked, previous, answered)
        if _asks_again(asked, leaning, answered):
            return leaning
        subject = self.subject_of(about or previous) if self._leans_on_what_was_said(asked, decision) else ""
        if subject and subject != normalize_words(previous):  # « identite nationale de sante » rather than the whole
            focused = self._read_with(asked, subject, answered, previous)  # question on how often to qualify it
            if _asks_again(asked, focused, answered):
                return focused
            if focused.confidence > leaning.confidence:
                leaning = focused
        if _only_finds_again(asked, leaning, decision, answered):
            return decision
        if not self._on_a_topic_in_play(leaning.best, asked, decision, answered):
            return decision  # the two read together drift to a third subject (« vendredi » + « mail »: the orders)
        confident = leaning.confidence >= self.settings.answer_at
        preferred = leaning.confidence > decision.confidence or asks_for_another_case(asked.text)  # no question alone
        if confident and preferred or _GIVES_MORE[leaning.verdict] > _GIVES_MORE[decision.verdict]:
            return leaning
        return decision

    def _leans_on_what_was_said(self, asked: Asked, alone: Decision) -> bool:
        """Whether a message may be read with what the conversation was about: it says it continues (« et… », « ça »,
        « pour revenir au… »), or it is not answered alone; a short new question answered alone (« au fait, amelipro
        peut me prévenir quand je suis payé ? ») is not read with the previous subject."""
        return alone.verdict != ANSWER or opens_like_a_follow_up(asked.text) or refers_back(asked.text) or \
            returns_to_earlier(asked.text)

    def _read_with(self, asked: Asked, earlier: str, answered: Tuple[str, ...], said: Optional[str] = None) -> Decision:
        """The decision for a message read after what it continues (the previous question, or what it was about): a
        candidate must hold some of what the message adds to the previous question (`said`, when it is not what
        the message is read with), unless it corrects; a correction that finds a fact given before asks it again
        (an answer), one that finds another leaves the facts given out."""
        change = _correction(earlier, asked.text)
        together = replace(asked, text=_read_together(earlier, asked.text, change))
        candidates = self.rank(together)
        if not corrects_previous(asked.text):  # a correction may well ask the same fact again, for its new value
            added = _words_added(said or earlier, asked.text)
            candidates = [c for c in candidates if self.covers(c, added) >= NEW_WORDS_HELD]
        in_play = self.topics_given(answered)
        leaning = self.decide(together, candidates, in_play)
        if _asks_again(asked, leaning, answered) and not self._named_by_the_value_replaced(leaning.best, change):
            return replace(leaning, verdict=ANSWER, others=())
        if corrects_previous(asked.text) and leaning.best is not None:  # another fact than the one given is asked:
            return self.decide(together, [c for c in candidates if c.fact_id not in answered], in_play)  # it is out
        return leaning

    def _named_by_the_value_replaced(self, found: Optional[Candidate], change: Optional[Tuple[str, str]]) -> bool:
        """Whether the fact a correction finds again is named by the value it replaced and not by the new one
        (« La FSE en mode dégradé » after « celui-là est parti en sécurisé »): the new value asks for another fact."""
        if found is None or change is None:
            return False
        names = f" {normalize_words(self._names.get((found.kind, found.key), ''))} "
        old, new = change
        return f" {old} " in names and f" {new} " not in names

    def topics_given(self, answered: Iterable[str]) -> FrozenSet[str]:
        """The topics of the facts given (contacts aside: a contact card goes with every topic)."""
        return frozenset(t for t in (self._topics.get(fact_id) for fact_id in answered) if t and t != "contacts")

    def _on_a_topic_in_play(self, best: Optional[Candidate], asked: Asked, alone: Decision,
                            answered: Tuple[str, ...]) -> bool:
        """Whether the reading's best candidate is on the topic of the previous answer, of a fact given since the
        question it continues (a return after an interruption), or of the one the message alone points to (any
        topic when the conversation has none yet)."""
        if best is None or asked.topic is None:
            return True
        in_play = {asked.topic, alone.best.topic if alone.best is not None else None}
        return best.topic in in_play | self.topics_given(answered)


def read_together(earlier: str, text: str) -> str:
    """A message read with what it continues: a correction is the previous question asked again with its new value
    when it says which (`asking.replaced_value`); otherwise the two follow each other."""
    return _read_together(earlier, text, _correction(earlier, text))


def _correction(earlier: str, text: str) -> Optional[Tuple[str, str]]:
    """The value of the earlier question a correction replaces and the one it gives, or None."""
    return replaced_value(earlier, text) if corrects_previous(text) else None


def _read_together(earlier: str, text: str, change: Optional[Tuple[str, str]]) -> str:
    return asked_again_with(earlier, change) if change else f"{earlier} {text}"


def _asks_again(asked: Asked, leaning: Decision, answered: Tuple[str, ...]) -> bool:
    """Whether a correction (« pardon, elle a 6 ans ») asks the previous question again with another value: read
    with it, it finds a fact the previous reply gave."""
    return corrects_previous(asked.text) and leaning.best is not None and leaning.best.fact_id in answered


def _only_finds_again(asked: Asked, leaning: Decision, alone: Decision, answered: Tuple[str, ...]) -> bool:
    """Whether the pair only finds the previous reply's fact again while the message alone is answered, confidently
    or probably, by another (« et si c'est un accident du travail ? » after the leave's prolongation: the AT forms)
    — unless it speaks of what the previous question was about (« dois-je lui appliquer le tiers payant ? ») or asks
    it again for another case that the fact found again holds (« et pour les flux sécurisés ? » after the documents
    to send for a FSE in degraded mode)."""
    return not corrects_previous(asked.text) and not refers_back(asked.text) and \
        not asks_for_another_case(asked.text) and leaning.best is not None and \
        leaning.best.fact_id in answered and \
        alone.verdict in (ANSWER, PROBABLE) and alone.best is not None and alone.best.fact_id not in answered


def _words_added(previous: str, text: str) -> str:
    """The words of a message that the previous one did not say (all of them when it only repeats it)."""
    said = set(normalize_words(previous).split())
    added = [word for word in normalize_words(text).split() if word not in said]
    return " ".join(added) or text


def _compare(proposals: Iterable[_Proposal]) -> None:
    """Each compared signal of each candidate against the best value among them."""
    proposals = list(proposals)
    for name in COMPARED:
        best = max((p.signals[name] for p in proposals), default=0.0)
        for proposal in proposals:
            proposal.signals[f"{name}_behind"] = proposal.signals[name] - best


def _logistic(bias: float, weights: Mapping[str, float], signals: Mapping[str, float]) -> float:
    z = bias + sum(weights.get(name, 0.0) * value for name, value in signals.items())
    return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))


def intent_ranking(parse: Mapping) -> Tuple[Tuple[str, float], ...]:
    """The NLU's intent ranking without the fallback pseudo-intent (which only says the top one was unsure)."""
    ranking: Iterable[Mapping] = parse.get("intent_ranking") or [parse.get("intent") or {}]
    return tuple((str(r.get("name")), float(r.get("confidence") or 0.0)) for r in ranking
                 if r.get("name") and r.get("name") != "nlu_fallback")


def entities_of(parse: Mapping) -> Tuple[Tuple[str, str], ...]:
    return tuple((str(e.get("entity")), str(e.get("value"))) for e in parse.get("entities") or []
                 if e.get("entity") and e.get("value"))
