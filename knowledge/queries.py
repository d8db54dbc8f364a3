"""The questions the assistant asks the knowledge base. The only module that touches SQL.

Results are plain frozen dataclasses, ordered deterministically, so that actions never see the ORM.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from sqlalchemy import func, literal, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from knowledge.hours import Slot, parse_hhmm
from knowledge.loader import make_engine
from knowledge.models import Contact, ContactAlias, Document, Fact, MenuOption, MenuOptionAlias, ScheduleSlot
from knowledge.text import normalize_words


@dataclass(frozen=True)
class Source:
    document_id: str
    title: str
    issuer: str
    date_label: str
    section: str


@dataclass(frozen=True)
class ContactInfo:
    id: str
    name: str
    role: str
    phone: Optional[str]
    phone_note: Optional[str]
    email: Optional[str]
    address: Optional[str]
    url: Optional[str]
    response_delay: Optional[str]
    appointment_only: bool
    audience_menu_choice: Optional[int]
    is_general: bool
    source: Source


@dataclass(frozen=True)
class Schedule:
    contact: ContactInfo
    slots: Tuple[Slot, ...]
    sources: Tuple[Source, ...]

    @property
    def has_off_peak(self) -> bool:
        return any(s.kind == "off_peak" for s in self.slots)


@dataclass(frozen=True)
class MenuChoice:
    position: int
    label: str
    is_default: bool
    source: Source


class KnowledgeBase:
    """Read-only access to the built database. Cheap to create; the engine is made on first use."""

    def __init__(self, engine: Optional[Engine] = None):
        self._engine = engine

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine()
        return self._engine

    @staticmethod
    def _source(fact: Fact, document: Document) -> Source:
        return Source(document.id, document.title, document.issuer, document.date_label, fact.section)

    def _contact_rows(self, session: Session, *conditions) -> List[ContactInfo]:
        stmt = (select(Contact, Fact, Document)
                .join(Fact, Contact.fact_id == Fact.id)
                .join(Document, Fact.document_id == Document.id)
                .where(*conditions)
                .order_by(Contact.position))
        return [ContactInfo(c.id, c.name, c.role, c.phone, c.phone_note, c.email, c.address, c.url,
                            c.response_delay, c.appointment_only, c.audience_menu_choice, c.is_general,
                            self._source(f, d))
                for c, f, d in session.execute(stmt)]

    def contact(self, contact_id: str) -> Optional[ContactInfo]:
        with Session(self.engine) as session:
            rows = self._contact_rows(session, Contact.id == contact_id)
        return rows[0] if rows else None

    def contacts(self) -> List[ContactInfo]:
        with Session(self.engine) as session:
            return self._contact_rows(session)

    def general_contacts(self) -> List[ContactInfo]:
        """The contacts to give when nothing more specific is known: the platform, then amelipro messaging."""
        with Session(self.engine) as session:
            return self._contact_rows(session, Contact.id.in_(("plateforme_ps", "messagerie_amelipro")))

    def find_contact(self, text: str) -> Optional[ContactInfo]:
        """The contact whose longest alias occurs (as whole words) in the text, or None."""
        found = self.find_contacts(text, limit=1)
        return found[0] if found else None

    def find_contacts(self, text: str, limit: int = 3) -> List[ContactInfo]:
        """Contacts named in the text, most specific alias first (longest match, then the file's order)."""
        words = normalize_words(text)
        if not words:
            return []
        padded = literal(f" {words} ")
        pattern = literal("% ") + ContactAlias.alias + literal(" %")
        stmt = (select(ContactAlias.contact_id, func.max(func.length(ContactAlias.alias)).label("best"))
                .where(padded.like(pattern))
                .group_by(ContactAlias.contact_id))
        with Session(self.engine) as session:
            scores: Dict[str, int] = {cid: best for cid, best in session.execute(stmt)}
            if not scores:
                return []
            contacts = self._contact_rows(session, Contact.id.in_(scores))
        contacts.sort(key=lambda c: -scores[c.id])
        return contacts[:limit]

    def schedule(self, contact_id: str) -> Optional[Schedule]:
        contact = self.contact(contact_id)
        if contact is None:
            return None
        stmt = (select(ScheduleSlot, Fact, Document)
                .join(Fact, ScheduleSlot.fact_id == Fact.id)
                .join(Document, Fact.document_id == Document.id)
                .where(ScheduleSlot.contact_id == contact_id)
                .order_by(ScheduleSlot.kind, ScheduleSlot.weekday, ScheduleSlot.opens))
        slots, sources = [], {}
        with Session(self.engine) as session:
            for slot, fact, doc in session.execute(stmt):
                slots.append(Slot(slot.weekday, parse_hhmm(slot.opens), parse_hhmm(slot.closes), slot.kind))
                sources.setdefault(doc.id, self._source(fact, doc))
        if not slots:
            return None
        return Schedule(contact, tuple(slots), tuple(sources.values()))

    def scheduled_contact_ids(self) -> List[str]:
        stmt = (select(Contact.id).join(ScheduleSlot, ScheduleSlot.contact_id == Contact.id)
                .group_by(Contact.id, Contact.position).order_by(Contact.position))
        with Session(self.engine) as session:
            return list(session.scalars(stmt))

    @staticmethod
    def _menu_stmt(contact_id: str):
        return (select(MenuOption, Fact, Document)
                .join(Fact, MenuOption.fact_id == Fact.id)
                .join(Document, Fact.document_id == Document.id)
                .where(MenuOption.contact_id == contact_id))

    def _menu_choices(self, stmt) -> List[MenuChoice]:
        with Session(self.engine) as session:
            return [MenuChoice(o.position, o.label, o.is_default, self._source(f, d))
                    for o, f, d in session.execute(stmt)]

    def menu(self, contact_id: str) -> List[MenuChoice]:
        return self._menu_choices(self._menu_stmt(contact_id).order_by(MenuOption.position))

    def menu_choice_for(self, contact_id: str, text: str) -> Optional[MenuChoice]:
        """The voice-menu choice for the profession named in the text (longest alias wins), or None."""
        words = normalize_words(text)
        if not words:
            return None
        padded = literal(f" {words} ")
        stmt = (self._menu_stmt(contact_id)
                .join(MenuOptionAlias, MenuOptionAlias.option_id == MenuOption.id)
                .where(padded.like(literal("% ") + MenuOptionAlias.alias + literal(" %")))
                .order_by(func.length(MenuOptionAlias.alias).desc(), MenuOption.position)
                .limit(1))
        found = self._menu_choices(stmt)
        return found[0] if found else None
