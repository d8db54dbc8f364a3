"""The phone channel's protocol without a server: the platform's signature, what a turn says to the bot, and the
TwiML sent back (listen again with the keys' payloads, transfer, hang up)."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.ivr import START, dial_number, heard, twilio_signature, twiml

CALLBACK = "https://ivr.example/webhooks/ivr/webhook"


def test_signature_matches_the_platforms_published_example():
    # The example of Twilio's documentation: the auth token 12345, this URL and these fields.
    params = {"CallSid": ["CA1234567890ABCDE"], "Caller": ["+14158675309"], "Digits": ["1234"],
              "From": ["+14158675309"], "To": ["+18005551212"]}
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    assert twilio_signature(b"12345", url, params) == "RSOYDt4T1cUTdK1PDd93/VVr8B8="
    assert twilio_signature(b"12345", url + "&baz=3", params) != "RSOYDt4T1cUTdK1PDd93/VVr8B8="


@pytest.mark.parametrize("written, dialled", [
    ("05 96 56 36 90", "+596596563690"), ("06 96 12 34 56", "+596696123456"), ("01 23 45 67 89", "+33123456789"),
    ("+596 596 56 36 90", "+596596563690"),
])
def test_numbers_are_dialled_in_international_form(written, dialled):
    assert dial_number(written) == dialled


KEYS = json.dumps(['/inform_profession{"menu_choice": "1"}', '/inform_profession{"menu_choice": "2"}'])


@pytest.mark.parametrize("form, query, said", [
    ({}, {}, START),  # the call starts
    ({"Digits": "2"}, {"keys": KEYS}, '/inform_profession{"menu_choice": "2"}'),
    ({"Digits": "7"}, {"keys": KEYS}, "7"),  # no such choice: the digits go as they are
    ({"Digits": "2#"}, {}, "2"),
    ({"SpeechResult": "je suis infirmière"}, {"keys": KEYS}, "je suis infirmière"),
    ({"SpeechResult": "Deux."}, {"keys": KEYS}, '/inform_profession{"menu_choice": "2"}'),  # a key said aloud
    ({"SpeechResult": "2"}, {"keys": KEYS}, '/inform_profession{"menu_choice": "2"}'),
    ({"SpeechResult": "trois"}, {}, "trois"),  # no menu: the words as they are
    ({}, {"silence": "1"}, ""),
    ({"Digits": "1"}, {"keys": "not json"}, "1"),
])
def test_what_a_turn_says_to_the_bot(form, query, said):
    assert heard(form, query) == said


def parse(document: str) -> ET.Element:
    root = ET.fromstring(document)
    assert root.tag == "Response"
    return root


def test_a_turn_says_the_answer_and_listens_for_speech_or_a_key_in_french():
    root = parse(twiml("Appelez le 05 96 56 36 90 <vite> & bien.", {}, CALLBACK,
                       ['/inform_profession{"menu_choice": "1"}']))
    gather = root.find("Gather")
    assert gather.get("input") == "dtmf speech" and gather.get("language") == "fr-FR"
    say = gather.find("Say")
    assert say.get("language") == "fr-FR"
    assert say.text == "Appelez le zéro cinq, quatre-vingt-seize, cinquante-six, trente-six, quatre-vingt-dix <vite> et bien."
    action = urlsplit(gather.get("action"))
    assert json.loads(parse_qs(action.query)["keys"][0]) == ['/inform_profession{"menu_choice": "1"}']
    assert parse_qs(urlsplit(root.find("Redirect").text).query) == {"silence": ["1"]}


def test_a_long_answer_is_cut_and_the_written_answer_offered():
    text = " ".join(f"Phrase numéro {i} qui a bien sept mots." for i in range(10))
    said = parse(twiml(text, {}, CALLBACK, [])).find("Gather/Say").text
    assert said.endswith("écrivez-nous par la messagerie amelipro, service Contacts.")
    assert "Phrase numéro 9" not in said


def test_transfer_and_hang_up():
    transfer = parse(twiml("Ne quittez pas.", {"transfer": "05 96 56 36 90"}, CALLBACK, []))
    assert transfer.find("Dial").text == "+596596563690" and transfer.find("Gather") is None
    hangup = parse(twiml("Au revoir.", {"hangup": True}, CALLBACK, []))
    assert hangup.find("Hangup") is not None and hangup.find("Say").text == "Au revoir."
