"""The zoning of Martinique for doctors: the zone of a commune, the communes of a zone, the ARS order."""
from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (DECLINED, Reply, add_answer, answer_question, decision_for, entity_values, kb, latest_text,
                            other_profession, screened, user_texts)
from knowledge import french
from knowledge.communes import Match
from knowledge.queries import CommuneInfo
from knowledge.ranker import ANSWER
from knowledge.text import normalize_words

COMMUNE_SLOT = "commune"
ORDER = "zoning.order"
DOCTORS_ONLY = "zoning.medecins_seulement"  # the documents' zoning is the doctors': none for other professions
ZONE_WORDS = (("vigilance", "vigilance"), ("zone a", "A"), ("zone b", "B"), ("zones a", "A"), ("zones b", "B"))


class CommuneLookup:
    """The commune named in a message: a `commune` entity (spelling tolerated), else exact words of the text."""

    def __init__(self, tracker: Tracker):
        self.values = entity_values(tracker, "commune")
        self.matches: List[Match] = []
        for value in self.values:
            match = kb().match_commune(value) or kb().find_commune(value)
            if match and all(m.insee != match.insee for m in self.matches):
                self.matches.append(match)
        if not self.matches:
            match = kb().find_commune(latest_text(tracker))
            if match:
                self.matches.append(match)
        practice = practice_commune(latest_text(tracker), self.matches)
        if practice is not None:  # « installé à Fort-de-France, une consultation avancée au Prêcheur »
            self.matches = [practice]

    @property
    def unknown(self) -> Optional[Text]:
        """The entity value that names no commune, when nothing else was found."""
        return self.values[0] if self.values and not self.matches else None

    @property
    def ambiguous(self) -> bool:
        return len(self.matches) > 1

    def commune(self) -> Optional[CommuneInfo]:
        return kb().commune(self.matches[0].insee) if len(self.matches) == 1 else None


# What introduces the commune of one's practice: « je suis installé à », « mon cabinet est au », « installée au ».
_PRACTICE_BEFORE = re.compile(r"\b(?:install\w*|cabinet)\b(?:\s+\w+){0,3}\s+(?:a|au|aux|en)\s+(?:l\s+)?$")


def practice_commune(text: Text, matches: List[Match]) -> Optional[Match]:
    """Among several communes named, the one the message says its practice is in (« je suis installé à
    Fort-de-France et je voudrais tenir une consultation avancée au Prêcheur »); None when none or several are."""
    if len(matches) < 2:
        return None
    words = normalize_words(text)
    places = {m.insee: [f.start() for f in re.finditer(re.escape(normalize_words(m.spelling)), words)] for m in matches}
    starts = sorted(p for found in places.values() for p in found)
    if len(starts) > 1 and re.search(r"\bou\b", words[starts[0]:starts[-1]]):
        return None  # « à Fort-de-France ou au Prêcheur ? »: a choice, not a practice and another place
    introduced = [m for m in matches if any(_PRACTICE_BEFORE.search(words[:p]) for p in places[m.insee])]
    return introduced[0] if len(introduced) == 1 else None


def commune_said_earlier(tracker: Tracker, messages: int = 6) -> Optional[Match]:
    """A commune named, exactly, in one of the asker's earlier messages (the latest excluded), newest first."""
    said = user_texts(tracker, messages)[1:]
    for text in said:
        match = kb().find_commune(text)
        if match is not None:
            return match
    return None


def commune_known(tracker: Tracker) -> Optional[CommuneInfo]:
    """The asker's commune when the conversation knows it: the slot, else a commune named in an earlier message."""
    insee = tracker.get_slot(COMMUNE_SLOT)
    if insee and kb().commune(str(insee)):
        return kb().commune(str(insee))
    match = commune_said_earlier(tracker)
    return kb().commune(match.insee) if match else None


def aid_payload(commune: CommuneInfo) -> Text:
    return "/ask_installation_aid" + json.dumps({"commune": commune.name}, ensure_ascii=False)


def add_commune_zone(reply: Reply, commune: CommuneInfo) -> None:
    reply.add("part_commune_zone", commune=commune.name, zone=commune.zone.label)
    reply.add("part_zone_fragile" if commune.zone.fragile else "part_zone_vigilance")


def add_unknown_commune(reply: Reply, spelling: Text) -> None:
    reply.add("part_commune_unknown", spelling=spelling, count=len(kb().communes()))


def zones_asked(text: Text) -> List[Text]:
    words = f" {normalize_words(text)} "
    return [zone for phrase, zone in ZONE_WORDS if f" {phrase} " in words]


def asks_a_contract(tracker: Tracker) -> bool:
    """Whether a question read as zoning names a contract and no commune: it asks about the contract in a zone."""
    named = entity_values(tracker, "contract") or kb().find_contracts(latest_text(tracker))
    return bool(named) and not CommuneLookup(tracker).matches


class ActionZoning(Action):
    def name(self) -> Text:
        return "action_zoning"

    @screened
    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        if asks_a_contract(tracker):  # "le CAIM pour 2 jours et demi en zone A": the contract's amount, not the zone
            from actions.aids import ActionContract  # actions.aids reads this module's commune helpers at import

            return ActionContract().run(dispatcher, tracker, domain)
        reply = Reply(domain, tracker)
        lookup = CommuneLookup(tracker)
        order = kb().answer(ORDER)
        sources = []
        events: List[Dict] = []
        commune = lookup.commune()
        if commune is None and not lookup.values and not zones_asked(latest_text(tracker)):
            commune = commune_known(tracker)  # « c'est quelle zone chez moi ? » after « installé au Lamentin »
        if commune:
            add_commune_zone(reply, commune)
            reply.add("part_zoning_order_date")
            reply.button(f"Quelles aides pour moi {french.at_place(commune.name)} ?", aid_payload(commune))
            sources.append(commune.source)
            events.append(SlotSet(COMMUNE_SLOT, commune.insee))
        elif lookup.ambiguous:  # several communes compared ("Ducos et Le Robert, même zone ?"): each zone once
            communes = [kb().commune(m.insee) for m in lookup.matches]
            by_zone: Dict[Text, List[CommuneInfo]] = {}
            for each in communes:
                by_zone.setdefault(each.zone.id, []).append(each)
                sources.append(each.source)
            for group in by_zone.values():
                names = french.join([c.name for c in group])
                reply.add("part_commune_zone" if len(group) == 1 else "part_communes_zone", commune=names,
                          zone=group[0].zone.label)
                reply.add("part_zone_fragile" if group[0].zone.fragile else "part_zone_vigilance")
            reply.add("part_zoning_order_date")
        elif lookup.unknown:
            add_unknown_commune(reply, lookup.unknown)
        else:
            asked = zones_asked(latest_text(tracker))
            decision = None if asked else decision_for(tracker)  # the zones asked are listed: nothing to rank
            if decision is not None and decision.verdict == ANSWER and decision.best.fact_id != ORDER:
                return answer_question(dispatcher, tracker, domain, decision=decision) or []  # « l'article ? »
            profession = other_profession(tracker)
            doctors_only = kb().answer(DOCTORS_ONLY) if profession else None
            if doctors_only:  # « zonage infirmier, quelles communes ? »: the documents only give the doctors'
                reply.source(add_answer(reply, doctors_only)).mark(DECLINED, True).send(dispatcher)
                return events
            if asked:
                for zone in kb().zones():
                    if zone.id in asked:
                        communes = kb().communes(zone.id)
                        reply.add("part_zone_communes", zone=zone.label, count=len(communes),
                                  communes=french.join([c.name for c in communes]))
                        sources.append(zone.source)
                reply.add("part_zoning_order_date")
            elif order:
                sources.extend(add_answer(reply, order))
                vigilance = kb().communes("vigilance")
                reply.add("part_zone_communes", zone="zone de vigilance", count=len(vigilance),
                          communes=french.join([c.name for c in vigilance]))
        if order and order.source not in sources:
            sources.append(order.source)
        reply.source(sources).send(dispatcher)
        return events
