"""Prints the figures of a `rasa test nlu` report folder: intent accuracy, F1, fallbacks, entity F1.

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
    return out


def main(argv) -> int:
    report_dir = Path(argv[0] if argv else "results/nlu-eval")
    for key, value in figures(report_dir).items():
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"{key:>20}: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
