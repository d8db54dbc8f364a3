"""Full-text search of the knowledge base, for the questions no intent or alias was written for.

An index built once in memory from rows the query API returns, so that SQLite and PostgreSQL give the same results
(`bench/search.py` compares it with SQLite's FTS5). Words are matched the way professionals write them: no accents,
a light stemming by truncation ("déclarer" = "déclaration"), one typo forgiven on longer words, the domain's synonyms
and abbreviations from `synonyms.yml` ("arrêt maladie" = "arrêt de travail", "kiné" = "masseur-kinésithérapeute").

Ranking is BM25 over weighted fields. Each hit also says how much of the question it covers (`coverage`: the share of
the question's informative weight found in the fact); the caller compares it with a threshold calibrated on the
evaluation set, because a wrong answer is worse than "I don't know".
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

import numpy as np
import yaml

from knowledge.text import normalize_words

TERMS_FILE = Path(__file__).with_name("synonyms.yml")
STEM_LENGTH = 6  # French words sharing their first six letters are taken as one (prescrire, prescription)
TYPO_MIN_LENGTH = 5  # shorter words are matched exactly: a typo in "cps" is another acronym
TYPO_WEIGHT = 0.8  # a word matched through a typo counts a little less
MAX_QUERY_WORDS = 60  # a pasted letter is searched on its first words: enough to find its subject
K1, B = 1.2, 0.75
GROUP_PREFIX = "~"
CACHE_SIZE = 20000  # questions' profiles and texts' terms kept: a few megabytes at most
COMMON_IDF = 1.0  # a word found in a third or more of the facts tells little about which one is asked


@dataclass(frozen=True)
class FactRef:
    """Which row of the knowledge base: an answer, a téléservice or a contact, with its fact and topic."""
    kind: str  # answer, teleservice, contact
    key: str
    fact_id: str
    topic: str
    title: str


@dataclass(frozen=True)
class SearchDocument(FactRef):
    """A row of the knowledge base as the search sees it: what it is, and its texts with their weights."""
    fields: Tuple[Tuple[str, float], ...]


@dataclass(frozen=True)
class Hit(FactRef):
    score: float
    coverage: float  # 0–1: the share of the question's informative weight the fact contains
    matched: float = 0.0  # that weight itself: how much the question says that the fact holds


class Analyzer:
    """Turns text into index terms, and a question into units: each unit is one thing the question says, satisfied
    by any of its terms (a synonym group, a word, or the words a typo of it may be)."""

    def __init__(self, synonyms: Sequence[Sequence[str]], stop_words: Iterable[str]):
        self.stop_words: FrozenSet[str] = frozenset(w for s in stop_words for w in normalize_words(str(s)).split())
        # first word → (phrase, group), longest phrase first: a question is read in one pass, longest match first
        self._phrases: Dict[str, List[Tuple[Tuple[str, ...], str]]] = {}
        for group in synonyms:
            phrases = [normalize_words(str(p)) for p in group if normalize_words(str(p))]
            for phrase in phrases:
                words = tuple(phrase.split())
                self._phrases.setdefault(words[0], []).append((words, GROUP_PREFIX + phrases[0].replace(" ", "_")))
        for candidates in self._phrases.values():
            candidates.sort(key=lambda c: -len(c[0]))

    @classmethod
    def from_file(cls, path: Path = TERMS_FILE) -> "Analyzer":
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls(data.get("synonyms") or [], data.get("stop_words") or [])

    @staticmethod
    def stem(word: str) -> str:
        if len(word) > 3 and word[-1] in "sx" and not word.isdigit():
            word = word[:-1]
        return word[:STEM_LENGTH]

    def _split(self, text: str) -> Tuple[List[str], List[str]]:
        """The synonym groups the text names (longest phrase first), and its other informative words (stemmed)."""
        words = [w.strip(".") for w in normalize_words(text).split() if w.strip(".")]  # "peu." ends a sentence
        groups: List[str] = []
        others: List[str] = []
        i = 0
        while i < len(words):
            match = next(((len(p), g) for p, g in self._phrases.get(words[i], ()) if tuple(words[i:i + len(p)]) == p),
                         None)
            if match:
                groups.append(match[1])
                i += match[0]
                continue
            if words[i] not in self.stop_words:
                others.append(self.stem(words[i]))
            i += 1
        return groups, others

    def terms(self, text: str) -> List[str]:
        """A document's terms: its words, the groups its phrases belong to, and the words of each such group's first
        phrase (so that one word of it asked alone, "travail", still finds a fact saying "arrêt maladie")."""
        groups, words = self._split(text)
        stems_of_phrases = [self.stem(w) for g in groups for w in g[len(GROUP_PREFIX):].split("_")
                            if w not in self.stop_words]
        return words + groups + stems_of_phrases

    def units(self, text: str) -> List[str]:
        """A question's units, each once, in order."""
        groups, words = self._split(" ".join(text.split()[:MAX_QUERY_WORDS]))
        return list(dict.fromkeys(groups + words))


def _deletions(term: str) -> List[str]:
    return [term[:i] + term[i + 1:] for i in range(len(term))]


class SearchIndex:
    """BM25 over the documents' weighted fields, with per-question coverage."""

    def __init__(self, documents: Sequence[SearchDocument], analyzer: Optional[Analyzer] = None):
        self.analyzer = analyzer or Analyzer.from_file()
        self.documents = list(documents)
        weights: List[Dict[str, float]] = []
        for doc in self.documents:
            tf: Dict[str, float] = {}
            for text, weight in doc.fields:
                for term in self.analyzer.terms(text or ""):
                    tf[term] = tf.get(term, 0.0) + weight
            weights.append(tf)
        n = len(self.documents)
        lengths = np.array([sum(tf.values()) for tf in weights] or [0.0])
        average = float(lengths.mean()) or 1.0
        postings: Dict[str, List[Tuple[int, float]]] = {}
        for i, tf in enumerate(weights):
            for term, freq in tf.items():
                postings.setdefault(term, []).append((i, freq))
        self.idf: Dict[str, float] = {}
        self._postings: Dict[str, Tuple[np.ndarray, np.ndarray]] = {}
        for term, rows in postings.items():
            idf = math.log(1 + (n - len(rows) + 0.5) / (len(rows) + 0.5))
            ids = np.array([i for i, _ in rows], dtype=np.int64)
            freqs = np.array([f for _, f in rows])
            norm = K1 * (1 - B + B * lengths[ids] / average)
            self.idf[term] = idf
            self._postings[term] = (ids, idf * freqs * (K1 + 1) / (freqs + norm))
        self._max_idf = max(self.idf.values(), default=1.0)
        self._by_deletion: Dict[str, List[str]] = {}
        for term in self.idf:
            if len(term) >= TYPO_MIN_LENGTH - 1 and not term.startswith(GROUP_PREFIX):
                for key in [term] + _deletions(term):
                    self._by_deletion.setdefault(key, []).append(term)
        self._topics = np.array([doc.topic for doc in self.documents] or [""], dtype=object)
        self._profiles: Dict[str, Tuple[Tuple[Tuple[Tuple[str, float], ...], float], ...]] = {}
        self._term_sets: Dict[str, FrozenSet[str]] = {}

    def _alternatives(self, unit: str) -> List[Tuple[str, float]]:
        """The index terms a question's unit may be, with how much a match counts."""
        if unit in self.idf:
            return [(unit, 1.0)]
        if len(unit) < TYPO_MIN_LENGTH or unit.startswith(GROUP_PREFIX) or unit.isdigit():
            return []
        close = {t for key in [unit] + _deletions(unit) for t in self._by_deletion.get(key, ())}
        return [(t, TYPO_WEIGHT) for t in sorted(close)]

    def informative_units(self, question: str) -> List[str]:
        """The question's units that say something: known to the index and not in most of its facts ("patient")."""
        return [u for u in self.analyzer.units(question or "")
                if max((self.idf[t] * w for t, w in self._alternatives(u)), default=0.0) >= COMMON_IDF]

    def profile(self, question: str) -> Tuple[Tuple[Tuple[Tuple[str, float], ...], float], ...]:
        """Each unit of the question with the index terms it may be (and how much a match counts) and its weight."""
        if question not in self._profiles:
            if len(self._profiles) > CACHE_SIZE:
                self._profiles.clear()
            units = []
            for unit in self.analyzer.units(question or ""):
                alternatives = tuple(self._alternatives(unit))
                units.append((alternatives, max((self.idf[t] * w for t, w in alternatives), default=self._max_idf)))
            self._profiles[question] = tuple(units)
        return self._profiles[question]

    def term_set(self, text: str) -> FrozenSet[str]:
        """A text's index terms (the knowledge base's texts are few: kept once computed)."""
        if text not in self._term_sets:
            if len(self._term_sets) > CACHE_SIZE:
                self._term_sets.clear()
            self._term_sets[text] = frozenset(self.analyzer.terms(text or ""))
        return self._term_sets[text]

    def overlap(self, question: str, text: str) -> float:
        """The share of the question's informative weight that a text (a sentence of an answer) holds, 0–1."""
        terms = self.term_set(text)
        total = found = 0.0
        for alternatives, weight in self.profile(question):
            total += weight
            found += max((self.idf[t] * w for t, w in alternatives if t in terms), default=0.0)
        return found / total if total else 0.0

    def search(self, text: str, limit: int = 3, topics: Sequence[str] = (), topic_boost: float = 1.25) -> List[Hit]:
        """The best documents for a question, best first; never raises on odd text (it is only ever tokenised)."""
        units = self.analyzer.units(text or "")
        if not units or not self.documents:
            return []
        n = len(self.documents)
        scores = np.zeros(n)
        covered = np.zeros(n)
        total = 0.0
        for unit in units:
            alternatives = self._alternatives(unit)
            weight = max((self.idf[t] * w for t, w in alternatives), default=self._max_idf)
            total += weight  # a word the knowledge base never uses weighs as the rarest: the question is elsewhere
            best = np.zeros(n)
            reached = np.zeros(n)
            for term, factor in alternatives:
                ids, contribution = self._postings[term]
                best[ids] = np.maximum(best[ids], contribution * factor)  # ids are unique in a posting list
                reached[ids] = np.maximum(reached[ids], self.idf[term] * factor)
            scores += best
            covered += reached
        if topics:
            scores = scores * np.where(np.isin(self._topics, list(topics)), topic_boost, 1.0)
        order = np.argsort(-scores, kind="stable")[:limit]
        return [Hit(d.kind, d.key, d.fact_id, d.topic, d.title, float(scores[i]), float(min(covered[i] / total, 1.0)),
                    float(covered[i]))
                for i, d in ((i, self.documents[i]) for i in order) if scores[i] > 0]
