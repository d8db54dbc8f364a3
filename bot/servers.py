"""Starting the assistant (action server + Rasa server) on free loopback ports, and talking to it over REST.

Used by the HTTP tests and by `make eval`; `bot/run.sh` is what a person starts.
"""
from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Dict, Iterator, List, Optional

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "assistant.tar.gz"
RASA = str(Path(sys.executable).with_name("rasa"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url: str, timeout: float = 2) -> bool:
    try:
        urllib.request.urlopen(url, timeout=timeout)
        return True
    except OSError:
        return False


def _wait(url: str, proc: subprocess.Popen, seconds: int = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited while starting: {url}")
        if answers(url):
            return
        time.sleep(1)
    raise RuntimeError(f"server did not answer: {url}")


@contextlib.contextmanager
def running_assistant(log_dir: Path, now: Optional[str] = None, model: Path = MODEL,
                      env: Optional[Dict[str, str]] = None) -> Iterator[str]:
    """Starts both servers (the clock fixed at `now` when given, `env` added to the environment), yields the Rasa
    server's URL, stops both."""
    if not model.exists():
        raise FileNotFoundError(f"no trained model at {model}: run `make train` first")
    actions_port, rasa_port = free_port(), free_port()
    endpoints = log_dir / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n')
    env = dict(os.environ, PYTHONPATH=str(ROOT), RASA_TELEMETRY_ENABLED="false", **(env or {}))
    if now:
        env["ASSISTANT_NOW"] = now
    procs: List[subprocess.Popen] = []
    with open(log_dir / "servers.log", "w") as logs:
        try:
            procs.append(subprocess.Popen(
                [RASA, "run", "actions", "--port", str(actions_port), "--actions", "actions"],
                cwd=ROOT, env=env, stdout=logs, stderr=subprocess.STDOUT))
            _wait(f"http://127.0.0.1:{actions_port}/health", procs[0])
            procs.append(subprocess.Popen(
                [RASA, "run", "--model", str(model), "--port", str(rasa_port), "-i", "127.0.0.1",
                 "--enable-api", "--endpoints", str(endpoints), "--credentials", str(ROOT / "credentials.yml")],
                cwd=ROOT, env=env, stdout=logs, stderr=subprocess.STDOUT))
            _wait(f"http://127.0.0.1:{rasa_port}/status", procs[1])
            yield f"http://127.0.0.1:{rasa_port}"
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                proc.wait(timeout=60)


def say(server: str, text: str, sender: str, timeout: float = 30) -> List[Dict]:
    """One turn over the REST channel: the bot's messages (a reply's `custom` marks come as a message of their own)."""
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(f"{server}/webhooks/rest/webhook", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())
