"""`make bench`: what the assistant costs, against a bare `rasa init` bot trained with the same pipeline, on loopback.

In one run: REST turn latency (p50/p95/p99) and throughput at 1, 8 and 16 concurrent conversations for both bots
and the ratio ours / bare (absolute times on shared 2-core machines are noise, ratios less so); each knowledge-base
action's own time in the action server's executor (p50/p95); training time, model size, peak memory of the Rasa
server and of the action server; the long-tail search's query time with the knowledge base ×1, ×10, ×100.
Writes reports/bench.json, reports/bench.md and its plots (reports/*.png). Prints figures; asserts nothing.
"""
from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bot.servers import MODEL, RASA, Servers  # noqa: E402
from tests.bench import load, search  # noqa: E402

REPORTS = ROOT / "reports"
BARE_DIR = ROOT / "build" / "bench" / "bare"
BARE_MODEL = BARE_DIR / "models" / "bare.tar.gz"
CONCURRENCY = (1, 8, 16)
TURNS = 12
# What a bare bot's user says: its own kind of messages (with our pipeline's fallback threshold some get no reply:
# counted apart, as empty replies).
BARE_TURNS = ("hello", "are you a bot?", "goodbye", "hi there", "am I talking to a human?", "bye", "good morning",
              "see you later")
# The bare bot has no custom action: its Rasa server is given an action server that does not exist.
NO_ACTIONS = "http://127.0.0.1:9/webhook"
MET = {True: "yes", False: "**no**", None: "not measured"}
TARGETS = {"p95_ratio_at_16": 1.5, "training_seconds": 180, "rasa_rss_mb": 2048, "kb_query_ms_at_x100": 5.0}


def train_bare() -> float:
    """The project `rasa init` makes, with our config.yml; trained once and kept in build/bench/. Returns the
    training's seconds (recorded beside the model)."""
    seconds_file = BARE_DIR / "train-seconds"
    if BARE_MODEL.exists() and seconds_file.exists():
        return float(seconds_file.read_text())
    import rasa.cli

    shutil.rmtree(BARE_DIR, ignore_errors=True)
    shutil.copytree(Path(rasa.cli.__file__).parent / "initial_project", BARE_DIR)
    shutil.copy(ROOT / "config.yml", BARE_DIR / "config.yml")
    started = time.perf_counter()
    subprocess.run([RASA, "train", "--fixed-model-name", "bare", "--out", "models", "--quiet"], cwd=BARE_DIR,
                   check=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    seconds = round(time.perf_counter() - started, 1)
    seconds_file.write_text(str(seconds))
    return seconds


def latency_levels(url: str, texts, require_text: bool = True) -> Dict[str, Dict]:
    """`require_text`: False for the bare bot, whose NLU fallback has no rule (a turn answered by nothing)."""
    out = {}
    for concurrency in CONCURRENCY:
        load.warm_up(url, texts, require_text)
        level = out[str(concurrency)] = load.run_load([url], max(4, concurrency), TURNS, concurrency,
                                                      prefix=f"bench-{uuid.uuid4().hex[:6]}", texts=texts,
                                                      require_text=require_text)
        print(f"  {concurrency:2d} concurrent: p50 {level['latency_ms']['p50']} ms, p95 {level['latency_ms']['p95']} ms, "
              f"{level['throughput_turns_per_s']} turns/s, errors {level['errors']}")
    return out


def parse_times(url: str, texts, rounds: int = 3) -> Dict[str, float]:
    """The NLU alone (Rasa's /model/parse), one message at a time: what understanding costs per turn."""
    ms = []
    for _ in range(rounds):
        for text in texts:
            started = time.perf_counter()
            _post(f"{url}/model/parse", {"text": text})
            ms.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": round(statistics.median(ms), 2), "p95_ms": round(load.percentile(ms, 95), 2)}


def _post(url: str, body: Dict) -> Dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def action_times(url: str, samples: int = 120, repeats: int = 5) -> Dict[str, Dict[str, float]]:
    """Each custom action's own time, run by the Rasa SDK's executor in this process on the payload the Rasa server
    would send it: the evaluation questions, each put in a new conversation, the server predicting the action."""
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    with urllib.request.urlopen(f"{url}/domain", timeout=60) as response:
        domain = yaml.safe_load(response.read())
    questions = [q["text"] for q in yaml.safe_load((ROOT / "tests" / "eval" / "questions.yml").read_text())
                 ["questions"]][:samples]
    times: Dict[str, List[float]] = {}
    loop = asyncio.new_event_loop()
    for text in questions:
        sender = f"act-{uuid.uuid4().hex[:8]}"
        _post(f"{url}/conversations/{sender}/messages", {"text": text, "sender": "user"})
        prediction = _post(f"{url}/conversations/{sender}/predict", {})
        name = max(prediction["scores"], key=lambda s: s["score"])["action"]
        if name not in executor.actions or name.startswith(("validate_", "action_session_start")):
            continue
        call = {"next_action": name, "sender_id": sender, "tracker": prediction["tracker"], "domain": domain,
                "version": "3.6.21"}
        for _ in range(repeats):
            started = time.perf_counter()
            loop.run_until_complete(executor.run(call))
            times.setdefault(name, []).append((time.perf_counter() - started) * 1000)
    loop.close()
    return {name: {"calls": len(ms), "p50_ms": round(statistics.median(ms), 2),
                   "p95_ms": round(load.percentile(ms, 95), 2)} for name, ms in sorted(times.items())}


def kb_scaling() -> Dict[str, Dict[str, float]]:
    from knowledge.queries import KnowledgeBase
    from knowledge.search import SearchIndex

    base, texts = KnowledgeBase().search_documents(), search.queries()
    out = {}
    for scale in search.SCALES:
        index = SearchIndex(search.copies(base, scale))
        ms = search.timed(index.search, texts)
        out[f"x{scale}"] = {"documents": len(base) * scale, "mean_ms": round(statistics.fmean(ms), 3),
                            "p50_ms": round(statistics.median(ms), 3), "p99_ms": round(load.percentile(ms, 99), 3)}
        print(f"  KB ×{scale}: mean {out[f'x{scale}']['mean_ms']} ms, p99 {out[f'x{scale}']['p99_ms']} ms")
    return out


def plots(report: Dict) -> List[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    made = []
    fig, ax = plt.subplots(figsize=(6, 4))
    for bot, style in (("ours", "-o"), ("bare", "--s")):
        levels = report["latency"][bot]
        xs = [int(c) for c in levels]
        for q in ("p50", "p95"):
            ax.plot(xs, [levels[c]["latency_ms"][q] for c in levels], style, label=f"{bot} {q}")
    ax.set_xlabel("concurrent conversations")
    ax.set_ylabel("REST turn latency (ms)")
    ax.set_xticks(list(CONCURRENCY))
    ax.legend()
    ax.set_title("Latency vs concurrency (loopback, 2 cores)")
    fig.tight_layout()
    fig.savefig(REPORTS / "latency.png", dpi=100)
    made.append("latency.png")
    fig, ax = plt.subplots(figsize=(6, 4))
    sizes = report["kb_query"]
    ax.plot([v["documents"] for v in sizes.values()], [v["mean_ms"] for v in sizes.values()], "-o", label="mean")
    ax.plot([v["documents"] for v in sizes.values()], [v["p99_ms"] for v in sizes.values()], "--s", label="p99")
    ax.set_xscale("log")
    ax.set_xlabel("searchable facts (KB ×1, ×10, ×100)")
    ax.set_ylabel("query time (ms)")
    ax.legend()
    ax.set_title("Long-tail search query time vs KB size")
    fig.tight_layout()
    fig.savefig(REPORTS / "kb_query.png", dpi=100)
    made.append("kb_query.png")
    plt.close("all")
    return made


def markdown(report: Dict) -> str:
    ours, bare = report["latency"]["ours"], report["latency"]["bare"]
    lines = [f"# Benchmark — {report['date']}", "",
             f"`make bench` on {report['machine']}; loopback only; {TURNS} turns per conversation.", "",
             "## REST turn latency and throughput", "",
             "| concurrent | ours p50 / p95 / p99 (ms) | bare p50 / p95 / p99 (ms) | p95 ratio ours / bare "
             "| ours turns/s | bare turns/s | errors |", "|---|---|---|---|---|---|---|"]
    for c in ours:
        o, b = ours[c], bare[c]
        lines.append(f"| {c} | {o['latency_ms']['p50']} / {o['latency_ms']['p95']} / {o['latency_ms']['p99']} "
                     f"| {b['latency_ms']['p50']} / {b['latency_ms']['p95']} / {b['latency_ms']['p99']} "
                     f"| {report['p95_ratio'][c]} | {o['throughput_turns_per_s']} | {b['throughput_turns_per_s']} "
                     f"| {o['errors'] + b['errors']} |")
    lines += ["", "![latency](latency.png)", "", "## Knowledge-base actions (own time in the executor)", "",
              "| action | calls | p50 (ms) | p95 (ms) |", "|---|---|---|---|"]
    lines += [f"| `{name}` | {t['calls']} | {t['p50_ms']} | {t['p95_ms']} |" for name, t in report["actions"].items()]
    lines += ["", "## Cost", "", "| figure | ours | bare | target | met |", "|---|---|---|---|---|"]
    for row in report["targets"]:
        lines.append(f"| {row['figure']} | {row['ours']} | {row.get('bare', '')} | {row['target']} "
                     f"| {MET[row['met']]} |")
    nlu, own = report["nlu_parse"], [t["p50_ms"] for t in report["actions"].values()]
    lines += ["", "## Where the time goes", "",
              f"- NLU alone (`/model/parse`, one at a time): ours p50 {nlu['ours']['p50_ms']} ms, bare "
              f"{nlu['bare']['p50_ms']} ms.",
              f"- A knowledge-base action's own time: p50 {min(own)}–{max(own)} ms, plus its call from the Rasa server "
              "(our turns run one or two custom actions — `action_session_start` on a new conversation —, the bare "
              "bot's none).",
              "- A turn at 16 concurrent waits for the two cores: latency there is throughput (turns/s above).",
              "- Stage by stage, CPU per turn, ours against the bare bot: [profile.md](profile.md) (`make profile`, "
              "py-spy). It found the largest cost: Rasa re-checking the action-answer schema itself on every custom "
              "action call, now checked once (`bot/action_calls.py`).",
              "- Training: what the DIET settings cost and give, `tests/nlu/compare_pipelines.py` (README, NLU "
              "pipeline choice)."]
    lines += ["", "## Long-tail search vs KB size", "", "| KB | facts | mean (ms) | p50 (ms) | p99 (ms) |",
              "|---|---|---|---|---|"]
    lines += [f"| {k} | {v['documents']} | {v['mean_ms']} | {v['p50_ms']} | {v['p99_ms']} |"
              for k, v in report["kb_query"].items()]
    lines += ["", "![KB query time](kb_query.png)", ""]
    return "\n".join(lines)


def main() -> int:
    REPORTS.mkdir(exist_ok=True)
    print("Bare bot (rasa init, our pipeline): training or reusing…")
    bare_training = train_bare()
    # `make train` records its seconds and whether Rasa's cache was empty (a full training) or reused.
    ours_training_file = MODEL.with_suffix("").with_suffix(".train-seconds")
    recorded = ours_training_file.read_text().split() if ours_training_file.exists() else []
    ours_training = float(recorded[0]) if recorded else None
    full_training = len(recorded) > 1 and recorded[1] == "from-scratch"
    report: Dict = {"date": time.strftime("%Y-%m-%d"), "machine": f"{os.cpu_count()} cores",
                    "latency": {}, "rss_mb": {}}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp, Servers(Path(tmp), now=load.NOW) as servers:
        actions, rasa, url = servers.assistant()
        print(f"Ours on {url}:")
        report["latency"]["ours"] = latency_levels(url, load.TURNS)
        report["nlu_parse"] = {"ours": parse_times(url, load.TURNS)}
        print("Actions' own time…")
        report["actions"] = action_times(url)
        report["rss_mb"]["ours_rasa"] = load.peak_rss_mb(rasa.pid)
        report["rss_mb"]["actions"] = load.peak_rss_mb(actions.pid)
        servers.stop(rasa)
        bare, bare_url = servers.rasa(NO_ACTIONS, model=BARE_MODEL)
        print(f"Bare on {bare_url}:")
        report["latency"]["bare"] = latency_levels(bare_url, BARE_TURNS, require_text=False)
        report["nlu_parse"]["bare"] = parse_times(bare_url, BARE_TURNS)
        report["rss_mb"]["bare_rasa"] = load.peak_rss_mb(bare.pid)
    print("KB scaling…")
    report["kb_query"] = kb_scaling()
    report["p95_ratio"] = {c: round(report["latency"]["ours"][c]["latency_ms"]["p95"]
                                    / max(report["latency"]["bare"][c]["latency_ms"]["p95"], 0.001), 2)
                           for c in report["latency"]["ours"]}
    report["training_seconds"] = {"ours": ours_training, "bare": bare_training}
    report["model_mb"] = {"ours": round(MODEL.stat().st_size / 2 ** 20, 1),
                          "bare": round(BARE_MODEL.stat().st_size / 2 ** 20, 1)}
    report["targets"] = [
        {"figure": "REST p95 at 16 concurrent, ours / bare", "ours": report["p95_ratio"]["16"],
         "target": f"≤ {TARGETS['p95_ratio_at_16']}", "met": report["p95_ratio"]["16"] <= TARGETS["p95_ratio_at_16"]},
        {"figure": "training (s), ours: the last `make train`" + ("" if full_training else
                                                                   ", Rasa's cache reused: not a full training"),
         "ours": ours_training, "bare": bare_training, "target": f"< {TARGETS['training_seconds']}",
         "met": (ours_training < TARGETS["training_seconds"]) if full_training and ours_training else None},
        {"figure": "model size (MB)", "ours": report["model_mb"]["ours"], "bare": report["model_mb"]["bare"],
         "target": "", "met": True},
        {"figure": "Rasa server peak RSS (MB)", "ours": report["rss_mb"]["ours_rasa"],
         "bare": report["rss_mb"]["bare_rasa"], "target": f"< {TARGETS['rasa_rss_mb']}",
         "met": report["rss_mb"]["ours_rasa"] < TARGETS["rasa_rss_mb"]},
        {"figure": "action server peak RSS (MB)", "ours": report["rss_mb"]["actions"], "target": "", "met": True},
        {"figure": "KB query at ×100, mean (ms)", "ours": report["kb_query"]["x100"]["mean_ms"],
         "target": f"< {TARGETS['kb_query_ms_at_x100']}",
         "met": report["kb_query"]["x100"]["mean_ms"] < TARGETS["kb_query_ms_at_x100"]},
    ]
    report["plots"] = plots(report)
    (REPORTS / "bench.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    (REPORTS / "bench.md").write_text(markdown(report))
    for row in report["targets"]:
        print(f"{row['figure']:>42}: ours {row['ours']}  bare {row.get('bare', '-')}  target {row['target']}  "
              f"{MET[row['met']].strip('*')}")
    print(f"Written: {REPORTS / 'bench.json'}, {REPORTS / 'bench.md'}, plots {', '.join(report['plots'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
