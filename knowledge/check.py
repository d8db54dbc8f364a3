"""Verifies every fact against its source: the document exists, the quote is in it, required fields are there."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Dict, List, Optional

from knowledge import config
from knowledge.records import Document, Record, aliases, load_documents, read_records
from knowledge.text import normalize_quote


def check_records(records: List[Record], documents: Dict[str, Document]) -> List[str]:
    """Problems found, one line each as `file: record id: what is wrong`; empty when all is well."""
    problems: List[str] = []
    texts: Dict[str, Optional[str]] = {}
    ids = Counter(r.id for r in records)
    alias_owner: Dict[str, str] = {}
    for record in records:
        where = f"{record.file}: {record.id}"
        problems.extend(f"{where}: {p}" for p in record.problems)
        if ids[record.id] > 1:
            problems.append(f"{where}: duplicate id")
        for alias in aliases(record.data):
            key = f"{record.kind}:{alias}"
            if key in alias_owner and alias_owner[key] != record.id:
                problems.append(f"{where}: alias '{alias}' already used by {alias_owner[key]}")
            alias_owner.setdefault(key, record.id)
        if not record.document or not record.quote:
            continue
        doc = documents.get(record.document)
        if doc is None:
            problems.append(f"{where}: unknown document '{record.document}'")
            continue
        if record.document not in texts:
            path: Path = doc.path
            texts[record.document] = normalize_quote(path.read_text(encoding="utf-8")) if path.exists() else None
        text = texts[record.document]
        if text is None:
            problems.append(f"{where}: source file {doc.file} not found in {config.SOURCES_DIR.name}/")
        elif normalize_quote(str(record.quote)) not in text:
            problems.append(f"{where}: quote not found in {doc.file}: «{record.quote}»")
    return problems


def run_check() -> int:
    """Prints the count and any problem; returns the process exit code."""
    documents = load_documents()
    records = read_records()
    problems = check_records(records, documents)
    for line in problems:
        print(f"FAIL {line}")
    print(f"{len(records)} facts checked against {len(documents)} source documents: "
          f"{len(records) - len({p.split(': ')[1] for p in problems})} ok, {len(problems)} problem(s)")
    return 1 if problems else 0
