"""One assistant for all HTTP tests: action server + Rasa server with the trained model on free loopback ports, the
clock fixed on a Monday morning (the platform open), and the secrets of amelipro messaging and of the voice
platform set."""
from __future__ import annotations

import pytest

from bot.servers import MODEL, ROOT, running_assistant

MESSAGING_SECRET = "test-secret-not-for-production"
IVR_SECRET = "test-ivr-token-not-for-production"


@pytest.fixture(scope="session")
def server_dir(tmp_path_factory):
    """Where the servers write their output (servers.log)."""
    return tmp_path_factory.mktemp("e2e")


@pytest.fixture(scope="session")
def server(server_dir):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL.relative_to(ROOT)}: run `make train` first")
    with running_assistant(server_dir, now="2026-11-23T10:12:00",
                           env={"AMELIPRO_MESSAGING_SECRET": MESSAGING_SECRET, "IVR_AUTH_TOKEN": IVR_SECRET}) as url:
        yield url
