"""The measuring tools' own logic: the quality report's reading of Rasa's reports (`make crossval`) and the profile's
sorting of py-spy samples into the stages of a turn (`make profile`)."""
from __future__ import annotations

import json
from collections import Counter

from tests.bench import profile
from tests.nlu import quality


def _intent_report(folder, scores):
    report = {name: {"precision": p, "recall": r, "f1-score": f, "support": n, "confused_with": {}}
              for name, (p, r, f, n) in scores.items()}
    report["accuracy"] = 0.9
    report["macro avg"] = {"precision": 0.9, "recall": 0.9, "f1-score": 0.88, "support": 60}
    report["weighted avg"] = {"precision": 0.9, "recall": 0.9, "f1-score": 0.9, "support": 60}
    (folder / "intent_report.json").write_text(json.dumps(report))


def test_intents_come_worst_first_and_the_averages_are_not_intents(tmp_path):
    _intent_report(tmp_path, {"greet": (1.0, 0.5, 0.667, 10), "ask_ald": (0.9, 0.95, 0.924, 40),
                              "affirm": (0.5, 0.5, 0.5, 10)})
    rows = quality.per_intent(tmp_path)
    assert [row["intent"] for row in rows] == ["affirm", "greet", "ask_ald"]
    assert rows[1] == {"intent": "greet", "precision": 1.0, "recall": 0.5, "f1": 0.667, "support": 10}


def test_the_report_says_which_measure_is_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(quality, "RESULTS", tmp_path)
    (tmp_path / "eval").mkdir()
    (tmp_path / "eval" / "report.json").write_text(json.dumps(
        [{"verdict": "right"}, {"verdict": "right"}, {"verdict": "wrong"}, {"verdict": "fallback"},
         {"verdict": "unsure"}]))
    report = {"date": "2026-12-05", "crossval": quality.crossval(), "held_out": quality.held_out(),
              "eval": quality.evaluation()}
    assert report["crossval"] is None and report["held_out"] is None
    assert report["eval"]["right"] == 0.4 and report["eval"]["questions"] == 5
    text = quality.markdown(report)
    assert "Cross-validation: not measured yet (`make crossval`)" in text
    assert "40.0 % / 20.0 % / 20.0 % / 20.0 %" in text


STACK_NLU = ("<module> (rasa:6);handle_message (rasa/core/processor.py:100);"
             "parse_message (rasa/core/processor.py:700);run (rasa/engine/runner/dask.py:101)")
STACK_STORE_IN_POLICY = ("handle_message (rasa/core/processor.py:100);"
                         "_predict_next_with_tracker (rasa/core/processor.py:900);"
                         "retrieve (rasa/core/tracker_store.py:1200)")
STACK_ACTION = "_run_action (rasa/core/processor.py:950);run (rasa/core/actions/action.py:800);post (aiohttp/client.py:1)"


def test_a_sample_goes_to_the_first_stage_named_on_its_stack():
    assert profile.stage_of(STACK_NLU, profile.STAGES) == "understanding (NLU pipeline)"
    # the tracker store read inside the prediction counts as the tracker store's
    assert profile.stage_of(STACK_STORE_IN_POLICY, profile.STAGES) == "tracker store (read, write)"
    assert profile.stage_of(STACK_ACTION, profile.STAGES) == "actions run (custom ones over HTTP)"
    assert profile.stage_of("select (selectors.py:469)", profile.STAGES).startswith("other")
    waiting = "<module> (rasa:6);run (rasa/cli/run.py:93);serve (sanic/server/runners.py:155)"
    assert profile.stage_of(waiting, profile.STAGES) == profile.WAITING


def test_samples_become_cpu_milliseconds_per_turn():
    samples = Counter({STACK_NLU: 400, STACK_ACTION: 100})
    stages = profile.by_stage(samples, profile.STAGES, turns=10)
    # 400 samples at RATE Hz over 10 turns
    assert stages["understanding (NLU pipeline)"] == round(400 * 1000 / profile.RATE / 10, 2)
    assert list(stages) == ["understanding (NLU pipeline)", "actions run (custom ones over HTTP)"]
    busiest = dict(profile.busiest(samples, turns=10))
    assert busiest["parse_message (rasa/core/processor.py:700)"] == stages["understanding (NLU pipeline)"]
    assert "<module> (rasa:6)" not in busiest
    waiting = Counter({"run (rasa/cli/run.py:93);serve (sanic/server/runners.py:155)": 1000})
    assert dict(profile.busiest(samples + waiting, turns=10)) == busiest  # waiting is no function's work
