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
from typing import Dict, Iterator, List, Optional, Tuple

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


class Servers:
    """Processes started for a test or a benchmark, stopped together; their output goes to one log file."""

    def __init__(self, log_dir: Path, env: Optional[Dict[str, str]] = None, now: Optional[str] = None):
        self.log_dir = log_dir
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false",
                    "TRACKER_STORE_URL": f"sqlite:///{log_dir / 'conversations.db'}", **(env or {})}
        if now:
            self.env["ASSISTANT_NOW"] = now
        self.procs: List[subprocess.Popen] = []
        self._log = open(log_dir / "servers.log", "a")

    def _start(self, args: List[str], env: Dict[str, str]) -> subprocess.Popen:
        proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        self.procs.append(proc)
        return proc

    def actions(self) -> Tuple[subprocess.Popen, str]:
        """An action server; returns it and its webhook URL."""
        port = free_port()
        proc = self._start([RASA, "run", "actions", "--port", str(port), "--actions", "actions"], self.env)
        _wait(f"http://127.0.0.1:{port}/health", proc)
        return proc, f"http://127.0.0.1:{port}/webhook"

    def rasa(self, actions_url: str, model: Path = MODEL) -> Tuple[subprocess.Popen, str]:
        """A Rasa server with the HTTP API and the channels of credentials.yml; returns it and its URL."""
        if not model.exists():
            raise FileNotFoundError(f"no trained model at {model}: run `make train` first")
        port = free_port()
        proc = self._start([RASA, "run", "--model", str(model), "--port", str(port), "-i", "127.0.0.1",
                            "--enable-api", "--endpoints", str(ROOT / "endpoints.yml"),
                            "--credentials", str(ROOT / "credentials.yml")],
                           {**self.env, "ACTION_SERVER_URL": actions_url})
        _wait(f"http://127.0.0.1:{port}/", proc)
        return proc, f"http://127.0.0.1:{port}"

    def assistant(self, model: Path = MODEL) -> Tuple[subprocess.Popen, subprocess.Popen, str]:
        """An action server and a Rasa server using it; returns both processes and the Rasa server's URL."""
        actions, actions_url = self.actions()
        rasa, url = self.rasa(actions_url, model)
        return actions, rasa, url

    def serve(self, role: str, port: Optional[int] = None) -> Tuple[subprocess.Popen, str]:
        """A server started the production way, by bot/serve.sh (`rasa` or `actions`), on loopback; returns it and
        its URL (the action server's webhook)."""
        port = port or free_port()
        proc = self._start([str(ROOT / "bot" / "serve.sh"), role],
                           {**self.env, "PORT": str(port), "INTERFACE": "127.0.0.1"})
        base = f"http://127.0.0.1:{port}"
        _wait(base + ("/health" if role == "actions" else "/"), proc)
        return proc, base + ("/webhook" if role == "actions" else "")

    def stop(self, proc: subprocess.Popen, kill: bool = False) -> None:
        if proc.poll() is None:
            proc.kill() if kill else proc.terminate()
        proc.wait(timeout=60)

    def close(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            proc.wait(timeout=60)
        self._log.close()

    def __enter__(self) -> "Servers":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@contextlib.contextmanager
def running_assistant(log_dir: Path, now: Optional[str] = None, model: Path = MODEL,
                      env: Optional[Dict[str, str]] = None) -> Iterator[str]:
    """Starts both servers (the clock fixed at `now` when given, `env` added to the environment, the conversations
    in `log_dir`), yields the Rasa server's URL, stops both."""
    with Servers(log_dir, env, now) as servers:
        yield servers.assistant(model)[2]


def say(server: str, text: str, sender: str, timeout: float = 30, token: Optional[str] = None) -> List[Dict]:
    """One turn over the REST channel: the bot's messages (a reply's `custom` marks come as a message of their own);
    `token`: the REST_API_TOKEN of a server in production mode."""
    body = json.dumps({"sender": sender, "message": text}).encode()
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    request = urllib.request.Request(f"{server}/webhooks/rest/webhook", data=body, headers=headers)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def texts(messages: List[Dict]) -> str:
    """The texts of a turn's messages, one per line (marks-only messages left out)."""
    return "\n".join(m["text"] for m in messages if m.get("text"))
