# Assistant PS, CGSS Martinique. Two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV    := .venv
PY      := $(VENV)/bin/python
RASA    := $(VENV)/bin/rasa
MODEL   := models/assistant.tar.gz
STAMP   := $(VENV)/.installed
NLU_SRC := $(shell find data -name "*.yml") config.yml domain.yml bot/nlu_components.py bot/nlu_keys.py knowledge/text.py
export RASA_TELEMETRY_ENABLED ?= false
export PYTHONPATH := $(CURDIR)
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export ACTION_SERVER_URL ?= http://localhost:5055/webhook

.PHONY: help venv kb check train run shell call test unit e2e validate story-test nlu-eval eval eval-tuning calibrate crossval bench-search bench profile load purge clean

help:
	@echo "make run    install, build the knowledge base, train if needed, start the assistant"
	@echo "make test   unit tests, knowledge check, data validation, training, conversation tests"
	@echo "make shell  chat with the assistant in the terminal (after make run in another terminal)"
	@echo "make call   call the phone assistant from the terminal (after make run in another terminal)"

# Virtual environment with the pinned set; redone only when a requirements file changes.
$(STAMP): requirements/base.txt requirements/dev.txt requirements/constraints.txt
	@PYBIN=$$(bot/find-python.sh) || exit 1; \
	echo "Using $$PYBIN"; \
	test -x $(PY) || $$PYBIN -m venv $(VENV); \
	$(PY) -m pip install --quiet --upgrade pip; \
	$(PY) -m pip install --quiet -c requirements/constraints.txt -r requirements/dev.txt
	@touch $@

venv: $(STAMP)

kb: $(STAMP)
	$(PY) -m knowledge build

check: $(STAMP)
	$(PY) -m knowledge check

# Training only when the data, the domain or the configuration changed.
$(MODEL): $(STAMP) $(NLU_SRC)
	@start=$$(date +%s); kind=with-cache; [ -n "$$(ls -A .rasa/cache 2>/dev/null)" ] || kind=from-scratch; \
	$(RASA) train --fixed-model-name assistant --out models --quiet && \
	echo "$$(( $$(date +%s) - start )) $$kind" > models/assistant.train-seconds

train: $(MODEL)

run: kb $(MODEL)
	@bot/run.sh

shell: $(STAMP)
	$(RASA) shell --model $(MODEL)

# The phone channel from the terminal: typed speech, digits for keys, spoken by espeak-ng where it is installed.
call: $(STAMP)
	$(PY) -m bot.call

unit: kb
	$(PY) -m pytest tests -q -m "not e2e"

e2e: kb $(MODEL)
	$(PY) -m pytest tests -q -m e2e

validate: $(STAMP)
	bot/validate-data.sh

story-test: kb $(MODEL)
	$(RASA) test core --model $(MODEL) --stories tests/test_stories.yml \
	  --fail-on-prediction-errors --out results/stories

nlu-eval: $(MODEL)
	$(RASA) test nlu --model $(MODEL) --nlu tests/nlu/eval --out results/nlu-eval --successes
	$(PY) tests/nlu/summary.py results/nlu-eval --gate tests/nlu/gate.yml

# The evaluation questions through the REST webhook (the running assistant if there is one): pass rates, latency.
eval: kb $(MODEL)
	$(PY) tests/eval/run.py

# The tuning sets (tests/eval/tuning.yml, dialogues_tuning.yml): where failures are studied, with their replies.
eval-tuning: kb $(MODEL)
	$(PY) tests/eval/run.py --tuning

# 5-fold cross-validation of the NLU on the training phrasings, then the quality report (reports/quality.md) with the
# held-out questions (make nlu-eval) and the evaluation questions (make eval) beside it.
crossval: nlu-eval eval
	$(RASA) test nlu --nlu data/nlu --config config.yml --cross-validation --folds 5 --out results/crossval --successes
	$(PY) tests/nlu/quality.py

# Fits the ranker (knowledge/ranker.yml) on tests/eval/questions.yml, the tuning set and the tuning dialogues' continued
# turns, parsed by the trained NLU; never reads the blind sets.
calibrate: kb $(MODEL)
	$(PY) tests/eval/calibrate.py

# Search query time with the knowledge base ×1, ×10, ×100 (in-memory index and SQLite FTS5).
bench-search: kb
	$(PY) tests/bench/search.py

# Cost against a bare `rasa init` bot with the same pipeline: latency at 1/8/16 concurrent, actions' own time,
# training, model size, memory, search time at KB ×1/×10/×100 → reports/bench.json, bench.md and plots.
bench: kb $(MODEL)
	$(PY) tests/bench/bench.py

# Where a turn's time goes: both bots under the load of make bench, sampled by py-spy → reports/profile.md.
profile: kb $(MODEL)
	$(PY) tests/bench/profile.py

# Bounded load on loopback: 16 conversations × 50 turns, 16 at a time; throughput, latency, errors, peak memory.
load: kb $(MODEL)
	$(PY) tests/bench/load.py

# Conversations idle for more than CONVERSATION_RETENTION_DAYS (default 90) deleted from the tracker store (cron).
purge: $(STAMP)
	$(PY) -m bot.retention

test: check unit validate story-test e2e nlu-eval eval
	@echo "make test: knowledge check, unit, PostgreSQL, data validation, conversation and HTTP tests all passed"

clean:
	rm -rf build models results .rasa
