"""`make profile`: where a turn's time goes, ours against the bare `rasa init` bot of `make bench`.

Each bot is started on loopback and sent the same bounded load as `make bench` at 16 concurrent conversations while
py-spy samples its Rasa server (and our action server) without stopping them. The samples are sorted into the stages of
a turn (understanding, policies, custom actions over HTTP, tracker store, lock, the HTTP layer…) and given as CPU
milliseconds per turn, so the two bots compare whatever their throughput. Writes reports/profile.md and
reports/profile.json; the collapsed stacks (for a flame graph) stay in results/profile/. Prints figures; asserts
nothing.
"""
from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.servers import Servers  # noqa: E402
from tests.bench import bench, load  # noqa: E402

OUT = ROOT / "results" / "profile"
RATE = 200  # samples per second and thread
CONVERSATIONS, TURNS, CONCURRENCY = 32, 12, 16
# The stages of a turn, each recognised by a frame of its stack ("function (path"); the first that matches wins,
# so a stage nested in another (the tracker store read inside the policies' prediction) counts where it is named.
STAGES: Tuple[Tuple[str, Tuple[str, ...]], ...] = (
    ("tracker store (read, write)", ("rasa/core/tracker_store.py",)),
    ("lock store", ("rasa/core/lock_store.py",)),
    ("actions run (custom ones over HTTP)", ("run (rasa/core/actions/action.py", "post (rasa/utils/endpoints.py")),
    ("understanding (NLU pipeline)", ("parse_message (rasa/core/processor.py",)),
    ("policies (next action)", ("predict_next_with_tracker_if_should (rasa/core/processor.py",
                                "_predict_next_with_tracker (rasa/core/processor.py",
                                "predict_next_for_sender_id (rasa/core/processor.py")),
    ("events applied to the tracker", ("rasa/shared/core/trackers.py", "rasa/shared/core/events.py")),
    ("channel and HTTP layer", ("sanic/", "rasa/core/channels/", "bot/rest.py", "bot/inbound.py")),
)
# A sample whose innermost Python frame is Sanic's serve is the event loop inside uvloop's C code: waiting for the
# network, mostly. Counted apart (WAITING), not as work of the turn.
WAITING = "event loop waiting (uvloop)"
IDLE_LEAVES = ("serve (sanic/server/runners.py",)
ACTION_STAGES: Tuple[Tuple[str, Tuple[str, ...]], ...] = (
    ("our actions' code", ("actions/", "knowledge/", "bot/")),
    ("Rasa SDK (tracker and domain from JSON)", ("rasa_sdk/",)),
    ("HTTP layer", ("sanic/", "json")),
)


def record(pid: int, path: Path) -> subprocess.Popen:
    """py-spy sampling `pid` until stopped (SIGINT), its collapsed stacks written to `path`."""
    py_spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if not py_spy:
        raise SystemExit("py-spy is missing: `make venv` installs it (requirements/dev.txt)")
    return subprocess.Popen([py_spy, "record", "--pid", str(pid), "--rate", str(RATE), "--format", "raw",
                             "--nonblocking", "--output", str(path)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def stop(recorder: subprocess.Popen) -> None:
    recorder.send_signal(signal.SIGINT)
    recorder.wait(timeout=60)


def stacks(path: Path) -> Counter:
    """Collapsed stacks: `frame;frame;… count` per line → {stack: samples}."""
    out: Counter = Counter()
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if count.isdigit():
            out[stack] += int(count)
    return out


def waiting(stack: str) -> bool:
    return stack.rpartition(";")[2].startswith(IDLE_LEAVES)


def stage_of(stack: str, stages) -> str:
    if waiting(stack):
        return WAITING
    frames = stack.split(";")
    for name, marks in stages:
        if any(mark in frame for frame in frames for mark in marks):
            return name
    return "other (event loop, logging, garbage collection…)"


def by_stage(samples: Counter, stages, turns: int) -> Dict[str, float]:
    """CPU milliseconds per turn in each stage (and the event loop's waiting, apart)."""
    totals: Counter = Counter()
    for stack, count in samples.items():
        totals[stage_of(stack, stages)] += count
    return {name: round(count * 1000 / RATE / turns, 2) for name, count in totals.most_common()}


def busiest(samples: Counter, turns: int, limit: int = 12) -> List[Tuple[str, float]]:
    """The functions of the project or of Rasa that are on the stack most often (inclusive), ms per turn; the
    event loop's waiting left out."""
    inclusive: Counter = Counter()
    for stack, count in samples.items():
        if waiting(stack):
            continue
        for frame in set(stack.split(";")):
            if any(part in frame for part in ("rasa/", "actions/", "knowledge/", "bot/")) \
                    and "__main__" not in frame and "<module>" not in frame:
                inclusive[frame] += count
    return [(frame, round(count * 1000 / RATE / turns, 2)) for frame, count in inclusive.most_common(limit)]


def profiled_load(bot: str, url: str, pids: Dict[str, int], texts, require_text: bool) -> Dict:
    """The load under py-spy; for each process of `bot`: its stages and busiest functions per turn."""
    load.warm_up(url, texts, require_text)
    recorders = {name: record(pid, OUT / f"{bot}-{name}.raw") for name, pid in pids.items()}
    time.sleep(1)  # py-spy attached
    result = load.run_load([url], CONVERSATIONS, TURNS, CONCURRENCY, prefix=f"prof-{uuid.uuid4().hex[:6]}",
                           texts=texts, require_text=require_text)
    for recorder in recorders.values():
        stop(recorder)
    turns = result["answered"] or 1
    out = {"load": {k: result[k] for k in ("turns", "answered", "seconds", "throughput_turns_per_s", "latency_ms",
                                           "errors")}}
    for name in pids:
        samples = stacks(OUT / f"{bot}-{name}.raw")
        stages = by_stage(samples, ACTION_STAGES if name == "actions" else STAGES, turns)
        out[name] = {"cpu_ms_per_turn": round(sum(ms for stage, ms in stages.items() if stage != WAITING), 2),
                     "stages_ms_per_turn": stages,
                     "busiest_ms_per_turn": busiest(samples, turns)}
    return out


def markdown(report: Dict) -> str:
    ours, bare = report["ours"], report["bare"]
    lines = [f"# Where a turn's time goes — {report['date']}", "",
             f"`make profile`: {CONVERSATIONS} conversations × {TURNS} turns, {CONCURRENCY} at a time, on loopback, "
             f"sampled by py-spy at {RATE} Hz: time of the servers' threads per turn answered, in milliseconds; the event "
             "loop's waiting for the network (uvloop) is shown apart and not counted as the turn's work.", "",
             "| | ours | bare `rasa init` |", "|---|---|---|",
             f"| turns/s | {ours['load']['throughput_turns_per_s']} | {bare['load']['throughput_turns_per_s']} |",
             f"| p95 (ms) | {ours['load']['latency_ms']['p95']} | {bare['load']['latency_ms']['p95']} |",
             f"| Rasa server CPU per turn (ms) | {ours['rasa']['cpu_ms_per_turn']} | {bare['rasa']['cpu_ms_per_turn']} |",
             f"| action server CPU per turn (ms) | {ours['actions']['cpu_ms_per_turn']} | — |", "",
             "## Rasa server, by stage of the turn (CPU ms per turn)", "", "| stage | ours | bare |", "|---|---|---|"]
    names = list(ours["rasa"]["stages_ms_per_turn"]) + [n for n in bare["rasa"]["stages_ms_per_turn"]
                                                       if n not in ours["rasa"]["stages_ms_per_turn"]]
    lines += [f"| {n} | {ours['rasa']['stages_ms_per_turn'].get(n, 0)} | {bare['rasa']['stages_ms_per_turn'].get(n, 0)} |"
              for n in names]
    lines += ["", "## Action server, by stage (CPU ms per turn)", "", "| stage | ms |", "|---|---|"]
    lines += [f"| {n} | {ms} |" for n, ms in ours["actions"]["stages_ms_per_turn"].items()]
    for title, rows in (("Busiest functions, our Rasa server", ours["rasa"]["busiest_ms_per_turn"]),
                        ("Busiest functions, bare Rasa server", bare["rasa"]["busiest_ms_per_turn"]),
                        ("Busiest functions, our action server", ours["actions"]["busiest_ms_per_turn"])):
        lines += ["", f"## {title} (inclusive, ms per turn)", "", "| function | ms |", "|---|---|"]
        lines += [f"| `{frame}` | {ms} |" for frame, ms in rows]
    return "\n".join(lines) + "\n"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    bench.train_bare()
    report: Dict = {"date": time.strftime("%Y-%m-%d")}
    with tempfile.TemporaryDirectory(prefix="profile-") as tmp, Servers(Path(tmp), now=load.NOW) as servers:
        actions, rasa, url = servers.assistant()
        print(f"Ours on {url}…")
        report["ours"] = profiled_load("ours", url, {"rasa": rasa.pid, "actions": actions.pid}, load.TURNS, True)
        servers.stop(rasa)
        bare, bare_url = servers.rasa(bench.NO_ACTIONS, model=bench.BARE_MODEL)
        print(f"Bare on {bare_url}…")
        report["bare"] = profiled_load("bare", bare_url, {"rasa": bare.pid}, bench.BARE_TURNS, False)
    bench.REPORTS.mkdir(exist_ok=True)
    (bench.REPORTS / "profile.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    (bench.REPORTS / "profile.md").write_text(markdown(report))
    print(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
