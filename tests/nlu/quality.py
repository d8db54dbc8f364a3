"""The quality report (reports/quality.md, reports/quality.json), written by `make crossval` from three measures:

- the 5-fold cross-validation of the NLU on the training phrasings (results/crossval): macro F1, per-intent
  precision / recall / F1, the worst intents, the confusion matrix (copied to reports/crossval_confusion.png);
- the held-out questions never trained on (results/nlu-eval, `make nlu-eval`, the gate of `make test`);
- the evaluation questions through the REST webhook (results/eval/report.json, `make eval`): right, wrong, unsure, fallback.

A measure whose results are missing is said to be missing, not guessed. Prints the figures; asserts nothing.
"""
from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.eval.run import shares  # noqa: E402
from tests.nlu.summary import figures  # noqa: E402

RESULTS = ROOT / "results"
REPORTS = ROOT / "reports"
WORST = 5


def per_intent(report_dir: Path) -> List[Dict]:
    """Each intent's precision, recall, F1 and support, the worst F1 first."""
    report = json.loads((report_dir / "intent_report.json").read_text(encoding="utf-8"))
    rows = [{"intent": name, "precision": round(s["precision"], 3), "recall": round(s["recall"], 3),
             "f1": round(s["f1-score"], 3), "support": int(s["support"])}
            for name, s in report.items() if isinstance(s, dict) and "confused_with" in s]
    return sorted(rows, key=lambda row: (row["f1"], row["intent"]))


def dated(path: Path) -> str:
    return time.strftime("%Y-%m-%d", time.localtime(path.stat().st_mtime))


def crossval() -> Optional[Dict]:
    folder = RESULTS / "crossval"
    if not (folder / "intent_report.json").exists():
        return None
    found = figures(folder)
    out = {"date": dated(folder / "intent_report.json"), "folds": 5, "examples": found["examples"],
           "intent_accuracy": round(found["intent_accuracy"], 3), "intent_macro_f1": round(found["intent_macro_f1"], 3),
           "entity_f1": {k[len("entity_f1_"):]: round(v, 3) for k, v in found.items() if k.startswith("entity_f1_")},
           "intents": per_intent(folder)}
    out["worst"] = out["intents"][:WORST]
    matrix = folder / "intent_confusion_matrix.png"
    if matrix.exists():
        REPORTS.mkdir(exist_ok=True)
        shutil.copy(matrix, REPORTS / "crossval_confusion.png")
        out["confusion_matrix"] = "crossval_confusion.png"
    return out


def held_out() -> Optional[Dict]:
    folder = RESULTS / "nlu-eval"
    if not (folder / "intent_report.json").exists():
        return None
    found = figures(folder)
    return {"date": dated(folder / "intent_report.json"), "examples": found["examples"],
            **{k: round(v, 3) for k, v in found.items() if isinstance(v, float)},
            "worst": per_intent(folder)[:WORST]}


def evaluation() -> Optional[Dict]:
    path = RESULTS / "eval" / "report.json"
    if not path.exists():
        return None
    rows = json.loads(path.read_text(encoding="utf-8"))
    return {"date": dated(path), "questions": len(rows), **{v: round(x, 3) for v, x in shares(rows).items()}}


def pct(value: float) -> str:
    return f"{100 * value:.1f} %"


def markdown(report: Dict) -> str:
    lines = [f"# NLU and answer quality — {report['date']}", ""]
    cv, ho, ev = report["crossval"], report["held_out"], report["eval"]
    lines += ["| measure | date | examples | intent accuracy | intent macro F1 "
              "| answers right / wrong / unsure / fallback |",
              "|---|---|---|---|---|---|"]
    if cv:
        lines.append(f"| cross-validation, {cv['folds']} folds, training phrasings (`make crossval`) | {cv['date']} | "
                     f"{cv['examples']} | {cv['intent_accuracy']} | {cv['intent_macro_f1']} | — |")
    if ho:
        lines.append(f"| held-out questions, never trained on (`make nlu-eval`, gate of `make test`) | {ho['date']} | "
                     f"{ho['examples']} | {ho['intent_accuracy']} | {ho['intent_macro_f1']} | "
                     f"{pct(ho['right_answer_rate'])} / {pct(ho['wrong_answer_rate'])} / {pct(ho['fallback_rate'])} "
                     "(by the NLU alone) |")
    if ev:
        lines.append(f"| evaluation questions through the REST webhook (`make eval`) | {ev['date']} | "
                     f"{ev['questions']} | — | — | {pct(ev['right'])} / {pct(ev['wrong'])} / "
                     f"{pct(ev['unsure'])} / {pct(ev['fallback'])} |")
    lines += [""] + [f"- {name}: not measured yet ({how})." for name, part, how in (
        ("Cross-validation", cv, "`make crossval`"), ("Held-out questions", ho, "`make nlu-eval`"),
        ("Evaluation questions", ev, "`make eval`")) if not part]
    if cv:
        lines += ["", f"## Cross-validation: the {WORST} worst intents", "",
                  ", ".join(f"`{row['intent']}` {row['f1']}" for row in cv["worst"]), "",
                  "Entity F1: " + ", ".join(f"{name} {f1}" for name, f1 in sorted(cv["entity_f1"].items())), "",
                  "| intent | precision | recall | F1 | phrasings |", "|---|---|---|---|---|"]
        lines += [f"| `{r['intent']}` | {r['precision']} | {r['recall']} | {r['f1']} | {r['support']} |"
                  for r in cv["intents"]]
        if cv.get("confusion_matrix"):
            lines += ["", f"![confusion matrix]({cv['confusion_matrix']})"]
    if ho:
        lines += ["", f"## Held-out questions: the {WORST} worst intents", "",
                  ", ".join(f"`{row['intent']}` {row['f1']} ({row['support']})" for row in ho["worst"])]
    return "\n".join(lines) + "\n"


def main() -> int:
    report = {"date": time.strftime("%Y-%m-%d"), "crossval": crossval(), "held_out": held_out(), "eval": evaluation()}
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / "quality.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    text = markdown(report)
    (REPORTS / "quality.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
