"""`python -m knowledge coverage [DOC]`: which lines of the source texts no fact quotes.

A line of a source that no quote touches is a detail a professional may ask about and the assistant cannot answer;
the report is the worklist of whoever writes facts (headers and page furniture show up too: they need none)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

from knowledge import config
from knowledge.records import quotes, read_records
from knowledge.text import normalize_quote

SHORTEST_LINE = 25  # shorter lines are headers, page numbers and table furniture
QUOTE_PREFIX = 40  # a quote spanning several lines touches a line when its opening is in it


def quotes_by_document() -> Dict[str, List[str]]:
    found: Dict[str, List[str]] = {}
    for record in read_records():
        for quote in quotes(record):
            found.setdefault(record.document or "", []).append(normalize_quote(quote))
    return found


def is_quoted(line: str, document_quotes: List[str]) -> bool:
    return any(quote in line or line in quote or quote[:QUOTE_PREFIX] in line for quote in document_quotes)


def uncovered(path: Path, document_quotes: List[str]) -> Iterator[Tuple[int, str]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        normalized = normalize_quote(line)
        if len(normalized) >= SHORTEST_LINE and not is_quoted(normalized, document_quotes):
            yield number, line.strip()


def run_coverage(only: str = "") -> int:
    by_document = quotes_by_document()
    for path in sorted(config.SOURCES_DIR.glob("*.txt")):
        document = path.name[:3]
        if only and document != only:
            continue
        lines = list(uncovered(path, by_document.get(document, [])))
        print(f"# {path.name}: {len(lines)} lines no fact quotes")
        for number, line in lines:
            print(f"{document}:{number}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(run_coverage(sys.argv[1] if len(sys.argv) > 1 else ""))
