"""FAMI: what the forfait is, the 2023 campaign (dates in the past, said so), where and how to declare, proofs, and
the indicators of the asker's profession from the table."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (TOPIC_SLOT, Reply, answer_question, decision_for, entity_values, is_overview_question, kb,
                            latest_text, professions_named, screened)
from knowledge.asking import asks_something, figure_asked
from knowledge.ranker import ANSWER, Candidate
from knowledge.text import contains_words, normalize_words

TOPIC = "fami"
OVERVIEW = "fami.fami_definition"
INDICATORS = "fami.fami_indicateurs"
CAMPAIGN = "fami.fami_campagne_2023"


def profession_in(tracker: Tracker) -> Optional[Text]:
    """The FAMI profession the message names (entity first, then the words, then the profession the conversation
    knows), by its longest name."""
    index = kb().fami_professions()
    for text in professions_named(tracker):
        words = normalize_words(text)
        named = [alias for alias in index if contains_words(words, alias)]
        if named:
            return index[max(named, key=len)]
    return None


_INDICATORS_ASKED = re.compile(r"\b(?:quels?|quelles?|lesquels)\b(?:\s+\w+){0,4}\s+(?:indicateurs?|equipements?)\b|"
                               r"\bdeclarer? quoi\b|\bquoi declarer\b|\bque (?:dois je |faut il )?declarer\b|"
                               r"\bce que (?:je dois |il faut )?declarer\b|\bconcerne\b")


# The words of a message that only ask for the indicators: a profession (a synonym group), the FAMI, its
# indicators, declaring, the campaign's year.
_NAMING_THE_INDICATORS = ("~", "indica", "declar", "saisi", "2023")


def indicators_asked(text: Text, best: Optional[Candidate]) -> bool:
    """Whether a message naming a profession asks for its indicators (« je suis kiné, je déclare quoi ? », « FAMI
    pour une orthophoniste ») rather than something else (« jusqu'à quand puis-je déclarer ? », « quel montant ? »):
    the message is short (the best fact the overview, if any) or asks what to declare."""
    if best is None or best.key == OVERVIEW or is_overview_question(text) or not asks_something(text):
        return True  # « ah non pardon, je suis chirurgien-dentiste »: the indicators again, for that profession
    said = [u for u in kb().informative_units(text) if not u.startswith(_NAMING_THE_INDICATORS)]
    if not said:
        return True  # « je suis médecin, mes indicateurs fami ? »: a profession, the FAMI, its indicators
    words = normalize_words(text)
    return bool(_INDICATORS_ASKED.search(words)) and figure_asked(words) is None


class ActionFami(Action):
    """A profession named and no more precise question → its indicators; a profession the campaign does not list
    → said so; otherwise the best-matching FAMI answer."""

    def name(self) -> Text:
        return "action_fami"

    @screened
    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict]:
        decision = decision_for(tracker)
        best = decision.best
        precise = decision.verdict == ANSWER and best.key not in (OVERVIEW, INDICATORS)
        profession = profession_in(tracker)
        asked = indicators_asked(latest_text(tracker), best)
        unlisted = profession is None and bool(entity_values(tracker, "profession")) and asked
        if not unlisted and (precise or profession is None or not asked):
            return answer_question(dispatcher, tracker, domain, None if precise else OVERVIEW, decision=decision) or []
        reply = Reply(domain, tracker)
        if profession is None:
            named = entity_values(tracker, "profession")[0]
            listed = list(kb().fami_profession_names().values())
            reply.add("part_fami_profession_absent", profession=named if len(named) <= 30 else "",
                      professions=", ".join(listed))
            sources = [kb().fami_indicators()[0].source]
        else:
            indicators = kb().fami_indicators(profession)
            reply.add("part_fami_indicators_for", profession=kb().fami_profession_names()[profession],
                      count=len(indicators))
            for indicator in indicators:
                reply.add("part_fami_indicator_neutralised" if indicator.neutralised else "part_fami_indicator",
                          label=indicator.label)
            campaign = kb().answer(CAMPAIGN)
            reply.add("part_fami_campaign_past", next_step=campaign.next_step)
            sources = [i.source for i in indicators] + [campaign.source]
        reply.source(sources).send(dispatcher)
        return [SlotSet(TOPIC_SLOT, TOPIC)]
