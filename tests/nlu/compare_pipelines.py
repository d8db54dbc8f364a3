"""Compares the project's NLU pipeline with the French spaCy variant on the held-out set tests/nlu/eval/.

Run: .venv/bin/python tests/nlu/compare_pipelines.py   (about 5 minutes on 2 cores). Prints one row per pipeline.
The spaCy variant is derived from config.yml here, so there is one configuration file to maintain.
"""
from __future__ import annotations

import copy
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.nlu.summary import figures  # noqa: E402

OUT = ROOT / "results" / "compare"
RASA = str(Path(sys.executable).with_name("rasa"))


def whitespace_variant(config: dict) -> dict:
    return copy.deepcopy(config)


def spacy_variant(config: dict) -> dict:
    variant = copy.deepcopy(config)
    pipeline = []
    for component in variant["pipeline"]:
        if component["name"] == "WhitespaceTokenizer":
            pipeline += [{"name": "SpacyNLP", "model": "fr_core_news_md"}, {"name": "SpacyTokenizer"},
                         {"name": "SpacyFeaturizer", "pooling": "mean"}]
        else:
            pipeline.append(component)
    variant["pipeline"] = pipeline
    return variant


def evaluate(name: str, config: dict) -> dict:
    folder = OUT / name
    folder.mkdir(parents=True, exist_ok=True)
    config_path = folder / "config.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    start = time.monotonic()
    subprocess.run([RASA, "train", "nlu", "-c", str(config_path), "--nlu", "data/nlu", "--out", str(folder),
                    "--fixed-model-name", name, "--quiet"], cwd=ROOT, check=True)
    train_seconds = time.monotonic() - start
    subprocess.run([RASA, "test", "nlu", "--model", str(folder / f"{name}.tar.gz"), "--nlu", "tests/nlu/eval",
                    "--out", str(folder / "report"), "--successes"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    result = figures(folder / "report")
    result["train_seconds"] = train_seconds
    return result


def main() -> int:
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    rows = {"whitespace": evaluate("whitespace", whitespace_variant(config)),
            "spacy_fr_core_news_md": evaluate("spacy", spacy_variant(config))}
    keys = ["examples", "intent_accuracy", "intent_macro_f1", "right_answer_rate", "fallback_rate",
            "wrong_answer_rate", "entity_macro_f1", "train_seconds"]
    print(f"{'pipeline':<24}" + "".join(f"{k:>19}" for k in keys))
    for name, row in rows.items():
        print(f"{name:<24}" + "".join(
            f"{row.get(k, float('nan')):>19.3f}" if isinstance(row.get(k), float) else f"{row.get(k, ''):>19}"
            for k in keys))
    return 0


if __name__ == "__main__":
    sys.exit(main())
