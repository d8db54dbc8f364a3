"""The knowledge base schema. Every row that states something points to a `facts` row: its source and quote."""
from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, ForeignKey, Integer, String, Text, UniqueConstraint
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


class FactQuestion(Base):
    """A way a professional asks for a fact: it feeds the search (never the held-out evaluation set)."""

    __tablename__ = "fact_questions"

    id = Column(Integer, primary_key=True, autoincrement=True)
    fact_id = Column(String(120), ForeignKey("facts.id"), nullable=False, index=True)
    question = Column(Text, nullable=False)
    position = Column(Integer, nullable=False)


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


class Answer(Base):
    """A short sourced answer to one need (an installation step, a document list, a contract's payment…)."""

    __tablename__ = "answers"

    id = Column(String(120), primary_key=True)
    topic = Column(String(40), nullable=False, index=True)
    subject = Column(String(60))  # e.g. the contract an answer is about
    fact_id = Column(String(120), ForeignKey("facts.id"), nullable=False)
    title = Column(Text, nullable=False)
    text = Column(Text, nullable=False)
    points = Column(Text)  # one item per line
    spoken = Column(Text, nullable=False)
    next_step = Column(Text)
    conflicts_with = Column(String(120))  # another answer on the same rule from another document
    described_for = Column(String(60))  # a scheme another caisse describes for its own territory ("le Var")
    concerns = Column(String(60))  # the professions the rule is written for ("auxiliaires médicaux"), when not all
    position = Column(Integer, nullable=False)

    fact = relationship(Fact)


class AnswerAlias(Base):
    __tablename__ = "answer_aliases"
    __table_args__ = (UniqueConstraint("alias", name="uq_answer_alias"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    answer_id = Column(String(120), ForeignKey("answers.id"), nullable=False, index=True)
    alias = Column(String(120), nullable=False)


class AnswerContact(Base):
    """The contacts to give after an answer, in order."""

    __tablename__ = "answer_contacts"

    id = Column(Integer, primary_key=True, autoincrement=True)
    answer_id = Column(String(120), ForeignKey("answers.id"), nullable=False, index=True)
    contact_id = Column(String(60), ForeignKey("contacts.id"), nullable=False)
    position = Column(Integer, nullable=False)


class AnswerFollowUp(Base):
    """A short phrase that, right after an answer of `after_topic`, asks for this answer ("et pour la prolongation ?"
    after an ALD answer means the ALD's prolongation, after a sick-leave answer the sick leave's)."""

    __tablename__ = "answer_follow_ups"
    __table_args__ = (UniqueConstraint("after_topic", "phrase", name="uq_follow_up_phrase"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    answer_id = Column(String(120), ForeignKey("answers.id"), nullable=False, index=True)
    after_topic = Column(String(40), nullable=False)
    phrase = Column(String(120), nullable=False)


class Zone(Base):
    """A kind of zone of the ARS zoning order (zone A, zone B, zone de vigilance)."""

    __tablename__ = "zones"

    id = Column(String(20), primary_key=True)
    fact_id = Column(String(120), ForeignKey("facts.id"), nullable=False)
    label = Column(Text, nullable=False)
    fragile = Column(Boolean, nullable=False)
    description = Column(Text, nullable=False)
    position = Column(Integer, nullable=False)

    fact = relationship(Fact)


class Commune(Base):
    __tablename__ = "communes"

    insee = Column(String(5), primary_key=True)
    fact_id = Column(String(120), ForeignKey("facts.id"), nullable=False)
    name = Column(Text, nullable=False)
    territory = Column(Text, nullable=False)
    population = Column(Integer, nullable=False)
    zone_id = Column(String(20), ForeignKey("zones.id"), nullable=False, index=True)

    fact = relationship(Fact)


class CommuneKey(Base):
    """A compact spelling key of a commune (see knowledge.communes.commune_key): its names and usual shortenings."""

    __tablename__ = "commune_keys"
    __table_args__ = (UniqueConstraint("key", name="uq_commune_key"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    insee = Column(String(5), ForeignKey("communes.insee"), nullable=False, index=True)
    key = Column(String(80), nullable=False)


class Contract(Base):
    """A conventional contract or option (CAIM, COTRAM, COSCOM, CSTM, OPTAM, assistant médical aid…)."""

    __tablename__ = "contracts"

    id = Column(String(40), primary_key=True)
    fact_id = Column(String(120), ForeignKey("facts.id"), nullable=False)
    name = Column(Text, nullable=False)
    full_name = Column(Text, nullable=False)
    purpose = Column(Text, nullable=False)
    profession = Column(Text, nullable=False)
    duration = Column(Text, nullable=False)
    decree = Column(Text)
    spoken = Column(Text, nullable=False)
    position = Column(Integer, nullable=False)

    fact = relationship(Fact)


class ContractAlias(Base):
    __tablename__ = "contract_aliases"
    __table_args__ = (UniqueConstraint("alias", name="uq_contract_alias"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    contract_id = Column(String(40), ForeignKey("contracts.id"), nullable=False, index=True)
    alias = Column(String(120), nullable=False)


class ContractZone(Base):
    """A kind of zone where the contract applies."""

    __tablename__ = "contract_zones"

    id = Column(Integer, primary_key=True, autoincrement=True)
    contract_id = Column(String(40), ForeignKey("contracts.id"), nullable=False, index=True)
    zone_id = Column(String(20), ForeignKey("zones.id"), nullable=False)


class ContractCondition(Base):
    """One condition to benefit from a contract; `code` names it for the eligibility rules of knowledge.aids."""

    __tablename__ = "contract_conditions"

    id = Column(Integer, primary_key=True, autoincrement=True)
    contract_id = Column(String(40), ForeignKey("contracts.id"), nullable=False, index=True)
    fact_id = Column(String(120), ForeignKey("facts.id"), nullable=False)
    code = Column(String(40), nullable=False)
    text = Column(Text, nullable=False)
    position = Column(Integer, nullable=False)

    fact = relationship(Fact)


class ContractParameter(Base):
    """A figure of a contract's rule (an amount, a rate, a ceiling, an age), used by knowledge.aids."""

    __tablename__ = "contract_parameters"

    id = Column(Integer, primary_key=True, autoincrement=True)
    contract_id = Column(String(40), ForeignKey("contracts.id"), nullable=False, index=True)
    fact_id = Column(String(120), ForeignKey("facts.id"), nullable=False)
    name = Column(String(60), nullable=False)
    value = Column(Float, nullable=False)
    unit = Column(String(20), nullable=False)

    fact = relationship(Fact)


class BillingCode(Base):
    """A billing code (NGAP letter key or majoration, CCAM act); `value` in euros, NULL when no document gives it."""

    __tablename__ = "billing_codes"

    code = Column(String(12), primary_key=True)
    fact_id = Column(String(120), ForeignKey("facts.id"), nullable=False)
    label = Column(Text, nullable=False)
    nomenclature = Column(String(8), nullable=False)
    kind = Column(String(20), nullable=False)
    value = Column(Float)
    role = Column(String(20))
    age_below = Column(Float)
    sectors = Column(Text)
    conditions = Column(Text)
    spoken = Column(Text, nullable=False)
    position = Column(Integer, nullable=False)

    fact = relationship(Fact)


class BillingCodeAlias(Base):
    """Words that name a code without its letters ("visite longue" → VL)."""

    __tablename__ = "billing_code_aliases"
    __table_args__ = (UniqueConstraint("alias", name="uq_billing_code_alias"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    code = Column(String(12), ForeignKey("billing_codes.code"), nullable=False, index=True)
    alias = Column(String(120), nullable=False)


class BillingCodeTarget(Base):
    """An act a majoration may complete."""

    __tablename__ = "billing_code_targets"

    id = Column(Integer, primary_key=True, autoincrement=True)
    code = Column(String(12), ForeignKey("billing_codes.code"), nullable=False, index=True)
    act = Column(String(12), ForeignKey("billing_codes.code"), nullable=False)


class CodeRule(Base):
    """A combination rule the calculator reads: not_with, role, cap, ccam_exclusive, night, tariffs."""

    __tablename__ = "code_rules"

    id = Column(String(120), primary_key=True)
    fact_id = Column(String(120), ForeignKey("facts.id"), nullable=False)
    kind = Column(String(20), nullable=False)
    code = Column(String(12), ForeignKey("billing_codes.code"))
    value = Column(Float)
    period = Column(String(20))
    act_from = Column(String(5))
    act_to = Column(String(5))
    call_from = Column(String(5))
    call_to = Column(String(5))
    text = Column(Text, nullable=False)
    position = Column(Integer, nullable=False)

    fact = relationship(Fact)


class CodeRuleCode(Base):
    """The other codes of a rule: those it excludes (`other`) or lets through (`exception`)."""

    __tablename__ = "code_rule_codes"

    id = Column(Integer, primary_key=True, autoincrement=True)
    rule_id = Column(String(120), ForeignKey("code_rules.id"), nullable=False, index=True)
    code = Column(String(12), ForeignKey("billing_codes.code"), nullable=False)
    relation = Column(String(12), nullable=False)


class AldAdmission(Base):
    """An ALD of the list whose admission request is not simplified: argued, or argued for part of its conditions."""

    __tablename__ = "ald_admissions"

    number = Column(Integer, primary_key=True, autoincrement=False)
    fact_id = Column(String(120), ForeignKey("facts.id"), nullable=False)
    name = Column(Text, nullable=False)
    admission = Column(String(20), nullable=False)  # argued | partly_argued
    answer_id = Column(String(120), ForeignKey("answers.id"), nullable=False)
    position = Column(Integer, nullable=False)


class Form(Base):
    """A cerfa form the documents name: its number (S6909), what it is for, and the answer that explains it."""

    __tablename__ = "forms"

    number = Column(String(12), primary_key=True)
    digits = Column(String(12), nullable=False, unique=True)
    fact_id = Column(String(120), ForeignKey("facts.id"), nullable=False)
    name = Column(Text, nullable=False)
    purpose = Column(Text, nullable=False)
    spoken = Column(Text, nullable=False)
    answer_id = Column(String(120), ForeignKey("answers.id"), nullable=False)
    position = Column(Integer, nullable=False)


class SubstitutionMention(Base):
    """A justification of « non substituable » on a prescription: its code, the situation, the mention written."""

    __tablename__ = "substitution_mentions"

    code = Column(String(8), primary_key=True)
    fact_id = Column(String(120), ForeignKey("facts.id"), nullable=False)
    situation = Column(Text, nullable=False)
    mention = Column(Text, nullable=False)
    answer_id = Column(String(120), ForeignKey("answers.id"), nullable=False)
    position = Column(Integer, nullable=False)


class Teleservice(Base):
    """A téléservice of amelipro: what it does, who uses it and how, as the documents say (NULL when they do not)."""

    __tablename__ = "teleservices"

    id = Column(String(60), primary_key=True)
    fact_id = Column(String(120), ForeignKey("facts.id"), nullable=False)
    acronym = Column(String(20))
    name = Column(Text, nullable=False)
    purpose = Column(Text, nullable=False)
    users = Column(Text)
    access = Column(Text)
    spoken = Column(Text, nullable=False)
    answer_id = Column(String(120), ForeignKey("answers.id"))  # a fuller answer on the same service
    position = Column(Integer, nullable=False)


class TeleserviceAlias(Base):
    __tablename__ = "teleservice_aliases"
    __table_args__ = (UniqueConstraint("alias", name="uq_teleservice_alias"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    teleservice_id = Column(String(60), ForeignKey("teleservices.id"), nullable=False, index=True)
    alias = Column(String(120), nullable=False)


class TeleserviceContact(Base):
    __tablename__ = "teleservice_contacts"

    id = Column(Integer, primary_key=True, autoincrement=True)
    teleservice_id = Column(String(60), ForeignKey("teleservices.id"), nullable=False, index=True)
    contact_id = Column(String(60), ForeignKey("contacts.id"), nullable=False)
    position = Column(Integer, nullable=False)


class FamiProfession(Base):
    """A profession the FAMI campaign lists indicators for."""

    __tablename__ = "fami_professions"

    id = Column(String(40), primary_key=True)
    fact_id = Column(String(120), ForeignKey("facts.id"), nullable=False)
    name = Column(Text, nullable=False)
    position = Column(Integer, nullable=False)


class FamiProfessionAlias(Base):
    __tablename__ = "fami_profession_aliases"
    __table_args__ = (UniqueConstraint("alias", name="uq_fami_profession_alias"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    profession_id = Column(String(40), ForeignKey("fami_professions.id"), nullable=False, index=True)
    alias = Column(String(120), nullable=False)


class FamiIndicator(Base):
    """An indicator of the FAMI declaration: what to declare, what proof to keep, whether it was neutralised."""

    __tablename__ = "fami_indicators"

    id = Column(String(60), primary_key=True)
    fact_id = Column(String(120), ForeignKey("facts.id"), nullable=False)
    label = Column(Text, nullable=False)
    detail = Column(Text)
    proof = Column(Text)
    neutralised = Column(Boolean, nullable=False)
    position = Column(Integer, nullable=False)


class FamiIndicatorProfession(Base):
    __tablename__ = "fami_indicator_professions"

    id = Column(Integer, primary_key=True, autoincrement=True)
    indicator_id = Column(String(60), ForeignKey("fami_indicators.id"), nullable=False, index=True)
    profession_id = Column(String(40), ForeignKey("fami_professions.id"), nullable=False)
