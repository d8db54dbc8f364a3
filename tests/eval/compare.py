"""Issue 20, « matching that generalises, chosen by measurement »: which way of matching a question to the fact that
answers it ranks the right fact first, on the two evaluation sets.

For each matcher: the share of questions whose first ranked fact is right (top-1), with a right fact among the first
three (top-3), the mean reciprocal rank of the first right fact among the first ten (MRR@10), and the time per
question.

- tests/eval/questions.yml, the questions with a `facts:` list: a fact is right when the question expects it
  (`expects`, as `make calibrate` reads it).
- tests/eval/detail.yml (blind), the questions with `contains`: a fact is right when its own reply text (title, text,
  points, next step and contacts of an answer; name, purpose, users, access and contacts of a téléservice; a
  contact's coordinates and week hours) holds every expected word, by the evaluation's judge (`holds`). Nothing is
  tuned on it: the fusion weight and the vector variant are chosen on questions.yml.

Matchers: `bm25` (the project's search, `KnowledgeBase.search`); `bm25_lemmas` (the same BM25 over the same weighted
fields, on spaCy fr_core_news_md lemmas without accents and stop words, no synonyms nor typos); `vectors` (cosine of
spaCy mean word vectors, against a fact's whole text or the best of its title, aliases and questions); their fusions
(reciprocal rank fusion, and a normalised score sum with one weight); `response_selector` (Rasa's ResponseSelector
trained on a retrieval intent `faq` whose sub-intents are the facts, from their titles, aliases and questions).

Run from the checkout:  PYTHONPATH=. .venv/bin/python tests/eval/compare.py [--skip-selector]
Writes results/compare/table.md and results/compare/detail.json; the selector's data and model go to build/compare/
(retrained only when its training data changes: the training time kept is the one of the training that made it).
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import math
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from knowledge.french import fmt_week  # noqa: E402
from knowledge.hours import week_spans  # noqa: E402
from knowledge.queries import ContactInfo, KnowledgeBase, TeleserviceInfo  # noqa: E402
from knowledge.search import SearchDocument  # noqa: E402
from knowledge.text import strip_accents  # noqa: E402
from tests.eval.calibrate import shown_text  # noqa: E402
from tests.eval.questions import DECLINE, Question, expects, holds, load, load_detail  # noqa: E402

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

OUT = ROOT / "results" / "compare"
BUILD = ROOT / "build" / "compare"
RASA = str(Path(sys.executable).with_name("rasa"))
SPACY_MODEL = "fr_core_news_md"
DEPTH = 10  # ranks read for the reciprocal rank
RRF_K = 60  # reciprocal rank fusion's usual constant
FUSION_WEIGHTS = [round(float(w), 2) for w in np.arange(0.0, 1.001, 0.05)]
K1, B = 1.2, 0.75  # as knowledge/search.py
ALIAS_WEIGHT, QUESTION_WEIGHT = 2.5, 2.0  # the weights queries.search_documents gives aliases and `questions:`
SEPARATOR = " ; "  # how search_documents joins a fact's aliases and questions into one field
RETRIEVAL_INTENT = "faq"
SELECTOR_EPOCHS = 60
# Rasa's default (False) with its cross-entropy loss does not even learn the training examples here: after 5 epochs
# 11 % of a batch right against 63 % with True (Rasa warns and recommends True; config.yml's DIET has it too).
TRAIN_TIMEOUT = 15 * 60  # seconds: beyond, the selector is not worth it on this 2-core machine
SETS = ("questions", "detail")

Scores = np.ndarray  # one score per fact, in the order of the search documents; 0 or less = not ranked
Scorer = Callable[[str], Scores]


@dataclass(frozen=True)
class Case:
    """One evaluation question and the facts that would be a right reply to it."""
    set_name: str
    text: str
    wanted: Tuple[str, ...]  # what the set asks: the expected facts, or the expected words
    right: FrozenSet[str]


@dataclass
class Row:
    """A matcher's scores for every question, its time per question and what to know about it."""
    name: str
    scores: Dict[str, Scores]
    ms: float
    notes: str = ""
    failed: str = ""  # why it has no scores


@dataclass(frozen=True)
class Metrics:
    n: int
    top1: float
    top3: float
    mrr: float


@dataclass
class Report:
    rows: List[Row] = field(default_factory=list)
    facts: List[str] = field(default_factory=list)
    choices: Dict[str, object] = field(default_factory=dict)


# --- the facts and the cases -------------------------------------------------------------------------------------

def contact_text(kb: KnowledgeBase, contact: ContactInfo) -> str:
    """A contact as a reply gives it: name, role, each way to reach it, and its week hours when it has some."""
    schedule = kb.schedule(contact.id)
    hours = fmt_week(week_spans(schedule.slots)) if schedule else None
    parts = (contact.name, contact.role, contact.phone, contact.phone_note, contact.email, contact.address,
             contact.url, contact.response_delay, hours)
    return "\n".join(p for p in parts if p)


def links_text(contacts: Sequence[ContactInfo]) -> List[str]:
    """The coordinates of the contacts a reply lists after an answer or a téléservice (hours are asked apart)."""
    parts = (p for c in contacts for p in (c.name, c.phone, c.phone_note, c.email, c.address, c.url))
    return [p for p in parts if p]


def answer_text(kb: KnowledgeBase, key: str) -> str:
    """An answer as a reply gives it: title, text, points, next step, and its contacts' coordinates."""
    answer = kb.answer(key)
    if answer is None:
        return ""
    parts = [answer.title, answer.text, *answer.points, answer.next_step or "", *links_text(answer.contacts)]
    return "\n".join(p for p in parts if p)


def teleservice_text(service: TeleserviceInfo) -> str:
    """A téléservice as a reply gives it: name, purpose, users, access, and its contacts' coordinates."""
    parts = [service.name, service.acronym, service.purpose, service.users, service.access,
             *links_text(service.contacts)]
    return "\n".join(p for p in parts if p)


def fact_texts(kb: KnowledgeBase, documents: Sequence[SearchDocument]) -> Dict[str, str]:
    """Each rankable fact's own reply text, what the blind set's expected words are looked for in."""
    services = {s.id: s for s in kb.teleservices()}
    contacts = {c.id: c for c in kb.contacts()}
    texts: Dict[str, str] = {}
    for doc in documents:
        if doc.kind == "answer":
            texts[doc.fact_id] = answer_text(kb, doc.key)
        elif doc.kind == "teleservice":
            texts[doc.fact_id] = teleservice_text(services[doc.key])
        elif doc.kind == "code":
            texts[doc.fact_id] = shown_text(kb, doc.kind, doc.key)
        else:
            texts[doc.fact_id] = contact_text(kb, contacts[doc.key])
    return texts


def question_cases(facts: Sequence[str]) -> List[Case]:
    """questions.yml's questions with expected facts: a right fact is one the question expects."""
    return [Case("questions", q.text, q.facts, frozenset(f for f in facts if expects(q, f)))
            for q in load() if q.expect != DECLINE and q.facts]


def holds_all(text: str, question: Question) -> bool:
    return all(holds(text, item) for item in question.contains)


def detail_cases(texts: Dict[str, str]) -> List[Case]:
    """detail.yml's answerable questions: a right fact is one whose reply text holds every expected word."""
    return [Case("detail", q.text, tuple(c if isinstance(c, str) else " | ".join(c) for c in q.contains),
                 frozenset(f for f, text in texts.items() if holds_all(text, q)))
            for q in load_detail() if q.expect != DECLINE and q.contains]


def named_parts(doc: SearchDocument) -> List[str]:
    """A fact's title, aliases and `questions:`, one text each (read from its search fields by their weights)."""
    parts = [doc.title]
    for position, (text, weight) in enumerate(doc.fields):
        if position > 0 and weight in (ALIAS_WEIGHT, QUESTION_WEIGHT):
            parts += [p for p in text.split(SEPARATOR) if p.strip()]
    return list(dict.fromkeys(parts))


# --- measuring ---------------------------------------------------------------------------------------------------

def ranked(scores: Scores, depth: int = DEPTH) -> List[int]:
    """The facts a matcher proposes, best first: those it scored above nothing."""
    order = np.argsort(-scores, kind="stable")[:depth]
    return [int(i) for i in order if scores[i] > 0]


def first_right(scores: Scores, facts: Sequence[str], right: FrozenSet[str]) -> Optional[int]:
    """The rank (from 1) of the first right fact among the first ten, or None."""
    for rank, i in enumerate(ranked(scores), start=1):
        if facts[i] in right:
            return rank
    return None


def measure(row: Row, cases: Sequence[Case], facts: Sequence[str]) -> Metrics:
    ranks = [first_right(row.scores[c.text], facts, c.right) for c in cases]
    n = len(cases)
    return Metrics(n, sum(r == 1 for r in ranks) / n, sum(r is not None and r <= 3 for r in ranks) / n,
                   sum(1 / r for r in ranks if r is not None) / n)


def run(name: str, scorer: Scorer, texts: Sequence[str], notes: str = "") -> Row:
    """Each question through the matcher, timed one by one."""
    scores: Dict[str, Scores] = {}
    elapsed = 0.0
    for text in texts:
        start = time.perf_counter()
        scores[text] = scorer(text)
        elapsed += time.perf_counter() - start
    print(f"  {name}: {1000 * elapsed / len(texts):.1f} ms per question", flush=True)
    return Row(name, scores, 1000 * elapsed / len(texts), notes)


# --- bm25: the project's search ----------------------------------------------------------------------------------

def bm25_scorer(kb: KnowledgeBase, facts: Sequence[str]) -> Scorer:
    position = {f: i for i, f in enumerate(facts)}
    kb.search("")  # the index is built on first use: not part of a question's time

    def scores(text: str) -> Scores:
        out = np.zeros(len(facts))
        for hit in kb.search(text, limit=len(facts)):
            out[position[hit.fact_id]] = hit.score
        return out
    return scores


# --- spaCy: lemmas and word vectors ------------------------------------------------------------------------------

class French:
    """fr_core_news_md without the parser and entities: lemmas (no accents, stop words out) and mean word vectors."""

    def __init__(self) -> None:
        import spacy

        self.nlp = spacy.load(SPACY_MODEL, exclude=["parser", "ner", "senter"])
        self.stop_words = frozenset(strip_accents(w) for w in self.nlp.Defaults.stop_words)

    def informative(self, token: Token, lemma: str) -> bool:
        return bool(lemma) and not (token.is_punct or token.is_space or token.is_stop or lemma in self.stop_words)

    def lemmas(self, doc: Doc) -> List[str]:
        """The document's lemmas, lower case without accents, stop words out."""
        pairs = ((t, strip_accents(t.lemma_.lower()).strip(".'-")) for t in doc)
        return [lemma for token, lemma in pairs if self.informative(token, lemma)]

    def vector(self, doc: Doc) -> np.ndarray:
        """The mean vector of the informative words (not stop words, not figures), zero when there is none."""
        vocab = self.nlp.vocab
        vectors = [vocab.get_vector(t.lower_) for t in doc
                   if t.is_alpha and len(t) > 1 and not t.is_stop and vocab.has_vector(t.lower_)]
        return np.mean(vectors, axis=0) if vectors else np.zeros(vocab.vectors.shape[1])


def unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def postings_of(weighted_terms: Sequence[Dict[str, float]]) -> Dict[str, List[Tuple[int, float]]]:
    """Term → the documents holding it, with its weighted frequency in each."""
    postings: Dict[str, List[Tuple[int, float]]] = {}
    for i, tf in enumerate(weighted_terms):
        for term, freq in tf.items():
            postings.setdefault(term, []).append((i, freq))
    return postings


class LemmaIndex:
    """BM25 over weighted fields, as knowledge/search.py computes it, on lemmas: no synonyms, no typo forgiven."""

    def __init__(self, weighted_terms: Sequence[Dict[str, float]]) -> None:
        n = len(weighted_terms)
        lengths = np.array([sum(tf.values()) for tf in weighted_terms])
        average = float(lengths.mean()) or 1.0
        self.n = n
        self.postings: Dict[str, Tuple[np.ndarray, np.ndarray]] = {}
        for term, rows in postings_of(weighted_terms).items():
            idf = math.log(1 + (n - len(rows) + 0.5) / (len(rows) + 0.5))
            ids = np.array([i for i, _ in rows], dtype=np.int64)
            freqs = np.array([f for _, f in rows])
            norm = K1 * (1 - B + B * lengths[ids] / average)
            self.postings[term] = (ids, idf * freqs * (K1 + 1) / (freqs + norm))

    def scores(self, terms: Sequence[str]) -> Scores:
        out = np.zeros(self.n)
        for term in dict.fromkeys(terms):
            if term in self.postings:
                ids, contribution = self.postings[term]
                out[ids] += contribution
        return out


def weighted_lemmas(french: French, documents: Sequence[SearchDocument]) -> List[Dict[str, float]]:
    """Each document's lemmas, each counted with the weight of the field it is in."""
    fields = [(i, text, weight) for i, d in enumerate(documents) for text, weight in d.fields]
    out: List[Dict[str, float]] = [{} for _ in documents]
    for (i, _, weight), doc in zip(fields, french.nlp.pipe(text for _, text, _ in fields)):
        for lemma in french.lemmas(doc):
            out[i][lemma] = out[i].get(lemma, 0.0) + weight
    return out


def lemma_scorer(french: French, documents: Sequence[SearchDocument]) -> Scorer:
    index = LemmaIndex(weighted_lemmas(french, documents))
    return lambda text: index.scores(french.lemmas(french.nlp(text)))


def weighted_mean(vectors: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The weighted mean of the vectors that are not zero (a field without any known word says nothing)."""
    weights = weights * np.any(vectors, axis=1)
    return weights @ vectors / weights.sum() if weights.sum() else np.zeros(vectors.shape[1])


def whole_text_vectors(french: French, documents: Sequence[SearchDocument]) -> np.ndarray:
    """Each fact's vector: the mean of its fields' vectors, weighted as the search weighs the fields."""
    out = []
    for d in documents:
        vectors = np.array([french.vector(doc) for doc in french.nlp.pipe(text for text, _ in d.fields)])
        out.append(weighted_mean(vectors, np.array([weight for _, weight in d.fields])))
    return unit(np.array(out))


def whole_text_scorer(french: French, documents: Sequence[SearchDocument]) -> Scorer:
    matrix = whole_text_vectors(french, documents)
    return lambda text: matrix @ unit(french.vector(french.nlp(text)))


def best_part_scorer(french: French, documents: Sequence[SearchDocument]) -> Scorer:
    """The cosine of the question with the closest of each fact's title, aliases and questions."""
    owners = [(i, part) for i, d in enumerate(documents) for part in named_parts(d)]
    matrix = unit(np.array([french.vector(doc) for doc in french.nlp.pipe(part for _, part in owners)]))
    owner = np.array([i for i, _ in owners])

    def scores(text: str) -> Scores:
        out = np.full(len(documents), -1.0)
        np.maximum.at(out, owner, matrix @ unit(french.vector(french.nlp(text))))
        return out
    return scores


# --- fusions -----------------------------------------------------------------------------------------------------

def rrf(first: Scores, second: Scores) -> Scores:
    """Reciprocal rank fusion: each list gives a fact 1 / (60 + its rank)."""
    out = np.zeros(len(first))
    for scores in (first, second):
        for rank, i in enumerate(ranked(scores, depth=len(scores)), start=1):
            out[i] += 1 / (RRF_K + rank)
    return out


def scaled(scores: Scores) -> Scores:
    low, high = float(scores.min()), float(scores.max())
    return (scores - low) / (high - low) if high > low else np.zeros(len(scores))


def weighted_sum(first: Scores, second: Scores, weight: float) -> Scores:
    """Both scores brought to 0–1 for the question, the second counting `weight`, the first the rest."""
    return (1 - weight) * scaled(first) + weight * scaled(second)


def fused(name: str, first: Row, second: Row, combine: Callable[[Scores, Scores], Scores], notes: str) -> Row:
    scores = {text: combine(first.scores[text], second.scores[text]) for text in first.scores}
    return Row(name, scores, first.ms + second.ms, notes)


def weight_curve(first: Row, second: Row, cases: Sequence[Case], facts: Sequence[str]) -> Dict[float, float]:
    """The MRR on questions.yml for each weight of the second matcher (the blind set is never used here)."""
    def mrr(weight: float) -> float:
        return measure(fused("", first, second, lambda a, b: weighted_sum(a, b, weight), ""), cases, facts).mrr
    return {weight: round(mrr(weight), 4) for weight in FUSION_WEIGHTS}


def fusions(first: Row, second: Row, report: Report, cases: Sequence[Case]) -> List[Row]:
    """Both fusions of two matchers; the weighted sum's weight is the one with the best MRR on questions.yml."""
    name = f"{first.name}+{second.name}"
    curve = weight_curve(first, second, cases, report.facts)
    weight = max(curve, key=lambda w: (curve[w], -w))
    report.choices[f"{name} weight → questions.yml MRR"] = curve
    return [fused(f"{name} (rrf)", first, second, rrf, "reciprocal rank fusion, k=60; ms = sum of both"),
            fused(f"{name} (sum)", first, second, lambda a, b: weighted_sum(a, b, weight),
                  f"min-max scores, {second.name} weight {weight} (best MRR on questions.yml); ms = sum of both")]


# --- the ResponseSelector ----------------------------------------------------------------------------------------

def sub_intent(fact_id: str) -> str:
    return fact_id.replace(".", "__")


def selector_examples(documents: Sequence[SearchDocument]) -> Dict[str, List[str]]:
    """Each fact's title, aliases and questions; a text two facts share is left out (it teaches neither)."""
    per_fact = {d.fact_id: [" ".join(p.split()) for p in named_parts(d)] for d in documents}
    owners: Dict[str, Set[str]] = {}
    for fact, texts in per_fact.items():
        for text in texts:
            owners.setdefault(text.lower(), set()).add(fact)
    return {fact: [t for t in texts if len(owners[t.lower()]) == 1] for fact, texts in per_fact.items()}


def as_yaml(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def selector_files(examples: Dict[str, List[str]]) -> Dict[str, str]:
    """The NLU data, domain and configuration of the selector, as file name → content."""
    lines = ['version: "3.1"', "nlu:"]
    for fact, texts in examples.items():
        lines += [f"- intent: {RETRIEVAL_INTENT}/{sub_intent(fact)}", "  examples: |"]
        lines += [f"    - {text}" for text in texts]
    domain = {"version": "3.1", "intents": [RETRIEVAL_INTENT],
              "responses": {f"utter_{RETRIEVAL_INTENT}/{sub_intent(f)}": [{"text": f}] for f in examples}}
    config = {"recipe": "default.v1", "language": "fr", "assistant_id": "compare-selector", "pipeline": [
        {"name": "WhitespaceTokenizer"},
        {"name": "CountVectorsFeaturizer"},
        {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4},
        {"name": "ResponseSelector", "retrieval_intent": RETRIEVAL_INTENT, "epochs": SELECTOR_EPOCHS,
         "constrain_similarities": True, "ranking_length": 0, "random_seed": 42}], "policies": []}
    return {"nlu.yml": "\n".join(lines) + "\n", "domain.yml": as_yaml(domain), "config.yml": as_yaml(config)}


def stamp_of(files: Dict[str, str]) -> str:
    return hashlib.sha256("".join(files[k] for k in sorted(files)).encode("utf-8")).hexdigest()


def trained_before(stamp: str) -> Optional[float]:
    """The training seconds of a model made from the same files, when there is one."""
    record = BUILD / "selector.json"
    model = BUILD / "selector.tar.gz"
    if not record.exists() or not model.exists():
        return None
    kept = json.loads(record.read_text(encoding="utf-8"))
    return float(kept["seconds"]) if kept.get("stamp") == stamp else None


def train_selector(files: Dict[str, str]) -> Tuple[float, str]:
    """Trains the selector into build/compare/; returns its seconds and an error ('' when it worked)."""
    BUILD.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (BUILD / name).write_text(content, encoding="utf-8")
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", RASA_MAX_CACHE_SIZE="0",
               RASA_CACHE_DIRECTORY=str(BUILD / "cache"))
    command = [RASA, "train", "nlu", "-c", "config.yml", "--nlu", "nlu.yml", "--domain", "domain.yml",
               "--out", ".", "--fixed-model-name", "selector", "--quiet"]
    start = time.monotonic()
    try:
        done = subprocess.run(command, cwd=BUILD, env=env, timeout=TRAIN_TIMEOUT, capture_output=True, text=True)
    except subprocess.TimeoutExpired:
        return time.monotonic() - start, f"training stopped after {TRAIN_TIMEOUT // 60} minutes"
    seconds = time.monotonic() - start
    if done.returncode != 0:
        return seconds, "training failed: " + (done.stderr.strip().splitlines() or ["no message"])[-1]
    (BUILD / "selector.json").write_text(json.dumps({"stamp": stamp_of(files), "seconds": seconds}), encoding="utf-8")
    return seconds, ""


def selector_scores(parse: dict, position: Dict[str, int], n: int) -> Scores:
    out = np.zeros(n)
    for item in parse.get("response_selector", {}).get(RETRIEVAL_INTENT, {}).get("ranking", []):
        fact = position.get(item["intent_response_key"].split("/", 1)[-1])
        if fact is not None:
            out[fact] = item["confidence"]
    return out


def selector_row(documents: Sequence[SearchDocument], texts: Sequence[str]) -> Row:
    """Trains (or reuses) the selector, then parses every question with it in process."""
    examples = selector_examples(documents)
    files = selector_files(examples)
    seconds = trained_before(stamp_of(files))
    reused = seconds is not None
    if seconds is None:
        print("  training the ResponseSelector…", flush=True)
        seconds, error = train_selector(files)
        if error:
            return Row("response_selector", {}, 0.0, failed=f"{error} ({seconds:.0f} s)")
    import logging

    from rasa.core.agent import Agent  # heavy: only when the selector is measured
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # else every parse is logged
    agent = Agent.load(str(BUILD / "selector.tar.gz"))
    position = {sub_intent(d.fact_id): i for i, d in enumerate(documents)}

    async def parse(text: str) -> Scores:
        return selector_scores(await agent.parse_message(text), position, len(documents))

    loop = asyncio.new_event_loop()
    loop.run_until_complete(parse("bonjour"))  # the first parse loads what the graph loads lazily
    row = run("response_selector", lambda text: loop.run_until_complete(parse(text)), texts)
    loop.close()
    trained = sum(1 for e in examples.values() if e)
    row.notes = (f"{sum(len(e) for e in examples.values())} examples, {trained} facts; {SELECTOR_EPOCHS} epochs, "
                 f"trained in {seconds:.0f} s{' (model reused)' if reused else ''}")
    return row


# --- the table ---------------------------------------------------------------------------------------------------

def percent(value: float) -> str:
    return f"{100 * value:.1f}"


def table(report: Report, cases: Dict[str, List[Case]]) -> str:
    nq, nd = len(cases["questions"]), len(cases["detail"])
    lines = ["| matcher | questions.yml top-1 | top-3 | MRR@10 | detail.yml top-1 | top-3 | MRR@10 | ms/query "
             "| notes |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for row in report.rows:
        if row.failed:
            lines.append(f"| {row.name} | — | — | — | — | — | — | — | {row.failed} |")
            continue
        q, d = (measure(row, cases[s], report.facts) for s in SETS)
        lines.append(f"| {row.name} | {percent(q.top1)} | {percent(q.top3)} | {q.mrr:.3f} | {percent(d.top1)} | "
                     f"{percent(d.top3)} | {d.mrr:.3f} | {row.ms:.1f} | {row.notes} |")
    reach = [sum(bool(c.right) for c in cases[s]) / len(cases[s]) for s in SETS]
    lines.append(f"| *reachable* | {percent(reach[0])} | {percent(reach[0])} | {reach[0]:.3f} | {percent(reach[1])} "
                 f"| {percent(reach[1])} | {reach[1]:.3f} | | questions some rankable fact is right for |")
    return (f"Top-1 / top-3 in % of the questions; questions.yml: {nq} questions with expected facts; detail.yml: "
            f"{nd} answerable questions with expected words.\n\n" + "\n".join(lines) + "\n")


def top1_right(row: Row, case: Case, facts: Sequence[str]) -> bool:
    return first_right(row.scores[case.text], facts, case.right) == 1


def against(row: Row, base: Row, cases: Sequence[Case], facts: Sequence[str]) -> str:
    """The questions this matcher ranks right first and the base does not, and the reverse: « +won / −lost »."""
    mine = [top1_right(row, c, facts) for c in cases]
    theirs = [top1_right(base, c, facts) for c in cases]
    won = sum(m and not t for m, t in zip(mine, theirs))
    lost = sum(t and not m for m, t in zip(mine, theirs))
    return f"+{won} / −{lost}"


def against_bm25(report: Report, cases: Dict[str, List[Case]]) -> str:
    """Top-1 question by question against bm25: a small gain can be many swaps."""
    base = report.rows[0]
    lines = ["| matcher | questions.yml top-1 vs bm25 | detail.yml top-1 vs bm25 |", "|---|---:|---:|"]
    for row in report.rows[1:]:
        if not row.failed:
            lines.append(f"| {row.name} | " + " | ".join(against(row, base, cases[s], report.facts) for s in SETS)
                         + " |")
    intro = "Questions right first by the matcher and not by bm25 (+), and the reverse (−):\n\n"
    return intro + "\n".join(lines) + "\n"


def details(report: Report, cases: Dict[str, List[Case]]) -> dict:
    """Per question: what it asks, the right facts, and each matcher's first three facts and first right rank."""
    rows = [r for r in report.rows if not r.failed]
    out = []
    for case in cases["questions"] + cases["detail"]:
        out.append({"set": case.set_name, "text": case.text, "wanted": list(case.wanted), "right": sorted(case.right),
                    "matchers": {r.name: {"top3": [report.facts[i] for i in ranked(r.scores[case.text], 3)],
                                          "first_right": first_right(r.scores[case.text], report.facts, case.right)}
                                 for r in rows}})
    return {"choices": report.choices, "failed": {r.name: r.failed for r in report.rows if r.failed},
            "questions": out}


# --- main --------------------------------------------------------------------------------------------------------

def better_vectors(rows: Sequence[Row], cases: Sequence[Case], facts: Sequence[str]) -> Row:
    """The vector variant with the better MRR on questions.yml."""
    return max(rows, key=lambda r: measure(r, cases, facts).mrr)


def spacy_rows(documents: Sequence[SearchDocument], texts: Sequence[str]) -> Tuple[Row, Row, Row]:
    french = French()
    lemmas = run("bm25_lemmas", lemma_scorer(french, documents), texts,
                 "spaCy lemmas, no accents, stop words out; same fields and weights, no synonyms nor typos")
    whole = run("vectors (whole text)", whole_text_scorer(french, documents), texts,
                "mean vector of the fact's fields, weighted as the search weighs them")
    parts = run("vectors (best part)", best_part_scorer(french, documents), texts,
                "max cosine over the fact's title, aliases and questions")
    return lemmas, whole, parts


def compare(skip_selector: bool) -> Tuple[Report, Dict[str, List[Case]]]:
    kb = KnowledgeBase()
    documents = kb.search_documents()
    report = Report(facts=[d.fact_id for d in documents])
    cases = {"questions": question_cases(report.facts),
             "detail": detail_cases(fact_texts(kb, documents))}
    texts = list(dict.fromkeys(c.text for s in SETS for c in cases[s]))
    print(f"{len(documents)} facts; {len(cases['questions'])} + {len(cases['detail'])} questions", flush=True)
    bm25 = run("bm25", bm25_scorer(kb, report.facts), texts, "the project's search today (synonyms, typos)")
    lemmas, whole, parts = spacy_rows(documents, texts)
    vectors = better_vectors([whole, parts], cases["questions"], report.facts)
    vectors.notes += " — kept for the fusions (better MRR on questions.yml)"
    report.choices["vectors"] = vectors.name
    kept = Row("vectors", vectors.scores, vectors.ms)
    report.rows = [bm25, lemmas, whole, parts]
    report.rows += fusions(bm25, kept, report, cases["questions"])
    report.rows += fusions(lemmas, kept, report, cases["questions"])
    if not skip_selector:
        selector = selector_row(documents, texts)
        report.rows.append(selector)
        if not selector.failed:
            report.rows += fusions(bm25, selector, report, cases["questions"])
    report.choices["fusion_rows"] = {r.name: r.notes for r in report.rows if "+" in r.name}
    return report, cases


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-selector", action="store_true", help="leave out Rasa's ResponseSelector")
    args = parser.parse_args()
    report, cases = compare(args.skip_selector)
    markdown = table(report, cases) + "\n" + against_bm25(report, cases)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "table.md").write_text(markdown, encoding="utf-8")
    (OUT / "detail.json").write_text(json.dumps(details(report, cases), ensure_ascii=False, indent=1),
                                     encoding="utf-8")
    print("\n" + markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
