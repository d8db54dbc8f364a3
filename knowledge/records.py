"""Reading the curated YAML facts into plain records, shared by the checker and the database builder.

The YAML is written by people; this module is where its shape is enforced, so that a missing field is reported
with the file and record it belongs to instead of failing deep inside SQL.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import yaml

from knowledge import config
from knowledge.text import normalize_words

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

# Fields every record of a kind must have (besides source and quote, required everywhere).
REQUIRED = {
    "contact": ("id", "name", "role"),
    "schedule": ("kind", "days", "opens", "closes"),
    "menu_option": ("label",),
    "answer": ("id", "title", "text", "spoken", "aliases"),
    "zone": ("id", "label", "description"),
    "commune": ("insee", "name", "territory", "population", "zone"),
    "contract": ("id", "name", "full_name", "purpose", "profession", "duration", "spoken", "aliases"),
    "condition": ("code", "text"),
    "parameter": ("name", "value", "unit"),
    "code": ("code", "label", "nomenclature", "kind", "spoken"),
    "code_rule": ("id", "kind", "text"),
    "ald_admission": ("number", "name", "admission", "answer"),
    "form": ("number", "name", "purpose", "spoken", "answer"),
    "mention": ("code", "situation", "mention", "answer"),
    "teleservice": ("id", "name", "purpose", "spoken", "aliases"),
    "fami_profession": ("id", "name", "aliases"),
    "fami_indicator": ("id", "label", "professions"),
}
CODE_KINDS = ("act", "majoration", "component", "ccam")
CODE_ROLES = ("treating", "correspondent")
RULE_KINDS = ("not_with", "role", "cap", "ccam_exclusive", "night", "tariffs")
SCHEDULE_KINDS = ("open", "off_peak")
ALD_ADMISSIONS = ("argued", "partly_argued")
PARAMETER_UNITS = ("eur", "eur_per_year", "eur_per_month", "percent", "days_per_week", "days_per_year", "age")


class FactFileError(ValueError):
    """A fact file that cannot be read as the schema says."""


@dataclass
class Record:
    """One sourced statement of a fact file, with its own fields in `data`."""

    id: str
    topic: str
    kind: str
    file: str
    document: Optional[str]
    section: Optional[str]
    quote: Any  # one verbatim string, or a list of them
    data: Dict[str, Any]
    parent: Optional[str] = None
    problems: List[str] = field(default_factory=list)


@dataclass
class Document:
    id: str
    file: str
    title: str
    subject: str
    issuer: str
    region: str
    scope: str
    date: Optional[str]
    date_label: str

    @property
    def path(self) -> Path:
        return config.SOURCES_DIR / self.file


def load_documents(path: Path = config.DOCUMENTS_FILE) -> Dict[str, Document]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    documents = {}
    for entry in entries:
        doc = Document(
            id=str(entry["id"]),
            file=entry["file"],
            title=entry["title"],
            subject=entry.get("subject") or "",
            issuer=entry["issuer"],
            region=entry["region"],
            scope=entry["scope"],
            date=None if entry.get("date") is None else str(entry["date"]),
            date_label=entry["date_label"],
        )
        documents[doc.id] = doc
    return documents


def fact_files(facts_dir: Path = config.FACTS_DIR) -> List[Path]:
    return sorted(facts_dir.glob("*.yml"))


def _record(topic: str, kind: str, rid: str, file: str, raw: Dict[str, Any],
            inherited: Optional[Dict[str, Any]] = None, parent: Optional[str] = None) -> Record:
    source = raw.get("source") or inherited or {}
    record = Record(
        id=rid,
        topic=topic,
        kind=kind,
        file=file,
        document=None if source.get("document") is None else str(source.get("document")),
        section=source.get("section"),
        quote=raw.get("quote"),
        data=raw,
        parent=parent,
    )
    for name in REQUIRED.get(kind, ()):
        if raw.get(name) in (None, "", []):
            record.problems.append(f"missing field '{name}'")
    if not record.document:
        record.problems.append("missing source.document")
    if not record.section:
        record.problems.append("missing source.section")
    if not quotes(record):
        record.problems.append("missing quote")
    return record


def quotes(record: Record) -> List[str]:
    """The record's verbatim quotes: `quote` may be one string or a list of strings."""
    raw = record.quote if isinstance(record.quote, list) else [record.quote]
    return [str(q) for q in raw if q is not None and str(q).strip()]


def _contact_records(topic: str, file: str, contacts: List[Dict[str, Any]]) -> Iterator[Record]:
    for raw in contacts:
        cid = raw.get("id") or "?"
        contact = _record(topic, "contact", f"{topic}.{cid}", file, raw)
        yield contact
        source = raw.get("source")
        for i, slot in enumerate(raw.get("schedule") or []):
            rec = _record(topic, "schedule", f"{topic}.{cid}.schedule.{i}", file, slot, source, contact.id)
            if slot.get("kind") not in SCHEDULE_KINDS:
                rec.problems.append(f"schedule kind must be one of {SCHEDULE_KINDS}")
            unknown = [d for d in slot.get("days") or [] if d not in WEEKDAYS]
            if unknown:
                rec.problems.append(f"unknown weekdays {unknown}")
            yield rec
        for i, option in enumerate(raw.get("menu") or []):
            yield _record(topic, "menu_option", f"{topic}.{cid}.menu.{i}", file, option, source, contact.id)


def _flat_reader(kind: str, key: str, prefix: str = "", checks=lambda raw: []):
    """A reader for a section of independent records: `<topic>.<prefix><key value>` as id, plus its own checks."""
    def read(topic: str, file: str, items: List[Dict[str, Any]]) -> Iterator[Record]:
        for raw in items:
            record = _record(topic, kind, f"{topic}.{prefix}{raw.get(key) or '?'}", file, raw)
            record.problems.extend(checks(raw))
            yield record
    return read


def _code_problems(raw: Dict[str, Any]) -> List[str]:
    problems = []
    if raw.get("kind") not in CODE_KINDS:
        problems.append(f"code kind must be one of {CODE_KINDS}")
    if raw.get("role") not in (None,) + CODE_ROLES:
        problems.append(f"code role must be one of {CODE_ROLES}")
    if raw.get("value") is not None and not isinstance(raw.get("value"), (int, float)):
        problems.append("code value must be a number of euros")
    return problems


def _rule_problems(raw: Dict[str, Any]) -> List[str]:
    return [] if raw.get("kind") in RULE_KINDS else [f"rule kind must be one of {RULE_KINDS}"]


def _ald_problems(raw: Dict[str, Any]) -> List[str]:
    problems = [] if raw.get("admission") in ALD_ADMISSIONS else [f"admission must be one of {ALD_ADMISSIONS}"]
    if not isinstance(raw.get("number"), int):
        problems.append("an ALD number is a whole number")
    return problems


def _form_problems(raw: Dict[str, Any]) -> List[str]:
    return [] if form_digits(str(raw.get("number") or "")) else ["a form number has digits (S6909)"]


def _follow_up_problems(raw: Dict[str, Any]) -> List[str]:
    follow_ups = raw.get("follow_ups")
    if follow_ups is None:
        return []
    if not isinstance(follow_ups, dict) or not all(isinstance(p, list) for p in follow_ups.values()):
        return ["follow_ups maps a topic to the list of phrases that ask for this answer after it"]
    return []


def form_digits(text: str) -> str:
    """The digits that identify a cerfa form however it is written: "S6909", "cerfa n°6909", "s 6909" → "6909"."""
    return "".join(ch for ch in text if ch.isdigit())


def _contract_records(topic: str, file: str, contracts: List[Dict[str, Any]]) -> Iterator[Record]:
    for raw in contracts:
        cid = raw.get("id") or "?"
        contract = _record(topic, "contract", f"{topic}.{cid}", file, raw)
        yield contract
        source = raw.get("source")
        for condition in raw.get("conditions") or []:
            code = condition.get("code") or "?"
            yield _record(topic, "condition", f"{topic}.{cid}.condition.{code}", file, condition, source,
                          contract.id)
        for parameter in raw.get("parameters") or []:
            rec = _record(topic, "parameter", f"{topic}.{cid}.{parameter.get('name') or '?'}", file, parameter,
                          source, contract.id)
            if parameter.get("unit") not in PARAMETER_UNITS:
                rec.problems.append(f"parameter unit must be one of {PARAMETER_UNITS}")
            if not isinstance(parameter.get("value"), (int, float)):
                rec.problems.append("parameter value must be a number")
            yield rec


SECTION_READERS = {
    "contacts": _contact_records,
    "answers": _flat_reader("answer", "id", checks=_follow_up_problems),
    "zones": _flat_reader("zone", "id", "zone."),
    "communes": _flat_reader("commune", "insee", "commune."),
    "contracts": _contract_records,
    "codes": _flat_reader("code", "code", "code.", _code_problems),
    "code_rules": _flat_reader("code_rule", "id", "rule.", _rule_problems),
    "ald_admissions": _flat_reader("ald_admission", "number", "ald.", _ald_problems),
    "forms": _flat_reader("form", "number", "form.", _form_problems),
    "mentions": _flat_reader("mention", "code", "mention.", lambda raw: []),
    "teleservices": _flat_reader("teleservice", "id", "teleservice."),
    "fami_professions": _flat_reader("fami_profession", "id", "profession."),
    "fami_indicators": _flat_reader("fami_indicator", "id", "indicator."),
}


def read_records(facts_dir: Path = config.FACTS_DIR) -> List[Record]:
    """All records of all fact files, in file order. Raises FactFileError on a file of the wrong shape."""
    records: List[Record] = []
    for path in fact_files(facts_dir):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict) or "topic" not in data:
            raise FactFileError(f"{path.name}: a fact file is a mapping with a 'topic' key")
        topic = data["topic"]
        for section, items in data.items():
            if section == "topic":
                continue
            reader = SECTION_READERS.get(section)
            if reader is None:
                raise FactFileError(f"{path.name}: unknown section '{section}'")
            records.extend(reader(topic, path.name, items or []))
    return records


def aliases(raw: Dict[str, Any]) -> List[str]:
    """A record's aliases in matching form, without duplicates, in the file's order; a record's id is one."""
    seen: Dict[str, None] = {}
    for alias in [raw.get("id") or ""] + list(raw.get("aliases") or []):
        norm = normalize_words(str(alias))
        if norm:
            seen.setdefault(norm, None)
    return list(seen)
