"""Every message gets a French reply, never an HTTP error or silence: the inputs a busy professional, a broken client
or a curious visitor may send, over the REST channel of the running assistant."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid

import pytest
import yaml

from bot.inbound import unavailable_text
from bot.language import FRENCH
from bot.servers import ROOT, say, texts

pytestmark = pytest.mark.e2e

RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]
FRENCH_ONLY = RESPONSES["part_french_only"][0]["text"]
UNAVAILABLE = unavailable_text(RESPONSES, "rest")

INPUTS = {
    "empty": "",
    "spaces and line breaks": "   \n\t  ",
    "10 000+ characters": "Bonjour, quels sont les horaires de la plateforme ? " * 200,
    "control characters and NUL": "\x00\x01\x02 horaires\x1b[31m de la plateforme \x7f",
    "half a surrogate pair": "horaires \ud83d de la plateforme",
    "emoji only": "👍🙏😀",
    "English": "Hello, how can I get my CPS card?",
    "Spanish": "Hola, ¿cómo puedo facturar una consulta?",
    "HTML and script": "<script>alert('x')</script><b>CAIM</b><img src=x onerror=alert(1)>",
    "SQL": "'; DROP TABLE events; -- SELECT * FROM contacts WHERE 1=1",
    "digits only": "0000000000000000000000000000000000",
    "one letter": "a",
}


def french(answer: str) -> bool:
    words = answer.lower().replace("’", "'").split()
    return sum(word.strip(".,:;!?«»()") in FRENCH for word in words) >= 2


@pytest.mark.parametrize("kind", list(INPUTS))
def test_every_kind_of_message_gets_a_french_reply(server, kind):
    answer = texts(say(server, INPUTS[kind], f"bad-{uuid.uuid4().hex[:8]}"))
    assert answer and french(answer), answer
    assert answer != UNAVAILABLE  # the service is up: a real reply, not the safety net's
    if kind in ("English", "Spanish"):
        assert FRENCH_ONLY in answer


def test_a_message_that_is_no_json_object_is_refused_cleanly(server):
    for body in (b"[1, 2]", b"not json", b'"text"'):
        request = urllib.request.Request(f"{server}/webhooks/rest/webhook", data=body,
                                         headers={"Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 400
        assert "error" in json.loads(refused.value.read())


def test_after_odd_messages_the_conversation_goes_on(server):
    asker = f"bad-{uuid.uuid4().hex[:8]}"
    for kind in ("control characters and NUL", "emoji only", "SQL"):
        say(server, INPUTS[kind], asker)
    assert "05 96 56 36 90" in texts(say(server, "quel est le numéro de la plateforme ?", asker))


def test_the_same_message_fifty_times_in_a_row(server):
    asker = f"bad-{uuid.uuid4().hex[:8]}"
    answers = [texts(say(server, "combien pour le CAIM ?", asker)) for _ in range(50)]
    assert all(answer and french(answer) and answer != UNAVAILABLE for answer in answers)
    with urllib.request.urlopen(f"{server}/conversations/{asker}/tracker", timeout=30) as response:
        events = json.loads(response.read())["events"]
    assert sum(1 for e in events if e.get("event") == "user") == 50
