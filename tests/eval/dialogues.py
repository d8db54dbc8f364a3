"""The blind dialogue set (tests/eval/dialogues.yml, issue 25): conversations of 2 to 6 turns, each turn judged on
what its reply must hold (`contains`), must not hold (`avoid`: another profession's rule given as the asker's, an
old value after a correction, another caisse's contact), or must decline (`answer: none`).

`make eval` plays each conversation through the REST webhook with one sender per conversation (tests/eval/run.py);
this module loads the set, judges the turns and counts what the issue counts: turns right, conversations right
from end to end, questions repeated word for word in a row, and replies that give what `avoid` forbids.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import yaml

from tests.eval.questions import GAVE_NOTHING, VERDICTS, Expected, declining_verdict, holds, missing_verdict

DIALOGUES = Path(__file__).with_name("dialogues.yml")
UNCHECKED = "unchecked"  # a turn with nothing to check (a greeting, a profession said)


@dataclass(frozen=True)
class Turn:
    text: str
    contains: Tuple[Expected, ...]
    avoid: Tuple[Expected, ...]
    declines: bool  # the documents do not answer it: the right reply says so


@dataclass(frozen=True)
class Dialogue:
    name: str
    style: str
    document: str
    kind: str
    turns: Tuple[Turn, ...]


def _items(values: Optional[Sequence[Any]]) -> Tuple[Expected, ...]:
    return tuple(tuple(str(x) for x in v) if isinstance(v, list) else str(v) for v in values or ())


def load_dialogues(path: Path = DIALOGUES) -> List[Dialogue]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Dialogue(str(d["name"]), str(d.get("style", "web")), str(d.get("document", "")), str(d["kind"]),
                     tuple(Turn(str(t["text"]), _items(t.get("contains")), _items(t.get("avoid")),
                                t.get("answer") == "none") for t in d["turns"]))
            for d in data["dialogues"]]


def turn_verdict(turn: Turn, text: str, declined: str) -> str:
    """right, wrong, unsure, fallback, or unchecked (`questions.verdict`). A reply holding an `avoid` item is wrong
    whatever else it holds; one that gave nothing (`questions.merged`) is no answer, even when the closest facts it
    names hold the words."""
    if any(holds(text, item) for item in turn.avoid):
        return "wrong"
    if turn.declines:
        return declining_verdict(declined, True)
    if not turn.contains:
        return UNCHECKED
    if declined == GAVE_NOTHING:
        return "fallback"
    if all(holds(text, item) for item in turn.contains):
        return "right"
    return missing_verdict(declined, True)


def avoided_given(turn: Turn, text: str) -> bool:
    return any(holds(text, item) for item in turn.avoid)


def repeated_question(previous: str, text: str) -> bool:
    """The same question asked again word for word in the next turn."""
    return bool(text) and text == previous and "?" in text


def summary(rows: List[Dict[str, Any]]) -> Dict[str, float]:
    """Turns right/wrong/unsure/fallback among the checked ones, conversations right end to end, repeats, avoid
    given."""
    checked = [r for r in rows if r["verdict"] != UNCHECKED]
    conversations: Dict[str, List[Dict[str, Any]]] = {}
    for row in rows:
        conversations.setdefault(row["dialogue"], []).append(row)
    whole = [all(r["verdict"] in ("right", UNCHECKED) for r in turns) for turns in conversations.values()]
    share = {v: sum(r["verdict"] == v for r in checked) / len(checked) if checked else 0.0
             for v in VERDICTS}
    share.update(turns=len(checked), conversations=len(whole),
                 conversations_right=sum(whole) / len(whole) if whole else 0.0,
                 repeated=sum(r["repeated"] for r in rows), avoid_given=sum(r["avoid_given"] for r in rows))
    return share
