"""FAMI: what the forfait is, the 2023 campaign (dates in the past, said so), where and how to declare, proofs, and
the indicators of the asker's profession from the table."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (TOPIC_SLOT, Reply, answer_question, decision_for, entity_values, facts_given_before,
                            is_overview_question, kb, latest_text, professions_named, screened)
from knowledge.asking import asks_something, continues_previous, figure_asked, without_acknowledgement
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
                               r"\bce que (?:je dois |il faut )?declarer\b|\bconcerne\b|"
                               r"\bquoi comme (?:indicateurs?|equipements?)\b|"
                               r"\bindicateurs? (?:a|pour) (?:remplir|saisir|declarer|renseigner|cocher)\b")


# The words of a message that only ask for the indicators: a profession (a synonym group), the FAMI, its
# indicators, declaring, filling them in, how many and which, the campaign's year.
_NAMING_THE_INDICATORS = ("~", "indica", "declar", "saisi", "rempli", "rensei", "combie", "lesque", "2023")
# The facts that answer for every profession at once what one profession's list answers for it.
_EVERY_PROFESSION = (OVERVIEW, INDICATORS, "fami.fami_nombre_indicateurs", "fami.fami_medecins")


def only_the_indicators_asked(text: Text) -> bool:
    """Whether a message asks for the indicators and says nothing else (« kiné, quels indicateurs dois-je renseigner
    pour la FAMI 2023 ? », « sage-femme, combien d'indicateurs ? lesquels ? »): a profession's list answers it better
    than any fact on the indicators of every profession; « lesquels sont pré-remplis ? » asks more."""
    units = kb().informative_units(without_acknowledgement(text))
    asks = "indica" in units or bool(_INDICATORS_ASKED.search(normalize_words(text)))
    return asks and not [u for u in units if not u.startswith(_NAMING_THE_INDICATORS)]


def indicators_asked_again(tracker: Tracker) -> bool:
    """Whether the message asks for the indicators right after a FAMI reply, for the asker or another profession
    (« et moi j'ai quoi comme indicateurs à remplir ? », « et pour ma collègue sage-femme ? »)."""
    about_fami = tracker.get_slot(TOPIC_SLOT) == TOPIC or \
        any(f.startswith(f"{TOPIC}.") for f in facts_given_before(tracker))
    text = latest_text(tracker)
    return about_fami and (only_the_indicators_asked(text) or
                           continues_previous(text) and bool(entity_values(tracker, "profession")))


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
        profession = profession_in(tracker)
        text = latest_text(tracker)
        listed = profession is not None and (only_the_indicators_asked(text) or indicators_asked_again(tracker))
        precise = decision.verdict == ANSWER and best.key not in _EVERY_PROFESSION and not listed
        asked = listed or indicators_asked(text, best)
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
