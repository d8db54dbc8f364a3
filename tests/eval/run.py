"""`make eval`: every evaluation question through the REST webhook — the 224 of questions.yml, the blind
detail set (detail.yml), then the blind dialogue set (dialogues.yml, one sender per conversation) — and for each set the per-topic (per-document) and per-style pass rates, the wrong-answer,
unsure (a reply said to be perhaps not the question, and not right) and fallback rates, and latency percentiles. For the blind set it also counts the right replies whose expected words
are all in their lead (the first lines), since a reply should start with what answers the question. Uses the running assistant when there is one (`make run`, or
ASSISTANT_URL), else starts one on free ports and stops it after. Writes results/eval/report.json and prints the
questions that failed.

Phone and messaging questions go through the REST channel too: it is their wording this measures.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.servers import answers, running_assistant, say  # noqa: E402
from tests.eval.dialogues import (UNCHECKED, Dialogue, avoided_given, load_dialogues, repeated_question,  # noqa: E402
                                  summary, turn_verdict)
from tests.eval.questions import VERDICTS, Question, holds, load, load_detail, merged, verdict  # noqa: E402

RUNNING = os.environ.get("ASSISTANT_URL", "http://localhost:5005")
ACTIONS_HEALTH = os.environ.get("ACTIONS_HEALTH_URL", "http://localhost:5055/health")
OUT = ROOT / "results" / "eval"
LEAD = 240  # characters: what a professional reads first (about two lines of the web chat)


def percentile(values: List[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))] if ordered else 0.0


def evaluate(server: str, questions: List[Question]) -> List[Dict]:
    rows = []
    for question in questions:
        start = time.perf_counter()
        messages = say(server, question.text, f"eval-{uuid.uuid4().hex[:10]}")
        elapsed = (time.perf_counter() - start) * 1000
        text, cited, declined = merged(messages)
        rows.append({"text": question.text, "topic": question.topic, "style": question.style,
                     "expect": question.expect, "facts": list(question.facts), "cited": cited,
                     "contains": [c if isinstance(c, str) else list(c) for c in question.contains],
                     "declined": declined,
                     "verdict": verdict(question, cited, declined, text), "ms": round(elapsed, 1),
                     "led": bool(question.contains) and all(holds(text[:LEAD], c) for c in question.contains),
                     "reply": text})
    return rows


def shares(rows: List[Dict]) -> Dict[str, float]:
    """The share of right, wrong, unsure and fallback verdicts among `rows`."""
    return {v: sum(r["verdict"] == v for r in rows) / len(rows) for v in VERDICTS}


def led(rows: List[Dict]) -> float:
    """The share of `rows` answered right with every expected word in the reply's lead."""
    return sum(r["verdict"] == "right" and r.get("led", False) for r in rows) / len(rows)


def report(rows: List[Dict]) -> str:
    lines = [f"{'topic':16s} {'n':>4s} {'right':>7s} {'wrong':>7s} {'unsure':>7s} {'fallback':>9s} {'led':>7s}"]
    groups: Dict[str, List[Dict]] = defaultdict(list)
    for row in rows:
        groups[row["topic"]].append(row)
        groups[f"style:{row['style']}"].append(row)
        groups[f"expect:{row['expect']}"].append(row)
    groups["ALL"] = rows

    def line(name: str, items: List[Dict]) -> str:
        share = shares(items)
        return (f"{name:16s} {len(items):4d} {share['right']:7.1%} {share['wrong']:7.1%} {share['unsure']:7.1%} "
                f"{share['fallback']:9.1%} {led(items):7.1%}")

    lines += [line(name, groups[name]) for name in sorted(groups) if name != "ALL"] + [line("ALL", rows)]
    ms = [r["ms"] for r in rows]
    lines.append(f"latency per turn (ms): p50 {percentile(ms, .5):.0f}, p90 {percentile(ms, .9):.0f}, "
                 f"p99 {percentile(ms, .99):.0f}, max {max(ms):.0f}")
    return "\n".join(lines)


def play(server: str, dialogue: Dialogue) -> List[Dict]:
    """One conversation, turn by turn, with one sender: each turn judged (tests/eval/dialogues.py)."""
    sender = f"dialogue-{uuid.uuid4().hex[:10]}"
    rows: List[Dict] = []
    previous = ""
    for number, turn in enumerate(dialogue.turns, start=1):
        start = time.perf_counter()
        text, cited, declined = merged(say(server, turn.text, sender))
        rows.append({"dialogue": dialogue.name, "turn": number, "kind": dialogue.kind, "style": dialogue.style,
                     "topic": f"kind:{dialogue.kind}", "expect": "decline" if turn.declines else "answer",
                     "text": turn.text, "contains": [c if isinstance(c, str) else list(c) for c in turn.contains],
                     "cited": cited, "declined": declined, "verdict": turn_verdict(turn, text, declined),
                     "avoid_given": avoided_given(turn, text), "repeated": repeated_question(previous, text),
                     "ms": round((time.perf_counter() - start) * 1000, 1), "reply": text, "facts": []})
        previous = text
    return rows


def evaluate_dialogues(server: str) -> List[Dict]:
    return [row for dialogue in load_dialogues() for row in play(server, dialogue)]


def dialogue_report(rows: List[Dict]) -> str:
    """Per kind and per style: turns right/wrong/unsure/fallback, conversations right end to end; then the counts."""
    lines = [f"{'group':22s} {'turns':>5s} {'right':>7s} {'wrong':>7s} {'unsure':>7s} {'fallback':>9s} "
             f"{'whole':>7s}"]
    groups: Dict[str, List[Dict]] = defaultdict(list)
    for row in rows:
        groups[f"kind:{row['kind']}"].append(row)
        groups[f"style:{row['style']}"].append(row)
    for name in sorted(groups) + ["ALL"]:
        share = summary(groups[name] if name != "ALL" else rows)
        lines.append(f"{name:22s} {share['turns']:5.0f} {share['right']:7.1%} {share['wrong']:7.1%} "
                     f"{share['unsure']:7.1%} {share['fallback']:9.1%} {share['conversations_right']:7.1%}")
    share = summary(rows)
    lines.append(f"{share['conversations']:.0f} conversations; questions repeated word for word in a row: "
                 f"{share['repeated']:.0f}; replies giving what they must not (another profession's rule, an old "
                 f"value, another caisse's contact): {share['avoid_given']:.0f}")
    return "\n".join(lines)


TUNING = Path(__file__).with_name("tuning.yml")
TUNING_DIALOGUES = Path(__file__).with_name("dialogues_tuning.yml")
BLIND = ("detail", "dialogues")  # their failures are not printed: nobody tunes on them


def evaluate_sets(server: str, tuning: bool = False) -> Dict[str, List[Dict]]:
    """The calibration and blind sets, or (`make eval-tuning`) the tuning sets, where failures are studied."""
    if tuning:
        return {"tuning": evaluate(server, load_detail(TUNING)),
                "dialogues_tuning": [row for d in load_dialogues(TUNING_DIALOGUES) for row in play(server, d)]}
    return {"report": evaluate(server, load()), "detail": evaluate(server, load_detail()),
            "dialogues": evaluate_dialogues(server)}


def print_failures(rows: List[Dict]) -> None:
    for row in rows:
        if row["verdict"] not in ("right", UNCHECKED):
            expected = row["facts"] or row.get("contains") or "decline"
            print(f"[{row['verdict']}] ({row['topic']}) {row['text'][:160]!r}\n    expected {expected}, "
                  f"cited {row['cited'] or '-'}{' (declined)' if row['declined'] else ''}")


def print_reports(sets: Dict[str, List[Dict]]) -> None:
    if "tuning" in sets:
        print(f"\nTuning set (tuning.yml, fitted on)\n{report(sets['tuning'])}")
        print(f"\nTuning dialogues (dialogues_tuning.yml)\n{dialogue_report(sets['dialogues_tuning'])}")
        return
    for title, name in (("Evaluation questions (questions.yml, calibration set)", "report"),
                        ("Blind detail set (detail.yml)", "detail")):
        print(f"\n{title}\n{report(sets[name])}")
    print(f"\nBlind dialogue set (dialogues.yml), per turn and per conversation\n{dialogue_report(sets['dialogues'])}")


def main(argv: List[str]) -> int:
    tuning = "--tuning" in argv
    if answers(f"{RUNNING}/status") and answers(ACTIONS_HEALTH):
        print(f"Using the assistant running at {RUNNING}")
        sets = evaluate_sets(RUNNING, tuning)
    else:
        with tempfile.TemporaryDirectory(prefix="eval-") as tmp, running_assistant(Path(tmp)) as server:
            print(f"Started the assistant for the evaluation at {server}")
            evaluate(server, load()[:3])  # warm-up: the first turns load the models
            sets = evaluate_sets(server, tuning)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, rows in sets.items():
        (OUT / f"{name}.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    for name, rows in sets.items():
        if name not in BLIND:
            print_failures(rows)
    print_reports(sets)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
