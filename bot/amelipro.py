"""The assistant inside amelipro messaging: a server-to-server channel (`credentials.yml`: bot.amelipro.AmeliproInput).

amelipro POSTs JSON `{"thread_id": …, "text": …, "professional": {"rpps" or "am_number": …, "profession": …}}`,
signed: header `X-Amelipro-Timestamp` (Unix seconds) and `X-Amelipro-Signature: sha256=<hex>`, the HMAC-SHA256 of
`<timestamp>.<body>` with the secret in the environment variable named by `secret_env` (default
AMELIPRO_MESSAGING_SECRET). A request unsigned, badly signed, older than `max_age_seconds` or already seen gets
401 and never reaches the bot; with no secret configured every request is refused.

Messaging is read later: the reply is one self-contained text (with its source); the bot's buttons become a
numbered list the professional may answer with the number. The thread is the conversation. A hand-off reply comes
back with `handoff: true` and the bot's redacted summary, for the agents' queue. Protocol work only: wording and
decisions stay in the bot.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import time
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.inbound import answered, clean
from bot.replies import gather
from bot.stores import shared_first_seen

CHANNEL = "amelipro"
TIMESTAMP_HEADER = "X-Amelipro-Timestamp"
SIGNATURE_HEADER = "X-Amelipro-Signature"
SUGGESTIONS_INTRO = "Vous pouvez répondre par un numéro :"


def signature(secret: bytes, timestamp: Text, body: bytes) -> Text:
    return "sha256=" + hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


class SignatureCheck:
    """Accepts a request once, when signed with the shared secret within `max_age` seconds of `clock()`.

    `first_seen(signature, until)` says whether a signature is new, remembering it until then: in this process by
    default, in Redis for every replica when LOCK_STORE_URL is set (bot/stores.py), so a replay sent to another
    replica is refused too."""

    def __init__(self, secret: Optional[bytes], max_age: float = 300, clock: Callable[[], float] = time.time,
                 first_seen: Optional[Callable[[Text, float], bool]] = None):
        self.secret, self.max_age, self.clock = secret, max_age, clock
        self.first_seen = first_seen or self._first_seen_here
        self._seen: Dict[Text, float] = {}  # signature → when it stops being acceptable anyway

    def _first_seen_here(self, signed: Text, until: float) -> bool:
        now = self.clock()
        self._seen = {s: t for s, t in self._seen.items() if t > now}
        if signed in self._seen:
            return False
        self._seen[signed] = until
        return True

    def accepts(self, timestamp: Optional[Text], signed: Optional[Text], body: bytes) -> bool:
        if not self.secret or not timestamp or not signed:
            return False
        try:
            sent = float(timestamp)
        except ValueError:
            return False
        if abs(self.clock() - sent) > self.max_age \
                or not hmac.compare_digest(signature(self.secret, timestamp, body), signed):
            return False
        return self.first_seen(signed, sent + self.max_age)  # False: a replay


def compose(messages: List[Dict[Text, Any]]) -> Tuple[Text, Dict[Text, Any]]:
    """The bot's messages of one turn as one text (its buttons as a numbered list), and the merged marks."""
    texts, buttons, custom = gather(messages)
    if buttons:
        texts.append("\n".join([SUGGESTIONS_INTRO] + [f"{i}. {b['title']}" for i, b in enumerate(buttons, 1)]))
    return "\n\n".join(texts), custom


def last_suggestions(events: List[Dict[Text, Any]]) -> List[Text]:
    """The payloads of the numbered list the bot's last turn ended with (its buttons, in order), read from the
    conversation's events: any replica answers a number the same way."""
    last_turn: List[Dict[Text, Any]] = []
    for event in events:
        if event.get("event") == "user":
            last_turn = []
        elif event.get("event") == "bot":
            last_turn.append(event)
    return [b["payload"] for e in last_turn for b in (e.get("data") or {}).get("buttons") or [] if b.get("payload")]


def chosen_number(text: Text) -> Optional[int]:
    """The number a message is made of ("2", " 3. ", "1)"), if that is all it is."""
    number = text.strip().rstrip(".)")
    return int(number) if number.isdigit() else None


def resolve(number: int, suggestions: List[Text]) -> Optional[Text]:
    """The payload a number picks in the last numbered list, if it is one of its numbers."""
    return suggestions[number - 1] if 1 <= number <= len(suggestions) else None


async def _understood(request: Request, thread: Text, text: Text) -> Text:
    """The message, or the suggestion its number picks (the conversation read from the tracker store)."""
    number = chosen_number(text)
    if number is None:
        return text
    tracker = await request.app.ctx.agent.tracker_store.retrieve(thread)
    picked = resolve(number, last_suggestions([e.as_dict() for e in tracker.events]) if tracker else [])
    return picked or text


class AmeliproInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "AmeliproInput":
        credentials = credentials or {}
        secret = os.environ.get(credentials.get("secret_env") or "AMELIPRO_MESSAGING_SECRET", "")
        return cls(SignatureCheck(secret.encode() or None, float(credentials.get("max_age_seconds") or 300),
                                  first_seen=shared_first_seen()))

    def __init__(self, check: SignatureCheck) -> None:
        self.check = check

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = answered(on_new_message)
        hook = Blueprint("amelipro_messaging", __name__)

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = request.body or b""
            if not self.check.accepts(request.headers.get(TIMESTAMP_HEADER), request.headers.get(SIGNATURE_HEADER),
                                      body):
                return response.json({"error": "signature"}, status=401)
            try:
                data = json.loads(body)
                thread, text = str(data["thread_id"]), str(data["text"])
            except (ValueError, KeyError, TypeError):
                return response.json({"error": "expected thread_id and text"}, status=400)
            professional = data.get("professional") if isinstance(data.get("professional"), dict) else {}
            collector = CollectingOutputChannel()
            await on_new_message(UserMessage(
                clean(await _understood(request, thread, text)), collector, thread, input_channel=CHANNEL,
                metadata={"profession": professional.get("profession")}))
            reply, custom = compose(collector.messages)
            out: Dict[Text, Any] = {"thread_id": thread, "text": reply, "handoff": bool(custom.get("handoff"))}
            if out["handoff"]:
                out["summary"] = custom.get("handoff_summary", "")
            return response.json(out)

        return hook
