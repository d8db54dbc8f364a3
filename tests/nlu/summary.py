"""Prints the figures of a `rasa test nlu` report folder: intent accuracy, F1, fallbacks, entity F1; with
`--gate tests/nlu/gate.yml`, fails (exit 1) when a figure is under its minimum.

`rasa test nlu` reports the classifier's prediction even below the fallback threshold; the assistant would not
answer those. So a message counts as "fallback" when its confidence is under the FallbackClassifier threshold of
config.yml, "right" or "wrong" otherwise. Needs the report made with `--successes`.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Dict, List, Optional

import yaml


ROOT = Path(__file__).resolve().parents[2]


def fallback_threshold(config_path: Path = ROOT / "config.yml") -> float:
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    for component in config.get("pipeline") or []:
        if component.get("name") == "FallbackClassifier":
            return float(component.get("threshold", 0.3))
    return 0.0


def _read(path: Path) -> List[dict]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


def figures(report_dir: Path, threshold: Optional[float] = None) -> Dict[str, float]:
    threshold = fallback_threshold() if threshold is None else threshold
    intents = json.loads((report_dir / "intent_report.json").read_text(encoding="utf-8"))
    errors = _read(report_dir / "intent_errors.json")
    successes = _read(report_dir / "intent_successes.json")
    total = int(intents["weighted avg"]["support"])

    def confident(item: dict) -> bool:
        prediction = item.get("intent_prediction") or {}
        return prediction.get("name") != "nlu_fallback" and prediction.get("confidence", 0.0) >= threshold

    out = {
        "examples": total,
        "intent_accuracy": intents["accuracy"],
        "intent_macro_f1": intents["macro avg"]["f1-score"],
        "intent_weighted_f1": intents["weighted avg"]["f1-score"],
        "fallback_threshold": threshold,
        "right_answer_rate": sum(map(confident, successes)) / total if total else 0.0,
        "fallback_rate": (total - sum(map(confident, successes)) - sum(map(confident, errors))) / total
        if total else 0.0,
        "wrong_answer_rate": sum(map(confident, errors)) / total if total else 0.0,
    }
    entity_report = report_dir / "DIETClassifier_report.json"
    if entity_report.exists():
        entities = json.loads(entity_report.read_text(encoding="utf-8"))
        out["entity_macro_f1"] = entities.get("macro avg", {}).get("f1-score", 0.0)
        for name, scores in entities.items():
            if isinstance(scores, dict) and "support" in scores and not name.endswith(" avg"):
                out[f"entity_f1_{name}"] = scores["f1-score"]
    return out


def gate_failures(found: Dict[str, float], gate: dict) -> List[str]:
    """What is under its minimum, in words; an entity the report lacks counts as 0."""
    failures = []
    minimum = (gate.get("intent_macro_f1") or {}).get("min")
    if minimum is not None and found["intent_macro_f1"] < minimum:
        failures.append(f"intent macro F1 {found['intent_macro_f1']:.3f} < {minimum}")
    for entity, minimum in (gate.get("entity_f1") or {}).items():
        value = found.get(f"entity_f1_{entity}", 0.0)
        if value < minimum:
            failures.append(f"entity F1 of {entity} {value:.3f} < {minimum}")
    return failures


def main(argv) -> int:
    args = list(argv)
    gate_path = None
    if "--gate" in args:
        at = args.index("--gate")
        gate_path = Path(args[at + 1])
        del args[at:at + 2]
    report_dir = Path(args[0] if args else "results/nlu-eval")
    found = figures(report_dir)
    for key, value in found.items():
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"{key:>24}: {shown}")
    if gate_path is None:
        return 0
    gate = yaml.safe_load(gate_path.read_text(encoding="utf-8"))
    failures = gate_failures(found, gate)
    for failure in failures:
        print(f"NLU quality gate: {failure}", file=sys.stderr)
    if not failures:
        goal = (gate.get("intent_macro_f1") or {}).get("goal")
        print(f"NLU quality gate passed ({gate_path}); intent macro F1 goal: {goal}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
