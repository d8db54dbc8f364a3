"""Builds the knowledge base database from the checked YAML facts."""
from __future__ import annotations

from typing import Dict, List, Optional

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from knowledge import config
from knowledge.models import (Base, Contact, ContactAlias, Document, Fact, MenuOption, MenuOptionAlias,
                              ScheduleSlot)
from knowledge.records import WEEKDAYS, Record, aliases, load_documents, read_records


def make_engine(url: Optional[str] = None) -> Engine:
    url = url or config.database_url()
    if url.startswith("sqlite:///"):
        config.DEFAULT_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    return create_engine(url, future=True)


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, _record) -> None:
    """SQLite ignores foreign keys unless asked: enforce them, as PostgreSQL does."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def _fact(record: Record, text: Optional[str] = None) -> Fact:
    return Fact(id=record.id, topic=record.topic, kind=record.kind, document_id=record.document,
                section=record.section, quote=" ".join(str(record.quote).split()), text=text)


def _add_contact(session: Session, record: Record, position: int) -> None:
    raw = record.data
    session.add(_fact(record, raw.get("role")))
    cid = raw["id"]
    session.add(Contact(id=cid, fact_id=record.id, name=raw["name"], role=raw["role"], phone=raw.get("phone"),
                        phone_note=raw.get("phone_note"), email=raw.get("email"), address=raw.get("address"),
                        url=raw.get("url"), response_delay=raw.get("response_delay"),
                        appointment_only=bool(raw.get("appointment_only")),
                        audience_menu_choice=raw.get("audience_menu_choice"), is_general=bool(raw.get("general")),
                        position=position))
    session.flush()  # the aliases' foreign key needs the contact row first
    for alias in aliases(raw):
        session.add(ContactAlias(contact_id=cid, alias=alias))


def _add_schedule(session: Session, record: Record, contact_id: str) -> None:
    raw = record.data
    session.add(_fact(record))
    for day in raw["days"]:
        session.add(ScheduleSlot(contact_id=contact_id, fact_id=record.id, kind=raw["kind"],
                                 weekday=WEEKDAYS.index(day), opens=raw["opens"], closes=raw["closes"]))


def _add_menu_option(session: Session, record: Record, contact_id: str, position: int) -> None:
    raw = record.data
    session.add(_fact(record, raw["label"]))
    option = MenuOption(contact_id=contact_id, fact_id=record.id, position=position, label=raw["label"],
                        is_default=bool(raw.get("default")))
    session.add(option)
    session.flush()
    for alias in aliases(raw):
        session.add(MenuOptionAlias(option_id=option.id, alias=alias))


def build(engine: Optional[Engine] = None, records: Optional[List[Record]] = None) -> Dict[str, int]:
    """Drops and recreates every table, then loads documents and facts in one transaction. Returns row counts."""
    engine = engine or make_engine()
    records = read_records() if records is None else records
    documents = load_documents()
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    contact_ids: Dict[str, str] = {}
    counts: Dict[str, int] = {}
    with Session(engine) as session, session.begin():
        for doc in documents.values():
            session.add(Document(id=doc.id, file=doc.file, title=doc.title, subject=doc.subject, issuer=doc.issuer, region=doc.region,
                                 scope=doc.scope, date=doc.date, date_label=doc.date_label))
        session.flush()
        menu_positions: Dict[str, int] = {}
        for record in records:
            if record.kind == "contact":
                contact_ids[record.id] = record.data["id"]
                _add_contact(session, record, len(contact_ids))
            elif record.kind == "schedule":
                _add_schedule(session, record, contact_ids[record.parent])
            elif record.kind == "menu_option":
                position = menu_positions.get(record.parent, 0) + 1
                menu_positions[record.parent] = position
                _add_menu_option(session, record, contact_ids[record.parent], position)
            counts[record.kind] = counts.get(record.kind, 0) + 1
            session.flush()
    return counts
