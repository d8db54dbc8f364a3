"""Compares NLU pipelines on the held-out set tests/nlu/eval/: quality against training time.

Run: .venv/bin/python tests/nlu/compare_pipelines.py [NAME ...]   (all variants without a name; each is one NLU
training, 2 to 25 minutes on 2 cores). Prints one row per pipeline: intent accuracy and macro F1, right / fallback /
wrong answers, entity F1 (macro, commune, code, profession) and the NLU training's seconds. Every variant is derived
from config.yml, so there is one configuration file to maintain; `kept` is config.yml itself.
"""
from __future__ import annotations

import copy
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Dict

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.nlu.summary import figures  # noqa: E402

OUT = ROOT / "results" / "compare"
RASA = str(Path(sys.executable).with_name("rasa"))


def with_diet(**settings) -> Callable[[dict], dict]:
    """A variant whose DIETClassifier takes `settings` (the rest of config.yml unchanged)."""
    def variant(config: dict) -> dict:
        config = copy.deepcopy(config)
        for component in config["pipeline"]:
            if component["name"] == "DIETClassifier":
                component.update(settings)
        return config
    return variant


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


VARIANTS: Dict[str, Callable[[dict], dict]] = {
    "kept": copy.deepcopy,
    "spacy": spacy_variant,
    # DIET's defaults (2 transformer layers of 256, balanced batches) with 100 epochs: the pipeline until 2026-12
    "diet_2x256_100": with_diet(epochs=100, number_of_transformer_layers=2, transformer_size=256,
                                batch_strategy="balanced"),
    "diet_1x128_30": with_diet(epochs=30, number_of_transformer_layers=1, transformer_size=128,
                               batch_strategy="sequence"),
    "diet_no_transformer_40": with_diet(epochs=40, number_of_transformer_layers=0, batch_strategy="sequence"),
}
COLUMNS = ["intent_accuracy", "intent_macro_f1", "right_answer_rate", "fallback_rate", "wrong_answer_rate",
           "entity_macro_f1", "entity_f1_commune", "entity_f1_code", "entity_f1_profession", "train_seconds"]


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


def main(names) -> int:
    unknown = [name for name in names if name not in VARIANTS]
    if unknown:
        print(f"unknown variant(s) {', '.join(unknown)}; known: {', '.join(VARIANTS)}", file=sys.stderr)
        return 2
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    header = f"{'pipeline':<24}" + "".join(f"{key.replace('entity_f1_', 'f1_'):>18}" for key in COLUMNS)
    print(header)
    for name in names or VARIANTS:
        row = evaluate(name, VARIANTS[name](config))
        print(f"{name:<24}" + "".join(f"{row.get(key, float('nan')):>18.3f}" for key in COLUMNS), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
