"""Builds the knowledge base database from the checked YAML facts."""
from __future__ import annotations

from typing import Dict, List, Optional

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from knowledge import config
from knowledge.communes import keys_for
from knowledge.models import (AldAdmission, Answer, AnswerAlias, AnswerContact, AnswerFollowUp, Base, FactQuestion,
                              FamiIndicator, FamiIndicatorProfession, FamiProfession, FamiProfessionAlias, Teleservice,
                              TeleserviceAlias, TeleserviceContact, BillingCode, BillingCodeAlias,
                              BillingCodeTarget, CodeRule, CodeRuleCode, Commune, CommuneKey, Contact, ContactAlias,
                              Contract, ContractAlias, ContractCondition, ContractParameter, ContractZone, Document,
                              Fact, Form, MenuOption, MenuOptionAlias, ScheduleSlot, SubstitutionMention, Zone)
from knowledge.records import WEEKDAYS, Record, aliases, form_digits, load_documents, quotes, read_records
from knowledge.text import normalize_words


def make_engine(url: Optional[str] = None) -> Engine:
    url = url or config.database_url()
    if url.startswith("sqlite:///"):
        config.DEFAULT_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    # pool_pre_ping: a connection the database dropped (restart, failover) is replaced, not handed to a query.
    return create_engine(url, future=True, pool_pre_ping=True)


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, _record) -> None:
    """SQLite ignores foreign keys unless asked: enforce them, as PostgreSQL does."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def _fact(record: Record, text: Optional[str] = None) -> Fact:
    quote = " […] ".join(" ".join(q.split()) for q in quotes(record))
    return Fact(id=record.id, topic=record.topic, kind=record.kind, document_id=record.document,
                section=record.section, quote=quote, text=text)


def _add_fact_first(session: Session, record: Record, text: Optional[str] = None) -> None:
    """The record's fact row, written before the row that refers to it (no relationship orders them)."""
    session.add(_fact(record, text))
    session.flush()


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


def _add_answer(session: Session, record: Record, position: int) -> None:
    raw = record.data
    session.add(_fact(record, raw["text"]))
    session.add(Answer(id=record.id, topic=record.topic, subject=raw.get("subject"), fact_id=record.id,
                       title=raw["title"], text=raw["text"], points="\n".join(raw.get("points") or []) or None,
                       spoken=raw["spoken"], next_step=raw.get("next_step"), conflicts_with=raw.get("conflicts_with"),
                       described_for=raw.get("described_for"), concerns=raw.get("concerns"), position=position))
    session.flush()
    for alias in aliases({"aliases": raw.get("aliases")}):
        session.add(AnswerAlias(answer_id=record.id, alias=alias))
    for i, contact_id in enumerate(raw.get("contacts") or [], start=1):
        session.add(AnswerContact(answer_id=record.id, contact_id=contact_id, position=i))
    for topic, phrases in (raw.get("follow_ups") or {}).items():
        for phrase in dict.fromkeys(normalize_words(str(p)) for p in phrases or []):
            session.add(AnswerFollowUp(answer_id=record.id, after_topic=topic, phrase=phrase))


def _add_teleservice(session: Session, record: Record, position: int) -> None:
    raw = record.data
    _add_fact_first(session, record, raw["purpose"])
    session.add(Teleservice(id=raw["id"], fact_id=record.id, acronym=raw.get("acronym"), name=raw["name"],
                            purpose=raw["purpose"], users=raw.get("users"), access=raw.get("access"),
                            spoken=raw["spoken"], answer_id=raw.get("answer"), position=position))
    session.flush()
    for alias in aliases({"aliases": [raw.get("acronym") or ""] + list(raw.get("aliases") or [])}):
        session.add(TeleserviceAlias(teleservice_id=raw["id"], alias=alias))
    for i, contact_id in enumerate(raw.get("contacts") or [], start=1):
        session.add(TeleserviceContact(teleservice_id=raw["id"], contact_id=contact_id, position=i))


def _add_fami_profession(session: Session, record: Record, position: int) -> None:
    raw = record.data
    _add_fact_first(session, record, raw["name"])
    session.add(FamiProfession(id=raw["id"], fact_id=record.id, name=raw["name"], position=position))
    session.flush()
    for alias in aliases({"aliases": [raw["name"]] + list(raw.get("aliases") or [])}):
        session.add(FamiProfessionAlias(profession_id=raw["id"], alias=alias))


def _add_fami_indicator(session: Session, record: Record, position: int) -> None:
    raw = record.data
    _add_fact_first(session, record, raw["label"])
    session.add(FamiIndicator(id=raw["id"], fact_id=record.id, label=raw["label"], detail=raw.get("detail"),
                              proof=raw.get("proof"), neutralised=bool(raw.get("neutralised")), position=position))
    session.flush()
    for profession in raw["professions"]:
        session.add(FamiIndicatorProfession(indicator_id=raw["id"], profession_id=profession))


def _add_ald_admission(session: Session, record: Record, position: int) -> None:
    raw = record.data
    _add_fact_first(session, record, raw["name"])
    session.add(AldAdmission(number=int(raw["number"]), fact_id=record.id, name=raw["name"],
                             admission=raw["admission"], answer_id=raw["answer"], position=position))


def _add_form(session: Session, record: Record, position: int) -> None:
    raw = record.data
    _add_fact_first(session, record, raw["purpose"])
    session.add(Form(number=str(raw["number"]), digits=form_digits(str(raw["number"])), fact_id=record.id,
                     name=raw["name"], purpose=raw["purpose"], spoken=raw["spoken"], answer_id=raw["answer"],
                     position=position))


def _add_mention(session: Session, record: Record, position: int) -> None:
    raw = record.data
    _add_fact_first(session, record, raw["mention"])
    session.add(SubstitutionMention(code=str(raw["code"]).upper(), fact_id=record.id, situation=raw["situation"],
                                    mention=raw["mention"], answer_id=raw["answer"], position=position))


def _add_zone(session: Session, record: Record, position: int) -> None:
    raw = record.data
    session.add(_fact(record, raw["description"]))
    session.add(Zone(id=str(raw["id"]), fact_id=record.id, label=raw["label"], fragile=bool(raw.get("fragile")),
                     description=raw["description"], position=position))


def _add_commune(session: Session, record: Record) -> None:
    raw = record.data
    session.add(_fact(record, f"{raw['name']} : {raw['zone']}"))
    session.add(Commune(insee=str(raw["insee"]), fact_id=record.id, name=raw["name"], territory=raw["territory"],
                        population=int(raw["population"]), zone_id=str(raw["zone"])))
    session.flush()
    for key in keys_for(raw["name"], raw.get("aliases") or []):
        session.add(CommuneKey(insee=str(raw["insee"]), key=key))


def _add_contract(session: Session, record: Record, position: int) -> None:
    raw = record.data
    session.add(_fact(record, raw["purpose"]))
    session.add(Contract(id=raw["id"], fact_id=record.id, name=raw["name"], full_name=raw["full_name"],
                         purpose=raw["purpose"], profession=raw["profession"], duration=raw["duration"],
                         decree=raw.get("decree"), spoken=raw["spoken"], position=position))
    session.flush()
    for alias in aliases(raw):
        session.add(ContractAlias(contract_id=raw["id"], alias=alias))
    for zone in raw.get("zones") or []:
        session.add(ContractZone(contract_id=raw["id"], zone_id=str(zone)))


def _add_condition(session: Session, record: Record, contract_id: str, position: int) -> None:
    raw = record.data
    session.add(_fact(record, raw["text"]))
    session.add(ContractCondition(contract_id=contract_id, fact_id=record.id, code=raw["code"], text=raw["text"],
                                  position=position))


def _add_parameter(session: Session, record: Record, contract_id: str) -> None:
    raw = record.data
    session.add(_fact(record))
    session.add(ContractParameter(contract_id=contract_id, fact_id=record.id, name=str(raw["name"]),
                                  value=float(raw["value"]), unit=raw["unit"]))


def _add_code(session: Session, record: Record, position: int) -> None:
    raw = record.data
    session.add(_fact(record, raw["label"]))
    session.add(BillingCode(code=raw["code"], fact_id=record.id, label=raw["label"], nomenclature=raw["nomenclature"],
                            kind=raw["kind"], value=raw.get("value"), role=raw.get("role"),
                            age_below=raw.get("age_below"), sectors=raw.get("sectors"),
                            conditions=raw.get("conditions"), spoken=raw["spoken"], position=position))


def _add_code_links(session: Session, record: Record) -> None:
    """Aliases and targets once every code exists (a majoration may name an act listed after it)."""
    raw = record.data
    for alias in aliases({"aliases": raw.get("aliases")}):
        session.add(BillingCodeAlias(code=raw["code"], alias=alias))
    for act in raw.get("applies_to") or []:
        session.add(BillingCodeTarget(code=raw["code"], act=act))


def _add_code_rule(session: Session, record: Record, position: int) -> None:
    raw = record.data
    session.add(_fact(record, raw["text"]))
    session.add(CodeRule(id=record.id, fact_id=record.id, kind=raw["kind"], code=raw.get("code"),
                         value=raw.get("value"), period=raw.get("period"), act_from=raw.get("act_from"),
                         act_to=raw.get("act_to"), call_from=raw.get("call_from"), call_to=raw.get("call_to"),
                         text=raw["text"], position=position))
    session.flush()
    for relation, key in (("other", "others"), ("exception", "exceptions")):
        for code in raw.get(key) or []:
            session.add(CodeRuleCode(rule_id=record.id, code=code, relation=relation))


# Kinds in the order their tables must be filled for the foreign keys (contacts before answers' contacts,
# zones before communes and contracts).
LOAD_ORDER = ("contact", "schedule", "menu_option", "zone", "commune", "contract", "condition", "parameter",
              "answer", "code", "code_rule", "ald_admission", "form", "mention", "teleservice", "fami_profession",
              "fami_indicator")


# Kinds whose rows need nothing but their rank in the fact files.
ADD_IN_FILE_ORDER = {"answer": _add_answer, "zone": _add_zone, "code": _add_code, "code_rule": _add_code_rule,
                     "ald_admission": _add_ald_admission, "form": _add_form, "mention": _add_mention,
                     "teleservice": _add_teleservice, "fami_profession": _add_fami_profession,
                     "fami_indicator": _add_fami_indicator}


def build(engine: Optional[Engine] = None, records: Optional[List[Record]] = None) -> Dict[str, int]:
    """Drops and recreates every table, then loads documents and facts in one transaction. Returns row counts."""
    engine = engine or make_engine()
    records = read_records() if records is None else records
    documents = load_documents()
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    contact_ids: Dict[str, str] = {}
    contract_ids: Dict[str, str] = {}
    counts: Dict[str, int] = {}
    with Session(engine) as session, session.begin():
        for doc in documents.values():
            session.add(Document(id=doc.id, file=doc.file, title=doc.title, subject=doc.subject, issuer=doc.issuer,
                                 region=doc.region, scope=doc.scope, date=doc.date, date_label=doc.date_label))
        session.flush()
        menu_positions: Dict[str, int] = {}
        positions: Dict[str, int] = {}
        ordered = sorted(records, key=lambda r: LOAD_ORDER.index(r.kind))
        for record in ordered:
            positions[record.kind] = positions.get(record.kind, 0) + 1
            if record.kind == "contact":
                contact_ids[record.id] = record.data["id"]
                _add_contact(session, record, len(contact_ids))
            elif record.kind == "schedule":
                _add_schedule(session, record, contact_ids[record.parent])
            elif record.kind == "menu_option":
                position = menu_positions.get(record.parent, 0) + 1
                menu_positions[record.parent] = position
                _add_menu_option(session, record, contact_ids[record.parent], position)
            elif record.kind == "commune":
                _add_commune(session, record)
            elif record.kind == "contract":
                contract_ids[record.id] = record.data["id"]
                _add_contract(session, record, positions["contract"])
            elif record.kind == "condition":
                _add_condition(session, record, contract_ids[record.parent], positions["condition"])
            elif record.kind == "parameter":
                _add_parameter(session, record, contract_ids[record.parent])
            else:
                ADD_IN_FILE_ORDER[record.kind](session, record, positions[record.kind])
            counts[record.kind] = counts.get(record.kind, 0) + 1
            session.flush()
            for i, question in enumerate(record.data.get("questions") or [], start=1):
                session.add(FactQuestion(fact_id=record.id, question=" ".join(str(question).split()), position=i))
        for record in ordered:
            if record.kind == "code":
                _add_code_links(session, record)
    return counts
