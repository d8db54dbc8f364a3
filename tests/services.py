"""PostgreSQL and Redis from Debian's packages, started on loopback for a test and removed after.

A test that needs one is skipped, with the reason, when the package is not installed; REQUIRE_SERVICES=1 (set by CI,
which installs them) turns that skip into a failure so the check cannot silently disappear.
"""
from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Iterator, List

import pytest

from bot.servers import free_port


def unavailable(reason: str) -> None:
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(reason + ", and REQUIRE_SERVICES=1")
    pytest.skip(reason)


def _as_server_user(cmd: List[str]) -> List[str]:
    """PostgreSQL refuses to run as root: use the postgres account then."""
    return ["runuser", "-u", "postgres", "--"] + cmd if os.geteuid() == 0 else cmd


class Postgres:
    """One PostgreSQL cluster in a temporary directory, on a free loopback port; stop() and start() again keep its
    data (a database going down and coming back)."""

    def __init__(self, bindir: str):
        self.bindir = bindir
        self.workdir = tempfile.mkdtemp(prefix="pg-")
        self.data = os.path.join(self.workdir, "data")
        if os.geteuid() == 0:
            shutil.chown(self.workdir, "postgres", "postgres")
        self.port = free_port()
        self.proc = None
        subprocess.run(_as_server_user([f"{bindir}/initdb", "-D", self.data, "-U", "postgres", "--auth=trust",
                                        "--encoding=UTF8", "--locale=C.UTF-8"]), check=True, capture_output=True)

    def start(self) -> None:
        self.proc = subprocess.Popen(_as_server_user([f"{self.bindir}/postgres", "-D", self.data, "-p",
                                                      str(self.port), "-h", "127.0.0.1", "-k", self.workdir]),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(150):
            if subprocess.run(_as_server_user([f"{self.bindir}/pg_isready", "-h", "127.0.0.1", "-p",
                                               str(self.port)]), capture_output=True).returncode == 0:
                return
            time.sleep(0.2)
        raise RuntimeError("PostgreSQL did not start")

    def stop(self) -> None:
        """Down at once: clients' connections cut ("fast" mode, not "smart", which waits for them)."""
        if self.proc and self.proc.poll() is None:
            subprocess.run(_as_server_user([f"{self.bindir}/pg_ctl", "stop", "-D", self.data, "-m", "fast", "-w"]),
                           capture_output=True)
            self.proc.wait(timeout=60)

    def create(self, database: str) -> str:
        """A new database; returns its SQLAlchemy URL."""
        subprocess.run(_as_server_user([f"{self.bindir}/createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U",
                                        "postgres", database]), check=True, capture_output=True)
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/{database}"


def _pg_bindir() -> str:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if candidates:
        return str(Path(candidates[-1]).parent)
    found = shutil.which("initdb")
    return str(Path(found).parent) if found else ""


@contextlib.contextmanager
def postgres() -> Iterator[Postgres]:
    bindir = _pg_bindir()
    if not bindir:
        unavailable("no PostgreSQL server binaries (apt-get install postgresql)")
    server = Postgres(bindir)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.workdir, ignore_errors=True)


@contextlib.contextmanager
def redis() -> Iterator[str]:
    """A Redis server without persistence; yields its URL (database 1, Rasa's lock store's default)."""
    binary = shutil.which("redis-server")
    if not binary:
        unavailable("no Redis server (apt-get install redis-server)")
    port = free_port()
    proc = subprocess.Popen([binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import redis as client

        for _ in range(100):
            try:
                client.Redis(port=port).ping()
                break
            except client.ConnectionError:
                time.sleep(0.1)
        else:
            raise RuntimeError("Redis did not start")
        yield f"redis://127.0.0.1:{port}/1"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
