"""amelipro messaging over real HTTP: signed requests only, self-contained replies, numbered suggestions, hand-off."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid

import pytest

from bot.amelipro import SIGNATURE_HEADER, SUGGESTIONS_INTRO, TIMESTAMP_HEADER, signature
from bot.privacy import NIR_MARK
from tests.e2e.conftest import MESSAGING_SECRET

pytestmark = pytest.mark.e2e


def post(server, payload, secret=MESSAGING_SECRET, timestamp=None, body=None, headers=None):
    """(status, JSON) of one POST to the channel, signed with `secret` unless headers are given."""
    body = body if body is not None else json.dumps(payload).encode()
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    sent = headers if headers is not None else {TIMESTAMP_HEADER: stamp,
                                                 SIGNATURE_HEADER: signature(secret.encode(), stamp, body)}
    request = urllib.request.Request(f"{server}/webhooks/amelipro/webhook", data=body,
                                     headers={"Content-Type": "application/json", **sent})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def message(text, thread):
    return {"thread_id": thread, "text": text, "professional": {"rpps": "10001234567", "profession": "médecin"}}


def thread() -> str:
    return f"thread-{uuid.uuid4().hex[:8]}"


def test_a_signed_question_gets_a_complete_answer_without_buttons(server):
    status, reply = post(server, message("quel est le mail pour une demande de conventionnement ?", thread()))
    assert status == 200 and reply["handoff"] is False
    assert "@" in reply["text"] and "Source :" in reply["text"] and "buttons" not in reply


@pytest.mark.parametrize("how", ["unsigned", "wrong secret", "stale", "altered"])
def test_a_request_not_signed_as_agreed_is_refused(server, how):
    payload = message("la plateforme est-elle ouverte ?", thread())
    body = json.dumps(payload).encode()
    if how == "unsigned":
        status, _ = post(server, payload, headers={})
    elif how == "wrong secret":
        status, _ = post(server, payload, secret="guess")
    elif how == "stale":
        status, _ = post(server, payload, timestamp=int(time.time()) - 3600)
    else:
        stamp = str(int(time.time()))
        status, _ = post(server, payload, body=body + b" ", headers={
            TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: signature(MESSAGING_SECRET.encode(), stamp, body)})
    assert status == 401


def test_a_replayed_request_is_refused(server):
    body = json.dumps(message("la plateforme est-elle ouverte ?", thread())).encode()
    stamp = str(int(time.time()))
    headers = {TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: signature(MESSAGING_SECRET.encode(), stamp, body)}
    assert post(server, None, body=body, headers=headers)[0] == 200
    assert post(server, None, body=body, headers=headers)[0] == 401


def test_suggestions_are_numbered_and_a_number_answers_them(server):
    conversation = thread()
    _, first = post(server, message("zrtgh bnvc qsdf", conversation))
    assert SUGGESTIONS_INTRO in first["text"] and "\n3. " in first["text"]
    chosen = [line for line in first["text"].splitlines() if line.startswith("4. ")][0]
    assert chosen == "4. La plateforme est-elle ouverte ?"
    _, second = post(server, message("4", conversation))
    assert second["handoff"] is False and "Je n'ai pas bien compris" not in second["text"]
    assert "plateforme" in second["text"].lower() and "Source :" in second["text"]


def test_two_misunderstandings_hand_off_to_an_agent_with_a_masked_summary(server):
    conversation = thread()
    post(server, message("plmok 1 85 05 78 006 084 36 ijnuh", conversation))
    status, reply = post(server, message("zrtgh bnvc qsdf", conversation))
    assert status == 200 and reply["handoff"] is True
    assert "vous répondra dans cette conversation sous 48 heures" in reply["text"]
    assert "05 96 56 36 90" in reply["text"]
    assert NIR_MARK in reply["summary"] and "006 084" not in reply["summary"]


def test_asking_for_a_person_hands_off(server):
    _, reply = post(server, message("je veux parler à un conseiller", thread()))
    assert reply["handoff"] is True and "vous répondra dans cette conversation sous 48 heures" in reply["text"]


def test_the_profession_amelipro_gives_tailors_the_answers(server):
    asked = {"thread_id": thread(), "text": "quel choix au serveur vocal de la plateforme ?",
             "professional": {"am_number": "972123456", "profession": "infirmière"}}
    status, reply = post(server, asked)
    assert status == 200 and "« Infirmier » (2e choix)" in reply["text"]
