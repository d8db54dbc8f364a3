"""The phone platform's voice server over real HTTP: signed TwiML turns, the voice menu by key or by voice, a
question answered in speech, the transfer to an agent, silences, and the caller's number kept nowhere."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest

from bot.call import PhoneCall
from bot.ivr import SIGNATURE_HEADER, twilio_signature
from tests.e2e.conftest import IVR_SECRET

pytestmark = pytest.mark.e2e
CALLER = "+596696123456"


def phone(server: str) -> PhoneCall:
    return PhoneCall(server, IVR_SECRET, caller=CALLER)


def test_unsigned_or_badly_signed_requests_are_refused(server):
    call = phone(server)
    assert call.post(call.url, {}, secret=None) == 403
    assert call.post(call.url, {}, secret="guess") == 403
    assert call.post(call.url + "?keys=%5B%5D", {}) == 200  # the query is part of what is signed
    signed_for_other_url = twilio_signature(IVR_SECRET.encode(), call.url + "?silence=1", {"CallSid": [call.sid]})
    request = urllib.request.Request(call.url, data=urlencode({"CallSid": call.sid}).encode(),
                                     headers={SIGNATURE_HEADER: signed_for_other_url})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403


def test_a_call_picks_the_profession_by_key_then_gets_a_spoken_answer(server):
    call = phone(server)
    greeting = call.start()
    assert "Bonjour" in greeting and "tapez" in greeting and "2 pour Infirmier" in greeting
    assert call.reply.find("Gather").get("language") == "fr-FR"
    assert call.answer(Digits="2") == "Merci. Posez votre question."
    said = call.answer(SpeechResult="quel choix je fais au serveur vocal ?")
    assert "Infirmier" in said and "2e choix" in said  # the profession picked tailors the answer
    said = call.answer(SpeechResult="quel est le numéro de la plateforme des professionnels de santé ?")
    assert "zéro cinq, quatre-vingt-seize, cinquante-six, trente-six, quatre-vingt-dix" in said
    assert len(said.split()) <= 60 and "http" not in said and "Source" not in said


def test_the_profession_said_by_voice(server):
    call = phone(server)
    call.start()
    assert call.answer(SpeechResult="je suis kiné") == "Merci. Posez votre question."


def test_asking_for_an_adviser_while_the_platform_is_open_transfers_the_call(server):
    call = phone(server)
    call.start()
    call.answer(Digits="1")
    said = call.answer(SpeechResult="je voudrais parler à un conseiller")
    assert call.transferred_to == "+596596563690" and "Ne quittez pas" in said


def test_two_silences_lead_to_an_adviser(server):
    call = phone(server)
    call.start()
    call.answer(Digits="3")
    assert call.silence() == "Je ne vous ai pas entendu. Quelle est votre question ?"
    call.silence()
    assert call.transferred_to == "+596596563690"


def test_the_callers_number_is_kept_nowhere(server):
    call = phone(server)
    call.start()
    call.answer(Digits="2")
    with urllib.request.urlopen(f"{server}/conversations/{call.sid}/tracker", timeout=30) as response:
        tracker = json.loads(response.read())
    assert [e["event"] for e in tracker["events"]].count("user") == 2
    assert "696123456" not in json.dumps(tracker)
    assert tracker["slots"]["profession"] == "Infirmier"
