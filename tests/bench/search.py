"""`make bench-search`: query time of the long-tail search as the knowledge base grows (its facts copied ×10 and
×100 with a distinct word each, so the vocabulary grows too), for the in-memory index the assistant uses and, to
justify that choice, for SQLite's FTS5 on the same texts. Prints figures; asserts nothing.
"""
from __future__ import annotations

import sqlite3
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable, List

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from knowledge.queries import KnowledgeBase  # noqa: E402
from knowledge.search import SearchDocument, SearchIndex  # noqa: E402
from knowledge.text import normalize_words  # noqa: E402

SCALES = (1, 10, 100)


def queries() -> List[str]:
    """The held-out NLU questions: how professionals write, and never what the index was built from."""
    texts = []
    for path in sorted((ROOT / "tests" / "nlu" / "eval").glob("*.yml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            texts += [line[2:] for line in item.get("examples", "").splitlines() if line.startswith("- ")]
    return texts


def copies(documents: List[SearchDocument], scale: int) -> List[SearchDocument]:
    out = list(documents)
    for n in range(1, scale):
        out += [replace(d, key=f"{d.key}#{n}", fields=d.fields + ((f"copie{n}x{i}", 1.0),))
                for i, d in enumerate(documents)]
    return out


def timed(search: Callable[[str], object], texts: List[str]) -> List[float]:
    for text in texts[:20]:
        search(text)  # warm-up
    out = []
    for text in texts:
        start = time.perf_counter()
        search(text)
        out.append((time.perf_counter() - start) * 1000)
    return out


def fts5(documents: List[SearchDocument]) -> Callable[[str], object]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, body, tokenize='unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO docs VALUES (?, ?)",
                   [(d.key, " ".join(t for t, _ in d.fields)) for d in documents])

    def search(text: str):
        words = [w for w in normalize_words(text).split() if len(w) > 2]
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        return db.execute("SELECT key FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 3", (match,)).fetchall()
    return search


def line(name: str, scale: int, count: int, build_ms: float, ms: List[float]) -> str:
    p99 = sorted(ms)[int(0.99 * (len(ms) - 1))]
    return (f"{name:10s} ×{scale:<4d} {count:6d} docs  build {build_ms:8.0f} ms  per query: mean {statistics.mean(ms):6.2f}"
            f"  p50 {statistics.median(ms):6.2f}  p99 {p99:6.2f} ms")


def main() -> int:
    base = KnowledgeBase().search_documents()
    texts = queries()
    print(f"{len(texts)} queries (held-out NLU questions) on {len(base)} searchable facts")
    for scale in SCALES:
        documents = copies(base, scale)
        start = time.perf_counter()
        index = SearchIndex(documents)
        build_ms = (time.perf_counter() - start) * 1000
        print(line("in-memory", scale, len(documents), build_ms, timed(index.search, texts)))
        start = time.perf_counter()
        search = fts5(documents)
        build_ms = (time.perf_counter() - start) * 1000
        print(line("FTS5", scale, len(documents), build_ms, timed(search, texts)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
