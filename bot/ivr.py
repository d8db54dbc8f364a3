"""The phone platform's voice server (05 96 56 36 90): a TwiML webhook (`credentials.yml`: bot.ivr.VoiceInput).

The voice platform (Twilio, or any IVR that speaks TwiML) POSTs a form for each turn of a call: `CallSid`, and the
caller's `SpeechResult` or `Digits`. Each request is checked with the platform's signature (`X-Twilio-Signature`:
base64 HMAC-SHA1 of the URL followed by the form's fields sorted by name, with the secret in the environment variable
named by `secret_env`, default IVR_AUTH_TOKEN); a request unsigned or badly signed gets 403 and never reaches the
bot; with no secret configured every request is refused. Set `public_url` when the server is behind a proxy: the
signature covers the URL the platform called.

The call is the conversation (CallSid); the caller's number is never read, stored or logged. A new call starts with
the bot's greeting, which on this channel asks the caller's profession as the platform's voice menu does; the keys
pressed choose among the bot's buttons, in order: their payloads travel in the URL the platform calls back (signed
with it), so that any replica can take the next turn. A silence comes back as an empty message (the bot counts it as
not understood). Replies are spoken by `bot/speech.py` (short, numbers in words); a reply the bot marks `transfer`
dials that number, one marked `hangup` says goodbye and hangs up. Protocol work only: wording and decisions stay in
the bot.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
from typing import Any, Awaitable, Callable, Dict, List, Mapping, Optional, Text
from urllib.parse import parse_qs, urlencode
from xml.sax.saxutils import escape, quoteattr

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.inbound import answered, clean
from bot.replies import gather
from bot.speech import MAX_WORDS, spoken

CHANNEL = "ivr"
SIGNATURE_HEADER = "X-Twilio-Signature"
LANGUAGE = "fr-FR"
START = "/greet"  # what a new call says to the bot: its greeting asks the profession on this channel
KEYS = "keys"  # query parameter: the payloads that keys 1, 2, 3… choose
SILENCE = "silence"  # query parameter of the callback when the caller said nothing
MAX_KEYS = 9
SPOKEN_DIGITS = {word: str(n) for n, word in enumerate(
    ("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"))}
SPOKEN_DIGITS.update({str(n): str(n) for n in range(10)})
GATHER_SECONDS = 6
FULL_ANSWER = "Pour la réponse complète, écrivez-nous par la messagerie amelipro, service Contacts."
# Overseas departments dial with their own country code: 0596 (fixed) and 0696/0697 (mobile) are Martinique's.
COUNTRY_CODES = {"0596": "+596", "0696": "+596", "0697": "+596"}


def twilio_signature(secret: bytes, url: Text, params: Mapping[Text, List[Text]]) -> Text:
    """The platform's signature of a request: the URL, then each field's name and values, fields sorted by name."""
    signed = url + "".join(name + value for name in sorted(params) for value in sorted(params[name]))
    return base64.b64encode(hmac.new(secret, signed.encode(), hashlib.sha1).digest()).decode()


def dial_number(phone: Text) -> Text:
    """A French number as written in the documents ("05 96 56 36 90") in the international form a platform dials."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+"):
        return "+" + digits
    return COUNTRY_CODES.get(digits[:4], "+33") + digits[1:]


def _say(text: Text) -> Text:
    return f"<Say language={quoteattr(LANGUAGE)}>{escape(text)}</Say>"


def twiml(text: Text, custom: Dict[Text, Any], callback: Text, payloads: List[Text]) -> Text:
    """The platform's instructions for one turn: say and listen again, or say and transfer, or say and hang up."""
    if custom.get("transfer"):
        said, _ = spoken(text)
        body = _say(said) + f"<Dial>{escape(dial_number(str(custom['transfer'])))}</Dial>"
    elif custom.get("hangup"):
        said, _ = spoken(text, max_words=2 * MAX_WORDS)  # the last words of the call: the hours to call back
        body = _say(said) + "<Hangup/>"
    else:
        said, cut = spoken(text)
        if cut:
            said = f"{said} {FULL_ANSWER}"
        keys = payloads[:MAX_KEYS]
        action = callback + ("?" + urlencode({KEYS: json.dumps(keys, ensure_ascii=False)}) if keys else "")
        silence = callback + "?" + urlencode({SILENCE: "1"})
        body = (f"<Gather input=\"dtmf speech\" language={quoteattr(LANGUAGE)} numDigits=\"1\" "
                f"timeout=\"{GATHER_SECONDS}\" speechTimeout=\"auto\" action={quoteattr(action)} method=\"POST\">"
                f"{_say(said)}</Gather><Redirect method=\"POST\">{escape(silence)}</Redirect>")
    return f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>{body}</Response>"


def heard(form: Mapping[Text, Text], query: Mapping[Text, Text]) -> Text:
    """What the caller's turn says to the bot: the payload of the key pressed (or of the digit said alone, as speech
    recognisers write "2" or "deux"), the words said, "" for a silence, or the start of the call."""
    try:
        keys = json.loads(query.get(KEYS) or "[]")
    except ValueError:
        keys = []
    speech = (form.get("SpeechResult") or "").strip()
    digits = (form.get("Digits") or "").strip("#* ") or SPOKEN_DIGITS.get(speech.lower().rstrip(".!"), "")
    if digits:
        return keys[int(digits) - 1] if digits.isdigit() and 1 <= int(digits) <= len(keys) else speech or digits
    if speech:
        return speech
    return "" if query.get(SILENCE) else START


class VoiceInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "VoiceInput":
        credentials = credentials or {}
        secret = os.environ.get(credentials.get("secret_env") or "IVR_AUTH_TOKEN", "")
        return cls(secret.encode() or None, credentials.get("public_url") or None)

    def __init__(self, secret: Optional[bytes], public_url: Optional[Text] = None) -> None:
        self.secret = secret
        self.public_url = public_url.rstrip("/") if public_url else None

    def _called_url(self, request: Request) -> Text:
        if not self.public_url:
            return request.url
        return self.public_url + (f"?{request.query_string}" if request.query_string else "")

    def signed(self, request: Request, url: Text, form: Mapping[Text, List[Text]]) -> bool:
        given = request.headers.get(SIGNATURE_HEADER)
        if not self.secret or not given:
            return False
        return hmac.compare_digest(twilio_signature(self.secret, url, form), given)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = answered(on_new_message)
        hook = Blueprint("ivr_voice", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            form = parse_qs((request.body or b"").decode("utf-8", "replace"), keep_blank_values=True)
            url = self._called_url(request)
            if not self.signed(request, url, form):
                return response.text("signature", status=403)
            call = (form.get("CallSid") or [""])[0]
            if not call:
                return response.text("CallSid expected", status=400)
            said = clean(heard({name: values[0] for name, values in form.items()},
                              {name: values[0] for name, values in request.args.items()}))
            collector = CollectingOutputChannel()
            await on_new_message(UserMessage(said, collector, call, input_channel=CHANNEL))
            texts, buttons, custom = gather(collector.messages)
            callback = url.split("?")[0]
            return response.text(twiml(" ".join(texts), custom, callback, [b["payload"] for b in buttons]),
                                 content_type="text/xml; charset=utf-8")

        return hook
