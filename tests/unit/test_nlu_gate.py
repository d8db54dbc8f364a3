"""The NLU quality gate of `make nlu-eval`: a held-out figure under its minimum fails the build."""
from __future__ import annotations

import json

import yaml

from tests.nlu.summary import ROOT, gate_failures, main

GATE = yaml.safe_load((ROOT / "tests" / "nlu" / "gate.yml").read_text(encoding="utf-8"))


def _report(tmp_path, macro_f1, entities):
    intents = {"accuracy": 0.9, "macro avg": {"f1-score": macro_f1, "support": 10},
               "weighted avg": {"f1-score": 0.9, "support": 10}}
    (tmp_path / "intent_report.json").write_text(json.dumps(intents))
    report = {name: {"f1-score": f1, "support": 5} for name, f1 in entities.items()}
    report["macro avg"] = {"f1-score": 0.9, "support": 15}
    (tmp_path / "DIETClassifier_report.json").write_text(json.dumps(report))
    return tmp_path


def test_the_gate_names_each_figure_under_its_minimum():
    found = {"intent_macro_f1": GATE["intent_macro_f1"]["min"] - 0.01,
             "entity_f1_commune": 1.0, "entity_f1_code": 0.5}
    failures = gate_failures(found, GATE)
    assert any(f.startswith("intent macro F1") for f in failures)
    assert any(f.startswith("entity F1 of code") for f in failures)
    assert any(f.startswith("entity F1 of profession 0.000") for f in failures)  # missing from the report
    assert not any("commune" in f for f in failures)


def test_the_gate_fails_the_command_under_a_minimum_and_passes_above(tmp_path, capsys):
    good = {name: 0.99 for name in GATE["entity_f1"]}
    assert main([str(_report(tmp_path, 0.99, good)), "--gate", str(ROOT / "tests" / "nlu" / "gate.yml")]) == 0
    bad = dict(good, profession=0.5)
    assert main([str(_report(tmp_path, 0.99, bad)), "--gate", str(ROOT / "tests" / "nlu" / "gate.yml")]) == 1
    assert "entity F1 of profession 0.500" in capsys.readouterr().err
    assert main([str(_report(tmp_path, 0.5, bad))]) == 0  # without --gate: figures only
