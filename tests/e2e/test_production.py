"""The production stack on this machine, without containers: PostgreSQL (conversations), a second PostgreSQL (the
knowledge base), Redis (locks), one action server and two Rasa server replicas, all started by bot/serve.sh on
loopback. Every entry point refuses unauthenticated requests; a conversation's turns alternate between replicas in
order; a restarted replica goes on with a conversation; a replica killed under load loses no turn; the action server
or the knowledge base going down gets the contacts, and the service resumes when it comes back."""
from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Dict, List, Optional

import pytest
import yaml
from sqlalchemy import create_engine, text

from bot.amelipro import SUGGESTIONS_INTRO
from bot.inbound import unavailable_text
from bot.servers import ROOT, Servers, free_port, say, texts
from knowledge.loader import build
from tests.bench.load import run_load, turn_text
from tests.e2e.conftest import IVR_SECRET, MESSAGING_SECRET
from tests.e2e.test_amelipro import message, post, thread
from tests.services import Postgres, postgres, redis

pytestmark = pytest.mark.e2e

API_TOKEN = "test-api-token-not-for-production"
REST_TOKEN = "test-rest-token-not-for-production"
SITE = "https://ps.cgss-martinique.fr"
AID_FORM = ("quelles aides pour moi si je m'installe ?", "au lorrain", "3 jours")


@dataclass
class Stack:
    servers: Servers
    replicas: List[str]
    procs: List[subprocess.Popen]
    actions_port: int
    tracker_url: str
    kb: Postgres

    def restart_replica(self, index: int, kill: bool = False) -> None:
        self.servers.stop(self.procs[index], kill=kill)
        self.start_replica(index)

    def start_replica(self, index: int) -> None:
        port = int(self.replicas[index].rsplit(":", 1)[1])
        self.procs[index] = self.servers.serve("rasa", port)[0]

    def user_texts(self, sender: str) -> List[str]:
        """The conversation's messages as the tracker store (PostgreSQL) holds them, in order."""
        engine = create_engine(self.tracker_url, future=True)
        try:
            with engine.connect() as connection:
                rows = connection.execute(text("SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' "
                                               "ORDER BY id"), {"s": sender}).scalars().all()
        finally:
            engine.dispose()
        return [json.loads(row)["text"] for row in rows]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    log_dir = tmp_path_factory.mktemp("production")
    with postgres() as conversations, postgres() as kb, redis() as lock_url:
        kb_url = kb.create("kb")
        build(create_engine(kb_url, future=True))
        tracker_url = conversations.create("conversations")
        actions_port = free_port()
        servers = Servers(log_dir, now="2026-11-23T10:12:00", env={
            "TRACKER_STORE_URL": tracker_url, "LOCK_STORE_URL": lock_url, "DATABASE_URL": kb_url,
            "ACTION_SERVER_URL": f"http://127.0.0.1:{actions_port}/webhook",
            "RASA_API_TOKEN": API_TOKEN, "REST_API_TOKEN": REST_TOKEN, "AMELIPRO_MESSAGING_SECRET": MESSAGING_SECRET,
            "IVR_AUTH_TOKEN": IVR_SECRET, "WEB_CHAT_ORIGINS": SITE,
            # A replica killed mid-turn leaves its ticket in Redis: the next turn waits for it to expire.
            "TICKET_LOCK_LIFETIME": "10"})
        try:
            servers.serve("actions", actions_port)
            ports = [free_port(), free_port()]
            stack = Stack(servers, [f"http://127.0.0.1:{p}" for p in ports], [None, None], actions_port,
                          tracker_url, kb)
            for index in range(2):
                stack.start_replica(index)
            yield stack
        finally:
            servers.close()


def call(method: str, url: str, body: Optional[bytes] = None, headers: Optional[Dict[str, str]] = None) -> int:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def sender() -> str:
    return f"prod-{uuid.uuid4().hex[:10]}"


def test_a_missing_secret_stops_the_production_start():
    env = {k: v for k, v in os.environ.items() if k not in ("REST_API_TOKEN", "RASA_API_TOKEN")}
    env.update(ACTION_SERVER_URL="http://127.0.0.1:9/webhook", TRACKER_STORE_URL="sqlite://", IVR_AUTH_TOKEN="x",
               AMELIPRO_MESSAGING_SECRET="x", LOCK_STORE_URL="redis://127.0.0.1:9/1", WEB_CHAT_ORIGINS=SITE)
    result = subprocess.run([str(ROOT / "bot" / "serve.sh"), "rasa"], env=env, capture_output=True, text=True,
                            timeout=30)
    assert result.returncode == 2
    assert "RASA_API_TOKEN REST_API_TOKEN" in result.stderr


def test_every_entry_point_refuses_an_unauthenticated_request(stack):
    server = stack.replicas[0]
    rest = f"{server}/webhooks/rest/webhook"
    body = json.dumps({"sender": sender(), "message": "la plateforme est ouverte ?"}).encode()
    json_type = {"Content-Type": "application/json"}
    assert call("POST", rest, body, json_type) == 401
    assert call("POST", rest, body, {**json_type, "Authorization": "Bearer guess"}) == 401
    assert "Source :" in texts(say(server, "la plateforme est ouverte ?", sender(), token=REST_TOKEN))
    # Rasa's HTTP API: the token of RASA_API_TOKEN.
    assert call("GET", f"{server}/conversations/x/tracker") == 401
    assert call("GET", f"{server}/conversations/x/tracker?token={API_TOKEN}") == 200
    assert call("POST", f"{server}/model/parse", b'{"text": "bonjour"}', json_type) == 401
    assert call("GET", f"{server}/status") == 401
    # The channels' own signatures.
    assert call("POST", f"{server}/webhooks/amelipro/webhook", b'{"thread_id": "t", "text": "x"}', json_type) == 401
    assert call("POST", f"{server}/webhooks/ivr/webhook", b"CallSid=CA1",
                {"Content-Type": "application/x-www-form-urlencoded"}) == 403
    # The web chat: only the professionals' site's pages may open it.
    handshake = f"{server}/socket.io/?EIO=4&transport=polling"
    assert call("GET", handshake, headers={"Origin": "https://elsewhere.example"}) == 400
    assert call("GET", handshake, headers={"Origin": SITE}) == 200


def test_amelipro_across_replicas_a_number_answers_and_a_replay_is_refused(stack):
    conversation = thread()
    status, first = post(stack.replicas[0], message("zrtgh bnvc qsdf", conversation))
    assert status == 200 and SUGGESTIONS_INTRO in first["text"]
    status, second = post(stack.replicas[1], message("4", conversation))  # the list is read from the tracker store
    assert status == 200 and "Source :" in second["text"] and "plateforme" in second["text"].lower()
    stamp = int(time.time())
    assert post(stack.replicas[0], message("merci", conversation), timestamp=stamp)[0] == 200
    assert post(stack.replicas[1], message("merci", conversation), timestamp=stamp)[0] == 401  # seen in Redis


def test_a_conversations_turns_alternate_between_replicas_in_order(stack):
    asker = sender()
    replies = [texts(say(stack.replicas[n % 2], said, asker, token=REST_TOKEN)) for n, said in enumerate(AID_FORM)]
    assert "Dans quelle commune" in replies[0]
    assert "installé au Lorrain" in replies[1] and "37 500 € pour 3 jours" in replies[1]  # computed, not asked
    assert "CAIM : 37 500 €" in replies[2] and "3 jours par semaine" in replies[2]
    assert stack.user_texts(asker) == list(AID_FORM)


def test_a_restarted_server_goes_on_with_the_conversation(stack):
    asker = sender()
    assert "Dans quelle commune" in texts(say(stack.replicas[0], AID_FORM[0], asker, token=REST_TOKEN))
    stack.restart_replica(0)
    assert "installé au Lorrain" in texts(say(stack.replicas[0], AID_FORM[1], asker, token=REST_TOKEN))
    assert stack.user_texts(asker) == list(AID_FORM[:2])


def test_a_replica_killed_under_load_loses_no_turn(stack):
    conversations, turns = 8, 12

    def kill_first_replica(client):
        # once a quarter of the turns are answered: the load is under way whatever the machine's speed
        deadline = time.monotonic() + 120
        while len(client.latencies) < conversations * turns // 4 and time.monotonic() < deadline:
            time.sleep(0.02)
        stack.servers.stop(stack.procs[0], kill=True)

    prefix = f"load-{uuid.uuid4().hex[:6]}"
    report = run_load(stack.replicas, conversations, turns, concurrency=8, prefix=prefix, token=REST_TOKEN,
                      api_token=API_TOKEN, during=kill_first_replica)
    print("\nLoad with a replica killed:", json.dumps(report, ensure_ascii=False))
    assert report["errors"] == 0, report["error_samples"]
    assert report["resent_after_failure"] > 0  # the kill did land in the middle of the load
    for n in range(conversations):
        assert stack.user_texts(f"{prefix}-{n}") == [turn_text(n, t) for t in range(turns)]
    stack.start_replica(0)


def test_the_action_server_down_then_back(stack):
    expected = unavailable_text(yaml.safe_load((ROOT / "domain.yml").read_text())["responses"], "rest")
    question = "quel mail pour le conventionnement ?"
    actions = next(p for p in stack.servers.procs if "actions" in p.args and p.poll() is None)
    stack.servers.stop(actions)
    try:
        assert texts(say(stack.replicas[1], question, sender(), token=REST_TOKEN)) == expected
    finally:
        stack.servers.serve("actions", stack.actions_port)
    assert "Source :" in texts(say(stack.replicas[1], question, sender(), token=REST_TOKEN))


def test_the_knowledge_base_down_then_back(stack):
    question = "quel mail pour le conventionnement ?"
    stack.kb.stop()
    try:
        down = texts(say(stack.replicas[1], question, sender(), token=REST_TOKEN))
    finally:
        stack.kb.start()
    assert "05 96 56 36 90" in down and "amelipro" in down
    assert "Source :" in texts(say(stack.replicas[1], question, sender(), token=REST_TOKEN))
