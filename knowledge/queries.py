"""The questions the assistant asks the knowledge base. The only module that touches SQL.

Results are plain frozen dataclasses, ordered deterministically, so that actions never see the ORM.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from sqlalchemy import func, literal, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from knowledge.hours import Slot, parse_hhmm
from knowledge.loader import make_engine
from knowledge.communes import Match, find_in_text, match_spelling
from knowledge.models import (AldAdmission, Answer, AnswerAlias, AnswerContact, AnswerFollowUp, BillingCode,
                              FamiIndicator, FamiIndicatorProfession, FamiProfession, FamiProfessionAlias,
                              Teleservice, TeleserviceAlias, TeleserviceContact, BillingCodeAlias, BillingCodeTarget,
                              CodeRule, CodeRuleCode, Commune, CommuneKey, Contact, ContactAlias, Contract,
                              ContractAlias, ContractCondition, ContractParameter, ContractZone, Document, Fact,
                              FactQuestion, Form, MenuOption, MenuOptionAlias, ScheduleSlot, SubstitutionMention, Zone)
from knowledge.records import form_digits
from knowledge.ranker import Ranker
from knowledge.search import Hit, SearchDocument, SearchIndex
from knowledge.text import normalize_words


@dataclass(frozen=True)
class Source:
    document_id: str
    title: str
    issuer: str
    date_label: str
    section: str
    date: Optional[str] = None  # ISO-like, for comparing documents; None when undated
    fact_id: Optional[str] = None  # the fact cited: replies list them so that a channel or the evaluation can trace


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


@dataclass(frozen=True)
class AnswerInfo:
    id: str
    topic: str
    subject: Optional[str]
    title: str
    text: str
    points: Tuple[str, ...]
    spoken: str
    next_step: Optional[str]
    conflicts_with: Optional[str]
    source: Source
    contacts: Tuple[ContactInfo, ...] = ()
    described_for: Optional[str] = None  # a scheme another caisse describes for its own territory
    concerns: Optional[str] = None  # the professions the rule is written for (« auxiliaires médicaux »), if not all


@dataclass(frozen=True)
class TeleserviceInfo:
    id: str
    acronym: Optional[str]
    name: str
    purpose: str
    users: Optional[str]
    access: Optional[str]
    spoken: str
    answer_id: Optional[str]
    source: Source
    contacts: Tuple[ContactInfo, ...] = ()


@dataclass(frozen=True)
class FamiIndicatorInfo:
    id: str
    label: str
    detail: Optional[str]
    proof: Optional[str]
    neutralised: bool
    professions: Tuple[str, ...]  # as the document names them
    source: Source


@dataclass(frozen=True)
class ScoredAnswer:
    """An answer found in a message, with the length of the words that named it (longer is more specific)."""

    answer: AnswerInfo
    score: int


@dataclass(frozen=True)
class AldAdmissionInfo:
    number: int
    name: str
    partly: bool  # argued for part of the affections of that ALD only, the others being simplified
    answer_id: str
    source: Source


@dataclass(frozen=True)
class FormInfo:
    number: str
    name: str
    purpose: str
    spoken: str
    answer_id: str
    source: Source


@dataclass(frozen=True)
class MentionInfo:
    code: str
    situation: str
    mention: str
    answer_id: str
    source: Source


@dataclass(frozen=True)
class ZoneInfo:
    id: str
    label: str
    fragile: bool
    description: str
    source: Source


@dataclass(frozen=True)
class CommuneInfo:
    insee: str
    name: str
    territory: str
    population: int
    zone: ZoneInfo
    source: Source


@dataclass(frozen=True)
class Condition:
    code: str
    text: str
    source: Source


@dataclass(frozen=True)
class ContractInfo:
    id: str
    name: str
    full_name: str
    purpose: str
    profession: str
    duration: str
    decree: Optional[str]
    spoken: str
    zones: Tuple[str, ...]
    conditions: Tuple[Condition, ...]
    parameters: Dict[str, float] = field(hash=False, compare=False)
    source: Optional[Source] = None
    parameter_sources: Tuple[Source, ...] = ()


@dataclass(frozen=True)
class CodeInfo:
    code: str
    label: str
    nomenclature: str
    kind: str
    value: Optional[float]
    role: Optional[str]
    age_below: Optional[float]
    sectors: Optional[str]
    conditions: Optional[str]
    spoken: str
    applies_to: Tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class RuleInfo:
    id: str
    kind: str
    code: Optional[str]
    value: Optional[float]
    period: Optional[str]
    act_from: Optional[str]
    act_to: Optional[str]
    call_from: Optional[str]
    call_to: Optional[str]
    text: str
    others: Tuple[str, ...]
    exceptions: Tuple[str, ...]
    source: Source


def _sourced(model):
    """SELECT model rows with the fact and the document they come from."""
    return (select(model, Fact, Document)
            .join(Fact, model.fact_id == Fact.id)
            .join(Document, Fact.document_id == Document.id))


def _alias_pattern(column):
    return literal("% ") + column + literal(" %")


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
        return Source(document.id, document.title, document.issuer, document.date_label, fact.section, document.date,
                      fact.id)

    @staticmethod
    def _longest_aliases(session: Session, id_column, alias_column, text: str, stmt=None) -> Dict[str, int]:
        """Each row with an alias occurring as whole words in the text → the length of its longest such alias (the
        most specific match wins). `stmt`, when given, selects (id, longest) with its own joins and conditions."""
        words = normalize_words(text)
        if not words:
            return {}
        stmt = select(id_column, func.max(func.length(alias_column))) if stmt is None else stmt
        stmt = stmt.where(literal(f" {words} ").like(_alias_pattern(alias_column))).group_by(id_column)
        return dict(session.execute(stmt).all())

    def _contact_rows(self, session: Session, *conditions) -> List[ContactInfo]:
        stmt = (_sourced(Contact)
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
        with Session(self.engine) as session:
            scores = self._longest_aliases(session, ContactAlias.contact_id, ContactAlias.alias, text)
            if not scores:
                return []
            contacts = self._contact_rows(session, Contact.id.in_(scores))
        contacts.sort(key=lambda c: -scores[c.id])
        return contacts[:limit]

    def schedule(self, contact_id: str) -> Optional[Schedule]:
        contact = self.contact(contact_id)
        if contact is None:
            return None
        stmt = (_sourced(ScheduleSlot)
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
        return (_sourced(MenuOption)
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
        stmt = (self._menu_stmt(contact_id)
                .join(MenuOptionAlias, MenuOptionAlias.option_id == MenuOption.id)
                .where(literal(f" {words} ").like(_alias_pattern(MenuOptionAlias.alias)))
                .order_by(func.length(MenuOptionAlias.alias).desc(), MenuOption.position)
                .limit(1))
        found = self._menu_choices(stmt)
        return found[0] if found else None

    # --- answers -----------------------------------------------------------------------------------------------

    def _answers(self, session: Session, *conditions) -> List[AnswerInfo]:
        stmt = (_sourced(Answer)
                .where(*conditions)
                .order_by(Answer.position))
        rows = list(session.execute(stmt))
        links: Dict[str, List[str]] = {}
        if rows:
            link_stmt = (select(AnswerContact.answer_id, AnswerContact.contact_id)
                         .where(AnswerContact.answer_id.in_([a.id for a, _, _ in rows]))
                         .order_by(AnswerContact.answer_id, AnswerContact.position))
            for answer_id, contact_id in session.execute(link_stmt):
                links.setdefault(answer_id, []).append(contact_id)
        contacts = {c.id: c for c in self._contact_rows(session, Contact.id.in_(
            [cid for ids in links.values() for cid in ids]))} if links else {}
        return [AnswerInfo(a.id, a.topic, a.subject, a.title, a.text, tuple((a.points or "").splitlines()), a.spoken,
                           a.next_step, a.conflicts_with, self._source(f, d),
                           tuple(contacts[cid] for cid in links.get(a.id, ()) if cid in contacts), a.described_for,
                           a.concerns)
                for a, f, d in rows]

    def answer(self, answer_id: str) -> Optional[AnswerInfo]:
        with Session(self.engine) as session:
            found = self._answers(session, Answer.id == answer_id)
        return found[0] if found else None

    def audiences(self) -> Dict[str, str]:
        """The answers whose rule the documents write for some professions only: answer id → those professions."""
        with Session(self.engine) as session:
            return dict(session.execute(select(Answer.id, Answer.concerns).where(Answer.concerns.isnot(None))
                                        .order_by(Answer.id)).all())

    def answers_described_elsewhere(self) -> List[AnswerInfo]:
        """The schemes another caisse describes for its own territory (never presented as the CGSS Martinique's)."""
        with Session(self.engine) as session:
            return self._answers(session, Answer.described_for.isnot(None))

    def answers_about(self, subject: str) -> List[AnswerInfo]:
        with Session(self.engine) as session:
            return self._answers(session, Answer.subject == subject)

    def find_answers(self, text: str, topics: Sequence[str] = (), limit: int = 3,
                     min_alias_length: int = 0) -> List[AnswerInfo]:
        """Answers whose aliases occur in the text as whole words, most specific (longest alias) first; only those
        whose best alias has at least `min_alias_length` characters when given."""
        return [found.answer for found in self.scored_answers(text, topics, limit, min_alias_length)]

    def scored_answers(self, text: str, topics: Sequence[str] = (), limit: int = 3,
                       min_alias_length: int = 0) -> List[ScoredAnswer]:
        stmt = select(AnswerAlias.answer_id, func.max(func.length(AnswerAlias.alias)))
        stmt = stmt.join(Answer, Answer.id == AnswerAlias.answer_id)
        if topics:
            stmt = stmt.where(Answer.topic.in_(topics))
        if min_alias_length:
            stmt = stmt.having(func.max(func.length(AnswerAlias.alias)) >= min_alias_length)
        return self._scored(stmt, AnswerAlias.alias, AnswerAlias.answer_id, text, limit)

    def follow_ups(self, text: str, after_topic: str, limit: int = 3) -> List[ScoredAnswer]:
        """Answers a short follow-up asks for right after an answer of `after_topic`, most specific first."""
        stmt = (select(AnswerFollowUp.answer_id, func.max(func.length(AnswerFollowUp.phrase)))
                .where(AnswerFollowUp.after_topic == after_topic))
        return self._scored(stmt, AnswerFollowUp.phrase, AnswerFollowUp.answer_id, text, limit)

    def _scored(self, stmt, phrase_column, answer_column, text: str, limit: int) -> List[ScoredAnswer]:
        with Session(self.engine) as session:
            scores = self._longest_aliases(session, answer_column, phrase_column, text, stmt)
            if not scores:
                return []
            found = self._answers(session, Answer.id.in_(scores))
        found.sort(key=lambda a: -scores[a.id])  # stable: equal scores keep the file's order
        return [ScoredAnswer(a, scores[a.id]) for a in found[:limit]]

    # --- zoning --------------------------------------------------------------------------------------------------

    def _zone_info(self, zone: Zone, fact: Fact, document: Document) -> ZoneInfo:
        return ZoneInfo(zone.id, zone.label, zone.fragile, zone.description, self._source(fact, document))

    def zones(self) -> List[ZoneInfo]:
        stmt = (_sourced(Zone).order_by(Zone.position))
        with Session(self.engine) as session:
            return [self._zone_info(z, f, d) for z, f, d in session.execute(stmt)]

    def communes(self, zone_id: Optional[str] = None, insee: Optional[str] = None) -> List[CommuneInfo]:
        """Communes in alphabetical order of name: all, those of one kind of zone, or the one of an INSEE code."""
        zones = {z.id: z for z in self.zones()}
        stmt = _sourced(Commune).order_by(Commune.name)
        if zone_id:
            stmt = stmt.where(Commune.zone_id == zone_id)
        if insee:
            stmt = stmt.where(Commune.insee == insee)
        with Session(self.engine) as session:
            return [CommuneInfo(c.insee, c.name, c.territory, c.population, zones[c.zone_id], self._source(f, d))
                    for c, f, d in session.execute(stmt)]

    def commune(self, insee: str) -> Optional[CommuneInfo]:
        found = self.communes(insee=insee)
        return found[0] if found else None

    def commune_index(self) -> Dict[str, str]:
        """Every spelling key → INSEE code. Read once per knowledge base: 34 communes, a few hundred bytes."""
        if getattr(self, "_commune_index", None) is None:
            with Session(self.engine) as session:
                self._commune_index = dict(session.execute(select(CommuneKey.key, CommuneKey.insee)
                                                           .order_by(CommuneKey.key)).all())
        return self._commune_index

    def match_commune(self, spelling: str) -> Optional[Match]:
        """The commune a user's spelling names (exact or within a letter or two), or None."""
        return match_spelling(spelling, self.commune_index())

    def find_commune(self, text: str) -> Optional[Match]:
        """The commune named, exactly, somewhere in a message, or None."""
        return find_in_text(text, self.commune_index())

    # --- contracts -----------------------------------------------------------------------------------------------

    def contract(self, contract_id: str) -> Optional[ContractInfo]:
        found = self._contracts(Contract.id == contract_id)
        return found[0] if found else None

    def contracts(self) -> List[ContractInfo]:
        return self._contracts()

    def _contracts(self, *conditions) -> List[ContractInfo]:
        stmt = (_sourced(Contract).where(*conditions).order_by(Contract.position))
        with Session(self.engine) as session:
            rows = list(session.execute(stmt))
            ids = [c.id for c, _, _ in rows]
            zones: Dict[str, List[str]] = {}
            for cid, zid in session.execute(select(ContractZone.contract_id, ContractZone.zone_id)
                                            .where(ContractZone.contract_id.in_(ids))
                                            .order_by(ContractZone.contract_id, ContractZone.id)):
                zones.setdefault(cid, []).append(zid)
            conds: Dict[str, List[Condition]] = {}
            for cond, fact, doc in session.execute(
                    _sourced(ContractCondition)
                    .where(ContractCondition.contract_id.in_(ids)).order_by(ContractCondition.position)):
                conds.setdefault(cond.contract_id, []).append(Condition(cond.code, cond.text, self._source(fact, doc)))
            params: Dict[str, Dict[str, float]] = {}
            param_sources: Dict[str, Dict[str, Source]] = {}
            for param, fact, doc in session.execute(
                    _sourced(ContractParameter)
                    .where(ContractParameter.contract_id.in_(ids)).order_by(ContractParameter.id)):
                params.setdefault(param.contract_id, {})[param.name] = param.value
                param_sources.setdefault(param.contract_id, {}).setdefault(doc.id, self._source(fact, doc))
            return [ContractInfo(c.id, c.name, c.full_name, c.purpose, c.profession, c.duration, c.decree, c.spoken,
                                 tuple(zones.get(c.id, ())), tuple(conds.get(c.id, ())), params.get(c.id, {}),
                                 self._source(f, d), tuple(param_sources.get(c.id, {}).values()))
                    for c, f, d in rows]

    def find_contracts(self, text: str) -> List[ContractInfo]:
        """Contracts named in the text, longest alias first."""
        with Session(self.engine) as session:
            scores = self._longest_aliases(session, ContractAlias.contract_id, ContractAlias.alias, text)
        found = self._contracts(Contract.id.in_(scores)) if scores else []
        found.sort(key=lambda c: -scores[c.id])
        return found

    # --- billing codes -------------------------------------------------------------------------------------------

    def codes(self) -> List[CodeInfo]:
        """Every billing code, in the fact file's order. Read once per knowledge base (a few dozen rows)."""
        if getattr(self, "_codes", None) is None:
            stmt = (_sourced(BillingCode).order_by(BillingCode.position))
            with Session(self.engine) as session:
                targets: Dict[str, List[str]] = {}
                for code, act in session.execute(select(BillingCodeTarget.code, BillingCodeTarget.act)
                                                  .order_by(BillingCodeTarget.id)):
                    targets.setdefault(code, []).append(act)
                self._codes = [CodeInfo(c.code, c.label, c.nomenclature, c.kind, c.value, c.role, c.age_below,
                                        c.sectors, c.conditions, c.spoken, tuple(targets.get(c.code, ())),
                                        self._source(f, d))
                               for c, f, d in session.execute(stmt)]
        return self._codes

    def code(self, code: str) -> Optional[CodeInfo]:
        found = [c for c in self.codes() if c.code == code.upper()]
        return found[0] if found else None

    def code_rules(self) -> List[RuleInfo]:
        if getattr(self, "_code_rules", None) is None:
            stmt = (_sourced(CodeRule).order_by(CodeRule.position))
            with Session(self.engine) as session:
                linked: Dict[Tuple[str, str], List[str]] = {}
                for rule_id, code, relation in session.execute(
                        select(CodeRuleCode.rule_id, CodeRuleCode.code, CodeRuleCode.relation)
                        .order_by(CodeRuleCode.id)):
                    linked.setdefault((rule_id, relation), []).append(code)
                self._code_rules = [
                    RuleInfo(r.id, r.kind, r.code, r.value, r.period, r.act_from, r.act_to, r.call_from, r.call_to,
                             r.text, tuple(linked.get((r.id, "other"), ())),
                             tuple(linked.get((r.id, "exception"), ())), self._source(f, d))
                    for r, f, d in session.execute(stmt)]
        return self._code_rules

    def codes_named_in(self, text: str) -> List[str]:
        """Codes designated by words rather than letters ("visite longue" → VL), longest alias first."""
        with Session(self.engine) as session:
            scores = self._longest_aliases(session, BillingCodeAlias.code, BillingCodeAlias.alias, text)
        return sorted(scores, key=lambda code: (-scores[code], code))

    # --- ALD, forms, mentions ------------------------------------------------------------------------------------

    def ald_admissions(self) -> List[AldAdmissionInfo]:
        """The ALD of the list whose admission is not simplified, by number."""
        with Session(self.engine) as session:
            return [AldAdmissionInfo(a.number, a.name, a.admission == "partly_argued", a.answer_id,
                                     self._source(f, d))
                    for a, f, d in session.execute(_sourced(AldAdmission).order_by(AldAdmission.number))]

    def forms(self) -> List[FormInfo]:
        """The cerfa forms the documents name. Read once per knowledge base: every sick-leave question looks."""
        if getattr(self, "_forms", None) is None:
            with Session(self.engine) as session:
                self._forms = [FormInfo(f.number, f.name, f.purpose, f.spoken, f.answer_id, self._source(fact, d))
                               for f, fact, d in session.execute(_sourced(Form).order_by(Form.position))]
        return self._forms

    def form(self, written: str) -> Optional[FormInfo]:
        """The form a user's writing names ("cerfa n°6909", "s3116"), or None when no document names it."""
        digits = form_digits(written)
        found = [f for f in self.forms() if form_digits(f.number) == digits] if digits else []
        return found[0] if found else None

    def mentions(self) -> List[MentionInfo]:
        with Session(self.engine) as session:
            return [MentionInfo(m.code, m.situation, m.mention, m.answer_id, self._source(f, d))
                    for m, f, d in session.execute(_sourced(SubstitutionMention)
                                                   .order_by(SubstitutionMention.position))]

    def mention(self, code: str) -> Optional[MentionInfo]:
        found = [m for m in self.mentions() if m.code == code.strip().upper()]
        return found[0] if found else None

    # --- téléservices, FAMI --------------------------------------------------------------------------------------

    def teleservices(self) -> List[TeleserviceInfo]:
        """Every téléservice, in the order of the fact file. Read once per knowledge base (a few dozen rows)."""
        if getattr(self, "_teleservices", None) is None:
            with Session(self.engine) as session:
                links: Dict[str, List[str]] = {}
                for service_id, contact_id in session.execute(
                        select(TeleserviceContact.teleservice_id, TeleserviceContact.contact_id)
                        .order_by(TeleserviceContact.teleservice_id, TeleserviceContact.position)):
                    links.setdefault(service_id, []).append(contact_id)
                contacts = {c.id: c for c in self._contact_rows(session, Contact.id.in_(
                    [cid for ids in links.values() for cid in ids]))}
                self._teleservices = [
                    TeleserviceInfo(t.id, t.acronym, t.name, t.purpose, t.users, t.access, t.spoken, t.answer_id,
                                    self._source(f, d),
                                    tuple(contacts[c] for c in links.get(t.id, ()) if c in contacts))
                    for t, f, d in session.execute(_sourced(Teleservice).order_by(Teleservice.position))]
        return self._teleservices

    def find_teleservices(self, text: str, limit: int = 3) -> List[TeleserviceInfo]:
        """The téléservices the text names (acronym, name or need), most specific (longest alias) first."""
        with Session(self.engine) as session:
            scores = self._longest_aliases(session, TeleserviceAlias.teleservice_id, TeleserviceAlias.alias, text)
        found = [t for t in self.teleservices() if t.id in scores]
        found.sort(key=lambda t: -scores[t.id])
        return found[:limit]

    def fami_professions(self) -> Dict[str, str]:
        """Every way to name a FAMI profession (normalised) → the profession's id."""
        with Session(self.engine) as session:
            return dict(session.execute(select(FamiProfessionAlias.alias, FamiProfessionAlias.profession_id)
                                        .order_by(FamiProfessionAlias.alias)).all())

    def fami_profession_names(self) -> Dict[str, str]:
        """Profession id → its name as the document writes it, in the document's order."""
        with Session(self.engine) as session:
            return dict(session.execute(select(FamiProfession.id, FamiProfession.name)
                                        .order_by(FamiProfession.position)).all())

    def fami_indicators(self, profession_id: Optional[str] = None) -> List[FamiIndicatorInfo]:
        """The FAMI indicators, all or those of one profession, in the document's order."""
        with Session(self.engine) as session:
            names: Dict[str, List[str]] = {}
            for indicator_id, name in session.execute(
                    select(FamiIndicatorProfession.indicator_id, FamiProfession.name)
                    .join(FamiProfession, FamiProfession.id == FamiIndicatorProfession.profession_id)
                    .order_by(FamiIndicatorProfession.indicator_id, FamiProfession.position)):
                names.setdefault(indicator_id, []).append(name)
            stmt = _sourced(FamiIndicator).order_by(FamiIndicator.position)
            if profession_id:
                stmt = stmt.where(FamiIndicator.id.in_(
                    select(FamiIndicatorProfession.indicator_id)
                    .where(FamiIndicatorProfession.profession_id == profession_id)))
            return [FamiIndicatorInfo(i.id, i.label, i.detail, i.proof, i.neutralised, tuple(names.get(i.id, ())),
                                      self._source(f, d)) for i, f, d in session.execute(stmt)]

    # --- search: the long tail ---------------------------------------------------------------------------------

    def search_documents(self) -> List[SearchDocument]:
        """Every answer, téléservice, contact and billing code with the texts a question may match: its name, aliases
        and `questions:` weigh most, then its text, then the source's own words (the fact's quote)."""
        with Session(self.engine) as session:
            def grouped(stmt) -> Dict[str, List[str]]:
                out: Dict[str, List[str]] = {}
                for key, value in session.execute(stmt):
                    out.setdefault(key, []).append(value)
                return out

            questions = grouped(select(FactQuestion.fact_id, FactQuestion.question)
                                .order_by(FactQuestion.fact_id, FactQuestion.position))
            answer_aliases = grouped(select(AnswerAlias.answer_id, AnswerAlias.alias).order_by(AnswerAlias.id))
            service_aliases = grouped(select(TeleserviceAlias.teleservice_id, TeleserviceAlias.alias)
                                      .order_by(TeleserviceAlias.id))
            contact_aliases = grouped(select(ContactAlias.contact_id, ContactAlias.alias).order_by(ContactAlias.id))
            code_aliases = grouped(select(BillingCodeAlias.code, BillingCodeAlias.alias).order_by(BillingCodeAlias.id))

            def fields(fact: Fact, names: Sequence[Tuple[Optional[str], float]], key: str,
                       alias_map: Dict[str, List[str]]) -> Tuple[Tuple[str, float], ...]:
                return tuple((text, weight) for text, weight in (
                    *names, (" ; ".join(alias_map.get(key, [])), 2.5),
                    (" ; ".join(questions.get(fact.id, [])), 2.0), (fact.quote, 0.5)) if text)

            documents = [SearchDocument("answer", a.id, f.id, a.topic, a.title, fields(
                f, [(a.title, 2.0), (a.text, 1.0), (a.points, 1.0), (a.next_step, 0.3)], a.id, answer_aliases))
                for a, f, _ in session.execute(_sourced(Answer).order_by(Answer.position))]
            documents += [SearchDocument("teleservice", t.id, f.id, f.topic, t.name, fields(
                f, [(t.name, 2.0), (t.purpose, 1.0), (t.users, 0.5), (t.access, 0.5)], t.id, service_aliases))
                for t, f, _ in session.execute(_sourced(Teleservice).order_by(Teleservice.position))]
            documents += [SearchDocument("contact", c.id, f.id, f.topic, c.name, fields(
                f, [(c.name, 2.0), (c.role, 1.0)], c.id, contact_aliases))
                for c, f, _ in session.execute(_sourced(Contact).order_by(Contact.position))]
            documents += [SearchDocument("code", c.code, f.id, f.topic, f"{c.code} : {c.label}", fields(
                f, [(f"{c.code} {c.label}", 2.0), (c.conditions, 1.0), (c.sectors, 0.3)], c.code, code_aliases))
                for c, f, _ in session.execute(_sourced(BillingCode).order_by(BillingCode.position))]
        return documents

    def search(self, text: str, topics: Sequence[str] = (), limit: int = 3) -> List[Hit]:
        """The facts best matching a free question, best first, each with how much of the question it covers.
        The index is built on first use from `search_documents` (once per knowledge base: the facts are read-only)."""
        if getattr(self, "_search_index", None) is None:
            self._search_index = SearchIndex(self.search_documents())
        return self._search_index.search(text, limit=limit, topics=topics)

    def alias_pairs(self) -> Dict[str, List[Tuple[str, str, str]]]:
        """Every alias as stored (normalised words) with what it names: (kind, id, alias), and the follow-up phrases
        as (previous topic, answer id, phrase). Read once by the ranker, which matches them in memory."""
        with Session(self.engine) as session:
            return {
                "answer": [("answer", i, a) for i, a in session.execute(
                    select(AnswerAlias.answer_id, AnswerAlias.alias).order_by(AnswerAlias.id))],
                "teleservice": [("teleservice", i, a) for i, a in session.execute(
                    select(TeleserviceAlias.teleservice_id, TeleserviceAlias.alias).order_by(TeleserviceAlias.id))],
                "contact": [("contact", i, a) for i, a in session.execute(
                    select(ContactAlias.contact_id, ContactAlias.alias).order_by(ContactAlias.id))],
                "code": [("code", i, a) for i, a in session.execute(
                    select(BillingCodeAlias.code, BillingCodeAlias.alias).order_by(BillingCodeAlias.id))],
                "follow_up": [(t, i, a) for t, i, a in session.execute(
                    select(AnswerFollowUp.after_topic, AnswerFollowUp.answer_id, AnswerFollowUp.phrase)
                    .order_by(AnswerFollowUp.id))]}

    def ranker(self) -> Ranker:
        """The ranker from a message to the facts it asks for (knowledge/ranker.py), built once per knowledge base."""
        if getattr(self, "_ranker", None) is None:
            self._ranker = Ranker(self)
        return self._ranker

    def informative_units(self, question: str) -> List[str]:
        """What a question says as the search reads it (stop words out, synonyms grouped), without the words most
        facts hold ("patient"): how precise the question is."""
        return self.search_index().informative_units(question)

    def says_something(self, text: str) -> bool:
        """Whether a text holds a word that is not a stop word (« ces », « la journée » say nothing)."""
        return bool(self.search_index().analyzer.units(text))

    def overlap(self, question: str, text: str) -> float:
        """How much of a question a text (one sentence of an answer) holds, weighted as the search weighs words."""
        return self.search_index().overlap(question, text)

    def search_index(self) -> SearchIndex:
        """The in-memory index of the search, built on first use."""
        self.search("")
        return self._search_index
