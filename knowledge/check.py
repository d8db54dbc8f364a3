"""Verifies every fact against its source: the document exists, the quote is in it, required fields are there."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Dict, List, Optional

from knowledge import config
from knowledge.communes import keys_for
from knowledge.records import Document, Record, aliases, load_documents, quotes, read_records
from knowledge.text import normalize_quote, normalize_words


def check_records(records: List[Record], documents: Dict[str, Document]) -> List[str]:
    """Problems found, one line each as `file: record id: what is wrong`; empty when all is well."""
    problems: List[str] = []
    texts: Dict[str, Optional[str]] = {}
    ids = Counter(r.id for r in records)
    alias_owner: Dict[str, str] = {}
    question_owner: Dict[str, str] = {}
    for record in records:
        where = f"{record.file}: {record.id}"
        problems.extend(f"{where}: {p}" for p in record.problems)
        if ids[record.id] > 1:
            problems.append(f"{where}: duplicate id")
        for question in record.data.get("questions") or []:
            key = normalize_words(str(question))
            if not key:
                problems.append(f"{where}: empty question")
            elif key in question_owner and question_owner[key] != record.id:
                problems.append(f"{where}: question '{question}' already asks for {question_owner[key]}")
            question_owner.setdefault(key, record.id)
        for alias in aliases(record.data):
            key = f"{record.kind}:{alias}"
            if key in alias_owner and alias_owner[key] != record.id:
                problems.append(f"{where}: alias '{alias}' already used by {alias_owner[key]}")
            alias_owner.setdefault(key, record.id)
        if not record.document or not quotes(record):
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
        else:
            problems.extend(f"{where}: quote not found in {doc.file}: «{quote}»" for quote in quotes(record)
                            if normalize_quote(quote) not in text)
    return problems


def check_references(records: List[Record], documents: Dict[str, Document]) -> List[str]:
    """Links between records exist; contacts come only from a document whose contacts are the CGSS Martinique's."""
    problems: List[str] = []
    ids = {r.id for r in records}
    contacts = {r.data.get("id") for r in records if r.kind == "contact"}
    zones = {str(r.data.get("id")) for r in records if r.kind == "zone"}
    commune_keys: Dict[str, str] = {}
    codes = {r.data.get("code") for r in records if r.kind == "code"}
    answers = {r.id for r in records if r.kind == "answer"}
    topics = {r.topic for r in records}
    follow_ups: Dict[str, str] = {}
    fami_professions = {r.data.get("id") for r in records if r.kind == "fami_profession"}
    for record in records:
        where = f"{record.file}: {record.id}"
        raw = record.data
        if record.kind == "contact" and record.document in documents \
                and documents[record.document].scope != "local+national":
            problems.append(f"{where}: a contact must come from a CGSS Martinique document, not {record.document}")
        for contact in raw.get("contacts") or [] if record.kind in ("answer", "teleservice") else []:
            if contact not in contacts:
                problems.append(f"{where}: unknown contact '{contact}'")
        if record.kind == "answer" and raw.get("conflicts_with") and raw["conflicts_with"] not in ids:
            problems.append(f"{where}: conflicts_with names no record '{raw['conflicts_with']}'")
        zone_refs = [raw.get("zone")] if record.kind == "commune" else raw.get("zones") or [] \
            if record.kind == "contract" else []
        problems.extend(f"{where}: unknown zone '{z}'" for z in zone_refs if str(z) not in zones)
        code_refs = raw.get("applies_to") or [] if record.kind == "code" else \
            [raw.get("code")] + list(raw.get("others") or []) + list(raw.get("exceptions") or []) \
            if record.kind == "code_rule" else []
        problems.extend(f"{where}: unknown code '{c}'" for c in code_refs if c is not None and c not in codes)
        if record.kind in ("ald_admission", "form", "mention") and raw.get("answer") not in answers \
                or record.kind == "teleservice" and raw.get("answer") and raw["answer"] not in answers:
            problems.append(f"{where}: answer names no answer '{raw.get('answer')}'")
        for topic, phrases in (raw.get("follow_ups") or {}).items() if record.kind == "answer" else ():
            if topic not in topics:
                problems.append(f"{where}: follow_ups after unknown topic '{topic}'")
            for phrase in phrases or []:
                key = f"{topic}:{normalize_words(str(phrase))}"
                if key in follow_ups and follow_ups[key] != record.id:
                    problems.append(f"{where}: follow-up '{key}' already asks for {follow_ups[key]}")
                follow_ups.setdefault(key, record.id)
        for profession in raw.get("professions") or [] if record.kind == "fami_indicator" else []:
            if profession not in fami_professions:
                problems.append(f"{where}: unknown FAMI profession '{profession}'")
        if record.kind == "commune":
            for key in keys_for(str(raw.get("name") or ""), raw.get("aliases") or []):
                if key in commune_keys and commune_keys[key] != record.id:
                    problems.append(f"{where}: spelling '{key}' already names {commune_keys[key]}")
                commune_keys.setdefault(key, record.id)
    return problems


def run_check() -> int:
    """Prints the count and any problem; returns the process exit code."""
    documents = load_documents()
    records = read_records()
    problems = check_records(records, documents) + check_references(records, documents)
    for line in problems:
        print(f"FAIL {line}")
    print(f"{len(records)} facts checked against {len(documents)} source documents: "
          f"{len(records) - len({p.split(': ')[1] for p in problems})} ok, {len(problems)} problem(s)")
    return 1 if problems else 0
