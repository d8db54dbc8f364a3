"""The knowledge base schema. Every row that states something points to a `facts` row: its source and quote."""
from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class Document(Base):
    __tablename__ = "documents"

    id = Column(String(8), primary_key=True)
    file = Column(String(200), nullable=False)
    title = Column(Text, nullable=False)
    subject = Column(Text, nullable=False, default="")
    issuer = Column(Text, nullable=False)
    region = Column(String(80), nullable=False)
    scope = Column(String(40), nullable=False)
    date = Column(String(10))
    date_label = Column(String(80), nullable=False)


class Fact(Base):
    """Provenance of one statement: which document, where in it, and the verbatim words that support it."""

    __tablename__ = "facts"

    id = Column(String(120), primary_key=True)
    topic = Column(String(40), nullable=False, index=True)
    kind = Column(String(40), nullable=False)
    document_id = Column(String(8), ForeignKey("documents.id"), nullable=False)
    section = Column(Text, nullable=False)
    quote = Column(Text, nullable=False)
    text = Column(Text)

    document = relationship(Document)


class Contact(Base):
    __tablename__ = "contacts"

    id = Column(String(60), primary_key=True)
    fact_id = Column(String(120), ForeignKey("facts.id"), nullable=False)
    name = Column(Text, nullable=False)
    role = Column(Text, nullable=False)
    phone = Column(Text)
    phone_note = Column(Text)
    email = Column(Text)
    address = Column(Text)
    url = Column(Text)
    response_delay = Column(Text)
    appointment_only = Column(Boolean, nullable=False, default=False)
    audience_menu_choice = Column(Integer)
    is_general = Column(Boolean, nullable=False, default=False)
    position = Column(Integer, nullable=False)

    fact = relationship(Fact)


class ContactAlias(Base):
    """A normalised word or phrase (a service's name or a need) that designates a contact."""

    __tablename__ = "contact_aliases"
    __table_args__ = (UniqueConstraint("alias", name="uq_contact_alias"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    contact_id = Column(String(60), ForeignKey("contacts.id"), nullable=False, index=True)
    alias = Column(String(120), nullable=False)


class ScheduleSlot(Base):
    """One opening span of a contact on one weekday (0 = Monday), local Martinique time, "HH:MM"."""

    __tablename__ = "schedule_slots"

    id = Column(Integer, primary_key=True, autoincrement=True)
    contact_id = Column(String(60), ForeignKey("contacts.id"), nullable=False, index=True)
    fact_id = Column(String(120), ForeignKey("facts.id"), nullable=False)
    kind = Column(String(20), nullable=False)  # "open" or "off_peak"
    weekday = Column(Integer, nullable=False)
    opens = Column(String(5), nullable=False)
    closes = Column(String(5), nullable=False)

    fact = relationship(Fact)


class MenuOption(Base):
    """A choice of a contact's voice menu, in the order the menu offers it."""

    __tablename__ = "menu_options"

    id = Column(Integer, primary_key=True, autoincrement=True)
    contact_id = Column(String(60), ForeignKey("contacts.id"), nullable=False)
    fact_id = Column(String(120), ForeignKey("facts.id"), nullable=False)
    position = Column(Integer, nullable=False)
    label = Column(Text, nullable=False)
    is_default = Column(Boolean, nullable=False, default=False)


class MenuOptionAlias(Base):
    __tablename__ = "menu_option_aliases"
    __table_args__ = (UniqueConstraint("alias", name="uq_menu_option_alias"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    option_id = Column(Integer, ForeignKey("menu_options.id"), nullable=False, index=True)
    alias = Column(String(120), nullable=False)
