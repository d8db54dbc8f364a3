"""Bounded load on the REST webhook: a fixed count of conversations, each a fixed count of turns, a fixed number at a
time, on loopback only; it stops by itself and reports throughput, latency percentiles, errors and peak memory.

`make load` starts the assistant (action server + Rasa server) and sends 16 concurrent conversations × 50 turns;
the production stack test (tests/e2e/test_production.py) uses the same client against two replicas, one killed
under load. A client that loses a turn's answer (replica killed mid-turn) asks the tracker store whether the turn was
recorded before sending it again, as a professional would look before retyping: no turn lost, none doubled.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List, Optional, Sequence

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.servers import Servers, say  # noqa: E402

# The clock the benchmarks' servers see: a weekday morning, the platform open.
NOW = "2026-11-23T10:12:00"
# What a professional's conversation is made of: questions on several topics, follow-ups, small talk.
TURNS = (
    "bonjour", "la plateforme est ouverte ?", "quelle zone pour Ducos", "combien pour le CAIM",
    "cotation d'une consultation G + MU", "comment faire un arrêt de travail en ligne", "merci",
    "quel mail pour le conventionnement", "c'est quoi l'OPTAM", "et pour un ALD ?",
)


def turn_text(conversation: int, turn: int, texts: Sequence[str] = TURNS) -> str:
    return texts[(conversation + turn) % len(texts)]


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


class Client:
    """Sends turns over REST to a list of replicas, round robin per turn, like a load balancer without affinity."""

    def __init__(self, servers: Sequence[str], token: Optional[str] = None, api_token: Optional[str] = None,
                 timeout: float = 60, require_text: bool = True):
        self.servers = list(servers)
        self.require_text = require_text
        self.empty = 0
        self.token, self.api_token, self.timeout = token, api_token, timeout
        self.lock = threading.Lock()
        self.latencies: List[float] = []
        self.errors: List[str] = []
        self.resent = 0
        self.lost_answers = 0

    def recorded_turns(self, sender: str) -> Optional[int]:
        """How many of the conversation's messages the tracker store holds (None: no replica answers)."""
        for server in self.servers:
            url = f"{server}/conversations/{sender}/tracker" + (f"?token={self.api_token}" if self.api_token else "")
            try:
                with urllib.request.urlopen(url, timeout=self.timeout) as response:
                    events = json.loads(response.read()).get("events", [])
                return sum(1 for e in events if e.get("event") == "user")
            except OSError:
                continue
        return None

    def turn(self, sender: str, text: str, index: int, done: int) -> None:
        """One turn, `done` turns of the conversation recorded before it; tried on each replica in turn."""
        for attempt in range(2 * len(self.servers)):
            server = self.servers[(index + attempt) % len(self.servers)]
            started = time.perf_counter()
            try:
                reply = say(server, text, sender, timeout=self.timeout, token=self.token)
            except urllib.error.HTTPError as error:
                with self.lock:
                    self.errors.append(f"{sender} turn {done + 1}: HTTP {error.code}")
                return
            except OSError:
                # Refused (replica down) or cut mid-turn (replica killed): was the turn recorded before the cut?
                if self.recorded_turns(sender) == done + 1:
                    with self.lock:
                        self.lost_answers += 1
                    return
                with self.lock:
                    self.resent += 1
                time.sleep(0.2)
                continue
            elapsed = time.perf_counter() - started
            with self.lock:
                self.latencies.append(elapsed)
                if not any(m.get("text") for m in reply):
                    self.empty += 1
                    if self.require_text:
                        self.errors.append(f"{sender} turn {done + 1}: no text in {reply!r}")
            return
        with self.lock:
            self.errors.append(f"{sender} turn {done + 1}: no replica answered")

    def conversation(self, sender: str, number: int, turns: int, texts: Sequence[str] = TURNS) -> None:
        for turn in range(turns):
            self.turn(sender, turn_text(number, turn, texts), number + turn, turn)


def run_load(servers: Sequence[str], conversations: int, turns: int, concurrency: int, prefix: str = "load",
             token: Optional[str] = None, api_token: Optional[str] = None,
             during=None, texts: Sequence[str] = TURNS, require_text: bool = True) -> Dict:
    """Runs the load (`texts`: what the conversations say, in rotation); `during(client)` is called in a thread once
    the load started (e.g. to kill a replica); `require_text`: a reply without text counts as an error."""
    client = Client(servers, token, api_token, require_text=require_text)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency + 1) as pool:
        futures = [pool.submit(client.conversation, f"{prefix}-{n}", n, turns, texts) for n in range(conversations)]
        if during:
            pool.submit(during, client)
        for future in futures:
            future.result()
    elapsed = time.perf_counter() - started
    latencies = client.latencies
    return {
        "conversations": conversations, "turns_per_conversation": turns, "concurrency": concurrency,
        "turns": conversations * turns, "answered": len(latencies), "seconds": round(elapsed, 2),
        "throughput_turns_per_s": round(len(latencies) / elapsed, 2) if elapsed else 0.0,
        "latency_ms": {name: round(1000 * percentile(latencies, q), 1)
                       for name, q in (("p50", 50), ("p95", 95), ("p99", 99))},
        "latency_ms_mean": round(1000 * statistics.fmean(latencies), 1) if latencies else 0.0,
        "errors": len(client.errors), "error_samples": client.errors[:5], "empty_replies": client.empty,
        "resent_after_failure": client.resent, "answers_lost_turn_kept": client.lost_answers,
    }


def warm_up(url: str, texts: Sequence[str] = TURNS, require_text: bool = True) -> None:
    """A few turns before measuring: the first ones load what the servers load lazily."""
    run_load([url], 2, 3, 2, prefix=f"warm-{uuid.uuid4().hex[:6]}", texts=texts, require_text=require_text)


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=16)
    parser.add_argument("--turns", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--out", default=str(ROOT / "results" / "load.json"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="load-") as tmp, Servers(Path(tmp), now=NOW) as servers:
        actions, rasa, url = servers.assistant()
        print(f"{args.conversations} conversations × {args.turns} turns, {args.concurrency} at a time, on {url}")
        report = run_load([url], args.conversations, args.turns, args.concurrency)
        report["peak_rss_mb"] = {"rasa_server": peak_rss_mb(rasa.pid), "action_server": peak_rss_mb(actions.pid)}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"Answered {report['answered']}/{report['turns']} turns in {report['seconds']} s "
          f"({report['throughput_turns_per_s']} turns/s), p50 {report['latency_ms']['p50']} ms, "
          f"p95 {report['latency_ms']['p95']} ms, p99 {report['latency_ms']['p99']} ms, errors {report['errors']}, "
          f"peak RSS Rasa {report['peak_rss_mb']['rasa_server']} MB, actions {report['peak_rss_mb']['action_server']} MB")
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
