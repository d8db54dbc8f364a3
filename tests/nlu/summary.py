"""Prints the figures of a `rasa test nlu` report folder: intent accuracy, F1, fallbacks, entity F1."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Dict


def figures(report_dir: Path) -> Dict[str, float]:
    intents = json.loads((report_dir / "intent_report.json").read_text(encoding="utf-8"))
    errors_path = report_dir / "intent_errors.json"
    errors = json.loads(errors_path.read_text(encoding="utf-8")) if errors_path.exists() else []
    total = int(intents["weighted avg"]["support"])
    fallback = sum(1 for e in errors if (e.get("intent_prediction") or {}).get("name") == "nlu_fallback")
    out = {
        "examples": total,
        "intent_accuracy": intents["accuracy"],
        "intent_macro_f1": intents["macro avg"]["f1-score"],
        "intent_weighted_f1": intents["weighted avg"]["f1-score"],
        "fallback_rate": fallback / total if total else 0.0,
        "wrong_answer_rate": (len(errors) - fallback) / total if total else 0.0,
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
